import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DatabaseCheckResult, DatabaseOptimizeResult } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { DatabaseMaintenanceService } from './database-maintenance.service.js';

@ApiTags('routines')
@ApiBearerAuth()
@RequirePermissions('routines.run')
@Controller('admin/database')
export class DatabaseController {
  constructor(private readonly database: DatabaseMaintenanceService) {}

  @Get('check')
  @ApiOkResponse({ description: 'Integrity and schema check; ok is false with the problems listed' })
  check(): Promise<DatabaseCheckResult> {
    return this.database.check();
  }

  @Post('optimize')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Statistics refreshed, VACUUM when worth it; sizes before and after' })
  optimize(@CurrentActor() actor: Actor): Promise<DatabaseOptimizeResult> {
    return this.database.optimize(actor);
  }
}
