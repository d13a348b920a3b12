/// <reference lib="dom" />
// Code inside page.evaluate runs in the browser.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Room } from '@atrio/protocol';
import { PROJECT_ROOT } from '../../api/src/config/project-root.js';
import { api, type TestUser } from '../../api/test/factories.js';
import type { TestServer } from '../../api/test/harness.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Screenshots of the main screens, for people to look at (git-ignored). */
export const SCREENSHOTS = join(PROJECT_ROOT, 'apps/chat-web/e2e/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

const LABELS = {
  es: { username: 'Usuario', password: 'Contraseña', submit: 'Entrar' },
  en: { username: 'Username', password: 'Password', submit: 'Sign in' },
};

/** Fills the sign-in form the way a person does. */
export async function signIn(
  page: Page,
  t: TestServer,
  user: { username: string; password: string },
  language: 'es' | 'en' = 'es',
): Promise<void> {
  const labels = LABELS[language];
  if (!page.url().startsWith(t.baseUrl)) await page.goto(`${t.baseUrl}/`);
  await page.getByLabel(labels.username, { exact: true }).fill(user.username);
  await page.getByLabel(labels.password, { exact: true }).fill(user.password);
  await page.getByRole('button', { name: labels.submit }).click();
}

/** Signs in and waits for the chat screen with a live connection. */
export async function signInToChat(
  page: Page,
  t: TestServer,
  user: { username: string; password: string },
  language: 'es' | 'en' = 'es',
): Promise<void> {
  await signIn(page, t, user, language);
  await page.locator('.connection[data-state="online"]').waitFor();
}

/** A public room created by `owner` with these other members. */
export async function roomWith(
  t: TestServer,
  owner: TestUser,
  others: TestUser[],
  name?: string,
): Promise<Room> {
  const created = await api(t, owner.token, 'POST', '/api/rooms', {
    name: name ?? `sala ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Coordinación del equipo',
    visibility: 'public',
  });
  if (created.status !== 201) throw new Error(`create room: ${created.text}`);
  const room = created.json<Room>();
  for (const other of others) {
    const added = await api(t, owner.token, 'POST', `/api/rooms/${room.id}/members`, { userId: other.id });
    if (added.status !== 204) throw new Error(`add member: ${added.text}`);
  }
  return room;
}

/** The composer of the open room. */
export function composer(page: Page) {
  return page.locator('.composer textarea');
}

/** Message bodies in the timeline, in order. */
export function bodies(page: Page) {
  return page.locator('.timeline .message:not(.pending) .message-body .text');
}

/** axe-core's serious and critical findings on what the page shows now. */
export async function seriousViolations(p: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP (script-src 'self') rightly refuses a script tag.
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
