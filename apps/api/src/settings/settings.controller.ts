import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  consoleResources,
  type SettingCheck,
  settingRoutes,
  type SettingRow,
  type UpdateSetting,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import { Route } from '../common/route.decorator.js';
import { SettingsService } from './settings.service.js';

@ApiTags('admin')
@RequirePermissions('settings.manage')
@Controller()
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @RaList(consoleResources.settings)
  list(@ListParams() list: ListRequest): Promise<Page<SettingRow>> {
    return this.settings.list(list);
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

  @Route(settingRoutes.check)
  check(@Param('key') key: string, @Body() body: UpdateSetting): SettingCheck {
    return this.settings.check(key, body.value);
  }
}
