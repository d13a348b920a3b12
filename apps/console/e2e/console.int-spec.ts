import type { AdminUser, BackupManifest, Role, RoutineRun } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { adminToken, api, login, newUser } from '../../api/test/factories.js';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../api/test/harness.js';
import { PERMISSIVE_THRESHOLDS, setSetting } from '../../api/test/routines.js';
import { seriousViolations, settled, shoot, signIn } from './console-page.js';

let t: TestServer;
let browser: Browser;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
  browser = await openBrowser('es-ES');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('console in a real browser (es)', () => {
  it('refuses the console to a member with a clear page', async () => {
    const member = await newUser(t, ['member']);
    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'es-ES' });
    const page = await signIn(context, t, member.username, member.password);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('administradores y moderadores');
    expect(await page.getByRole('link', { name: 'Ir al chat' }).count()).toBe(1);
    await shoot(page, 'es', 'refused');
    await context.close();
  });

  it('asks a user with a temporary password for a new one before the console', async () => {
    const temporary = `temporary ${Date.now()} password`;
    const created = await api(t, admin, 'POST', '/api/admin/users', {
      username: `ana-${Date.now()}`,
      displayName: 'Ana Ruiz',
      password: temporary,
      roles: ['auditor'],
    });
    const user = created.json<AdminUser>();
    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'es-ES' });
    const page = await signIn(context, t, user.username, temporary);
    await page.locator('input[name="newPassword"]').waitFor();
    await shoot(page, 'es', 'login-change-password');
    const chosen = `my own ${Date.now()} passphrase`;
    await page.locator('input[name="newPassword"]').fill(chosen);
    await page.locator('input[name="repeatPassword"]').fill(chosen);
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.url()).toMatch(/#\/$/);
    expect((await login(t, user.username, chosen)).status).toBe(200);
    await context.close();
  });
});
