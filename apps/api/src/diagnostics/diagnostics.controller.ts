import { Controller, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type AiDiagnostics,
  type AuthenticationDiagnostics,
  type ConnectionDiagnostics,
  diagnosticsRoutes,
} from '@atrio/protocol';
import type { Request } from 'express';
import { RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { AiDiagnosticsService } from './ai-diagnostics.service.js';
import { DiagnosticsService } from './diagnostics.service.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@RequirePermissions('monitoring.read')
@Controller()
export class DiagnosticsController {
  constructor(
    private readonly diagnostics: DiagnosticsService,
    private readonly aiDiagnostics: AiDiagnosticsService,
  ) {}

  @Route(diagnosticsRoutes.connection)
  connection(@Req() request: Request): ConnectionDiagnostics {
    return this.diagnostics.connection(request.get('host') ?? '', request.socket.localPort ?? 0);
  }

  @Route(diagnosticsRoutes.authentication)
  authentication(): Promise<AuthenticationDiagnostics> {
    return this.diagnostics.authentication();
  }

  @Route(diagnosticsRoutes.ai)
  ai(): Promise<AiDiagnostics> {
    return this.aiDiagnostics.ai();
  }
}
