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

describe('console in a real browser', () => {
  it('loads at /admin/ with its own assets and reaches the API', async () => {
    const page = await browser.context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${t.baseUrl}/admin/`);
    await expect.poll(() => page.getByRole('status').getAttribute('data-state')).toBe('online');
    expect(await page.getByRole('heading').textContent()).toBe('Atrio — Consola');
    expect(failed).toEqual([]);
  });
});
