import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { adminToken, api, newUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { totpAt } from '../../api/test/totp.js';
import { DESKTOP, PHONE, shoot, signIn, signInToChat } from './helpers.js';

// A server of its own: the last test throttles every sign-in from this machine's address.
let t: TestServer;
let admin: string;
const browsers: Browser[] = [];
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});
afterAll(async () => {
  await t?.close();
});

async function page(language: 'es-ES' | 'en-GB' = 'es-ES'): Promise<Page> {
  const browser = await openBrowser(language);
  browsers.push(browser);
  const opened = await browser.context.newPage();
  await opened.setViewportSize(DESKTOP);
  return opened;
}

describe('sessions and sign-in in a real browser', () => {
  it('makes a person whose role requires two-step verification enrol it before chatting', async () => {
    const role = await api(t, admin, 'POST', '/api/admin/roles', {
      name: `finance-${Date.now()}`,
      permissions: ['messages.send', 'rooms.create'],
      requireTwoFactor: true,
    });
    expect(role.status).toBe(201);
    const user = await newUser(t, ['member', role.json<{ name: string }>().name]);
    const p = await page('en-GB');
    await signIn(p, t, user, 'en');
    await p.getByText('Your role requires two-step verification. Turn it on to continue.').waitFor();
    await shoot(p, 'forced-2fa-en');
    await p.setViewportSize(PHONE);
    await shoot(p, 'forced-2fa-phone-en');
    await p.setViewportSize(DESKTOP);
    // Nothing else is reachable: no chat, no socket.
    expect(await p.locator('.sidebar').count()).toBe(0);
    // The enrolment starts by itself: the QR code and the key are already there.
    await p.getByRole('img', { name: 'QR' }).waitFor();
    const secret = (await p.locator('.secret').textContent())!;
    await p.getByLabel('Verification code', { exact: true }).fill(await totpAt(t, secret));
    await p.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => p.locator('.recovery-codes li').count()).toBe(10);
    await p.getByRole('button', { name: 'I have saved them' }).click();
    await p.locator('.connection[data-state="online"]').waitFor();
    const me = (await api(t, user.token, 'GET', '/api/auth/me')).json<{ twoFactorEnabled: boolean }>();
    expect(me.twoFactorEnabled).toBe(true);
  });

  it('signs out on every device: another browser of the same person goes back to sign-in', async () => {
    const user = await newUser(t);
    const here = await page();
    await signInToChat(here, t, user);
    const there = await page('en-GB');
    await signInToChat(there, t, user, 'en');
    await here.getByRole('button', { name: 'Ajustes' }).click();
    await here.getByRole('button', { name: 'Cerrar sesión en todos los dispositivos' }).click();
    await here.getByText('Has cerrado la sesión.').waitFor();
    await there.getByRole('heading', { name: 'Sign in' }).waitFor();
    await there
      .getByText('Your session ended (it expired or was closed from another device).', { exact: false })
      .waitFor();
    await shoot(there, 'signed-out-elsewhere-en');
    // The sessions are gone on the server too, the scripted one included.
    const anyone = await api(t, user.token, 'GET', '/api/auth/me');
    expect(anyone.status).toBe(401);
    // And the person can sign in again.
    await signInToChat(here, t, user);
  });

  it('explains that this address is throttled after too many failures across accounts', async () => {
    const user = await newUser(t);
    const throttle = await api(t, admin, 'PUT', '/api/admin/settings/security.loginThrottle', {
      value: { maxFailuresPerIp: 5, windowMinutes: 15 },
    });
    expect(throttle.status).toBe(200);
    // Someone on this machine tries five accounts that do not exist (from a script: same address).
    for (let i = 0; i < 5; i++) {
      const failed = await api(t, '', 'POST', '/api/auth/login', {
        username: `nadie-${i}-${Date.now()}`,
        password: 'Contraseña equivocada 1',
      });
      expect(failed.status).toBe(401);
    }
    const p = await page();
    // Even the right password is refused from here until the window passes, and the page says why.
    await signIn(p, t, user);
    await expect
      .poll(() => p.getByRole('alert').textContent())
      .toMatch(
        /^Demasiados intentos fallidos desde este equipo\. Espera 1[45] min antes de volver a intentarlo\.$/,
      );
    await shoot(p, 'signin-throttled-es');
    const english = await page('en-GB');
    await signIn(english, t, user, 'en');
    await expect.poll(() => english.getByRole('alert').textContent()).toMatch(/Too many failed attempts/);
    await shoot(english, 'signin-throttled-en');
  });
});
