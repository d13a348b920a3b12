import type { Message } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config/load-config.js';
import { startServer } from '../../api/src/server.js';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { api, newUser, type TestUser } from '../../api/test/factories.js';
import { tempDir, testEnv, type TestServer } from '../../api/test/harness.js';
import { request } from '../../api/test/http-client.js';
import { connectAs, send } from '../../api/test/chat-client.js';
import { bodies, composer, roomWith, shoot, signInToChat } from './helpers.js';

/** One data dir and one port across restarts, so the open pages reconnect to the same origin. */
const root = tempDir('atrio-outbox-');
let port = 0;
let t: TestServer;
async function start(): Promise<TestServer> {
  const server = await startServer(loadConfig(testEnv(root.path, { ATRIO_PORT: String(port) }), root.path));
  port = server.port;
  const baseUrl = `https://127.0.0.1:${server.port}`;
  return {
    server,
    config: server.config,
    baseUrl,
    ca: server.tls.cert,
    request: (path, options = {}) => request(`${baseUrl}${path}`, { ...options, ca: server.tls.cert }),
    close: () => server.close(),
  };
}

let ana: TestUser;
let luis: TestUser;
let browser: Browser;
let other: Browser;
beforeAll(async () => {
  t = await start();
  [ana, luis] = [await newUser(t), await newUser(t)];
  browser = await openBrowser('es-ES');
  other = await openBrowser('es-ES');
});
afterAll(async () => {
  await browser?.close();
  await other?.close();
  await t?.close();
  root.remove();
});

async function stored(roomId: number, body: string): Promise<Message[]> {
  const history = await api(t, luis.token, 'GET', `/api/rooms/${roomId}/messages?limit=200`);
  return history.json<{ messages: Message[] }>().messages.filter((m) => m.body === body);
}

describe('nothing typed is lost', () => {
  it('delivers a message typed while the server is stopped exactly once after it restarts', async () => {
    const room = await roomWith(t, ana, [luis], 'Turno de noche');
    const anaPage = await browser.context.newPage();
    const luisPage = await other.context.newPage();
    await signInToChat(anaPage, t, ana);
    await signInToChat(luisPage, t, luis);
    await anaPage.getByRole('button', { name: /Turno de noche/ }).click();
    await luisPage.getByRole('button', { name: /Turno de noche/ }).click();

    await t.close();
    await anaPage.locator('.connection:not([data-state="online"])').waitFor();
    await composer(anaPage).fill('Escrito con el servidor parado');
    await composer(anaPage).press('Enter');
    const pending = anaPage.locator('.message.pending');
    await expect.poll(() => pending.textContent()).toContain('Escrito con el servidor parado');
    expect(await pending.textContent()).toContain('Pendiente');
    await shoot(anaPage, 'outbox-pending-es');

    t = await start();
    // Others write while the pages are still reconnecting: the catch-up must bring each one, once, in order.
    const script = await connectAs(t, luis.token);
    for (const n of [1, 2, 3]) await send(script, room.id, `tras el reinicio ${n}`);
    script.close();
    await expect
      .poll(() => bodies(luisPage).last().textContent(), { timeout: 20_000 })
      .toBe('Escrito con el servidor parado');
    await expect.poll(() => pending.count()).toBe(0);
    expect(await stored(room.id, 'Escrito con el servidor parado')).toHaveLength(1);
    // No duplicate on screen either, for the sender or the reader.
    expect(
      await anaPage
        .locator('.timeline .message .text', { hasText: 'Escrito con el servidor parado' })
        .count(),
    ).toBe(1);
    expect(
      await luisPage
        .locator('.timeline .message .text', { hasText: 'Escrito con el servidor parado' })
        .count(),
    ).toBe(1);
    await expect
      .poll(() =>
        anaPage.locator('.timeline .message .text', { hasText: 'tras el reinicio' }).allTextContents(),
      )
      .toEqual(['tras el reinicio 1', 'tras el reinicio 2', 'tras el reinicio 3']);
    const order = await anaPage
      .locator('.timeline [data-message-id]')
      .evaluateAll((items) =>
        items.map((item) => Number((item as { dataset?: { messageId?: string } }).dataset?.messageId)),
      );
    expect(order).toEqual([...new Set(order)].sort((a, b) => a - b));
    await anaPage.close();
    await luisPage.close();
  });

  it('keeps a pending message across a reload and sends it once the connection is back', async () => {
    const room = await roomWith(t, ana, [luis], 'Guardia');
    // A browser of its own: the first test's session cookie must not skip the sign-in.
    const fresh = await openBrowser('es-ES');
    const page = await fresh.context.newPage();
    let allowSocket = true;
    // Stands for a network that lets pages load but drops the live connection.
    await page.routeWebSocket(/socket\.io/, (ws) => {
      if (allowSocket) ws.connectToServer();
      else void ws.close();
    });
    await signInToChat(page, t, ana);
    await page.getByRole('button', { name: /Guardia/ }).click();
    allowSocket = false;
    await t.server.app
      .get((await import('../../api/src/realtime/realtime.gateway.js')).RealtimeGateway)
      .disconnectAll();
    await page.locator('.connection:not([data-state="online"])').waitFor();
    await composer(page).fill('Sobrevive a la recarga');
    await composer(page).press('Enter');
    await page.locator('.message.pending').waitFor();
    await page.reload();
    await page.getByRole('button', { name: /Guardia/ }).click();
    await expect
      .poll(() => page.locator('.message.pending').textContent())
      .toContain('Sobrevive a la recarga');
    expect(await stored(room.id, 'Sobrevive a la recarga')).toHaveLength(0);

    allowSocket = true;
    await expect.poll(() => page.locator('.message.pending').count(), { timeout: 20_000 }).toBe(0);
    expect(await stored(room.id, 'Sobrevive a la recarga')).toHaveLength(1);
    expect(
      await page.locator('.timeline .message .text', { hasText: 'Sobrevive a la recarga' }).count(),
    ).toBe(1);
    await fresh.close();
  }, 60_000);
});
