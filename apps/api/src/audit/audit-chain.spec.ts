import { describe, expect, it } from 'vitest';
import {
  canonicalize,
  type ChainFields,
  entryHash,
  GENESIS_HASH,
  isSecretKey,
  sanitizeDetails,
} from './audit-chain.js';

const FIELDS: ChainFields = {
  id: 1,
  atMs: 1_764_400_000_000,
  actorId: 7,
  actorName: 'ana',
  action: 'user.locked',
  target: 'user:12',
  outcome: 'success',
  ip: '10.0.0.5',
  details: '{"reason":"manual"}',
  prevHash: GENESIS_HASH,
};

describe('canonical serialisation and hash', () => {
  it('is a versioned JSON array in a fixed field order', () => {
    expect(canonicalize(FIELDS)).toBe(
      '["atrio-audit-v1",1,1764400000000,7,"ana","user.locked","user:12","success","10.0.0.5","{\\"reason\\":\\"manual\\"}","' +
        GENESIS_HASH +
        '"]',
    );
  });

  it('does not depend on the order the fields were assigned in', () => {
    const reordered = Object.fromEntries(Object.entries(FIELDS).reverse()) as unknown as ChainFields;
    expect(entryHash(reordered)).toBe(entryHash(FIELDS));
  });

  it('is SHA-256 hex and changes when any field or the link changes', () => {
    const hash = entryHash(FIELDS);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const variants: Array<Partial<ChainFields>> = [
      { id: 2 },
      { atMs: FIELDS.atMs + 1 },
      { actorId: null },
      { actorName: 'anA' },
      { action: 'user.unlocked' },
      { target: null },
      { outcome: 'failure' },
      { ip: '10.0.0.6' },
      { details: '{"reason":"manuaL"}' },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const change of variants) expect(entryHash({ ...FIELDS, ...change })).not.toBe(hash);
  });

  it('tells null from the string "null" and keeps field boundaries', () => {
    expect(entryHash({ ...FIELDS, target: null })).not.toBe(entryHash({ ...FIELDS, target: 'null' }));
    expect(entryHash({ ...FIELDS, actorName: 'a', action: 'b.c' })).not.toBe(
      entryHash({ ...FIELDS, actorName: 'a","b', action: 'c' }),
    );
  });
});

describe('secret stripping', () => {
  it('drops secret-named keys at any depth, in objects and arrays, in any case', () => {
    const details = {
      username: 'ana',
      password: 'hunter2',
      Token: 't',
      nested: {
        newPassword: 'n',
        currentPassword: 'c',
        totp: '123456',
        keep: 1,
        deeper: { secret: 's', answers: ['a'], answer: 'x', code: '9', fine: true },
      },
      list: [{ code: '1', label: 'kept' }, 'plain'],
      temporaryPassword: 'tmp',
      accessToken: 'at',
      totpSecret: 'ts',
      passwordHash: '$argon2id$',
      passwordPolicy: { minLength: 12 },
    };
    expect(sanitizeDetails(details)).toEqual({
      username: 'ana',
      nested: { keep: 1, deeper: { fine: true } },
      list: [{ label: 'kept' }, 'plain'],
      passwordPolicy: { minLength: 12 },
    });
  });

  it('names the secret keys', () => {
    for (const key of [
      'password',
      'newPassword',
      'currentPassword',
      'token',
      'totp',
      'answer',
      'answers',
      'code',
      'secret',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['username', 'roles', 'errorCode', 'passwordPolicy', 'reason'])
      expect(isSecretKey(key), key).toBe(false);
  });

  it('turns what JSON cannot hold into plain values and survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const clean = sanitizeDetails({
      when: new Date('2026-01-02T03:04:05.000Z'),
      big: 10n,
      nan: Number.NaN,
      skip: undefined,
      fn: () => 1,
      error: new Error('boom'),
      cyclic,
      sparse: [undefined, 1],
    });
    expect(clean).toEqual({
      when: '2026-01-02T03:04:05.000Z',
      big: '10',
      nan: 'NaN',
      error: { name: 'Error', message: 'boom' },
      cyclic: { name: 'loop', self: '[circular]' },
      sparse: [null, 1],
    });
    expect(JSON.parse(JSON.stringify(clean))).toEqual(clean);
  });

  it('stores an empty object when there are no details', () => {
    expect(sanitizeDetails(undefined)).toEqual({});
  });
});
