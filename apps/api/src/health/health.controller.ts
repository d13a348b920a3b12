import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Health } from '@atrio/protocol';
import { Public } from '../common/auth.decorators.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOkResponse({ description: '{"status":"ok", version, uptimeSeconds, database} once logins are served' })
  check(): Promise<Health> {
    return this.health.check();
  }
}
