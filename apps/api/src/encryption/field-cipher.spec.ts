import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/harness.js';
import { installKeyRing, open, seal, uninstallKeyRing, UnreadableValueError } from './field-cipher.js';
import { KeyRing } from './key-ring.js';
import { formatSealed, parseSealed } from './sealed-value.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function installedRing(): { ring: KeyRing; dataDir: string } {
  const dir = tempDir('atrio-keys-');
  const ring = KeyRing.open(dir.path);
  installKeyRing(ring);
  cleanups.push(() => uninstallKeyRing(ring), dir.remove);
  return { ring, dataDir: dir.path };
}

const reasonOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableValueError);
    expect((error as UnreadableValueError).code).toBe('DECRYPTION_FAILED');
    return (error as UnreadableValueError).reason;
  }
  throw new Error('expected the value to be refused');
};

describe('field cipher (AES-256-GCM)', () => {
  it('seals into the versioned format and opens back, with a fresh IV every time', () => {
    const { ring } = installedRing();
    const text = 'ana.garcía@example.org ✓';
    const sealed = seal(text, 'users.email');
    expect(sealed).toMatch(new RegExp(`^enc:v1:${ring.active().id}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('example');
    expect(seal(text, 'users.email')).not.toBe(sealed);
    expect(open(sealed, 'users.email')).toBe(text);
    expect(open(seal('', 'messages.body'), 'messages.body')).toBe('');
  });

  it('passes a legacy value in clear through unchanged', () => {
    installedRing();
    expect(open('plain@example.org', 'users.email')).toBe('plain@example.org');
  });

  it('refuses a value moved to another column (the column is authenticated data)', () => {
    installedRing();
    const secret = seal('JBSWY3DPEHPK3PXP', 'user_totp.secret');
    expect(reasonOf(() => open(secret, 'users.email'))).toMatch(/integrity check/);
  });

  it('refuses a tampered ciphertext, tag or key id', () => {
    const { ring } = installedRing();
    const parts = parseSealed(seal('top secret', 'users.email'));
    if (typeof parts === 'string') throw new Error(parts);
    const flipped = Buffer.from(parts.ciphertext);
    flipped[0]! ^= 1;
    expect(reasonOf(() => open(formatSealed({ ...parts, ciphertext: flipped }), 'users.email'))).toMatch(
      /integrity check/,
    );
    const badTag = Buffer.from(parts.tag);
    badTag[15]! ^= 0x80;
    expect(reasonOf(() => open(formatSealed({ ...parts, tag: badTag }), 'users.email'))).toMatch(/integrity/);
    const otherKey = ring.rotate(new Date());
    expect(reasonOf(() => open(formatSealed({ ...parts, keyId: otherKey.id }), 'users.email'))).toMatch(
      /integrity check/,
    );
    expect(reasonOf(() => open('enc:v1:0123456789abcdef:AAAA', 'users.email'))).toMatch(/truncated/);
    expect(reasonOf(() => open('enc:v1:nothex:AAAA', 'users.email'))).toMatch(/key id is malformed/);
    expect(reasonOf(() => open(`enc:v1:${ring.active().id}:***`, 'users.email'))).toMatch(/base64url/);
  });

  it('refuses a value under a key the ring does not have, naming the key', () => {
    installedRing();
    const other = tempDir('atrio-other-');
    cleanups.push(other.remove);
    const foreign = KeyRing.open(other.path).active();
    const sealed = formatSealed({
      keyId: foreign.id,
      iv: Buffer.alloc(12),
      tag: Buffer.alloc(16),
      ciphertext: Buffer.from('x'),
    });
    expect(reasonOf(() => open(sealed, 'users.email'))).toBe(
      `it was encrypted with key ${foreign.id}, which is not in the key ring`,
    );
  });

  it('keeps values under a retiring key readable, and picks up a key another process added', () => {
    const { ring, dataDir } = installedRing();
    const before = seal('old', 'users.email');
    // Another process (the CLI, a second instance) rotates the same file.
    const elsewhere = KeyRing.open(dataDir);
    const added = elsewhere.rotate(new Date(Date.now() + 5000));
    uninstallKeyRing(ring);
    installKeyRing(elsewhere);
    const after = seal('new', 'users.email');
    uninstallKeyRing(elsewhere);
    installKeyRing(ring);
    expect(after).toContain(added.id);
    expect(open(after, 'users.email')).toBe('new'); // unknown id: the file is read again
    expect(open(before, 'users.email')).toBe('old');
    expect(ring.find(added.id)?.status).toBe('active');
  });
});
