import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../test/harness.js';
import { FirstAdminService } from './first-admin.service.js';
import { verifyPassword } from '../auth/passwords/password-hasher.js';
import { User } from './user.entity.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function admin(server: TestServer): Promise<User> {
  return server.server.app.get(DataSource).getRepository(User).findOneByOrFail({ username: 'admin' });
}

describe('first administrator', () => {
  it('uses ATRIO_ADMIN_PASSWORD as a chosen password, stored only as an argon2id hash', async () => {
    t = await startTestServer();
    const user = await admin(t);
    expect(t.server.firstAdmin).toEqual({ created: true });
    expect(user.mustChangePassword).toBe(false);
    expect(user.status).toBe('active');
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain(TEST_ADMIN_PASSWORD);
    expect(await verifyPassword(user.passwordHash, TEST_ADMIN_PASSWORD)).toBe(true);
    expect(await verifyPassword(user.passwordHash, 'wrong password')).toBe(false);
  });

  it('generates a random password that must be changed at first login when none is configured', async () => {
    t = await startTestServer({ ATRIO_ADMIN_PASSWORD: '' });
    const generated = t.server.firstAdmin.generatedPassword!;
    expect(generated.length).toBeGreaterThanOrEqual(16);
    const user = await admin(t);
    expect(user.mustChangePassword).toBe(true);
    expect(await verifyPassword(user.passwordHash, generated)).toBe(true);
  });

  it('is created only once, when the database has no users', async () => {
    t = await startTestServer();
    const second = await t.server.app.get(FirstAdminService).ensure();
    expect(second).toEqual({ created: false });
    expect(await t.server.app.get(DataSource).getRepository(User).count()).toBe(1);
  });
});
