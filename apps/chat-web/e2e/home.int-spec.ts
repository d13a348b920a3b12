import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';

let t: TestServer;
let browser: Browser;
beforeAll(async () => {
  t = await startTestServer();
  browser = await openBrowser('es-ES');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('chat client in a real browser', () => {
  it('loads at / over TLS and shows the server as online, in Spanish', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.baseUrl}/`);
    const status = page.getByRole('status');
    await expect.poll(() => status.getAttribute('data-state')).toBe('online');
    expect(await status.textContent()).toBe('Servidor en línea');
    expect(await page.title()).toBe('Atrio');
  });

  it('shows English to an English browser', async () => {
    const english = await openBrowser('en-GB');
    try {
      const page = await english.context.newPage();
      await page.goto(`${t.baseUrl}/some/deep/link`);
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Server online');
    } finally {
      await english.close();
    }
  });
});
