/// <reference lib="dom" />
// Code inside page.evaluate runs in the browser.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { adminToken, api, newUser, type TestUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import {
  bodies,
  composer,
  DESKTOP,
  PHONE,
  roomWith,
  seriousViolations,
  shoot,
  signInToChat,
} from './helpers.js';

let t: TestServer;
let ana: TestUser;
let luis: TestUser;
let eva: TestUser;
const browsers: Browser[] = [];
beforeAll(async () => {
  t = await startTestServer();
  const admin = await adminToken(t);
  const named = async (displayName: string) => {
    const user = await newUser(t);
    const changed = await api(t, admin, 'PUT', `/api/admin/users/${user.id}`, { displayName });
    if (changed.status !== 200) throw new Error(changed.text);
    return user;
  };
  [ana, luis, eva] = [await named('Ana Ruiz'), await named('Luis Gómez'), await named('Eva Prieto')];
});
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});
afterAll(async () => {
  await t?.close();
});

async function page(language: 'es-ES' | 'en-GB' = 'es-ES'): Promise<Page> {
  const browser = await openBrowser(language);
  browsers.push(browser);
  const opened = await browser.context.newPage();
  await opened.setViewportSize(DESKTOP);
  return opened;
}

const sidebar = (p: Page) => p.locator('.sidebar');

describe('rooms and conversations in a real browser', () => {
  it('starts a direct conversation from the people directory, with the other person’s presence dot', async () => {
    // Ana and Luis share no room: the directory finds him anyway.
    const p = await page();
    await signInToChat(p, t, ana);
    const q = await page();
    await signInToChat(q, t, luis);
    await p.getByRole('button', { name: 'Nueva conversación' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('searchbox').fill('gómez');
    const row = dialog.locator('.pick-list li', { hasText: 'Luis Gómez' });
    await expect.poll(() => row.getByRole('img').getAttribute('aria-label')).toBe('En línea');
    await expect.poll(() => dialog.locator('.pick-list li').count()).toBe(1);
    await shoot(p, 'new-direct-es');
    expect(await seriousViolations(p)).toEqual([]);
    await p.setViewportSize(PHONE);
    await shoot(p, 'new-direct-phone-es');
    await p.setViewportSize(DESKTOP);
    await row.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Empezar conversación' }).click();
    await expect.poll(() => p.locator('#room-title').textContent()).toBe('Luis Gómez');
    await expect
      .poll(() => p.locator('#room-title').getByRole('img').getAttribute('aria-label'))
      .toBe('En línea');
    await composer(p).fill('Hola Luis, ¿tienes un minuto?');
    await composer(p).press('Enter');

    // Luis sees the new conversation appear, named after Ana, and the message in it.
    const fromAna = sidebar(q).getByRole('button', { name: /Ana Ruiz/ });
    await expect.poll(() => fromAna.locator('.badge').textContent()).toBe('1');
    await expect.poll(() => fromAna.getByRole('img').getAttribute('aria-label')).toBe('En línea');
    await fromAna.click();
    await expect.poll(() => bodies(q).last().textContent()).toBe('Hola Luis, ¿tienes un minuto?');

    // When Ana closes her browser, Luis sees her dot go offline.
    await browsers[0]!.close();
    browsers.shift();
    await expect.poll(() => fromAna.getByRole('img').getAttribute('aria-label')).toBe('Desconectado');
    await expect
      .poll(() => q.locator('#room-title').getByRole('img').getAttribute('aria-label'))
      .toBe('Desconectado');
    await shoot(q, 'direct-presence-es');
  });

  it('starts a group conversation with two people, named after both', async () => {
    const p = await page('en-GB');
    await signInToChat(p, t, eva, 'en');
    await p.getByRole('button', { name: 'New conversation' }).click();
    const dialog = p.getByRole('dialog');
    const search = dialog.getByRole('searchbox');
    await search.fill('ana ruiz');
    await dialog.locator('.pick-list li', { hasText: 'Ana Ruiz' }).getByRole('checkbox').check();
    // The first choice stays listed while searching for the second.
    await search.fill('luis');
    await expect.poll(() => dialog.locator('.pick-list li', { hasText: 'Luis Gómez' }).count()).toBe(1);
    expect(
      await dialog.locator('.pick-list li', { hasText: 'Ana Ruiz' }).getByRole('checkbox').isChecked(),
    ).toBe(true);
    await dialog.locator('.pick-list li', { hasText: 'Luis Gómez' }).getByRole('checkbox').check();
    await shoot(p, 'new-group-direct-en');
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    await expect
      .poll(() => p.locator('#room-title').textContent())
      .toMatch(/^(Ana Ruiz, Luis Gómez|Luis Gómez, Ana Ruiz)$/);
    await composer(p).fill('Reunión de los tres a las 12');
    await composer(p).press('Enter');
    await expect.poll(() => bodies(p).last().textContent()).toBe('Reunión de los tres a las 12');
    // Luis has it too, named after the two others.
    const q = await page();
    await signInToChat(q, t, luis);
    const group = sidebar(q).getByRole('button', { name: /Ana Ruiz, Eva Prieto|Eva Prieto, Ana Ruiz/ });
    await expect.poll(() => group.count()).toBe(1);
    await group.click();
    await expect.poll(() => bodies(q).last().textContent()).toBe('Reunión de los tres a las 12');
  });

  it('creates a room, shows its information and members, and leaves it', async () => {
    const p = await page();
    await signInToChat(p, t, ana);
    await p.getByRole('button', { name: 'Crear sala' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('Nombre').fill('Mantenimiento');
    await dialog.getByLabel('Descripción').fill('Avisos de averías y reparaciones');
    await dialog.getByLabel('Privada: solo por invitación').check();
    await shoot(p, 'create-room-es');
    expect(await seriousViolations(p)).toEqual([]);
    await dialog.getByRole('button', { name: 'Crear' }).click();
    await expect.poll(() => p.locator('#room-title').textContent()).toContain('Mantenimiento');
    const created = (await api(t, ana.token, 'GET', '/api/rooms?joined=true')).json<
      Array<{ id: number; name: string; visibility: string }>
    >();
    const room = created.find((r) => r.name === 'Mantenimiento')!;
    expect(room.visibility).toBe('private');
    // Luis is invited; the member count follows.
    expect(
      (await api(t, ana.token, 'POST', `/api/rooms/${room.id}/members`, { userId: luis.id })).status,
    ).toBe(204);
    const q = await page();
    await signInToChat(q, t, luis);
    await sidebar(q)
      .getByRole('button', { name: /Mantenimiento/ })
      .click();
    await q.getByRole('button', { name: '2 miembros' }).click();
    const info = q.getByRole('dialog');
    await expect.poll(() => info.locator('.pick-list li').count()).toBe(2);
    expect(await info.textContent()).toContain('Avisos de averías y reparaciones');
    const anaRow = info.locator('.pick-list li', { hasText: 'Ana Ruiz' });
    expect(await anaRow.textContent()).toContain('Propietario');
    await expect.poll(() => anaRow.getByRole('img').getAttribute('aria-label')).toBe('En línea');
    await shoot(q, 'room-info-es');
    expect(await seriousViolations(q)).toEqual([]);
    await q.setViewportSize(PHONE);
    await shoot(q, 'room-info-phone-es');
    await q.setViewportSize(DESKTOP);
    await info.getByRole('button', { name: 'Cerrar' }).click();

    // Luis leaves: the room goes from his sidebar, and Ana's member count drops back.
    q.once('dialog', (confirm) => void confirm.accept());
    await q.getByRole('button', { name: 'Salir de la sala' }).click();
    await expect
      .poll(() =>
        sidebar(q)
          .getByRole('button', { name: /Mantenimiento/ })
          .count(),
      )
      .toBe(0);
    await expect.poll(() => p.getByRole('button', { name: '1 miembro' }).count()).toBe(1);
    const his = (await api(t, luis.token, 'GET', '/api/rooms?joined=true')).json<Array<{ id: number }>>();
    expect(his.map((r) => r.id)).not.toContain(room.id);
  });

  it('works by keyboard alone: a new room, a new conversation, and Escape to close a dialog', async () => {
    await roomWith(t, ana, [], 'Teclado salas');
    const p = await page();
    await signInToChat(p, t, ana);
    await p.getByRole('button', { name: 'Crear sala' }).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await p.keyboard.type('Sala por teclado');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator('#room-title').textContent()).toContain('Sala por teclado');
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await p.getByRole('button', { name: 'Nueva conversación' }).focus();
    await p.keyboard.press('Enter');
    await p.getByRole('dialog').waitFor();
    await p.keyboard.press('Escape');
    await expect.poll(() => p.getByRole('dialog').count()).toBe(0);
    // Escape gives the keyboard back to the button that opened the dialog, not to the page.
    await expect
      .poll(() => p.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Nueva conversación');
    // The directory by keyboard: type a name, Tab to the person, Space, Tab to the button, Enter.
    await p.getByRole('button', { name: 'Nueva conversación' }).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe('direct-filter');
    await p.keyboard.type('prieto');
    await p.getByRole('dialog').locator('.pick-list li', { hasText: 'Eva Prieto' }).waitFor();
    await p.keyboard.press('Tab');
    await p.keyboard.press('Space');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    await expect
      .poll(() => p.evaluate(() => document.activeElement?.textContent))
      .toBe('Empezar conversación');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator('#room-title').textContent()).toBe('Eva Prieto');
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  });
});
