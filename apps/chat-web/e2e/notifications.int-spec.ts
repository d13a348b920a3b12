/// <reference lib="dom" />
// Code inside page.evaluate and addInitScript runs in the browser.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { connectAs, send, type Socket } from '../../api/test/chat-client.js';
import { api, newUser, type TestUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { roomWith, shoot, signInToChat } from './helpers.js';

let t: TestServer;
let ana: TestUser;
let luis: TestUser;
let browser: Browser;
let luisSocket: Socket;
beforeAll(async () => {
  t = await startTestServer();
  [ana, luis] = [await newUser(t), await newUser(t)];
  // Luis writes from a script: many messages in a row would hit the per-user rate limit in a UI.
  luisSocket = await connectAs(t, luis.token);
});
afterEach(async () => {
  await browser?.close();
});
afterAll(async () => {
  luisSocket?.close();
  await t?.close();
});

interface Shown {
  title: string;
  body: string;
}

/**
 * Ana's browser with notifications allowed for the server's origin. The page's Notification is
 * the browser's own; it is only wrapped to keep a list of what was shown, which a headless
 * browser has no screen to show.
 */
async function anasPage(): Promise<Page> {
  browser = await openBrowser('es-ES');
  await browser.context.grantPermissions(['notifications'], { origin: t.baseUrl });
  await browser.context.addInitScript(() => {
    const Real = window.Notification;
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
    window.Notification = Recorded as typeof Notification;
  });
  const page = await browser.context.newPage();
  await signInToChat(page, t, ana);
  return page;
}

const shown = (page: Page) =>
  page.evaluate(() => (window as unknown as { shownNotifications: Shown[] }).shownNotifications);

/**
 * Headless Chromium keeps every page "visible" (there is no window to hide or tab to switch), so
 * the page is told it went to the background the way the browser tells it: visibilityState and
 * the visibilitychange event.
 */
async function sendToBackground(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(
    (value) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    },
    hidden ? 'hidden' : 'visible',
  );
}

describe('notifications', () => {
  it('shows a desktop notification for a mention and a direct message while the tab is hidden, and counts unread in the title', async () => {
    const room = await roomWith(t, luis, [ana], 'Avisos de turno');
    const direct = await api(t, luis.token, 'POST', '/api/rooms/direct', { userIds: [ana.id] });
    expect(direct.status).toBe(200);
    const page = await anasPage();
    // The settings say notifications are on (the permission was granted to the origin).
    await page.getByRole('button', { name: 'Ajustes' }).click();
    await page.getByText('Las notificaciones están activadas.').waitFor();
    await page.getByRole('button', { name: 'Cerrar', exact: true }).click();
    await page.getByRole('button', { name: /Avisos de turno/ }).click();
    await expect.poll(() => page.title()).toBe('Atrio');

    // Visible tab: a mention in the open room is simply read, no notification.
    await send(luisSocket, room.id, `@${ana.username} ¿estás?`);
    await page.locator('.timeline .text', { hasText: '¿estás?' }).waitFor();
    await sendToBackground(page, true);
    await send(luisSocket, room.id, 'un mensaje sin mención');
    await send(luisSocket, room.id, `@${ana.username} el turno de noche cambia`);
    await expect
      .poll(async () => (await shown(page)).map((n) => n.body))
      .toEqual([`@${ana.username} el turno de noche cambia`]);
    const [first] = await shown(page);
    expect(first!.title).toBe(`Test ${luis.username} · Avisos de turno`);
    // A hidden tab reads nothing: the title counts what waits.
    await expect.poll(() => page.title()).toBe('(2) Atrio');

    await send(luisSocket, direct.json<{ id: number }>().id, 'Te escribo por privado');
    await expect.poll(async () => (await shown(page)).map((n) => n.body)).toContain('Te escribo por privado');
    await expect.poll(() => page.title()).toBe('(3) Atrio');

    // Back to the tab: what is on screen is read and the title follows.
    await sendToBackground(page, false);
    await page.locator('.timeline').evaluate((box) => box.scrollTo(0, box.scrollHeight));
    await expect.poll(() => page.title()).toBe('(1) Atrio');
    await shoot(page, 'notifications-title-es');
  });

  it('keeps a muted room quiet, remembers the choice, and unmutes it', async () => {
    const quiet = await roomWith(t, luis, [ana], 'Charla ruidosa');
    const loud = await roomWith(t, luis, [ana], 'Incidencias');
    const page = await anasPage();
    await page.getByRole('button', { name: /Charla ruidosa/ }).click();
    const bell = page.getByRole('button', { name: 'Silenciar avisos de esta sala' });
    await bell.click();
    const unmute = page.getByRole('button', { name: 'Volver a avisar de esta sala' });
    expect(await unmute.getAttribute('aria-pressed')).toBe('true');
    // The choice survives a reload.
    await page.reload();
    await page.locator('.connection[data-state="online"]').waitFor();
    await page.getByRole('button', { name: /Charla ruidosa/ }).click();
    await expect.poll(() => unmute.getAttribute('aria-pressed')).toBe('true');
    await shoot(page, 'room-muted-es');
    // Kept in her account: another browser of hers shows the room muted too.
    const elsewhere = await openBrowser('es-ES');
    try {
      const other = await elsewhere.context.newPage();
      await signInToChat(other, t, ana);
      await other.getByRole('button', { name: /Charla ruidosa/ }).click();
      await expect
        .poll(() =>
          other.getByRole('button', { name: 'Volver a avisar de esta sala' }).getAttribute('aria-pressed'),
        )
        .toBe('true');
    } finally {
      await elsewhere.close();
    }

    await page.getByRole('button', { name: /Incidencias/ }).click();
    await sendToBackground(page, true);
    // The muted room's mention comes first; the other room's after it proves it would have shown by then.
    await send(luisSocket, quiet.id, `@${ana.username} mira esto`);
    await send(luisSocket, loud.id, `@${ana.username} el servidor de correo no responde`);
    await expect
      .poll(async () => (await shown(page)).map((n) => n.body))
      .toContain(`@${ana.username} el servidor de correo no responde`);
    expect((await shown(page)).map((n) => n.body)).not.toContain(`@${ana.username} mira esto`);
    // Muted, but still counted: the sidebar keeps the unread and mention badges.
    const quietLink = page.getByRole('button', { name: /Charla ruidosa/ });
    await expect.poll(() => quietLink.locator('.mention-badge').textContent()).toBe('@1');

    await sendToBackground(page, false);
    await quietLink.click();
    await unmute.click();
    await expect
      .poll(() =>
        page.getByRole('button', { name: 'Silenciar avisos de esta sala' }).getAttribute('aria-pressed'),
      )
      .toBe('false');
    await page.getByRole('button', { name: /Incidencias/ }).click();
    await sendToBackground(page, true);
    await send(luisSocket, quiet.id, `@${ana.username} ahora sí`);
    await expect
      .poll(async () => (await shown(page)).map((n) => n.body))
      .toContain(`@${ana.username} ahora sí`);
  });
});
