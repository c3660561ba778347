// Accessibility (axe-core) of every main view end to end (harness.mjs: a real server, Debian's chromium, axe-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, mapReady, results, useBrowser, xianAlmatyRail } from './harness.mjs';

const env = useBrowser();
const newPage = (...a) => env.newPage(...a);

test('axe-core: no serious or critical violations on the plan view (form, results with details, error, entry rules, map)', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en`);
  assert.deepEqual(await axe(page), []);
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  await page.locator('.journeys .details-toggle').first().click();
  assert.deepEqual(await axe(page), []);
  await page.goto(`${env.server.url}/?lang=ru&from=Almatx&to=xian&date=2025-05-29&time=08:00`);
  await results(page);
  assert.deepEqual(await axe(page), []);
  await page.goto(`${env.server.url}/?lang=zh&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN,KZ:service`);
  await results(page);
  await page.locator('.journeys .details-toggle').first().click();
  assert.deepEqual(await axe(page), []);
  await page.goto(`${env.server.url}/map?lang=en`);
  await mapReady(page);
  assert.deepEqual(await axe(page), []);
  await close();
});

test('axe-core: the plan view\'s new states (an empty answer, journeys without a visa beside, a form error, Russian)', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&modes=air`);
  await page.locator('.results .empty').waitFor();
  assert.deepEqual(await axe(page), []);
  await page.goto(`${env.server.url}/?lang=ru&from=shymkent&to=bishkek&date=2026-06-05&time=08:00&travellers=US`);
  await results(page);
  await page.locator('.visa-free .details-toggle').first().click();
  assert.deepEqual(await axe(page), []);
  await page.goto(`${env.server.url}/?lang=zh&from=xian&to=almaty`);
  for (const m of ['rail', 'air', 'bus', 'road']) await page.uncheck(`input[name=modes][value=${m}]`);
  await page.click('button[type=submit]');
  await page.locator('.form-error:not([hidden])').waitFor();
  assert.deepEqual(await axe(page), []);
  await close();
});

test('axe-core: the register on a server without one (the sign-in replaced by "no register here")', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/register?lang=kk`);
  await page.locator('.register-off').waitFor();
  assert.match(await page.locator('.register-off').textContent(), /туроператорлар тізілімінсіз/);
  assert.deepEqual(await axe(page), []);
  await close();
});

test('axe-core: the cases on a server without a register ("no cases service here", said in Russian)', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/cases?lang=ru`);
  await page.locator('.cases .error').waitFor();
  assert.match(await page.locator('.cases .error').textContent(), /нет службы обращений/);
  assert.equal(await page.locator('nav.views a[aria-current=page]').textContent(), 'Помощь');
  assert.deepEqual(await axe(page), []);
  await close();
});

test('axe-core: the tour builder\'s form (sites loaded, a theme chosen, the preferences open) in English and Kazakh', async () => {
  const { page, close } = await newPage();
  for (const lang of ['en', 'kk']) {
    await page.goto(`${env.server.url}/tour?lang=${lang}`);
    await page.locator('.tour-theme[data-theme="corridor:KZ"]:not([disabled])').waitFor();
    await page.click('.tour-theme[data-theme="corridor:KZ"]');
    await page.locator('.tour-prefs summary').click();
    assert.deepEqual(await axe(page), [], lang);
  }
  await close();
});
