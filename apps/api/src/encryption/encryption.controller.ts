import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EncryptionStatus } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { EncryptionService } from './encryption.service.js';

@ApiTags('encryption')
@ApiBearerAuth()
@RequirePermissions('settings.manage')
@Controller('admin/encryption')
export class EncryptionController {
  constructor(private readonly encryption: EncryptionService) {}

  @Get('status')
  status(): Promise<EncryptionStatus> {
    return this.encryption.status();
  }

  @Post('rotate')
  @HttpCode(202)
  @ApiOkResponse({
    description: '202: a new key is active; re-encryption runs in the background (see `pass`)',
  })
  rotate(@CurrentActor() actor: Actor): Promise<EncryptionStatus> {
    return this.encryption.startRotation(actor);
  }
}
