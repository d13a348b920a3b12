import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { newUser, type TestUser } from '../../api/test/factories.js';
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
});
