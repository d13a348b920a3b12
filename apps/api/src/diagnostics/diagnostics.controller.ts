import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticationDiagnostics, ConnectionDiagnostics } from '@atrio/protocol';
import type { Request } from 'express';
import { RequirePermissions } from '../common/auth.decorators.js';
import { DiagnosticsService } from './diagnostics.service.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@RequirePermissions('monitoring.read')
@Controller('admin/diagnostics')
export class DiagnosticsController {
  constructor(private readonly diagnostics: DiagnosticsService) {}

  @Get('connection')
  @ApiOkResponse({
    description:
      'What the server listens on, its certificate against the name used, recent refusals, likely causes',
  })
  connection(@Req() request: Request): ConnectionDiagnostics {
    return this.diagnostics.connection(request.get('host') ?? '', request.socket.localPort ?? 0);
  }

  @Get('authentication')
  @ApiOkResponse({
    description: 'Failed sign-ins of the last 24 h by reason and address, locks, throttles, likely causes',
  })
  authentication(): Promise<AuthenticationDiagnostics> {
    return this.diagnostics.authentication();
  }
}
