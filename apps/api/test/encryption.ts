import { type EncryptionStatus, recoveryCodesSchema, twoFactorSetupSchema } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock.js';
import { api, type TestUser } from './factories.js';
import type { TestServer } from './harness.js';
import { totpAt, TOTP_STEP_MS } from './totp.js';

/** Raw SQL, bypassing every transformer: what is really stored. `?` placeholders work on both databases. */
export async function rawQuery<T = Record<string, unknown>>(
  t: TestServer,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const dataSource = t.server.app.get(DataSource);
  let n = 0;
  const text = dataSource.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  return dataSource.query(text, parameters);
}

export const SEALED = /^enc:v1:[0-9a-f]{16}:[A-Za-z0-9_-]+$/;

/** Enrols the user in 2FA through the API and moves past the step the confirmation spent. */
export async function enrolTotp(t: TestServer, user: TestUser): Promise<string> {
  const setup = await api(t, user.token, 'POST', '/api/auth/2fa/setup');
  if (setup.status !== 200) throw new Error(`2fa setup: ${setup.text}`);
  const { secret } = twoFactorSetupSchema.parse(setup.json());
  const confirmed = await api(t, user.token, 'POST', '/api/auth/2fa/confirm', {
    code: await totpAt(t, secret),
  });
  if (confirmed.status !== 200) throw new Error(`2fa confirm: ${confirmed.text}`);
  recoveryCodesSchema.parse(confirmed.json());
  t.server.app.get(Clock).advance(TOTP_STEP_MS);
  return secret;
}

export async function encryptionStatus(t: TestServer, token: string): Promise<EncryptionStatus> {
  const response = await api(t, token, 'GET', '/api/admin/encryption/status');
  if (response.status !== 200) throw new Error(`encryption status: ${response.status} ${response.text}`);
  return response.json<EncryptionStatus>();
}

/** Polls the status until `done` holds (no sleeps of a fixed length: each poll is a request). */
export async function statusWhen(
  t: TestServer,
  token: string,
  done: (status: EncryptionStatus) => boolean,
  timeoutMs = 20_000,
): Promise<EncryptionStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await encryptionStatus(t, token);
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`encryption status never matched: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const passFinished = (status: EncryptionStatus) => status.pass === null;
