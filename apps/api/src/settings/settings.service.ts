import { Injectable, Optional } from '@nestjs/common';
import { type SettingRow, type SettingsFilter, settingsFilterSchema } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { AppEvents } from '../common/app-events.js';
import type { ListRequest } from '../common/ra-list.js';
import { SettingRecord } from './setting.entity.js';
import { allSettings, findSetting, type SettingDefinition } from './setting-definition.js';
import { settingFields } from './setting-fields.js';

interface Stored {
  value: unknown;
  updatedAt: Date;
  /** The value checked against its schema, kept so hot paths (every chat message) don't re-validate. */
  checked?: { ok: boolean; data: unknown };
}

/**
 * Settings an administrator changes at run time. Reads come from memory: the table is loaded once
 * and every set() updates both, so a change applies to the next request without a restart.
 */
@Injectable()
export class SettingsService {
  private stored: Promise<Map<string, Stored>> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Optional() private readonly events?: AppEvents,
  ) {}

  /** The stored value when it still matches the schema, otherwise the default. */
  async get<T>(definition: SettingDefinition<T>): Promise<T> {
    const stored = (await this.load()).get(definition.key);
    if (stored === undefined) return definition.defaultValue;
    // A value written under an older schema falls back to the default rather than breaking the feature.
    if (!stored.checked) {
      const parsed = definition.schema.safeParse(stored.value);
      stored.checked = { ok: parsed.success, data: parsed.data };
    }
    return stored.checked.ok ? (stored.checked.data as T) : definition.defaultValue;
  }

  async set<T>(definition: SettingDefinition<T>, value: unknown, actor: Actor): Promise<T> {
    const parsed = checked(definition, value);
    const updatedAt = new Date();
    await this.dataSource
      .getRepository(SettingRecord)
      .save({ key: definition.key, value: JSON.stringify(parsed.data), updatedAt, updatedBy: actor.userId });
    (await this.load()).set(definition.key, { value: parsed.data, updatedAt });
    this.events?.emit('settings.changed', { key: definition.key });
    await this.audit.record({
      actor,
      action: 'settings.updated',
      target: `setting:${definition.key}`,
      outcome: 'success',
      details: { key: definition.key },
    });
    return parsed.data;
  }

  /** The `settings` admin resource: every declared setting, changed or not. */
  async list(list: ListRequest): Promise<{ rows: SettingRow[]; total: number }> {
    const filter = parseFilter(list.filter);
    const ids = filter.id === undefined ? undefined : new Set([filter.id].flat());
    const q = filter.q?.toLowerCase();
    const rows = (await Promise.all(allSettings().map((definition) => this.row(definition))))
      .filter((row) => ids === undefined || ids.has(row.key))
      .filter((row) => q === undefined || `${row.key} ${row.description}`.toLowerCase().includes(q));
    const field = list.sort.field === 'updatedAt' ? 'updatedAt' : 'key';
    const direction = list.sort.order === 'ASC' ? 1 : -1;
    rows.sort((a, b) => direction * (a[field] ?? '').localeCompare(b[field] ?? ''));
    return { rows: rows.slice(list.skip, list.skip + list.take), total: rows.length };
  }

  async describe(key: string): Promise<SettingRow> {
    return this.row(this.definition(key));
  }

  async update(key: string, value: unknown, actor: Actor): Promise<SettingRow> {
    const definition = this.definition(key);
    await this.set(definition, value, actor);
    return this.row(definition);
  }

  /** The console's check as the administrator types: the same schema and error as saving, nothing saved. */
  check(key: string, value: unknown): { ok: true } {
    checked(this.definition(key), value);
    return { ok: true };
  }

  private definition(key: string): SettingDefinition<unknown> {
    const definition = findSetting(key);
    if (!definition) throw new AppError('NOT_FOUND', `There is no setting named ${key}.`);
    return definition;
  }

  private async row(definition: SettingDefinition<unknown>): Promise<SettingRow> {
    const stored = (await this.load()).get(definition.key);
    return {
      id: definition.key,
      key: definition.key,
      value: await this.get(definition),
      default: definition.defaultValue,
      description: definition.description,
      fields: settingFields(definition.schema),
      updatedAt: stored?.updatedAt.toISOString() ?? null,
    };
  }

  private load(): Promise<Map<string, Stored>> {
    this.stored ??= this.dataSource
      .getRepository(SettingRecord)
      .find()
      .then(
        (records) =>
          new Map(records.map((r) => [r.key, { value: parseJson(r.value), updatedAt: r.updatedAt }])),
      )
      .catch((error: unknown) => {
        this.stored = undefined; // retry on the next call instead of caching the failure
        throw error;
      });
    return this.stored;
  }
}

/** The value parsed by the setting's schema, or VALIDATION_FAILED naming each refused field. */
function checked<T>(definition: SettingDefinition<T>, value: unknown): { data: T } {
  const parsed = definition.schema.safeParse(value);
  if (parsed.success) return parsed;
  throw new AppError('VALIDATION_FAILED', `The value of setting ${definition.key} is not valid.`, {
    fields: parsed.error.issues.map((issue) => ({
      path: ['value', ...issue.path].join('.'),
      message: issue.message,
    })),
  });
}

function parseFilter(filter: Record<string, unknown>): SettingsFilter {
  const parsed = settingsFilterSchema.safeParse(filter);
  if (parsed.success) return parsed.data;
  throw new AppError('VALIDATION_FAILED', 'The filter parameter is not valid.', {
    fields: parsed.error.issues.map((issue) => ({
      path: ['filter', ...issue.path].join('.'),
      message: issue.message,
    })),
  });
}

/** A row edited by hand into invalid JSON counts as unset instead of failing every read. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
