/// <reference lib="dom" />
// Code inside page.evaluate runs in the browser.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { adminToken, api, newUser, type TestUser } from '../../api/test/factories.js';
import { startTestServer, type TestServer } from '../../api/test/harness.js';
import { totpAt } from '../../api/test/totp.js';
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

async function page(language: 'es-ES' | 'en-GB' = 'es-ES'): Promise<Page> {
  browser = await openBrowser(language);
  const opened = await browser.context.newPage();
  await opened.setViewportSize(DESKTOP);
  return opened;
}

describe('everyday features in a real browser', () => {
  it('sends with the keyboard alone: Ctrl+K to the room, type, Enter', async () => {
    const room = await roomWith(t, ana, [luis], 'Teclado');
    await roomWith(t, ana, [], 'Alfa inicial');
    const p = await page();
    await signInToChat(p, t, ana);
    await p.keyboard.press('Control+k');
    await expect
      .poll(() => p.evaluate(() => document.activeElement?.getAttribute('aria-controls')))
      .toBe('switcher-list');
    await p.keyboard.type('tecla');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator('#room-title').textContent()).toContain('Teclado');
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await p.keyboard.type('Enviado sin ratón');
    await p.keyboard.press('Enter');
    await expect.poll(() => bodies(p).last().textContent()).toBe('Enviado sin ratón');
    // Alt+↑ goes back to the previous room in the sidebar.
    await p.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => p.locator('#room-title').textContent()).toContain('Alfa inicial');
    // Ctrl+K to the room already open still lands in the composer, not on the page body.
    await p.keyboard.press('Control+k');
    await p.keyboard.type('alfa');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    expect(room.id).toBeGreaterThan(0);
  });

  it('autocompletes commands and mentions, and shows a command’s answer in place', async () => {
    await roomWith(t, ana, [luis], 'Comandos');
    const p = await page();
    await signInToChat(p, t, ana);
    await p.getByRole('button', { name: /Comandos/ }).click();
    await composer(p).fill('/he');
    const options = p.getByRole('option');
    await expect.poll(() => options.first().textContent()).toContain('/help');
    // Described in the reader's language, not the server's English.
    expect(await options.first().textContent()).toContain('Lista los comandos que puedes usar');
    await shoot(p, 'command-autocomplete-es');
    await composer(p).press('Tab');
    expect(await composer(p).inputValue()).toBe('/help ');
    await composer(p).press('Enter');
    await expect.poll(() => p.locator('.local-notice').last().textContent()).toContain('/me <action>');

    await composer(p).fill(`hola @${luis.username.slice(0, 7)}`);
    await expect.poll(() => options.first().textContent()).toContain(`@${luis.username}`);
    await composer(p).press('Enter');
    expect(await composer(p).inputValue()).toBe(`hola @${luis.username} `);
    await composer(p).press('Enter');
    await expect.poll(() => bodies(p).last().textContent()).toBe(`hola @${luis.username}`);

    await composer(p).fill('/nosuchcommand');
    await composer(p).press('Enter');
    await expect
      .poll(() => p.locator('.local-notice.error').last().textContent())
      .toContain('/nosuchcommand');
  });

  it('searches across rooms and jumps to the message in context; reports a message', async () => {
    const room = await roomWith(t, luis, [ana], 'Búsquedas');
    const socketUser = await import('../../api/test/chat-client.js');
    const s = await socketUser.connectAs(t, luis.token);
    await socketUser.send(s, room.id, 'El presupuesto de mantenimiento está aprobado');
    for (let i = 0; i < 15; i++) await socketUser.send(s, room.id, `relleno ${i}`);
    s.close();
    const p = await page();
    await signInToChat(p, t, ana);
    await p.getByRole('button', { name: 'Buscar mensajes' }).click();
    await p.getByRole('searchbox').fill('presupuesto');
    await p.getByRole('button', { name: 'Buscar', exact: true }).click();
    const hit = p.locator('.search-hit').first();
    await expect.poll(() => hit.textContent()).toContain('presupuesto');
    expect(await hit.locator('mark').textContent()).toBe('presupuesto');
    await shoot(p, 'search-es');
    await hit.click();
    const found = p.locator('.message.highlighted');
    await expect.poll(() => found.textContent()).toContain('El presupuesto de mantenimiento está aprobado');
    await expect.poll(() => found.isVisible()).toBe(true);

    p.once('dialog', (dialog) => void dialog.accept('Información interna fuera de lugar'));
    await found.hover();
    await found.getByRole('button', { name: 'Denunciar' }).click();
    await expect
      .poll(() => found.getByRole('status').textContent())
      .toBe('Denuncia enviada a los moderadores.');
    const admin = await adminToken(t);
    const reports = await api(t, admin, 'GET', '/api/admin/reports');
    expect(reports.json<Array<{ reason: string }>>().map((r) => r.reason)).toContain(
      'Información interna fuera de lugar',
    );
  });

  it('switches language, keeps the choice in the user’s settings, and has no serious accessibility problems', async () => {
    await roomWith(t, ana, [luis], 'Idiomas');
    const p = await page('es-ES');
    await p.goto(`${t.baseUrl}/`);
    await p.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await signInToChat(p, t, ana);
    await p.getByRole('button', { name: /Idiomas/ }).click();
    await composer(p).fill('Buenos días');
    await composer(p).press('Enter');
    await expect.poll(() => bodies(p).last().textContent()).toBe('Buenos días');
    expect(await seriousViolations(p)).toEqual([]);

    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByRole('dialog').waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await shoot(p, 'settings-es');
    await p.getByLabel('Idioma', { exact: true }).selectOption('en');
    await p.getByRole('heading', { name: 'Settings' }).waitFor();
    await shoot(p, 'settings-en');
    await p.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => p.getByRole('button', { name: 'Send' }).count()).toBe(1);
    await expect
      .poll(
        async () =>
          (await api(t, ana.token, 'GET', '/api/auth/me')).json<{ settings: { language: string } }>().settings
            .language,
      )
      .toBe('en');
    await shoot(p, 'chat-after-switch-en');
    await p.setViewportSize(PHONE);
    expect(await seriousViolations(p)).toEqual([]);

    // Another browser, in Spanish, follows the choice kept in the settings.
    const second = await openBrowser('es-ES');
    try {
      const q = await second.context.newPage();
      await signInToChat(q, t, ana, 'es');
      await q.getByRole('button', { name: 'Send' }).waitFor();
    } finally {
      await second.close();
    }
  }, 120_000);

  it('enrols two-step verification from the settings with the QR code, and saves security answers', async () => {
    const user = await newUser(t);
    const p = await page('es-ES');
    await signInToChat(p, t, user);
    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByRole('button', { name: 'Activar', exact: true }).click();
    const qr = p.getByRole('img', { name: 'QR' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = (await p.locator('.secret').textContent())!;
    await shoot(p, 'settings-2fa-es');
    await p.getByLabel('Código de verificación', { exact: true }).fill(await totpAt(t, secret));
    await p.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => p.locator('.recovery-codes li').count()).toBe(10);
    await p.getByRole('button', { name: 'Los he guardado' }).click();
    await expect.poll(() => p.getByText('Activada.').count()).toBe(1);

    for (const [i, answer] of ['Colegio Cervantes', 'Calle Mayor', 'Toby'].entries()) {
      await p.getByLabel(`Respuesta ${i + 1}`, { exact: true }).fill(answer);
    }
    await p.getByLabel('Tu contraseña, para confirmar').fill(user.password);
    await p.getByRole('button', { name: 'Guardar' }).last().click();
    await p.getByText('Respuestas guardadas.').waitFor();
    const mine = await api(t, user.token, 'GET', '/api/auth/security-questions');
    expect(mine.json<{ questions: string[] }>().questions).toHaveLength(3);
  });

  it('finds a public room in the directory and joins it', async () => {
    await roomWith(t, luis, [], 'Cafetería');
    // Someone new: Ana chose English in an earlier test.
    const marta = await newUser(t);
    const p = await page('es-ES');
    await signInToChat(p, t, marta);
    await p.getByRole('button', { name: 'Explorar salas' }).click();
    await p.getByRole('searchbox').fill('cafe');
    const row = p.locator('.pick-list li', { hasText: 'Cafetería' });
    await row.getByRole('button', { name: 'Unirse' }).click();
    await expect.poll(() => p.locator('#room-title').textContent()).toContain('Cafetería');
    await expect
      .poll(() =>
        p
          .locator('.sidebar')
          .getByRole('button', { name: /Cafetería/ })
          .count(),
      )
      .toBe(1);
  });
});
