import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  settingRoutes,
  SETTINGS_SORTABLE,
  type ListQuery,
  type SettingRow,
  type UpdateSetting,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { parseListQuery, setContentRange } from '../common/ra-list.js';
import { Route } from '../common/route.decorator.js';
import { SettingsService } from './settings.service.js';

@ApiTags('admin')
@RequirePermissions('settings.manage')
@Controller()
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Route(settingRoutes.list)
  async list(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SettingRow[]> {
    const list = parseListQuery(query, SETTINGS_SORTABLE, 'key');
    const { rows, total } = await this.settings.list(list);
    setContentRange(response, 'settings', list, rows.length, total);
    return rows;
  }

  @Route(settingRoutes.get)
  get(@Param('key') key: string): Promise<SettingRow> {
    return this.settings.describe(key);
  }

  @Route(settingRoutes.update)
  update(
    @Param('key') key: string,
    @Body() body: UpdateSetting,
    @CurrentActor() actor: Actor,
  ): Promise<SettingRow> {
    return this.settings.update(key, body.value, actor);
  }
}
