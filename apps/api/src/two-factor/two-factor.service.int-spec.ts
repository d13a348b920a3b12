import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntryRow } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { User } from '../users/user.entity.js';
import { testActor } from '../../test/audit-factory.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { TwoFactorService } from './two-factor.service.js';

/** Stands still until advanced, so every code belongs to a known 30-second step. */
class TestClock extends Clock {
  constructor(private ms: number) {
    super();
  }
  override now(): Date {
    return new Date(this.ms);
  }
  override advance(ms: number): void {
    this.ms += ms;
  }
}

const STEP = 30_000;
/** 10 s into a step. */
const START = Date.UTC(2026, 0, 15, 12, 0, 10);

describe.each(DATABASE_KINDS)('two-factor authentication on %s', (kind) => {
  let db: TestDatabase;
  let clock: TestClock;
  let service: TwoFactorService;

  beforeEach(async () => {
    db = await openTestDatabase(kind);
    clock = new TestClock(START);
    service = new TwoFactorService(db.dataSource, new AuditService(db.dataSource), clock);
  });
  afterEach(() => db.close());

  async function newUser() {
    const actor = testActor();
    const user = await db.dataSource.getRepository(User).save({
      username: actor.username,
      displayName: 'Test User',
      passwordHash: 'not-a-hash',
      createdAt: new Date(START),
    });
    return { ...actor, userId: user.id };
  }

  /** The code an authenticator shows `offsetSteps` steps from the test clock's now. */
  function codeAt(secret: string, offsetSteps = 0): Promise<string> {
    return generate({ secret, epoch: Math.floor((clock.now().getTime() + offsetSteps * STEP) / 1000) });
  }

  async function enrolled() {
    const actor = await newUser();
    const { secret } = await service.beginEnrolment({ id: actor.userId, username: actor.username });
    const { recoveryCodes } = await service.confirmEnrolment(actor, await codeAt(secret));
    clock.advance(STEP);
    return { actor, secret, recoveryCodes };
  }

  const auditActions = async () =>
    (await db.dataSource.getRepository(AuditEntryRow).find({ order: { id: 'ASC' } })).map((e) => e.action);

  it('enrols with a QR code, enables on a valid code and then verifies logins', async () => {
    const actor = await newUser();
    const setup = await service.beginEnrolment({ id: actor.userId, username: actor.username });
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUrl).toMatch(new RegExp(`^otpauth://totp/Atrio:${actor.username}\\?`));
    expect(setup.otpauthUrl).toContain('issuer=Atrio');
    expect(setup.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await service.isEnabled(actor.userId)).toBe(false);
    expect(await service.verifyLogin(actor.userId, await codeAt(setup.secret))).toBe(false);

    const { recoveryCodes } = await service.confirmEnrolment(actor, await codeAt(setup.secret));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(await service.isEnabled(actor.userId)).toBe(true);

    clock.advance(STEP);
    expect(await service.verifyLogin(actor.userId, await codeAt(setup.secret))).toBe(true);
    expect(await auditActions()).toEqual(['two_factor.enabled']);
  });

  it('refuses a wrong, malformed or too old code', async () => {
    const actor = await newUser();
    const { secret } = await service.beginEnrolment({ id: actor.userId, username: actor.username });
    const wrong = String((Number(await codeAt(secret)) + 1) % 1_000_000).padStart(6, '0');
    await expect(service.confirmEnrolment(actor, wrong)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await service.isEnabled(actor.userId)).toBe(false);

    await service.confirmEnrolment(actor, await codeAt(secret));
    clock.advance(5 * STEP);
    expect(await service.verifyLogin(actor.userId, wrong)).toBe(false);
    expect(await service.verifyLogin(actor.userId, 'abc')).toBe(false);
    expect(await service.verifyLogin(actor.userId, '')).toBe(false);
    expect(await service.verifyLogin(actor.userId, await codeAt(secret, -2))).toBe(false);
  });

  it('accepts each code once: the same step twice is a replay', async () => {
    const { actor, secret } = await enrolled();
    const code = await codeAt(secret);
    expect(await service.verifyLogin(actor.userId, code)).toBe(true);
    expect(await service.verifyLogin(actor.userId, code)).toBe(false);
    // The code used to confirm the enrolment is spent as well.
    expect(await service.verifyLogin(actor.userId, await codeAt(secret, -1))).toBe(false);
    clock.advance(STEP);
    expect(await service.verifyLogin(actor.userId, await codeAt(secret))).toBe(true);
  });

  it('accepts the previous step once, then nothing at or before it', async () => {
    const { actor, secret } = await enrolled();
    clock.advance(STEP);
    const previous = await codeAt(secret, -1);
    expect(await service.verifyLogin(actor.userId, previous)).toBe(true);
    expect(await service.verifyLogin(actor.userId, previous)).toBe(false);
    expect(await service.verifyLogin(actor.userId, await codeAt(secret))).toBe(true);
    expect(await service.verifyLogin(actor.userId, await codeAt(secret, -1))).toBe(false);
  });

  it('accepts a recovery code once, in any case, with or without dash and spaces', async () => {
    const { actor, recoveryCodes } = await enrolled();
    const typed = ` ${recoveryCodes[3]!.replace('-', ' ').toLowerCase()} `;
    expect(await service.verifyLogin(actor.userId, typed, { username: actor.username, ip: '10.1.2.3' })).toBe(
      true,
    );
    expect(await service.verifyLogin(actor.userId, recoveryCodes[3]!)).toBe(false);
    expect(await service.verifyLogin(actor.userId, 'ABCDE-FGHJK')).toBe(false);
    expect(await service.verifyLogin(actor.userId, recoveryCodes[4]!)).toBe(true);

    const used = await db.dataSource
      .getRepository(AuditEntryRow)
      .findBy({ action: 'two_factor.recovery_code.used' });
    expect(used).toHaveLength(2);
    expect(used[0]).toMatchObject({
      actorName: actor.username,
      ip: '10.1.2.3',
      target: `user:${actor.userId}`,
    });
    expect(JSON.parse(used[0]!.details)).toEqual({ remaining: 9 });
  });

  it('replaces an unconfirmed secret and refuses a new enrolment while enabled', async () => {
    const actor = await newUser();
    const user = { id: actor.userId, username: actor.username };
    const first = await service.beginEnrolment(user);
    const second = await service.beginEnrolment(user);
    expect(second.secret).not.toBe(first.secret);
    await expect(service.confirmEnrolment(actor, await codeAt(first.secret))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await service.confirmEnrolment(actor, await codeAt(second.secret));
    await expect(service.beginEnrolment(user)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(service.confirmEnrolment(actor, await codeAt(second.secret, 1))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('refuses to confirm before any setup', async () => {
    const actor = await newUser();
    await expect(service.confirmEnrolment(actor, '123456')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('regenerates recovery codes against a current code; the old ones stop working', async () => {
    const { actor, secret, recoveryCodes } = await enrolled();
    await expect(service.regenerateRecoveryCodes(actor, recoveryCodes[0]!)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const fresh = await service.regenerateRecoveryCodes(actor, await codeAt(secret));
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(await service.verifyLogin(actor.userId, recoveryCodes[0]!)).toBe(false);
    expect(await service.verifyLogin(actor.userId, fresh.recoveryCodes[0]!)).toBe(true);
    expect(await db.dataSource.getRepository(RecoveryCode).countBy({ userId: actor.userId })).toBe(10);
    expect(await auditActions()).toContain('two_factor.recovery_codes.regenerated');
  });

  it('disables only with a valid code, removing the secret and the recovery codes', async () => {
    const { actor, secret, recoveryCodes } = await enrolled();
    await expect(service.disable(actor, '000000')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await service.disable(actor, await codeAt(secret));
    expect(await service.isEnabled(actor.userId)).toBe(false);
    expect(await service.verifyLogin(actor.userId, recoveryCodes[0]!)).toBe(false);
    expect(await db.dataSource.getRepository(RecoveryCode).countBy({ userId: actor.userId })).toBe(0);
    await expect(service.disable(actor, await codeAt(secret))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await auditActions()).toContain('two_factor.disabled');
  });

  it('lets an administrator reset a user, who may then enrol again', async () => {
    const { actor } = await enrolled();
    const admin = await newUser();
    await service.reset(admin, actor.userId);
    expect(await service.isEnabled(actor.userId)).toBe(false);
    await service.beginEnrolment({ id: actor.userId, username: actor.username });
    await expect(service.reset(admin, 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const reset = await db.dataSource
      .getRepository(AuditEntryRow)
      .findOneByOrFail({ action: 'two_factor.reset' });
    expect(reset).toMatchObject({ actorId: admin.userId, target: `user:${actor.userId}` });
  });

  it('goes away with the user (ON DELETE CASCADE)', async () => {
    const { actor } = await enrolled();
    await db.dataSource.getRepository(User).delete({ id: actor.userId });
    expect(await service.isEnabled(actor.userId)).toBe(false);
    expect(await db.dataSource.getRepository(RecoveryCode).countBy({ userId: actor.userId })).toBe(0);
  });
});
