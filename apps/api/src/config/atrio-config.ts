export type DatabaseKind = 'sqlite' | 'postgres';

export interface AtrioConfig {
  port: number;
  host: string;
  dataDir: string;
  certDir: string;
  databaseUrl: string;
  databaseKind: DatabaseKind;
  redisUrl: string;
  adminPassword: string;
  ollamaHost: string;
  aiModel: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Where the config file was read from, if any (shown in the banner). */
  configFile: string | null;
}

/** Injection token for the validated configuration. */
export const ATRIO_CONFIG = Symbol('ATRIO_CONFIG');
