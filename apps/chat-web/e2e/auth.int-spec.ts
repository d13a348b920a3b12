import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { adminToken, api, newPassword, newUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { enrolTotp } from '../../api/test/encryption.js';
import { totpAt, wrongTotp } from '../../api/test/totp.js';
import { composer, DESKTOP, PHONE, roomWith, shoot, signIn, signInToChat } from './helpers.js';

let t: TestServer;
let browser: Browser;
let english: Browser;
beforeAll(async () => {
  t = await startTestServer();
  browser = await openBrowser('es-ES');
  english = await openBrowser('en-GB');
});
afterAll(async () => {
  await browser?.close();
  await english?.close();
  await t?.close();
});

const alert = (page: import('playwright-core').Page) => page.getByRole('alert');

describe('signing in', () => {
  it('explains a wrong password, then the lock-out with the time to wait', async () => {
    const user = await newUser(t);
    const page = await browser.context.newPage();
    await page.goto(`${t.baseUrl}/`);
    await page.setViewportSize(DESKTOP);
    await shoot(page, 'signin-desktop-es');
    await page.setViewportSize(PHONE);
    await shoot(page, 'signin-phone-es');
    await page.setViewportSize(DESKTOP);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signIn(page, t, { username: user.username, password: `wrong ${attempt}` });
      await expect.poll(() => alert(page).textContent()).toBe('El usuario o la contraseña no son correctos.');
      await page.getByRole('button', { name: 'Entrar' }).isEnabled();
    }
    // The fifth failure locks the account; the next answer says so and for how long.
    await signIn(page, t, { username: user.username, password: 'wrong 5' });
    await signIn(page, t, { username: user.username, password: user.password });
    await expect
      .poll(() => alert(page).textContent())
      .toMatch(
        /^Cuenta bloqueada por demasiados intentos fallidos\. Vuelve a intentarlo en 1[45] min, o pide a TI que la desbloquee\.$/,
      );
    await shoot(page, 'signin-locked-es');
  });

  it('asks for a new password when the one given by IT is temporary, then opens the chat', async () => {
    const admin = await adminToken(t);
    const username = `temp-${Math.random().toString(36).slice(2, 8)}`;
    const temporary = newPassword();
    const created = await api(t, admin, 'POST', '/api/admin/users', {
      username,
      displayName: 'Marta Temporal',
      password: temporary,
      roles: ['member'],
    });
    expect(created.status).toBe(201);
    const page = await english.context.newPage();
    await signIn(page, t, { username, password: temporary }, 'en');
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await shoot(page, 'change-password-en');
    const chosen = newPassword();
    await page.getByLabel('Current password').fill(temporary);
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('Repeat the new password').fill(chosen);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.connection[data-state="online"]').waitFor();
    // The old password no longer works; the new one does.
    expect((await api(t, '', 'POST', '/api/auth/login', { username, password: temporary })).status).toBe(401);
    expect((await api(t, '', 'POST', '/api/auth/login', { username, password: chosen })).status).toBe(200);
  });

  it('goes back to sign-in when the session ends, keeps the draft, and signs out on request', async () => {
    const user = await newUser(t);
    const room = await roomWith(t, user, [], 'Borradores');
    const page = await browser.context.newPage();
    await signInToChat(page, t, user);
    await page.getByRole('button', { name: /Borradores/ }).click();
    await composer(page).fill('un borrador a medias');
    const admin = await adminToken(t);
    expect((await api(t, admin, 'POST', `/api/admin/users/${user.id}/revoke-sessions`)).status).toBe(204);
    await page
      .getByText(
        'Tu sesión ha terminado (caducó o se cerró desde otro dispositivo). Vuelve a entrar: tus borradores y mensajes pendientes se conservan.',
      )
      .waitFor();
    await shoot(page, 'session-expired-es');
    await page.getByLabel('Contraseña', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.locator('.connection[data-state="online"]').waitFor();
    await expect.poll(() => composer(page).inputValue()).toBe('un borrador a medias');
    expect(room.id).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByText('Has cerrado la sesión.').waitFor();
    expect((await page.context().cookies()).filter((c) => c.name === 'atrio_session' && c.value)).toEqual([]);
  });

  it('recovers a forgotten password with a one-time code from IT', async () => {
    const user = await newUser(t);
    const admin = await adminToken(t);
    const issued = await api(t, admin, 'POST', `/api/admin/users/${user.id}/reset-code`);
    expect(issued.status).toBe(201);
    const { code } = issued.json<{ code: string }>();
    // A browser of its own: the earlier tests' session cookies must not skip the sign-in screen.
    const fresh = await openBrowser('en-GB');
    const page = await fresh.context.newPage();
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username').fill(user.username);
    await page.getByRole('button', { name: 'With a code from IT' }).click();
    await page.getByLabel('Reset code').fill(code);
    const chosen = newPassword();
    await page.getByLabel('New password').fill(chosen);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. You can sign in with the new one.').waitFor();
    await shoot(page, 'recovery-done-en');
    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await signInToChat(page, t, { username: user.username, password: chosen }, 'en');
    await fresh.close();
  });

  it('asks for the authenticator code when the account has two-step verification', async () => {
    const user = await newUser(t);
    const secret = await enrolTotp(t, user);
    const fresh = await openBrowser('es-ES');
    try {
      const page = await fresh.context.newPage();
      await signIn(page, t, user);
      const code = page.getByLabel('Código de verificación', { exact: true });
      await code.waitFor();
      await shoot(page, 'signin-totp-es');
      await code.fill(await wrongTotp(t, secret));
      await page.getByRole('button', { name: 'Entrar' }).click();
      await expect
        .poll(() => alert(page).textContent())
        .toBe('La contraseña o el código de verificación no son correctos.');
      await page.getByLabel('Contraseña', { exact: true }).fill(user.password);
      await page.getByLabel('Código de verificación', { exact: true }).fill(await totpAt(t, secret));
      await page.getByRole('button', { name: 'Entrar' }).click();
      await page.locator('.connection[data-state="online"]').waitFor();
    } finally {
      await fresh.close();
    }
  });
});
