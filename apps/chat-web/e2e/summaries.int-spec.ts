/// <reference lib="dom" />
// Code inside page.evaluate runs in the browser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { Message, Room } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageRow } from '../../api/src/messages/message.entity.js';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { FAKE_MODEL, type FakeOllama, startFakeOllama } from '../../api/test/fake-ollama.js';
import { adminToken, api, newUser, type TestUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { DESKTOP, PHONE, roomWith, shoot, signInToChat } from './helpers.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let fake: FakeOllama;
let t: TestServer;
let ana: TestUser;
let luis: TestUser;
let browser: Browser;
beforeAll(async () => {
  fake = await startFakeOllama();
  t = await startTestServer({ OLLAMA_HOST: fake.url, ATRIO_AI_MODEL: FAKE_MODEL });
  [ana, luis] = [await newUser(t), await newUser(t)];
  const limits = await api(t, await adminToken(t), 'PUT', '/api/admin/settings/ai.summaries', {
    value: {
      concurrency: 1,
      maxQueue: 20,
      silenceSeconds: 60,
      requestsPerHour: 1000,
      maxContextTokens: 8192,
    },
  });
  expect(limits.status, limits.text).toBe(200);
});
beforeEach(() => fake.reset());
afterEach(async () => {
  await browser?.close();
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function open(language: 'es-ES' | 'en-GB'): Promise<Page> {
  browser = await openBrowser(language);
  const page = await browser.context.newPage();
  await page.setViewportSize(DESKTOP);
  return page;
}

/** Stores Luis's messages straight into the database, 10 ms apart, the newest just now. */
async function history(roomId: number, bodies: string[]): Promise<Message[]> {
  const start = Date.now() - bodies.length * 10;
  await t.server.app
    .get(DataSource)
    .getRepository(MessageRow)
    .insert(
      bodies.map((body, i) => ({
        roomId,
        authorId: luis.id,
        authorName: 'Luis Gómez',
        kind: 'text' as const,
        body,
        clientMsgId: null,
        replyToId: null,
        createdAt: new Date(start + i * 10),
        editedAt: null,
        deletedAt: null,
      })),
    );
  const r = await api(t, ana.token, 'GET', `/api/rooms/${roomId}/messages?limit=200`);
  return r.json<{ messages: Message[] }>().messages.filter((m) => m.kind === 'text');
}

/** axe-core's serious and critical findings on what the page shows now. */
async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(AXE_SOURCE);
  const found = await p.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

describe('AI summaries in the chat client', () => {
  it('catches up from the unread divider: queue, streamed text, cited result, jump to a cited message', async () => {
    const room = await roomWith(t, luis, [ana], 'Compras trimestre');
    const messages = await history(
      room.id,
      Array.from({ length: 80 }, (_, i) =>
        i === 0 ? 'Hay que cerrar el pedido de portátiles antes del viernes.' : `mensaje ${i + 1}`,
      ),
    );
    const last = messages.at(-1)!;
    fake.state.mode = 'slow';
    fake.state.delayMs = 60;
    // Cites the first message the catch-up covers (the one after the divider) and the newest one.
    fake.state.respond = (request) => {
      const first = Number(/"id":(\d+)/.exec(request.messages[1]?.content ?? '')?.[1]);
      return {
        summary:
          'El equipo de compras revisó el pedido trimestral de portátiles. Se acordó cerrarlo antes del viernes y Luis se encarga de pedir los presupuestos a los proveedores habituales.',
        keyPoints: [
          { text: 'El pedido de portátiles debe cerrarse antes del viernes.', messageIds: [first] },
          { text: 'El último mensaje confirma la lista.', messageIds: [last.id] },
        ],
        decisions: [{ text: 'Cerrar el pedido esta semana.', messageIds: [first] }],
        actionItems: [{ text: 'Pedir presupuestos.', owner: luis.username, messageIds: [first, last.id] }],
      };
    };

    const page = await open('es-ES');
    await signInToChat(page, t, ana);
    // Sign-in opens her only room at the divider, and what is on screen is read meanwhile.
    await expect
      .poll(async () => (await api(t, ana.token, 'GET', `/api/rooms/${room.id}`)).json<Room>().unread)
      .toBeLessThan(80);
    await page.getByRole('button', { name: /Compras trimestre/ }).click();
    const divider = page.locator('.unread-divider');
    const firstUnread = await page.locator('.unread-divider + li').getAttribute('data-message-id');
    // All 80 are unread; choosing the room that sign-in already opened keeps the divider there.
    expect(Number(firstUnread)).toBe(messages[0]!.id);
    await divider.getByRole('button', { name: 'Ponerme al día' }).click();

    const panel = page.getByRole('region', { name: 'Resumen de la conversación' });
    await panel.locator('.summary-streaming').waitFor();
    expect(await panel.getByRole('status').textContent()).toContain('La IA está escribiendo');
    await shoot(page, 'summary-streaming-es');
    await panel.getByRole('heading', { name: 'Puntos clave' }).waitFor({ timeout: 20_000 });
    expect(await panel.locator('.summary-text').textContent()).toContain('pedido trimestral de portátiles');
    expect(await panel.getByRole('heading', { name: 'Decisiones' }).count()).toBe(1);
    expect(await panel.getByText(`Responsable: Test ${luis.username}`).count()).toBe(1);
    const unread = messages.filter((m) => m.id >= Number(firstUnread)).length;
    expect(await panel.locator('.summary-coverage').textContent()).toMatch(
      new RegExp(`^Cubre ${unread} mensajes, del `),
    );
    expect(fake.chats[0]?.messages[1]?.content).toContain(`"id":${firstUnread},`);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'summary-result-es');

    // A cited message far below the divider: the timeline goes there and highlights it.
    const keyPoint = panel.locator('li', { hasText: 'El último mensaje confirma la lista.' });
    await keyPoint.getByRole('button', { name: 'Ir al mensaje 1' }).click();
    const cited = page.locator(`.timeline .message[data-message-id="${last.id}"]`);
    await expect.poll(() => cited.getAttribute('class')).toContain('highlighted');
    await expect.poll(() => cited.isVisible()).toBe(true);

    await page.setViewportSize(PHONE);
    await page.getByRole('region', { name: 'Resumen de la conversación' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'summary-result-es-phone');
    // The choice of what to summarise, and the automatic summaries, on a phone.
    await page.getByRole('button', { name: 'Cerrar el resumen' }).click();
    expect(await page.getByRole('region', { name: 'Resumen de la conversación' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Resumir' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resumir Compras trimestre' });
    await dialog.getByText('Resumen diario de esta sala para todos sus miembros').waitFor();
    expect(
      await dialog.getByText('Solo los propietarios de la sala pueden cambiar el resumen diario.').count(),
    ).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'summarise-dialog-es-phone');
    // An earlier summary, kept by the server, opens again from the list.
    const recent = dialog.getByRole('button', { name: /^Resumen de la conversación · / });
    expect(await recent.count()).toBe(1);
    await recent.click();
    await page
      .getByRole('region', { name: 'Resumen de la conversación' })
      .getByRole('heading', { name: 'Puntos clave' })
      .waitFor();
  }, 90_000);

  it('offers the extractive summary, labelled not AI, when the AI is unavailable (keyboard only)', async () => {
    const room = await roomWith(t, ana, [luis], 'Operations');
    await history(room.id, [
      'The backup server disk is almost full.',
      '@' + ana.username + ' can you order two new disks for the backup server?',
      'Who approves the purchase of the disks for the warehouse backup?',
    ]);
    fake.state.models = ['another-model:7b']; // the configured model is not pulled
    const page = await open('en-GB');
    await signInToChat(page, t, ana, 'en');
    await page.getByRole('button', { name: /Operations/ }).click();
    await page.getByRole('button', { name: 'Summarise' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Summarise Operations' });
    // The keyboard starts on the option already chosen, not on the group's first radio.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el?.type === 'radio' && el.checked;
        }),
      )
      .toBe(true);
    await dialog.getByRole('radio', { name: 'The latest messages' }).focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('spinbutton', { name: 'How many' }).fill('50');
    await page.keyboard.press('Enter');

    const panel = page.getByRole('region', { name: 'Conversation summary' });
    await panel.getByText('The AI does not have the configured model installed.', { exact: false }).waitFor();
    await shoot(page, 'summary-ai-down-en');
    const offer = panel.getByRole('button', { name: 'See an extract without AI' });
    await offer.focus();
    await page.keyboard.press('Enter');
    const extract = page.getByRole('region', { name: 'Automatic extract: not AI' });
    await extract.locator('.summary-label-extractive').waitFor();
    expect(await extract.locator('.summary-label-extractive').textContent()).toContain(
      'Not written by the AI: of 3 messages by 1 person,',
    );
    expect(await extract.getByRole('heading', { name: 'Unanswered questions' }).count()).toBe(1);
    expect(await extract.getByText('Owner: Test ' + ana.username).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'summary-extractive-en');
    await page.setViewportSize(PHONE);
    await shoot(page, 'summary-extractive-en-phone');
  }, 90_000);

  it('shows the place in the queue and stops a job with Stop', async () => {
    const room = await roomWith(t, ana, [luis], 'Queue room');
    await history(room.id, ['one thing', 'another thing']);
    fake.state.mode = 'silent'; // Luis's job holds the only slot
    const blocking = await api(t, luis.token, 'POST', `/api/rooms/${room.id}/summaries`, {});
    expect(blocking.status).toBe(202);
    const page = await open('en-GB');
    await signInToChat(page, t, ana, 'en');
    await page.getByRole('button', { name: /Queue room/ }).click();
    await page.getByRole('button', { name: 'Summarise' }).click();
    const dialog = page.getByRole('dialog', { name: 'Summarise Queue room' });
    // Ana owns the room: she may set its daily summary.
    await dialog.getByRole('checkbox', { name: 'Daily summary of this room for all its members' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await dialog.getByText(/^Next: /).count()).toBe(1);
    await dialog.getByRole('combobox', { name: /Prepare a summary when I come back/ }).selectOption('20');
    await expect
      .poll(
        async () =>
          (await api(t, ana.token, 'GET', '/api/auth/me')).json<{ settings: { summaries?: unknown } }>()
            .settings.summaries,
      )
      .toEqual({ catchUpAfterUnread: 20 });
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'summarise-dialog-en');
    await dialog.getByRole('radio', { name: 'A time range' }).check();
    await dialog.getByRole('button', { name: 'Summarise' }).click();
    const panel = page.getByRole('region', { name: 'Conversation summary' });
    await panel.getByText('Queued: you are next.').waitFor();
    await shoot(page, 'summary-queued-en');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await panel.getByText('Summary stopped.').waitFor();
    const jobId = blocking.json<{ jobId: string }>().jobId;
    expect((await api(t, luis.token, 'DELETE', `/api/summaries/${jobId}`)).status).toBe(204);

    // `/summary` typed in the composer shows in the same panel.
    fake.state.mode = 'ok';
    await panel.getByRole('button', { name: 'Close the summary' }).click();
    await page.locator('.composer textarea').fill('/summary 2');
    await page.keyboard.press('Enter');
    await panel.getByRole('heading', { name: 'Key points' }).waitFor();
    expect(await panel.locator('.summary-coverage').textContent()).toMatch(/^Covers 2 messages, from /);
  }, 90_000);
});
