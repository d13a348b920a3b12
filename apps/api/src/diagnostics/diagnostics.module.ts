import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { SummariesModule } from '../summaries/summaries.module.js';
import { AiDiagnosticsService } from './ai-diagnostics.service.js';
import { DiagnosticsController } from './diagnostics.controller.js';
import { DiagnosticsService } from './diagnostics.service.js';
import { RefusalLog } from './refusal-log.js';

@Module({
  imports: [AuthModule, CertificatesModule, SummariesModule],
  controllers: [DiagnosticsController],
  providers: [DiagnosticsService, AiDiagnosticsService, RefusalLog],
})
export class DiagnosticsModule {}
