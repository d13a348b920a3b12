import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { DiagnosticsController } from './diagnostics.controller.js';
import { DiagnosticsService } from './diagnostics.service.js';
import { RefusalLog } from './refusal-log.js';

@Module({
  imports: [AuthModule, CertificatesModule],
  controllers: [DiagnosticsController],
  providers: [DiagnosticsService, RefusalLog],
})
export class DiagnosticsModule {}
