/// <reference lib="dom" />
// Code inside page.evaluate runs in the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { connectAs, send } from '../../api/test/chat-client.js';
import { adminToken, api, newUser, type TestUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { roomWith, signInToChat } from './helpers.js';

let t: TestServer;
let ana: TestUser;
let luis: TestUser;
let browser: Browser;
beforeAll(async () => {
  t = await startTestServer();
  [ana, luis] = [await newUser(t), await newUser(t)];
  // The per-user send limit (5/s) is raised as an operator would, through the chat.limits setting.
  const admin = await adminToken(t);
  const limits = await api(t, admin, 'GET', '/api/admin/settings/chat.limits');
  const value = {
    ...limits.json<{ value: object }>().value,
    messagesPerSecond: 1000,
    messageBurst: 1000,
    eventsPerSecond: 5000,
  };
  expect((await api(t, admin, 'PUT', '/api/admin/settings/chat.limits', { value })).status).toBe(200);
  browser = await openBrowser('es-ES');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('an open room under load', () => {
  it('takes 100 messages a second for 5 s: every one shown, the page stays bounded (long tasks reported)', async () => {
    const room = await roomWith(t, ana, [luis], 'Carga');
    const page = await browser.context.newPage();
    await signInToChat(page, t, ana);
    await page.getByRole('button', { name: /Carga/ }).click();
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => w.longTasks.push(e.duration)),
      ).observe({
        type: 'longtask',
        buffered: false,
      });
    });
    const socket = await connectAs(t, luis.token);
    const started = Date.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 1; i <= 500; i++) {
      const due = started + i * 10;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      sends.push(send(socket, room.id, `carga ${i}`));
    }
    await Promise.all(sends);
    socket.close();
    await page.locator('.timeline .text', { hasText: 'carga 500' }).waitFor({ timeout: 20_000 });
    const nodes = await page.locator('.timeline [data-message-id]').count();
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const worst = longTasks.length ? Math.max(...longTasks) : 0;
    console.log(
      `100 msg/s for 5 s into an open room: ${longTasks.length} long tasks, longest ${worst.toFixed(0)} ms; ${nodes} message nodes in the page`,
    );
    expect(nodes).toBeLessThanOrEqual(150);
    const texts = await page.locator('.timeline .text').allTextContents();
    const shown = texts.filter((text) => text.startsWith('carga ')).map((text) => Number(text.slice(6)));
    // The newest window, in order, without a gap or a duplicate.
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => 500 - shown.length + 1 + i));
  }, 60_000);
});
