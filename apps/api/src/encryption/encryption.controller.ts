import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { encryptionRoutes, type EncryptionStatus } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { EncryptionService } from './encryption.service.js';

@ApiTags('encryption')
@ApiBearerAuth()
@RequirePermissions('settings.manage')
@Controller()
export class EncryptionController {
  constructor(private readonly encryption: EncryptionService) {}

  @Route(encryptionRoutes.status)
  status(): Promise<EncryptionStatus> {
    return this.encryption.status();
  }

  @Route(encryptionRoutes.rotate)
  rotate(@CurrentActor() actor: Actor): Promise<EncryptionStatus> {
    return this.encryption.startRotation(actor);
  }
}
