// The end-to-end harness: a real `caravan serve` with the Silk Road data and the built app (server.mjs),
// driven in Debian's chromium (headless) by playwright-core; axe-core checks accessibility. Each test file
// calls useBrowser() once. Screenshots go to CARAVAN_SCREENSHOTS (default ../build/web-screenshots),
// linked from docs/web.md.
import { after, before } from 'node:test';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoDir, startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const shots = path.resolve(process.env.CARAVAN_SCREENSHOTS ?? path.join(repoDir, 'build/web-screenshots'));
mkdirSync(shots, { recursive: true });

// The server and the browser of one test file; `env.server.url` once before() has run. `options` go to
// startServer() ({ register: true }: a register with its first admin).
export function useBrowser(options = {}) {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer(options);
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'],
    });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  env.newPage = async (viewport = { width: 1280, height: 900 }) => {
    const context = await env.browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London', deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    return { page, errors, close: () => context.close() };
  };
  return env;
}

export const xianAlmatyRail = '/?lang=en&from=xian&fromLabel=Xi%27an&to=almaty&toLabel=Almaty&date=2025-05-29&time=08:00&modes=rail';

export async function results(page) {
  await page.waitForSelector('#results[data-ready="true"], #results .error', { timeout: 15_000 });
}

// Picks a place through the autocomplete: types, waits for the list, chooses the option.
export async function choosePlace(page, field, text, stopId) {
  const input = page.locator(`.stop-field-${field} input`);
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  // A slow keystroke lets a prefix's list in first: wait for the list of the whole text, or the keys below
  // would move through a list about to be replaced.
  await page.locator(`.stop-field-${field} [role=listbox][data-query="${text}"]`).waitFor({ state: 'attached', timeout: 10_000 });
  const option = page.locator(`.stop-field-${field} [role=option][data-stop-id="${stopId}"]`);
  await option.waitFor({ timeout: 10_000 });
  await input.press('ArrowDown');
  const options = await page.locator(`.stop-field-${field} [role=option]`).evaluateAll((els) => els.map((e) => e.dataset.stopId));
  for (let i = 1; i < options.indexOf(stopId) + 1; ++i) await input.press('ArrowDown');
  await input.press('Enter');
}

export async function mapReady(page) {
  await page.waitForFunction(() => window.caravanMap?.loaded() && window.caravanMap.areTilesLoaded()
    && window.caravanMap.querySourceFeatures('network').length > 0 && window.caravanMap.querySourceFeatures('sites').length > 0, null, { timeout: 30_000 });
}

// axe-core's serious and critical violations on the page as it is, as readable lines.
export async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
