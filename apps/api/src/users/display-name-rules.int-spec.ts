import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newPassword, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

function createWith(displayName: string) {
  return api(t, admin, 'POST', '/api/admin/users', {
    username: `dn-${Math.random().toString(36).slice(2, 10)}`,
    displayName,
    password: newPassword(),
    roles: ['member'],
  });
}

describe('display names cannot impersonate or hide text', () => {
  it.each([
    ['the system author', 'Atrio'],
    ['the administrator', 'Administrator'],
    ['in Spanish', 'Administrador'],
    ['in capitals with a look-alike', 'ATRlO'],
    ['Cyrillic look-alike of the system', 'Аtrio'],
    ['a right-to-left override', 'Ana\u202eoñoT'],
    ['a zero-width space', 'Ana\u200bPérez'],
    ['a NUL', 'Ana\u0000'],
    ['a bell', 'Ana\u0007'],
    ['a line break', 'Ana\r\nPérez'],
    ['a lone surrogate', 'Ana\ud800'],
    ['only spaces', '   '],
  ])('refuses %s with VALIDATION_FAILED naming displayName', async (_case, displayName) => {
    const response = await createWith(displayName);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: { fields: [expect.objectContaining({ path: 'displayName' })] },
      },
    });
  });

  it("refuses a look-alike of another user's display name or username, by any route", async () => {
    const ana = await newUser(t);
    expect(
      (await api(t, admin, 'PUT', `/api/admin/users/${ana.id}`, { displayName: 'Ana Pérez' })).status,
    ).toBe(200);
    for (const lookAlike of ['Аnа Pérez', 'ANA PÉREZ', 'Ana  Pérez']) {
      expect((await createWith(lookAlike)).status, lookAlike).toBe(400);
    }
    expect((await createWith(ana.username.toUpperCase())).status).toBe(400);
    const mallory = await newUser(t);
    const viaProfile = await api(t, mallory.token, 'PUT', '/api/auth/me', { displayName: 'Аna Pérez' });
    expect(viaProfile.status).toBe(400);
    expect(viaProfile.json()).toMatchObject({ error: { message: expect.stringContaining(ana.username) } });
    const viaAdmin = await api(t, admin, 'PUT', `/api/admin/users/${mallory.id}`, {
      displayName: 'ana pérez',
    });
    expect(viaAdmin.status).toBe(400);
  });

  it('accepts ordinary names, normalised, and lets people keep or re-case their own', async () => {
    const made = await createWith('José Álvarez-Núñez');
    expect(made.status).toBe(201);
    const decomposed = 'Marti\u0301n Gómez'; // "í" as i + combining accent
    const user = await newUser(t);
    const updated = await api(t, user.token, 'PUT', '/api/auth/me', { displayName: decomposed });
    expect(updated.status).toBe(200);
    expect(updated.json()).toMatchObject({ displayName: 'Martín Gómez'.normalize('NFC') });
    expect((await api(t, user.token, 'PUT', '/api/auth/me', { displayName: 'MARTÍN GÓMEZ' })).status).toBe(
      200,
    );
  });
});
