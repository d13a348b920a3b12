import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { healthRoutes, type Health } from '@atrio/protocol';
import { Public } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Route(healthRoutes.health)
  check(): Promise<Health> {
    return this.health.check();
  }
}
