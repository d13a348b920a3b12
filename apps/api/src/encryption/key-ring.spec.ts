import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../config/startup-error.js';
import { tempDir } from '../../test/harness.js';
import { KEY_RING_FILE, KeyRing } from './key-ring.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function dataDir(): string {
  const dir = tempDir('atrio-ring-');
  cleanups.push(dir.remove);
  return dir.path;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

function startupErrorOf(work: () => unknown): StartupError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected a StartupError');
}

describe('key ring file', () => {
  it('is created on first start with one active key, mode 0600 in a 0700 folder', () => {
    const dir = dataDir();
    const ring = KeyRing.open(dir);
    const file = join(dir, KEY_RING_FILE);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(join(dir, 'keys'))).toBe(0o700);
    expect(ring.list()).toHaveLength(1);
    expect(ring.active()).toMatchObject({ status: 'active', retiredAt: null });
    expect(ring.active().material).toHaveLength(32);
    expect(KeyRing.open(dir).active().material.equals(ring.active().material)).toBe(true);
  });

  it('refuses to start when other users can read it, naming the file and the fix', () => {
    const dir = dataDir();
    KeyRing.open(dir);
    const file = join(dir, KEY_RING_FILE);
    chmodSync(file, 0o644);
    const error = startupErrorOf(() => KeyRing.open(dir));
    expect(error.setting).toBe('ATRIO_DATA_DIR');
    expect(error.message).toContain(`the key ring ${file} can be read by other users (mode 0644)`);
    expect(error.message).toContain(`chmod 600 ${file}`);
    expect(modeOf(file)).toBe(0o644); // not silently "fixed"
  });

  it('tightens an open keys folder and says so', () => {
    const dir = dataDir();
    KeyRing.open(dir);
    chmodSync(join(dir, 'keys'), 0o755);
    const warnings: string[] = [];
    KeyRing.open(dir, (message) => warnings.push(message));
    expect(modeOf(join(dir, 'keys'))).toBe(0o700);
    expect(warnings).toEqual([
      `${join(dir, 'keys')} was open to other users; its permissions were set to 0700`,
    ]);
  });

  it('refuses a damaged file instead of replacing it', () => {
    const dir = dataDir();
    KeyRing.open(dir);
    const file = join(dir, KEY_RING_FILE);
    writeFileSync(file, '{"version":1,', { mode: 0o600 });
    expect(startupErrorOf(() => KeyRing.open(dir)).message).toContain('it is not valid JSON');
    writeFileSync(file, JSON.stringify({ version: 1, keys: [] }));
    expect(startupErrorOf(() => KeyRing.open(dir)).message).toMatch(
      /is damaged \(keys: exactly one key is active\)/,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"keys":[]}');
  });

  it('rotates and retires, and a reopened ring sees the same keys', () => {
    const dir = dataDir();
    const ring = KeyRing.open(dir);
    const first = ring.active();
    const second = ring.rotate(new Date('2026-11-29T10:00:00Z'));
    expect(ring.find(first.id)?.status).toBe('retiring');
    expect(ring.active().id).toBe(second.id);
    ring.retire([first.id], new Date('2026-11-29T11:00:00Z'));
    const reopened = KeyRing.open(dir);
    expect(reopened.list().map((k) => [k.id, k.status, k.retiredAt?.toISOString() ?? null])).toEqual([
      [first.id, 'retired', '2026-11-29T11:00:00.000Z'],
      [second.id, 'active', null],
    ]);
    expect(modeOf(join(dir, KEY_RING_FILE))).toBe(0o600);
  });
});
