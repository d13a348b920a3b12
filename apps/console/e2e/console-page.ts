import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestServer } from '../../api/test/harness.js';

/** Git-ignored: the tests write every screen here, desktop and phone, es and en, to be looked at. */
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/** Signs in through the console's own login page and waits for the first screen. */
export async function signIn(
  context: BrowserContext,
  t: TestServer,
  username: string,
  password: string,
): Promise<Page> {
  const page = await context.newPage();
  // A missing element fails at its step instead of at the test's timeout.
  page.setDefaultTimeout(15_000);
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.goto(`${t.baseUrl}/admin/#/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  return page;
}

/** Waits until the console shows no loading indicator (react-admin's or a lazy screen's). */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Quiet means no spinner in three samples in a row: react-admin refetches in bursts.
  let quiet = 0;
  await expect
    .poll(
      async () => {
        const busy = await page.locator('[role="progressbar"], .MuiSkeleton-root').count();
        quiet = busy === 0 ? quiet + 1 : 0;
        return quiet;
      },
      { timeout: 15_000, interval: 150 },
    )
    .toBeGreaterThanOrEqual(3);
}

/** Saves the page at both widths. */
export async function shoot(
  page: Page,
  locale: string,
  name: string,
  widths: ReadonlyArray<keyof typeof VIEWPORTS> = ['desktop', 'phone'],
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of widths) {
    const size = VIEWPORTS[width];
    await page.setViewportSize(size);
    await settled(page);
    // A full-page shot of a scrolled page draws the fixed app bar where the viewport was.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.${locale}.${width}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** axe-core in the page; only serious and critical violations fail (minor ones are reported by axe, not here). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await settled(page);
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: typeof axe }).axe.run;
    const report = await run(document, { resultTypes: ['violations'] });
    return report.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  });
  return result;
}
