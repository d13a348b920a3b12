import type { SettingField } from '@atrio/protocol';
import { ConsoleError } from '../dataProvider';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Where a field's value sits in the form: `value.<name>`, or `value` for a single-value setting. */
export const sourceOf = (field: SettingField) => (field.name ? `value.${field.name}` : 'value');

/** What the console can say itself, in the user's language, before asking the server. */
export function localProblem(field: SettingField, value: unknown, translate: Translate): string | null {
  if (value === null || value === undefined || value === '') {
    if (field.type === 'boolean') return null;
    if (field.nullable || !field.required) return null;
    return translate('atrio.settings.required');
  }
  if (field.type === 'integer' || field.type === 'number') {
    if (typeof value !== 'number' || Number.isNaN(value)) return translate('atrio.settings.not_number');
    if (field.type === 'integer' && !Number.isInteger(value)) return translate('atrio.settings.not_integer');
    if (field.min !== undefined && value < field.min)
      return translate('atrio.settings.too_small', { min: field.min });
    if (field.max !== undefined && value > field.max)
      return translate('atrio.settings.too_large', { max: field.max });
  }
  return null;
}

/** The helper line under a field: its range, what empty means, its default. */
export function hint(field: SettingField, defaultValue: unknown, translate: Translate): string {
  const parts: string[] = [];
  if (field.min !== undefined && field.max !== undefined)
    parts.push(translate('atrio.settings.between', { min: field.min, max: field.max }));
  else if (field.min !== undefined) parts.push(translate('atrio.settings.at_least', { min: field.min }));
  else if (field.max !== undefined) parts.push(translate('atrio.settings.at_most', { max: field.max }));
  if (field.nullable) parts.push(translate('atrio.settings.empty_is_none'));
  const fallback = field.name ? (defaultValue as Record<string, unknown> | null)?.[field.name] : defaultValue;
  if (fallback !== undefined)
    parts.push(
      `${translate('atrio.settings.default')}: ${fallback === null ? '—' : JSON.stringify(fallback)}`,
    );
  return parts.join(' · ');
}

/** Puts `message` at a dotted path of react-hook-form's nested errors object. */
export function setError(errors: Record<string, unknown>, path: string, message: string): void {
  const keys = path.split('.');
  let node = errors;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  node[last] = typeof node[last] === 'string' ? `${node[last] as string}; ${message}` : message;
}

/**
 * The server's own check of the value (`POST /api/admin/settings/:key/check`, nothing saved):
 * `path → reason` for each refused field; empty when the value passes.
 */
export async function serverProblems(
  check: (value: unknown) => Promise<unknown>,
  value: unknown,
): Promise<Record<string, string>> {
  try {
    await check(value);
    return {};
  } catch (error) {
    if (error instanceof ConsoleError && error.code === 'VALIDATION_FAILED') {
      const fields = error.cause.fields;
      return Object.keys(fields).length > 0 ? fields : { value: error.message };
    }
    throw error;
  }
}
