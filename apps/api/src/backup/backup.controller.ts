import { Body, Controller, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  backupRoutes,
  type BackupManifest,
  type BackupRestoreRequest,
  type BackupRestoreResult,
  type BackupVerifyResult,
  consoleResources,
} from '@atrio/protocol';
import { createReadStream } from 'node:fs';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import { Route } from '../common/route.decorator.js';
import { BackupService } from './backup.service.js';

@ApiTags('backups')
@ApiBearerAuth()
@RequirePermissions('backups.manage')
@Controller()
export class BackupController {
  constructor(private readonly backups: BackupService) {}

  @RaList(consoleResources.backups)
  list(@ListParams() list: ListRequest): Promise<Page<BackupManifest>> {
    return this.backups.list(list);
  }

  @Route(backupRoutes.get)
  get(@Param('id') id: string): Promise<BackupManifest> {
    return this.backups.get(id);
  }

  @Route(backupRoutes.create)
  create(@CurrentActor() actor: Actor): Promise<BackupManifest> {
    return this.backups.create(actor, 'manual');
  }

  @Route(backupRoutes.verify)
  verify(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BackupVerifyResult> {
    return this.backups.verify(actor, id);
  }

  @Route(backupRoutes.restore)
  restore(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: BackupRestoreRequest,
  ): Promise<BackupRestoreResult> {
    return this.backups.restore(actor, id, body.confirm);
  }

  @Route(backupRoutes.download)
  async download(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    const file = await this.backups.download(actor, id);
    return new StreamableFile(createReadStream(file.path), {
      type: file.type,
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  @Route(backupRoutes.remove)
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.backups.remove(actor, id);
  }
}
