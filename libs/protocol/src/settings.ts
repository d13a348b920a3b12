import { z } from 'zod';

/** One row of the `settings` admin resource; `value` is the effective value (the default until set). */
export const settingSchema = z.object({
  id: z.string(),
  key: z.string(),
  value: z.unknown(),
  default: z.unknown(),
  description: z.string(),
  /** Null while the default applies. */
  updatedAt: z.string().nullable(),
});
export type SettingRow = z.infer<typeof settingSchema>;

export const SETTINGS_SORTABLE = ['id', 'key', 'updatedAt'] as const;

/** `PUT /api/admin/settings/:key`; react-admin sends the whole row back, only `value` is read. */
export const updateSettingSchema = z.object({ value: z.unknown() });
export type UpdateSetting = z.infer<typeof updateSettingSchema>;

export const settingsFilterSchema = z.object({
  /** Substring of the key or the description, any case. */
  q: z.string().trim().max(200).optional(),
  /** react-admin's getMany sends `{id: [..]}`. */
  id: z.union([z.string(), z.array(z.string()).max(500)]).optional(),
});
export type SettingsFilter = z.infer<typeof settingsFilterSchema>;
