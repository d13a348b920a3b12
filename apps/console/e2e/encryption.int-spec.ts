import type { EncryptionStatus } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { adminToken, api, newUser } from '../../api/test/factories.js';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../api/test/harness.js';
import { seriousViolations, shoot, signIn } from './console-page.js';

let t: TestServer;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  browser = await openBrowser('es-ES');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const status = async () =>
  (await api(t, admin, 'GET', '/api/admin/encryption/status')).json<EncryptionStatus>();

describe('key rotation from the console (manual §5.2)', () => {
  it('rotates the key: the new key protects every value and the old one is retired (es, en)', async () => {
    // Values to re-encrypt: each account's e-mail address is sealed.
    for (let i = 0; i < 5; i++) {
      const created = await api(t, admin, 'POST', '/api/admin/users', {
        username: `sealed${i}${Date.now() % 100_000}`,
        displayName: `Sealed ${i}`,
        email: `sealed${i}@example.test`,
        password: `temporary ${i} password ${Date.now()}`,
        roles: ['member'],
      });
      expect(created.status, created.text).toBe(201);
    }
    const before = await status();
    const [oldKey] = before.keys;
    const page = await signIn(browser.context, t, 'admin', TEST_ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: 'Cifrado' }).click();
    await page.getByRole('table', { name: 'Claves' }).getByText(oldKey!.id).waitFor();
    await page.getByRole('button', { name: 'Rotar la clave ahora' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmar' }).click();

    let after: EncryptionStatus | undefined;
    await expect
      .poll(async () => {
        after = await status();
        return after.pass === null && after.lastPass?.kind === 'rotation';
      })
      .toBe(true);
    const active = after!.keys.find((k) => k.status === 'active')!;
    expect(active.id).not.toBe(oldKey!.id);
    expect(after!.keys.find((k) => k.id === oldKey!.id)).toMatchObject({ status: 'retired', values: 0 });
    // The page follows the pass to its end and says what it did.
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`valores ya con ${active.id}`);
    const activeRow = page.locator('tr[data-key-status="active"]');
    expect(await activeRow.textContent()).toContain(active.id);
    await shoot(page, 'es', 'encryption');
    expect(await seriousViolations(page)).toEqual([]);

    const english = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'en-US' });
    const en = await signIn(english, t, 'admin', TEST_ADMIN_PASSWORD);
    await en.getByRole('heading', { name: "Today's daily routine" }).waitFor();
    await en.goto(`${t.baseUrl}/admin/#/encryption`);
    await en.getByText('retired (kept for old backups)').waitFor();
    await shoot(en, 'en', 'encryption');
    expect(await seriousViolations(en)).toEqual([]);
    await english.close();
  }, 90_000);

  it('is not offered to someone without settings.manage', async () => {
    const auditor = await newUser(t, ['auditor']);
    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'es-ES' });
    const page = await signIn(context, t, auditor.username, auditor.password);
    await page.getByRole('menuitem', { name: 'Auditoría' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Cifrado' }).count()).toBe(0);
    await context.close();
  });
});
