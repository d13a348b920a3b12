import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

const nonEmpty = (what: string) => z.string().trim().min(1, `must not be empty (${what})`);

function urlWithScheme(schemes: string[], example: string) {
  return z
    .string()
    .trim()
    .refine((value) => {
      if (value === '') return true;
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);
}

/**
 * One entry per setting: the environment variable, the config-file key, its default and its rule.
 * The environment wins over the file; the file wins over the default.
 */
export const SETTINGS = {
  port: {
    env: 'ATRIO_PORT',
    fallback: '8765',
    schema: z
      .string()
      .trim()
      .regex(/^\d+$/, 'must be a whole number between 1 and 65535 (0 picks a free port)')
      .transform(Number)
      .refine((n) => n >= 0 && n <= 65535, 'must be between 1 and 65535 (0 picks a free port)'),
  },
  host: { env: 'ATRIO_HOST', fallback: '0.0.0.0', schema: nonEmpty('an address to bind, e.g. 0.0.0.0') },
  dataDir: { env: 'ATRIO_DATA_DIR', fallback: './data', schema: nonEmpty('a directory') },
  certDir: { env: 'ATRIO_CERT_DIR', fallback: './certs', schema: nonEmpty('a directory') },
  databaseUrl: {
    env: 'ATRIO_DATABASE_URL',
    fallback: '',
    schema: urlWithScheme(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/atrio'),
  },
  redisUrl: {
    env: 'ATRIO_REDIS_URL',
    fallback: '',
    schema: urlWithScheme(['redis:', 'rediss:'], 'redis://host:6379'),
  },
  adminPassword: { env: 'ATRIO_ADMIN_PASSWORD', fallback: '', schema: z.string() },
  ollamaHost: {
    env: 'OLLAMA_HOST',
    fallback: 'http://127.0.0.1:11434',
    schema: urlWithScheme(['http:', 'https:'], 'http://127.0.0.1:11434').pipe(nonEmpty('a URL')),
  },
  aiModel: { env: 'ATRIO_AI_MODEL', fallback: 'llama3.2:1b', schema: nonEmpty('an Ollama model name') },
  logLevel: {
    env: 'ATRIO_LOG_LEVEL',
    fallback: 'info',
    schema: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
