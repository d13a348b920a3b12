import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { api, newUser, type TestUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { bodies, composer, DESKTOP, PHONE, roomWith, shoot, signInToChat } from './helpers.js';

let t: TestServer;
let ana: TestUser;
let luis: TestUser;
let browserEs: Browser;
let browserEn: Browser;
beforeAll(async () => {
  t = await startTestServer();
  [ana, luis] = [await newUser(t), await newUser(t)];
  // Real-looking names for the screenshots the README shows.
  await api(t, ana.token, 'PUT', '/api/auth/me', { displayName: 'Ana Ruiz' });
  await api(t, luis.token, 'PUT', '/api/auth/me', { displayName: 'Luis Gómez' });
  browserEs = await openBrowser('es-ES');
  browserEn = await openBrowser('en-GB');
});
afterAll(async () => {
  await browserEs?.close();
  await browserEn?.close();
  await t?.close();
});

describe('two people chatting in two browsers', () => {
  it('delivers messages live both ways, with typing, ticks and markdown', async () => {
    const room = await roomWith(t, ana, [luis], 'Proyecto Atlas');
    const anaPage = await browserEs.context.newPage();
    await anaPage.setViewportSize(DESKTOP);
    const luisPage = await browserEn.context.newPage();
    await luisPage.setViewportSize(DESKTOP);
    await signInToChat(anaPage, t, ana, 'es');
    await signInToChat(luisPage, t, luis, 'en');
    await anaPage.getByRole('button', { name: /Proyecto Atlas/ }).click();
    await luisPage.getByRole('button', { name: /Proyecto Atlas/ }).click();

    await composer(anaPage).fill('Hola **Luis**, ¿revisas el _informe_? https://intranet.local/informe');
    await expect.poll(() => luisPage.locator('.typing-line').textContent()).toContain('is typing');
    await composer(anaPage).press('Enter');
    await expect.poll(() => bodies(luisPage).last().innerHTML()).toContain('<strong>Luis</strong>');
    expect(await bodies(luisPage).last().locator('a').getAttribute('href')).toBe(
      'https://intranet.local/informe',
    );

    await composer(luisPage).fill('Yes, @' + ana.username + ' — on it');
    await luisPage.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => bodies(anaPage).last().textContent()).toBe(`Yes, @${ana.username} — on it`);
    // Ana's own message shows as read once Luis has seen it.
    await expect
      .poll(() => anaPage.locator('.message.mine .tick').last().getAttribute('class'))
      .toContain('tick-read');

    const roomId = room.id;
    expect(roomId).toBeGreaterThan(0);
    await shoot(anaPage, 'chat-desktop-es');
    await shoot(luisPage, 'chat-desktop-en');
    await anaPage.setViewportSize(PHONE);
    await shoot(anaPage, 'chat-phone-es');
    await anaPage.getByRole('button', { name: 'Salas y conversaciones' }).click();
    await shoot(anaPage, 'sidebar-phone-es');
    await luisPage.setViewportSize(PHONE);
    await shoot(luisPage, 'chat-phone-en');
  });

  it('edits, deletes, replies to and reacts to messages, and the other side sees each change live', async () => {
    await roomWith(t, ana, [luis], 'Acciones');
    const anaPage = await browserEs.context.newPage();
    const luisPage = await browserEn.context.newPage();
    await anaPage.setViewportSize(DESKTOP);
    await luisPage.setViewportSize(DESKTOP);
    await anaPage.goto(`${t.baseUrl}/`);
    await luisPage.goto(`${t.baseUrl}/`);
    await anaPage.getByRole('button', { name: /Acciones/ }).click();
    await luisPage.getByRole('button', { name: /Acciones/ }).click();

    await composer(anaPage).fill('Reunión a las 10');
    await composer(anaPage).press('Enter');
    await expect.poll(() => bodies(luisPage).last().textContent()).toBe('Reunión a las 10');

    // Edit: the up arrow in an empty composer picks the last own message.
    await composer(anaPage).press('ArrowUp');
    await expect.poll(() => composer(anaPage).inputValue()).toBe('Reunión a las 10');
    await composer(anaPage).fill('Reunión a las 11');
    await composer(anaPage).press('Enter');
    await expect.poll(() => bodies(luisPage).last().textContent()).toBe('Reunión a las 11');
    await expect.poll(() => luisPage.locator('.message').last().textContent()).toContain('(edited)');

    // Reply and react from the message's toolbar.
    const original = luisPage.locator('.message', { hasText: 'Reunión a las 11' }).first();
    await original.hover();
    await original.getByRole('button', { name: 'Reply' }).click();
    await composer(luisPage).fill('Allí estaré');
    await composer(luisPage).press('Enter');
    await expect
      .poll(() =>
        anaPage.locator('.message', { hasText: 'Allí estaré' }).locator('.reply-quote').textContent(),
      )
      .toContain('Reunión a las 11');
    await original.hover();
    await original.getByRole('button', { name: 'React', exact: true }).click();
    await luisPage.getByRole('button', { name: 'React 👍' }).click();
    await expect
      .poll(() =>
        anaPage.locator('.message', { hasText: 'Reunión a las 11' }).locator('.reaction').textContent(),
      )
      .toBe('👍 1');

    // Delete: the message stays as a tombstone for both.
    const mine = anaPage.locator('.message', { hasText: 'Reunión a las 11' }).first();
    anaPage.once('dialog', (dialog) => void dialog.accept());
    await mine.hover();
    await mine.getByRole('button', { name: 'Eliminar' }).click();
    await expect
      .poll(() => luisPage.locator('.message-body', { hasText: 'Message deleted' }).count())
      .toBe(1);
    expect(await luisPage.locator('.message .text', { hasText: 'Reunión a las 11' }).count()).toBe(0);
    // The reply says what it answered is gone, without quoting it.
    expect(await luisPage.locator('.reply-quote').textContent()).toContain('Message deleted');
    await shoot(luisPage, 'message-actions-en');
  });
});
