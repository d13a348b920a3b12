import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/harness.js';
import { loadConfig } from './load-config.js';
import { StartupError } from './startup-error.js';

const dirs: Array<{ remove: () => void }> = [];
function workDir(): string {
  const dir = tempDir('atrio-config-');
  dirs.push(dir);
  return dir.path;
}
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

function refusal(env: Record<string, string>, cwd = workDir()): StartupError {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('uses the contract defaults when nothing is set', () => {
    const cwd = workDir();
    const config = loadConfig({}, cwd);
    expect(config).toMatchObject({
      port: 8765,
      host: '0.0.0.0',
      dataDir: join(cwd, 'data'),
      certDir: join(cwd, 'certs'),
      databaseUrl: '',
      databaseKind: 'sqlite',
      redisUrl: '',
      adminPassword: '',
      ollamaHost: 'http://127.0.0.1:11434',
      configFile: null,
    });
  });

  it('reads atrio.config.json and lets the environment win over it', () => {
    const cwd = workDir();
    writeFileSync(join(cwd, 'atrio.config.json'), JSON.stringify({ port: 9000, host: '127.0.0.1' }));
    const config = loadConfig({ ATRIO_HOST: '::1' }, cwd);
    expect(config.port).toBe(9000);
    expect(config.host).toBe('::1');
    expect(config.configFile).toBe(join(cwd, 'atrio.config.json'));
  });

  it('switches to PostgreSQL when a postgres URL is given', () => {
    const config = loadConfig({ ATRIO_DATABASE_URL: 'postgres://atrio:pw@db:5432/atrio' }, workDir());
    expect(config.databaseKind).toBe('postgres');
  });

  it.each([
    [{ ATRIO_PORT: 'abc' }, 'ATRIO_PORT', 'whole number'],
    [{ ATRIO_PORT: '8765.5' }, 'ATRIO_PORT', 'whole number'],
    [{ ATRIO_PORT: '70000' }, 'ATRIO_PORT', 'between 1 and 65535'],
    [{ ATRIO_HOST: ' ' }, 'ATRIO_HOST', 'must not be empty'],
    [{ ATRIO_DATABASE_URL: 'mysql://db/atrio' }, 'ATRIO_DATABASE_URL', 'postgres://'],
    [{ ATRIO_REDIS_URL: 'localhost:6379' }, 'ATRIO_REDIS_URL', 'redis://'],
    [{ OLLAMA_HOST: 'ftp://x' }, 'OLLAMA_HOST', 'http://'],
    [{ ATRIO_LOG_LEVEL: 'loud' }, 'ATRIO_LOG_LEVEL', 'must be one of'],
  ])('refuses %o naming %s', (env, setting, hint) => {
    const error = refusal(env);
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(hint);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a config file that is not JSON, not an object, or has unknown keys', () => {
    const cwd = workDir();
    const file = join(cwd, 'custom.json');
    writeFileSync(file, '{ port: 1 ');
    expect(refusal({ ATRIO_CONFIG: file }, cwd).message).toContain('not valid JSON');
    writeFileSync(file, '[1]');
    expect(refusal({ ATRIO_CONFIG: file }, cwd).message).toContain('JSON object');
    writeFileSync(file, JSON.stringify({ prot: 8765 }));
    expect(refusal({ ATRIO_CONFIG: file }, cwd).message).toContain('unknown setting "prot"');
    expect(refusal({ ATRIO_CONFIG: join(cwd, 'missing.json') }, cwd).message).toContain('ENOENT');
  });

  it('names the config file when the bad value came from it', () => {
    const cwd = workDir();
    writeFileSync(join(cwd, 'atrio.config.json'), JSON.stringify({ port: 'eighty' }));
    const error = refusal({}, cwd);
    expect(error.setting).toBe('ATRIO_PORT');
    expect(error.message).toContain('atrio.config.json');
  });
});
