import { Controller, Delete, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type BackupManifest,
  type BackupRestoreRequest,
  backupRestoreRequestSchema,
  type BackupRestoreResult,
  type BackupVerifyResult,
  type ListQuery,
  listQuerySchema,
} from '@atrio/protocol';
import type { Response } from 'express';
import { createReadStream } from 'node:fs';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { BackupService } from './backup.service.js';

@ApiTags('backups')
@ApiBearerAuth()
@RequirePermissions('backups.manage')
@Controller('admin/backups')
export class BackupController {
  constructor(private readonly backups: BackupService) {}

  @Get()
  @ApiOkResponse({ description: 'Backup manifests; Content-Range: backups first-last/total' })
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BackupManifest[]> {
    const page = await this.backups.list(query);
    setContentRange(response, 'backups', page.request, page.items.length, page.total);
    return page.items;
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<BackupManifest> {
    return this.backups.get(id);
  }

  @Post()
  @ApiOkResponse({ description: '201 with the manifest of the new backup' })
  create(@CurrentActor() actor: Actor): Promise<BackupManifest> {
    return this.backups.create(actor, 'manual');
  }

  @Post(':id/verify')
  @HttpCode(200)
  verify(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BackupVerifyResult> {
    return this.backups.verify(actor, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiZodBody(backupRestoreRequestSchema)
  restore(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(backupRestoreRequestSchema) body: BackupRestoreRequest,
  ): Promise<BackupRestoreResult> {
    return this.backups.restore(actor, id, body.confirm);
  }

  @Get(':id/download')
  async download(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    const file = await this.backups.download(actor, id);
    return new StreamableFile(createReadStream(file.path), {
      type: file.type,
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.backups.remove(actor, id);
  }
}
