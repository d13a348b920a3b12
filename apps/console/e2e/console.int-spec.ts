import type {
  AdminUser,
  BackupManifest,
  Message,
  Role,
  Room,
  RoutineRun,
  TwoFactorSetup,
} from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from 'pino';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { LOGGER } from '../../api/src/logging/logger.token.js';
import { connectAs, next, send } from '../../api/test/chat-client.js';
import { adminToken, api, login, newUser } from '../../api/test/factories.js';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../api/test/harness.js';
import { PERMISSIVE_THRESHOLDS, setSetting } from '../../api/test/routines.js';
import { totpAt } from '../../api/test/totp.js';
import { seriousViolations, settled, shoot, signIn } from './console-page.js';

let t: TestServer;
let browser: Browser;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
  browser = await openBrowser('es-ES');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('console in a real browser (es)', () => {
  it('refuses the console to a member with a clear page', async () => {
    const member = await newUser(t, ['member']);
    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'es-ES' });
    const page = await signIn(context, t, member.username, member.password);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain('administradores y moderadores');
    expect(await page.getByRole('link', { name: 'Ir al chat' }).count()).toBe(1);
    await shoot(page, 'es', 'refused');
    await context.close();
  });

  it('asks a user with a temporary password for a new one before the console', async () => {
    const temporary = `temporary ${Date.now()} password`;
    const created = await api(t, admin, 'POST', '/api/admin/users', {
      username: `ana-${Date.now()}`,
      displayName: 'Ana Ruiz',
      password: temporary,
      roles: ['auditor'],
    });
    const user = created.json<AdminUser>();
    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'es-ES' });
    const page = await signIn(context, t, user.username, temporary);
    await page.locator('input[name="newPassword"]').waitFor();
    await shoot(page, 'es', 'login-change-password');
    const chosen = `my own ${Date.now()} passphrase`;
    await page.locator('input[name="newPassword"]').fill(chosen);
    await page.locator('input[name="repeatPassword"]').fill(chosen);
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.url()).toMatch(/#\/$/);
    expect((await login(t, user.username, chosen)).status).toBe(200);
    await context.close();
  });
});

describe('signing in with two-factor authentication (es)', () => {
  it('asks for the authenticator code after the password, then opens the console', async () => {
    const auditor = await newUser(t, ['auditor']);
    const setup = (await api(t, auditor.token, 'POST', '/api/auth/2fa/setup')).json<TwoFactorSetup>();
    const confirmed = await api(t, auditor.token, 'POST', '/api/auth/2fa/confirm', {
      code: await totpAt(t, setup.secret),
    });
    expect(confirmed.status).toBe(200);
    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'es-ES' });
    const page = await signIn(context, t, auditor.username, auditor.password);
    const code = page.locator('input[name="totp"]');
    await code.waitFor();
    await shoot(page, 'es', 'login-totp');
    await code.fill(await totpAt(t, setup.secret, 1));
    await page.locator('button[type="submit"]').click();
    await page.getByRole('menuitem', { name: 'Auditoría' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Copias de seguridad' }).count()).toBe(0);
    await context.close();
  });
});

describe('the moderator at work (es)', () => {
  it('sees moderation and audit, not backups, and removes a reported message: its author sees it go', async () => {
    const [moderator, alice, bob] = [await newUser(t, ['moderator']), await newUser(t), await newUser(t)];
    const room = (
      await api(t, alice.token, 'POST', '/api/rooms', { name: 'Compras', visibility: 'public' })
    ).json<Room>();
    await api(t, alice.token, 'POST', `/api/rooms/${room.id}/members`, { userId: bob.id });
    const author = await connectAs(t, bob.token);
    await send(author, room.id, 'Buenos días a todos');
    const message: Message = await send(author, room.id, 'vendo relojes baratos en example.test');
    expect(
      (await api(t, alice.token, 'POST', '/api/reports', { messageId: message.id, reason: 'publicidad' }))
        .status,
    ).toBe(201);

    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'es-ES' });
    const page = await signIn(context, t, moderator.username, moderator.password);
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: 'Denuncias' }).waitFor();
    expect(await menu.getByRole('menuitem', { name: 'Copias de seguridad' }).count()).toBe(0);
    expect(await menu.getByRole('menuitem', { name: 'Certificados' }).count()).toBe(0);
    expect(await menu.getByRole('menuitem', { name: 'Auditoría' }).count()).toBe(1);
    await shoot(page, 'es', 'moderator-dashboard');
    await menu.getByRole('menuitem', { name: 'Denuncias' }).click();
    const row = page.locator('tr', { hasText: 'vendo relojes' });
    await row.click();
    await page.getByText('Buenos días a todos').waitFor();
    await shoot(page, 'es', 'reports');
    expect(await seriousViolations(page)).toEqual([]);

    const deleted = next(author, 'message:deleted', (d) => d.id === message.id);
    await row.getByRole('button', { name: 'Actuar' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Retirar el mensaje' }).click();
    expect(await deleted).toEqual({ id: message.id, roomId: room.id });
    author.close();
    await page.goto(`${t.baseUrl}/admin/#/moderation/activity`);
    await page.locator('td.column-action').first().waitFor();
    await shoot(page, 'es', 'moderation-activity');
    await context.close();
  });
});

describe('the admin at work (es)', () => {
  let page: import('playwright-core').Page;
  beforeAll(async () => {
    page = await signIn(browser.context, t, 'admin', TEST_ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Rutina diaria de hoy' }).waitFor();
  });

  it('runs the daily routine from the dashboard and ticks a manual item there', async () => {
    await page.locator('[data-routine="daily"]').getByRole('button', { name: 'Ejecutar ahora' }).click();
    await expect
      .poll(() => page.locator('[data-routine="daily"] [data-item="server.status"]').count())
      .toBe(1);
    // What the check found is in the reader's language, not the server's English `message`.
    const serverStatus = page.locator('[data-routine="daily"] [data-item="server.status"]');
    await expect.poll(() => serverStatus.textContent()).toMatch(/El servidor está activo/);
    expect(await serverStatus.textContent()).not.toMatch(/The server is up/);
    const monthly = await api(t, admin, 'POST', '/api/admin/routines/runs', { kind: 'monthly' });
    const run = monthly.json<RoutineRun>();
    await page.reload();
    const pending = page.locator(`[data-pending-run="${run.id}"]`);
    await pending
      .locator('[data-item="security.policy_review"]')
      .getByRole('button', { name: 'Marcar como hecha' })
      .click();
    await page
      .getByRole('dialog')
      .getByLabel('Comentario')
      .fill('Reviewed lockout and password policy: no change');
    await page.getByRole('dialog').getByRole('button', { name: 'Marcar como hecha' }).click();
    await expect
      .poll(async () => {
        const stored = (await api(t, admin, 'GET', `/api/admin/routines/runs/${run.id}`)).json<RoutineRun>();
        return stored.items.find((i) => i.itemId === 'security.policy_review')?.status;
      })
      .toBe('done');
    await settled(page);
    await shoot(page, 'es', 'dashboard');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('unlocks a locked user from the lockouts queue, and that user signs in', async () => {
    const user = await newUser(t);
    for (let i = 0; i < 5; i++) await login(t, user.username, `wrong ${i}`);
    expect((await login(t, user.username, user.password)).status).toBe(423);
    await page.goto(`${t.baseUrl}/admin/#/lockouts`);
    const row = page.locator('tr', { hasText: user.username });
    await row.waitFor();
    expect(await row.textContent()).toContain('contraseña incorrecta');
    await shoot(page, 'es', 'lockouts');
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Desbloquear' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await login(t, user.username, user.password)).status).toBe(200);
  });

  it('creates a custom role in the matrix, gives it a permission, and grants it to a user', async () => {
    const user = await newUser(t);
    const name = `helpdesk${Date.now() % 100000}`;
    await page.goto(`${t.baseUrl}/admin/#/roles`);
    await page.getByRole('button', { name: 'Rol nuevo' }).click();
    await page.getByRole('dialog').getByLabel('Nombre').fill(name);
    await page.getByRole('dialog').getByRole('button', { name: 'Crear' }).click();
    const checkbox = page.getByRole('checkbox', { name: `${name}: users.unlock` });
    await checkbox.waitFor();
    await checkbox.click();
    await expect
      .poll(async () => {
        const roles = (await api(t, admin, 'GET', '/api/admin/roles?range=[0,99]')).json<Role[]>();
        return roles.find((r) => r.name === name)?.permissions;
      })
      .toEqual(['users.unlock']);
    expect(await page.getByRole('checkbox', { name: 'admin: users.unlock' }).isDisabled()).toBe(true);
    await shoot(page, 'es', 'roles');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${t.baseUrl}/admin/#/users/${user.id}`);
    await page.getByRole('combobox', { name: 'Roles' }).click();
    await page.getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect
      .poll(async () => (await api(t, admin, 'GET', `/api/admin/users/${user.id}`)).json<AdminUser>().roles)
      .toEqual(expect.arrayContaining(['member', name]));
  });

  it('ends the sessions of two users with a bulk action, after its preview and the typed count', async () => {
    const first = await newUser(t);
    const second = await newUser(t);
    await page.goto(
      `${t.baseUrl}/admin/#/users?filter=${encodeURIComponent(JSON.stringify({ q: 'user-' }))}`,
    );
    for (const user of [first, second]) {
      // The row checkbox is named on the input itself (react-admin puts the name on its wrapper).
      await page
        .locator('tr', { hasText: user.username })
        .getByRole('checkbox', { name: 'Seleccionar esta fila' })
        .check();
    }
    await page.getByRole('button', { name: 'Cerrar sesiones' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('tbody tr').count()).toBe(2);
    await expect.poll(() => dialog.textContent()).toContain('Escriba 2 para confirmar');
    // Desktop only: on a phone the list is a simple list without bulk actions.
    await shoot(page, 'es', 'users-bulk-preview', ['desktop']);
    const apply = dialog.getByRole('button', { name: 'Aplicar a 2 cuentas' });
    expect(await apply.isDisabled()).toBe(true);
    await dialog.getByLabel('Número de cuentas').fill('2');
    await apply.click();
    await expect.poll(async () => (await api(t, first.token, 'GET', '/api/auth/me')).status).toBe(401);
    await expect.poll(async () => (await api(t, second.token, 'GET', '/api/auth/me')).status).toBe(401);
    await page.goto(`${t.baseUrl}/admin/#/users`);
    await shoot(page, 'es', 'users');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('disables with the server’s preview: its own account is refused by the server’s rule, the other disabled', async () => {
    const created = await api(t, admin, 'POST', '/api/admin/users', {
      username: `temp-admin-${Date.now() % 100_000}`,
      displayName: 'Rita Ortega',
      password: `provisional ${Date.now()} clave`,
      roles: ['member'],
    });
    expect(created.status, created.text).toBe(201);
    const other = created.json<AdminUser>();
    await page.goto(
      `${t.baseUrl}/admin/#/users?filter=${encodeURIComponent(JSON.stringify({ q: 'admin' }))}`,
    );
    const row = (name: string) => page.locator('tr', { has: page.getByRole('cell', { name, exact: true }) });
    await row(other.username).waitFor();
    await settled(page);
    for (const name of ['admin', other.username]) {
      await row(name).getByRole('checkbox', { name: 'Seleccionar esta fila' }).check();
    }
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'Seleccionar esta fila', checked: true }).count())
      .toBe(2);
    await page.getByRole('button', { name: 'Desactivar' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('rechazado: es su propia cuenta');
    expect(await dialog.textContent()).toContain('Escriba 1 para confirmar');
    await shoot(page, 'es', 'users-bulk-refused', ['desktop']);
    await dialog.getByLabel('Número de cuentas').fill('1');
    await dialog.getByRole('button', { name: 'Aplicar a 1 cuenta' }).click();
    await expect
      .poll(async () => (await api(t, admin, 'GET', `/api/admin/users/${other.id}`)).json<AdminUser>().status)
      .toBe('disabled');
    expect((await api(t, admin, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('takes a backup and verifies it', async () => {
    await page.goto(`${t.baseUrl}/admin/#/backups`);
    await page.getByRole('button', { name: 'Hacer copia ahora' }).click();
    let backup: BackupManifest | undefined;
    await expect
      .poll(async () => {
        // The fresh server's own first scheduled backup may land beside it: look for ours.
        const backups = (await api(t, admin, 'GET', '/api/admin/backups')).json<BackupManifest[]>();
        backup = backups.find((b) => b.trigger === 'manual');
        return backup?.trigger;
      })
      .toBe('manual');
    const row = page.locator('tr', { hasText: backup!.id });
    await row.getByRole('button', { name: 'Verificar' }).click();
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('Verificada');
    await shoot(page, 'es', 'backups');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('sees the certificate days left and renews it', async () => {
    await page.goto(`${t.baseUrl}/admin/#/certificates`);
    const days = page.getByTestId('days-left');
    await expect.poll(() => days.textContent()).toMatch(/Quedan \d+ días/);
    const before = await page.getByText(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/).textContent();
    await shoot(page, 'es', 'certificates');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Renovar autofirmado' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmar' }).click();
    const fingerprint = page.getByText(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/);
    // The replaced pair is shown as the previous one, and going back to it serves it again.
    const previous = page.getByTestId('previous-certificate');
    await expect.poll(() => previous.textContent()).toContain(before!);
    const renewed = await fingerprint.first().textContent();
    expect(renewed).not.toBe(before);
    await shoot(page, 'es', 'certificates-previous');
    await previous.getByRole('button', { name: 'Volver a él' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => previous.textContent()).toContain(renewed!);
    expect(await fingerprint.first().textContent()).toBe(before);
  }, 60_000);

  it('filters the audit log and verifies the chain', async () => {
    await page.goto(`${t.baseUrl}/admin/#/audit`);
    await page.getByRole('button', { name: 'Añadir filtro' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Acción' }).click();
    await page.locator('input[name="action"]').fill('user.unlocked');
    await expect
      .poll(async () => {
        const actions = await page.locator('tbody td.column-action').allTextContents();
        return actions.length > 0 && actions.every((a) => a === 'user.unlocked');
      })
      .toBe(true);
    const csv = page.getByRole('link', { name: 'Exportar CSV' });
    expect(decodeURIComponent((await csv.getAttribute('href')) ?? '')).toContain('"action":"user.unlocked"');
    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La cadena está intacta');
    await shoot(page, 'es', 'audit');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('finds a server error in the logs screen', async () => {
    const marker = `database on fire ${Date.now()}`;
    t.server.app.get<symbol, Logger>(LOGGER).error({ context: 'Backup' }, marker);
    await page.goto(`${t.baseUrl}/admin/#/logs`);
    await page.locator('input[name="q"]').fill('on fire');
    // The search box applies its text after a pause; wait for it, or it would pull the next test back here.
    await expect.poll(() => decodeURIComponent(page.url())).toContain('on fire');
    const row = page.locator('tr', { hasText: marker });
    await expect
      .poll(
        async () => {
          if ((await row.count()) === 0) await page.getByRole('button', { name: 'Actualizar' }).click();
          return row.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    expect(await row.textContent()).toContain('error');
    await shoot(page, 'es', 'logs');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('edits a setting in its own form: each refused field says why, and only a good value is saved', async () => {
    await page.goto(`${t.baseUrl}/admin/#/settings/security.lockout`);
    const attempts = page.getByLabel('Accesos fallidos antes del bloqueo');
    await attempts.waitFor();
    expect(await page.getByText('de 3 a 50 · Por defecto: 5').count()).toBe(1);
    await attempts.fill('2');
    await attempts.blur();
    await page.getByText('Como mínimo 3.').waitFor();
    await shoot(page, 'es', 'settings-refused');
    await attempts.fill('6');
    await attempts.blur();
    await expect.poll(() => page.getByText('Como mínimo 3.').count()).toBe(0);
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect
      .poll(
        async () =>
          (await api(t, admin, 'GET', '/api/admin/settings/security.lockout')).json<{
            value: { maxFailedAttempts: number };
          }>().value.maxFailedAttempts,
      )
      .toBe(6);
    // The save ends by going back to the list; leaving before that, the late redirect took the page
    // away from the next setting's form on a busy machine.
    await page.waitForURL(/#\/settings$/);

    // What only the server's schema knows (the time's pattern) is shown on its field too, before saving.
    await page.goto(`${t.baseUrl}/admin/#/settings/maintenance.schedule`);
    const time = page.getByLabel('Hora («HH:MM»)');
    await time.fill('25:00');
    await time.blur();
    const before = (await api(t, admin, 'GET', '/api/admin/settings/maintenance.schedule')).json<{
      updatedAt: string | null;
    }>();
    await expect
      .poll(() => page.locator('.MuiFormHelperText-root.Mui-error').allTextContents())
      .toEqual([expect.stringContaining('must be "HH:MM"')]);
    await page.getByRole('button', { name: 'Guardar' }).click();
    await shoot(page, 'es', 'settings-server-refused');
    const after = (await api(t, admin, 'GET', '/api/admin/settings/maintenance.schedule')).json<{
      updatedAt: string | null;
    }>();
    expect(after.updatedAt).toBe(before.updatedAt);
    await page.goto(`${t.baseUrl}/admin/#/settings`);
    await page.getByText('retention.policy').waitFor();
    await shoot(page, 'es', 'settings');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('names the likely causes on the diagnostics pages', async () => {
    for (let i = 0; i < 5; i++) await login(t, `nadie-${i}`, 'adivina');
    await page.goto(`${t.baseUrl}/admin/#/diagnostics`);
    await page.getByText('Dónde escucha el servidor').waitFor();
    await shoot(page, 'es', 'diagnostics-connection');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Fallos de acceso' }).click();
    await page.getByText('nombres de usuario que no existen').first().waitFor();
    // The plural form is picked by the count, and the other form never shows.
    expect(await page.getByText(/^\d+ fallos con nombres de usuario que no existen/).count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain('||||');
    await shoot(page, 'es', 'diagnostics-authentication');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('archives a room from the rooms screen and sees its members', async () => {
    const owner = await newUser(t);
    const room = (
      await api(t, owner.token, 'POST', '/api/rooms', { name: 'Proyecto Faro', visibility: 'private' })
    ).json<Room>();
    await page.goto(`${t.baseUrl}/admin/#/rooms`);
    const row = page.locator('tr', { hasText: 'Proyecto Faro' });
    await row.locator('td.column-name').click();
    await page
      .getByRole('table', { name: 'Miembros' })
      .getByRole('cell', { name: owner.username, exact: true })
      .waitFor();
    await shoot(page, 'es', 'rooms');
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Archivar' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmar' }).click();
    await expect
      .poll(async () => {
        const rows = (
          await api(
            t,
            admin,
            'GET',
            `/api/admin/rooms?filter=${encodeURIComponent(JSON.stringify({ id: [room.id] }))}`,
          )
        ).json<Array<{ archived: boolean }>>();
        return rows[0]?.archived;
      })
      .toBe(true);
  });

  it('shows the routines with their history', async () => {
    await page.goto(`${t.baseUrl}/admin/#/routines/runs`);
    await page.locator('[data-routine="monthly"]').waitFor();
    const renewal = page.locator('[data-routine="monthly"] [data-item="certificate.renewal"]');
    await expect
      .poll(() => renewal.textContent())
      .toMatch(/No hace falta renovar este mes: quedan \d+ días\./);
    await shoot(page, 'es', 'routines');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('every screen in English, desktop and phone', () => {
  it('renders each screen without serious accessibility violations', async () => {
    const context = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'en-US' });
    const login = await context.newPage();
    await login.goto(`${t.baseUrl}/admin/#/login`);
    await login.locator('input[name="username"]').waitFor();
    await shoot(login, 'en', 'login');
    expect(await seriousViolations(login)).toEqual([]);
    await login.close();
    const page = await signIn(context, t, 'admin', TEST_ADMIN_PASSWORD);
    await page.getByRole('heading', { name: "Today's daily routine" }).waitFor();
    const screens: Array<[string, string, string]> = [
      ['dashboard', '', "Today's daily routine"],
      ['users', 'users', 'Users'],
      ['user-edit', 'users/1', 'Reset password'],
      ['lockouts', 'lockouts', 'Addresses with failed logins'],
      ['roles', 'roles', 'Requires two-factor authentication'],
      ['routines', 'routines/runs', 'Monthly routine'],
      ['audit', 'audit', 'Verify chain'],
      ['logs', 'logs', 'Sign-in events only'],
      ['rooms', 'rooms', 'Rooms'],
      ['diagnostics', 'diagnostics', 'Where the server listens'],
      ['settings', 'settings', 'security.lockout'],
      ['setting-edit', 'settings/retention.policy', 'Keep the audit trail (days)'],
      ['diagnostics-ai', 'diagnostics?tab=ai', 'Ollama'],
      ['backups', 'backups', 'Back up now'],
      ['certificates', 'certificates', 'Certificate in use'],
    ];
    for (const [name, path, text] of screens) {
      await page.goto(`${t.baseUrl}/admin/#/${path}`);
      await page.getByText(text).first().waitFor();
      await shoot(page, 'en', name);
      expect([name, await seriousViolations(page)]).toEqual([name, []]);
    }
    await page.goto(`${t.baseUrl}/admin/#/`);
    await expect
      .poll(() => page.locator('[data-routine="daily"] [data-item="server.status"]').textContent())
      .toMatch(/The server is up/);
    await context.close();
  }, 180_000);
});
