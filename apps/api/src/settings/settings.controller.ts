import { Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type ListQuery,
  listQuerySchema,
  type SettingRow,
  SETTINGS_SORTABLE,
  type UpdateSetting,
  updateSettingSchema,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { parseListQuery, setContentRange } from '../common/ra-list.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { SettingsService } from './settings.service.js';

@ApiTags('admin')
@Controller('admin/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @RequirePermissions('settings.manage')
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SettingRow[]> {
    const list = parseListQuery(query, SETTINGS_SORTABLE, 'key');
    const { rows, total } = await this.settings.list(list);
    setContentRange(response, 'settings', list, rows.length, total);
    return rows;
  }

  @Get(':key')
  @RequirePermissions('settings.manage')
  get(@Param('key') key: string): Promise<SettingRow> {
    return this.settings.describe(key);
  }

  @Put(':key')
  @RequirePermissions('settings.manage')
  @ApiZodBody(updateSettingSchema)
  update(
    @Param('key') key: string,
    @ValidBody(updateSettingSchema) body: UpdateSetting,
    @CurrentActor() actor: Actor,
  ): Promise<SettingRow> {
    return this.settings.update(key, body.value, actor);
  }
}
