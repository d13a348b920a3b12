import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { databaseRoutes, type DatabaseCheckResult, type DatabaseOptimizeResult } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { DatabaseMaintenanceService } from './database-maintenance.service.js';

@ApiTags('routines')
@ApiBearerAuth()
@RequirePermissions('routines.run')
@Controller()
export class DatabaseController {
  constructor(private readonly database: DatabaseMaintenanceService) {}

  @Route(databaseRoutes.check)
  check(): Promise<DatabaseCheckResult> {
    return this.database.check();
  }

  @Route(databaseRoutes.optimize)
  optimize(@CurrentActor() actor: Actor): Promise<DatabaseOptimizeResult> {
    return this.database.optimize(actor);
  }
}
