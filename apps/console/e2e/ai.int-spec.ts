import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../../api/test/browser.js';
import { FAKE_MODEL, type FakeOllama, startFakeOllama } from '../../api/test/fake-ollama.js';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../api/test/harness.js';
import { seriousViolations, shoot, signIn } from './console-page.js';

/** The console's AI card and "AI not answering" page against the real server and the stand-in Ollama. */
let fake: FakeOllama;
let t: TestServer;
let browser: Browser;
let fakeClosed = false;

beforeAll(async () => {
  fake = await startFakeOllama();
  t = await startTestServer({ OLLAMA_HOST: fake.url, ATRIO_AI_MODEL: FAKE_MODEL });
  browser = await openBrowser('es-ES');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (!fakeClosed) await fake?.close();
});

async function console(context: BrowserContext, heading: string): Promise<Page> {
  const page = await signIn(context, t, 'admin', TEST_ADMIN_PASSWORD);
  await page.getByRole('heading', { name: heading }).waitFor();
  return page;
}

const tile = (page: Page) => page.getByTestId('ai-tile');
const findings = (page: Page) => page.getByRole('list', { name: /Causas probables|Likely causes/ });

describe('AI status in the console', () => {
  it('healthy: the dashboard says the AI answers and the page names no problem (es and en)', async () => {
    const page = await console(browser.context, 'Rutina diaria de hoy');
    await expect.poll(() => tile(page).textContent()).toContain('Responde');
    expect(await tile(page).textContent()).toContain(`${FAKE_MODEL} · Ollama 0.12.3 · ningún fallo en 24 h`);
    await tile(page).getByRole('link', { name: '¿Por qué?' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/diagnostics\?tab=ai$/);
    expect(await page.getByRole('tab', { name: 'La IA no responde' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await expect.poll(() => findings(page).textContent()).toContain(`${FAKE_MODEL} está cargado en memoria`);
    expect(await page.getByText('Memoria de esta máquina (Ollama corre aquí)').count()).toBe(1);
    expect(await page.getByRole('cell', { name: FAKE_MODEL }).count()).toBe(1);
    await shoot(page, 'es', 'diagnostics-ai');
    expect(await seriousViolations(page)).toEqual([]);

    const english = await browser.context.browser()!.newContext({ ignoreHTTPSErrors: true, locale: 'en-US' });
    const en = await console(english, "Today's daily routine");
    await expect.poll(() => tile(en).textContent()).toContain('Answering');
    await shoot(en, 'en', 'dashboard-ai');
    await en.goto(`${t.baseUrl}/admin/#/diagnostics?tab=ai`);
    await expect.poll(() => findings(en).textContent()).toContain('is loaded in memory');
    await shoot(en, 'en', 'diagnostics-ai');
    expect(await seriousViolations(en)).toEqual([]);
    await english.close();
  });

  it('model not pulled, then Ollama down: the card says so and the page names the cause', async () => {
    fake.state.models = [];
    const page = await console(browser.context, 'Rutina diaria de hoy');
    await expect.poll(() => tile(page).textContent()).toContain('Modelo no descargado');
    await page.goto(`${t.baseUrl}/admin/#/diagnostics?tab=ai`);
    await expect
      .poll(() => findings(page).textContent())
      .toContain(`ejecute «ollama pull ${FAKE_MODEL}» allí`);
    await shoot(page, 'es', 'diagnostics-ai-model-missing');
    expect(await seriousViolations(page)).toEqual([]);

    await fake.close();
    fakeClosed = true;
    await page
      .locator('.MuiCard-root', { hasText: 'Dirección (OLLAMA_HOST)' })
      .getByRole('button', { name: 'Actualizar' })
      .click();
    await expect.poll(() => findings(page).textContent()).toContain(`Nada responde en ${fake.url}`);
    expect(await findings(page).textContent()).toContain('Ollama no está en marcha en esta máquina');
    await shoot(page, 'es', 'diagnostics-ai-down');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${t.baseUrl}/admin/#/`);
    await expect.poll(() => tile(page).textContent()).toContain('No responde');
    await shoot(page, 'es', 'dashboard-ai-down');
  });
});
