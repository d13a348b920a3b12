import type { z } from 'zod';

/** A run-time setting an administrator may change; declared by the feature that reads it. */
export interface SettingDefinition<T> {
  readonly key: string;
  readonly schema: z.ZodType<T>;
  readonly defaultValue: T;
  readonly description: string;
}

const registry = new Map<string, SettingDefinition<unknown>>();

/**
 * Declares a setting at module load, so every feature module imported by the app has registered
 * its settings before the first request lists them.
 */
export function defineSetting<T>(
  key: string,
  schema: z.ZodType<T>,
  defaultValue: NoInfer<T>,
  description: string,
): SettingDefinition<T> {
  if (!/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/.test(key) || key.length > 100) {
    throw new Error(`setting key "${key}" must be dotted camelCase words, at most 100 characters`);
  }
  if (registry.has(key)) throw new Error(`setting "${key}" is defined twice`);
  // A default the schema refuses would make get() and the console disagree; fail at start-up instead.
  const parsed = schema.safeParse(defaultValue);
  if (!parsed.success) throw new Error(`the default of setting "${key}" does not match its schema`);
  const definition: SettingDefinition<T> = { key, schema, defaultValue, description };
  registry.set(key, definition as SettingDefinition<unknown>);
  return definition;
}

export function findSetting(key: string): SettingDefinition<unknown> | undefined {
  return registry.get(key);
}

export function allSettings(): SettingDefinition<unknown>[] {
  return [...registry.values()];
}
