import { ENCRYPTION_KEY_STATUSES, type EncryptionKeyStatus } from '@atrio/protocol';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { StartupError } from '../config/startup-error.js';
import { KEY_ID_PATTERN } from './sealed-value.js';

export const KEY_RING_FILE = join('keys', 'keyring.json');
const KEY_BYTES = 32; // AES-256

export interface RingKey {
  id: string;
  createdAt: Date;
  status: EncryptionKeyStatus;
  retiredAt: Date | null;
  material: Buffer;
}

const fileSchema = z.object({
  version: z.literal(1),
  keys: z
    .array(
      z.object({
        id: z.string().regex(KEY_ID_PATTERN),
        createdAt: z.iso.datetime(),
        status: z.enum(ENCRYPTION_KEY_STATUSES),
        retiredAt: z.iso.datetime().nullable(),
        material: z.base64().refine((value) => Buffer.from(value, 'base64').length === KEY_BYTES),
      }),
    )
    .refine(
      (keys) => keys.filter((key) => key.status === 'active').length === 1,
      'exactly one key is active',
    ),
});

type Warn = (message: string) => void;

/**
 * The AES-256-GCM keys, in `<dataDir>/keys/keyring.json` (mode 0600 in a 0700 folder). It is not
 * in the database, so a stolen database or backup alone reveals nothing encrypted; the price is
 * that the administrator backs this file up separately.
 */
export class KeyRing {
  private constructor(
    readonly file: string,
    private keys: RingKey[],
    private mtimeMs: number,
  ) {}

  /** Reads the key ring, creating it with one active key on first start. */
  static open(dataDir: string, warn: Warn = () => undefined): KeyRing {
    const file = join(dataDir, KEY_RING_FILE);
    prepareKeysDir(dirname(file), warn);
    if (!existsSync(file)) {
      const ring = new KeyRing(file, [newKey(new Date())], 0);
      ring.save();
      return ring;
    }
    assertPrivate(file);
    return new KeyRing(file, readKeys(file), statSync(file).mtimeMs);
  }

  list(): readonly RingKey[] {
    return this.keys;
  }

  active(): RingKey {
    return this.keys.find((key) => key.status === 'active')!;
  }

  find(id: string): RingKey | undefined {
    return this.keys.find((key) => key.id === id);
  }

  /** A new active key; the previous one is retiring until no value uses it. Saved before returning. */
  rotate(now: Date): RingKey {
    const key = newKey(now);
    this.keys = [
      ...this.keys.map((k) => (k.status === 'active' ? { ...k, status: 'retiring' as const } : k)),
      key,
    ];
    this.save();
    return key;
  }

  /** Retired keys are kept: backups taken before the rotation still need them. */
  retire(ids: string[], now: Date): void {
    if (ids.length === 0) return;
    this.keys = this.keys.map((k) =>
      ids.includes(k.id) && k.status === 'retiring'
        ? { ...k, status: 'retired' as const, retiredAt: now }
        : k,
    );
    this.save();
  }

  /** Re-reads the file if another process (a second instance, the CLI) changed it; true if it did. */
  reloadIfChanged(): boolean {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.file).mtimeMs;
    } catch {
      return false;
    }
    if (mtimeMs === this.mtimeMs) return false;
    this.keys = readKeys(this.file);
    this.mtimeMs = mtimeMs;
    return true;
  }

  /** Written to a temporary file, flushed, then renamed: a crash never leaves half a key ring. */
  private save(): void {
    const text = JSON.stringify(
      {
        version: 1,
        keys: this.keys.map((key) => ({
          id: key.id,
          createdAt: key.createdAt.toISOString(),
          status: key.status,
          retiredAt: key.retiredAt?.toISOString() ?? null,
          material: key.material.toString('base64'),
        })),
      },
      null,
      2,
    );
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, `${text}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
    const dir = openSync(dirname(this.file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    this.mtimeMs = statSync(this.file).mtimeMs;
  }
}

function newKey(now: Date): RingKey {
  return {
    id: randomBytes(8).toString('hex'),
    createdAt: now,
    status: 'active',
    retiredAt: null,
    material: randomBytes(KEY_BYTES),
  };
}

/** The folder is ours: tightening it is harmless, so it is fixed with a warning rather than refused. */
function prepareKeysDir(dir: string, warn: Warn): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) {
      chmodSync(dir, 0o700);
      warn(`${dir} was open to other users; its permissions were set to 0700`);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StartupError('ATRIO_DATA_DIR', `cannot prepare the key ring folder ${dir} (${code})`);
  }
}

/**
 * Like ssh with a private key: a key ring other users could read may already be copied, so the
 * server refuses it rather than silently fixing it; the administrator decides (and maybe rotates).
 */
function assertPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new StartupError(
      'ATRIO_DATA_DIR',
      `the key ring ${file} can be read by other users (mode 0${mode.toString(8)}); ` +
        `run "chmod 600 ${file}", and rotate the keys if someone may have copied it`,
    );
  }
}

function readKeys(file: string): RingKey[] {
  let parsed;
  try {
    parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'it is not valid JSON' : String(error);
    throw new StartupError('ATRIO_DATA_DIR', `the key ring ${file} cannot be read: ${reason}`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(
      'ATRIO_DATA_DIR',
      `the key ring ${file} is damaged (${issue.path.join('.') || 'file'}: ${issue.message}); restore it from your key backup`,
    );
  }
  return parsed.data.keys.map((key) => ({
    id: key.id,
    createdAt: new Date(key.createdAt),
    status: key.status,
    retiredAt: key.retiredAt === null ? null : new Date(key.retiredAt),
    material: Buffer.from(key.material, 'base64'),
  }));
}
