import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AtrioConfig } from './atrio-config.js';
import { SETTINGS, type SettingKey } from './config-settings.js';
import { StartupError } from './startup-error.js';

const DEFAULT_CONFIG_FILE = 'atrio.config.json';

/**
 * Reads settings from the environment and an optional JSON config file (ATRIO_CONFIG, or
 * ./atrio.config.json when present), validates each one and throws a StartupError naming the first bad one.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AtrioConfig {
  const { values: fileValues, path: configFile } = readConfigFile(env, cwd);
  const raw = {} as Record<SettingKey, unknown>;
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const setting = SETTINGS[key];
    const fromEnv = env[setting.env];
    const fromFile = fileValues[key];
    const chosen =
      fromEnv !== undefined ? fromEnv : fromFile !== undefined ? String(fromFile) : setting.fallback;
    const parsed = setting.schema.safeParse(chosen);
    if (!parsed.success) {
      const source = fromEnv !== undefined ? '' : fromFile !== undefined ? ` (in ${configFile})` : '';
      throw new StartupError(
        setting.env,
        `${JSON.stringify(chosen)}${source} ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
      );
    }
    raw[key] = parsed.data;
  }
  const config = raw as Omit<AtrioConfig, 'databaseKind' | 'configFile'>;
  return {
    ...config,
    dataDir: resolve(cwd, config.dataDir),
    certDir: resolve(cwd, config.certDir),
    databaseKind: config.databaseUrl === '' ? 'sqlite' : 'postgres',
    configFile,
  };
}

function readConfigFile(
  env: NodeJS.ProcessEnv,
  cwd: string,
): { values: Record<string, unknown>; path: string | null } {
  const explicit = env.ATRIO_CONFIG;
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  if (!explicit && !existsSync(path)) return { values: {}, path: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new StartupError('ATRIO_CONFIG', `cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    throw new StartupError('ATRIO_CONFIG', `${path} is not valid JSON`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new StartupError('ATRIO_CONFIG', `${path} must hold a JSON object of settings`);
  }
  const known = new Set(Object.keys(SETTINGS));
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new StartupError(
      'ATRIO_CONFIG',
      `${path} has unknown setting "${unknown[0]}" (known: ${[...known].join(', ')})`,
    );
  }
  return { values: values as Record<string, unknown>, path };
}
