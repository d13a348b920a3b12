/// <reference lib="dom" />
// Code inside page.evaluate runs in the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { newUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { signIn } from './helpers.js';

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
  it('loads at / over TLS in Spanish, and shows the live connection to the server once signed in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    expect(await page.title()).toBe('Atrio');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await signIn(page, t, await newUser(t));
    // The connection state is always visible: connecting, then connected over the secure socket.
    const status = page.locator('.connection');
    await expect.poll(() => status.getAttribute('data-state')).toBe('online');
    expect(await status.textContent()).toBe('Conectado');
  });

  it('shows English to an English browser, on any deep link', async () => {
    const english = await openBrowser('en-GB');
    try {
      const page = await english.context.newPage();
      await page.goto(`${t.baseUrl}/some/deep/link`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    } finally {
      await english.close();
    }
  });
});
