import { z } from 'zod';

/**
 * One value of a setting as a form field, derived by the server from the setting's own schema:
 * `name` is the property (empty for a setting that is a single value). The server still checks
 * every value with the schema itself; this only lets the console draw the right input.
 */
export const settingFieldSchema = z.object({
  name: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'string']),
  /** Null is allowed (for example "keep forever"). */
  nullable: z.boolean(),
  required: z.boolean(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** The only value allowed (shown read-only). */
  constant: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type SettingField = z.infer<typeof settingFieldSchema>;

/** One row of the `settings` admin resource; `value` is the effective value (the default until set). */
export const settingSchema = z.object({
  id: z.string(),
  key: z.string(),
  value: z.unknown(),
  default: z.unknown(),
  description: z.string(),
  /** The value as form fields; null when it has a shape the console edits as JSON. */
  fields: z.array(settingFieldSchema).nullable(),
  /** Null while the default applies. */
  updatedAt: z.string().nullable(),
});
export type SettingRow = z.infer<typeof settingSchema>;

export const SETTINGS_SORTABLE = ['id', 'key', 'updatedAt'] as const;

/** `PUT /api/admin/settings/:key`; react-admin sends the whole row back, only `value` is read. */
export const updateSettingSchema = z.object({ value: z.unknown() });
export type UpdateSetting = z.infer<typeof updateSettingSchema>;

/** `POST /api/admin/settings/:key/check`: the value passes the setting's schema (nothing is saved). */
export const settingCheckSchema = z.object({ ok: z.literal(true) });
export type SettingCheck = z.infer<typeof settingCheckSchema>;

export const settingsFilterSchema = z.object({
  /** Substring of the key or the description, any case. */
  q: z.string().trim().max(200).optional(),
  /** react-admin's getMany sends `{id: [..]}`. */
  id: z.union([z.string(), z.array(z.string()).max(500)]).optional(),
});
export type SettingsFilter = z.infer<typeof settingsFilterSchema>;
