/// <reference lib="dom" />
// Code inside page.evaluate runs in the browser.
import type { Message } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageRow } from '../../api/src/messages/message.entity.js';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { api, newUser, type TestUser } from '../../api/test/factories.js';
import { connectAs, emit } from '../../api/test/chat-client.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { DESKTOP, PHONE, roomWith, shoot, signInToChat } from './helpers.js';

let t: TestServer;
let ana: TestUser;
let luis: TestUser;
let browser: Browser;
beforeAll(async () => {
  t = await startTestServer();
  [ana, luis] = [await newUser(t), await newUser(t)];
});
afterEach(async () => {
  await browser?.close();
});
afterAll(async () => {
  await t?.close();
});

/** Stores `count` messages from Luis straight into the database (the socket's rate limit would take minutes). */
async function history(roomId: number, count: number, text = (i: number) => `mensaje ${i}`): Promise<void> {
  const repository = t.server.app.get(DataSource).getRepository(MessageRow);
  const start = Date.now() - count * 1000;
  for (let first = 1; first <= count; first += 500) {
    const rows = [];
    for (let i = first; i < Math.min(first + 500, count + 1); i++) {
      rows.push({
        roomId,
        authorId: luis.id,
        authorName: 'Luis Gómez',
        kind: 'text' as const,
        body: text(i),
        clientMsgId: null,
        replyToId: null,
        createdAt: new Date(start + i * 1000),
        editedAt: null,
        deletedAt: null,
      });
    }
    await repository.insert(rows);
  }
}

describe('read state', () => {
  it('opens a room at the first unread message with a divider, and marks as unread on request', async () => {
    const room = await roomWith(t, ana, [luis], 'Zeta avisos');
    const other = await roomWith(t, ana, [], 'Alfa');
    await history(room.id, 80);
    browser = await openBrowser('es-ES');
    const page = await browser.context.newPage();
    await signInToChat(page, t, ana);
    const avisos = page.getByRole('button', { name: /Zeta avisos/ });
    await expect.poll(() => avisos.textContent()).toContain('80');
    // The tab title carries the unread count, for a tab in the background.
    await expect.poll(() => page.title()).toBe('(80) Atrio');
    await avisos.click();

    const divider = page.locator('.unread-divider');
    await divider.waitFor();
    // The divider's label; the AI "catch me up" button sits beside it.
    expect(await divider.locator('span').first().textContent()).toBe('Mensajes nuevos');
    expect(await divider.getByRole('button', { name: 'Ponerme al día' }).count()).toBe(1);
    // The first unread message is right after the divider, on screen.
    const first = page.locator('.unread-divider + li .text');
    expect(await first.textContent()).toBe('mensaje 1');
    await expect.poll(() => first.isVisible()).toBe(true);
    await shoot(page, 'first-unread-es');

    // Scrolling down through everything reads it: the count on the server goes to zero.
    // Scroll down like a reader until the newest message is at the bottom of the window.
    await expect
      .poll(() =>
        page.locator('.timeline').evaluate((box) => {
          const done =
            !document.querySelector('.jump-latest') &&
            box.scrollHeight - box.scrollTop - box.clientHeight < 2;
          box.scrollTo(0, box.scrollHeight);
          return done;
        }),
      )
      .toBe(true);
    await page.locator('.timeline .text', { hasText: 'mensaje 80' }).waitFor();
    await page.getByRole('button', { name: /Alfa/ }).click();
    await expect.poll(() => avisos.locator('.badge').count()).toBe(0);

    // Mark as unread from message 75: six messages count again, the divider moves there.
    await avisos.click();
    const target = page.locator('.message', { hasText: 'mensaje 75' });
    await target.hover();
    await target.getByRole('button', { name: 'Marcar como no leído' }).click();
    await page.getByRole('button', { name: /Alfa/ }).click();
    await expect.poll(() => avisos.locator('.badge').textContent()).toBe('6');
    // The server keeps it: another tab of hers shows it, and so does this one after a reload.
    const otherTab = await browser.context.newPage();
    await otherTab.goto(`${t.baseUrl}/`);
    const avisosThere = otherTab.getByRole('button', { name: /Zeta avisos/ });
    await expect.poll(() => avisosThere.locator('.badge').textContent()).toBe('6');
    await otherTab.close();
    await page.reload();
    await expect.poll(() => avisos.locator('.badge').textContent()).toBe('6');
    await avisos.click();
    await expect.poll(() => page.locator('.unread-divider + li .text').textContent()).toBe('mensaje 75');
    expect(other.id).toBeGreaterThan(room.id);
  });

  it('shows 99+ for a room 100 or more messages behind, in the sidebar and the quick switcher', async () => {
    const room = await roomWith(t, ana, [luis], 'Vuelta de vacaciones');
    await history(room.id, 150);
    browser = await openBrowser('es-ES');
    const page = await browser.context.newPage();
    await signInToChat(page, t, ana);
    // The server counts up to 100 (UNREAD_COUNT_LIMIT): more reads as 99+, to the eye and to a screen reader.
    const badge = page.getByRole('button', { name: /Vuelta de vacaciones/ }).locator('.badge');
    await expect.poll(() => badge.textContent()).toBe('99+');
    expect(await badge.getAttribute('aria-label')).toBe('99+ sin leer');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('vuelta');
    const option = page.getByRole('option', { name: /Vuelta de vacaciones/ });
    await expect.poll(() => option.locator('.badge').textContent()).toBe('99+');
    await shoot(page, 'unread-99-plus-es');
    await page.keyboard.press('Escape');
    // On a phone the room list is a drawer: the badge reads the same there.
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Salas y conversaciones' }).click();
    await expect.poll(() => badge.textContent()).toBe('99+');
    expect(await badge.isVisible()).toBe(true);
    await shoot(page, 'unread-99-plus-phone-es');
  });

  it('reads 99+ unread in English too, at desktop and phone width', async () => {
    const room = await roomWith(t, ana, [luis], 'Back from holidays');
    await history(room.id, 120);
    browser = await openBrowser('en-US');
    const page = await browser.context.newPage();
    await page.setViewportSize(DESKTOP);
    await signInToChat(page, t, ana, 'en');
    const badge = page.getByRole('button', { name: /Back from holidays/ }).locator('.badge');
    await expect.poll(() => badge.textContent()).toBe('99+');
    expect(await badge.getAttribute('aria-label')).toBe('99+ unread');
    await shoot(page, 'unread-99-plus-en');
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Rooms and conversations' }).click();
    await expect.poll(() => badge.textContent()).toBe('99+');
    expect(await badge.isVisible()).toBe(true);
    await shoot(page, 'unread-99-plus-phone-en');
    // Opening it starts at the first of the 120 unread (after the read watermark), not at the 100th
    // from the end that the capped count alone would give.
    await page.getByRole('button', { name: /Back from holidays/ }).click();
    await expect.poll(() => page.locator('.unread-divider + li .text').textContent()).toBe('mensaje 1');
    await shoot(page, 'unread-99-plus-opened-phone-en');
  });

  it('follows “mark as unread” from another open tab, and restores mention badges after a reload', async () => {
    const room = await roomWith(t, luis, [ana], 'Menciones');
    await roomWith(t, ana, [], 'Aaa portada');
    browser = await openBrowser('es-ES');
    const page = await browser.context.newPage();
    await signInToChat(page, t, ana);
    const luisSocket = await connectAs(t, luis.token);
    const sent: Message[] = [];
    for (const body of [
      `@${ana.username} ¿puedes revisar el turno?`,
      'gracias',
      '@room reunión a las cinco',
    ]) {
      const answer = await emit(luisSocket, 'message:send', {
        roomId: room.id,
        body,
        clientMsgId: `m-${Math.random()}`,
      });
      if (answer.ok && answer.message) sent.push(answer.message);
    }
    luisSocket.close();
    const menciones = page.getByRole('button', { name: /Menciones/ });
    await expect.poll(() => menciones.locator('.mention-badge').textContent()).toBe('@2');
    await page.reload();
    await expect.poll(() => menciones.locator('.mention-badge').textContent()).toBe('@2');
    await shoot(page, 'mention-badges-es');

    // Read it all in this tab, then mark as unread in a second tab: the first follows.
    await menciones.click();
    await page.locator('.timeline .text', { hasText: 'reunión a las cinco' }).waitFor();
    await page.getByRole('button', { name: /Aaa portada/ }).click();
    await expect.poll(() => menciones.locator('.badge').count()).toBe(0);
    const second = await browser.context.newPage();
    await second.goto(`${t.baseUrl}/`);
    await second.getByRole('button', { name: /Menciones/ }).click();
    const target = second.locator('.message', { hasText: 'gracias' });
    await target.hover();
    await target.getByRole('button', { name: 'Marcar como no leído' }).click();
    await expect.poll(() => menciones.locator('.badge:not(.mention-badge)').textContent()).toBe('2');
    await expect.poll(() => menciones.locator('.mention-badge').textContent()).toBe('@1');
    expect(sent).toHaveLength(3);
  });

  it('keeps a bounded window of messages in the page while scrolling back through 10 000', async () => {
    const room = await roomWith(t, luis, [ana], 'Histórico');
    await history(room.id, 10_000);
    // Ana has read it all, so the room opens at the newest message and she scrolls back.
    const socket = await connectAs(t, ana.token);
    const last = await api(t, ana.token, 'GET', `/api/rooms/${room.id}/messages?limit=1`);
    const [newest] = last.json<{ messages: Message[] }>().messages;
    expect((await emit(socket, 'message:read', { roomId: room.id, messageId: newest!.id })).ok).toBe(true);
    socket.close();
    browser = await openBrowser('es-ES');
    const page = await browser.context.newPage();
    await signInToChat(page, t, ana);
    await page.getByRole('button', { name: /Histórico/ }).click();
    const timeline = page.locator('.timeline');
    await page.locator('.timeline .text', { hasText: 'mensaje 10000' }).waitFor();
    expect(await page.locator('.unread-divider').count()).toBe(0);
    await timeline.evaluate((box) => box.scrollTo(0, box.scrollHeight));
    let most = 0;
    const started = Date.now();
    while (!(await page.getByText('Este es el principio de la conversación.').isVisible())) {
      const before = await page
        .locator('.timeline [data-message-id]')
        .first()
        .getAttribute('data-message-id');
      await timeline.evaluate((box) => box.scrollTo(0, 0));
      await expect
        .poll(async () => {
          const now = await page
            .locator('.timeline [data-message-id]')
            .first()
            .getAttribute('data-message-id');
          return (
            now !== before || (await page.getByText('Este es el principio de la conversación.').isVisible())
          );
        })
        .toBe(true);
      most = Math.max(most, await page.locator('.timeline [data-message-id]').count());
      expect(Date.now() - started).toBeLessThan(170_000);
    }
    expect(await page.locator('.timeline .text').first().textContent()).toBe('mensaje 1');
    const heap = await page.evaluate(
      () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    );
    console.log(
      `10 000-message room scrolled to its start: at most ${most} message nodes, JS heap ${(heap / 1048576).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(most).toBeLessThan(400);
    await shoot(page, 'history-start-es');
  }, 200_000);
});
