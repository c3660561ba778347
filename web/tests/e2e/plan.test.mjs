// The plan view end to end: a real `caravan serve` with the Silk Road data and the built app, driven
// in Debian's chromium (headless) by playwright-core; axe-core checks accessibility. Screenshots go to
// CARAVAN_SCREENSHOTS (default ../build/web-screenshots), linked from docs/web.md.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoDir, startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = path.resolve(process.env.CARAVAN_SCREENSHOTS ?? path.join(repoDir, 'build/web-screenshots'));
mkdirSync(shots, { recursive: true });

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { page, errors, close: () => context.close() };
}

const xianAlmatyRail = '/?lang=en&from=xian&fromLabel=Xi%27an&to=almaty&toLabel=Almaty&date=2025-05-29&time=08:00&modes=rail';

async function results(page) {
  await page.waitForSelector('#results[data-ready="true"], #results .error', { timeout: 15_000 });
}

// Picks a place through the autocomplete: types, waits for the list, chooses the option.
async function choosePlace(page, field, text, stopId) {
  const input = page.locator(`.stop-field-${field} input`);
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  const option = page.locator(`.stop-field-${field} [role=option][data-stop-id="${stopId}"]`);
  await option.waitFor({ timeout: 10_000 });
  await input.press('ArrowDown');
  const options = await page.locator(`.stop-field-${field} [role=option]`).evaluateAll((els) => els.map((e) => e.dataset.stopId));
  for (let i = 1; i < options.indexOf(stopId) + 1; ++i) await input.press('ArrowDown');
  await input.press('Enter');
}

test("Xi'an -> Almaty on 2025-05-29 by rail shows the 57 h 15 min tourism train, typed through the form", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  await choosePlace(page, 'from', 'xian', 'xian');
  await choosePlace(page, 'to', 'Алматы', 'almaty'); // any script
  await page.fill('input[name=date]', '2025-05-29');
  await page.fill('input[name=time]', '08:00');
  for (const m of ['air', 'bus', 'road']) await page.uncheck(`input[name=modes][value=${m}]`);
  await page.keyboard.press('Tab');
  await page.click('button[type=submit]');
  await results(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('from'), 'xian', 'the chosen stop id is sent');
  assert.equal(url.searchParams.get('to'), 'almaty');
  assert.equal(url.searchParams.get('modes'), 'rail');
  const first = page.locator('.journeys > li').first();
  assert.match(await first.locator('.duration').textContent(), /^Duration: 2 d 9 h 15 min$/);
  const text = await first.innerText();
  assert.match(text, /2 d 9 h 15 min/);
  assert.match(text, /11:30/);
  assert.match(text, /17:45/);
  assert.match(text, /direct/);
  assert.match(text, /Train/);
  assert.equal(await page.locator('#results-heading').innerText(), "Xi'an → Almaty");
  await first.locator('.details-toggle').click();
  const timeline = await first.locator('.timeline').innerText();
  assert.match(timeline, /Y29/);
  assert.match(timeline, /Border crossing China → Kazakhstan/);
  assert.match(timeline, /Horgos/);
  await page.screenshot({ path: path.join(shots, 'plan-en-xian-almaty-rail.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});

test('the same search in 中文 shows 西安, 阿拉木图 and Chinese dates', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(server.url + xianAlmatyRail.replace('lang=en', 'lang=zh'));
  await results(page);
  await page.waitForSelector('#results[data-ready-ms]');
  const ms = Number(await page.locator('#results').getAttribute('data-ready-ms'));
  console.log(`# time from navigation to the painted plan result: ${ms} ms`);
  assert.ok(ms < 5000, `${ms} ms to the first result`);
  const heading = await page.locator('#results-heading').innerText();
  assert.match(heading, /西安/);
  assert.match(heading, /阿拉木图/);
  assert.match(await page.locator('.results-day').innerText(), /2025年5月29日星期四/);
  const first = await page.locator('.journeys > li').first().innerText();
  assert.match(first, /2天9小时15分钟/);
  assert.match(first, /5月29日/);
  assert.match(first, /直达/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hans');
  assert.equal(await page.locator('button[type=submit]').innerText(), '搜索');
  await page.screenshot({ path: path.join(shots, 'plan-zh-xian-almaty.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});

test('an unknown place shows the suggestions, and one click searches with it', async () => {
  const { page, close } = await newPage();
  await page.goto(`${server.url}/?lang=en&from=Almatx&to=xian&date=2025-05-29&time=08:00`);
  await results(page);
  const error = page.locator('#results .error');
  assert.match(await error.innerText(), /does not know the place “Almatx”/);
  const suggestion = error.locator('.did-you-mean button', { hasText: 'Almaty' });
  assert.equal(await suggestion.count(), 1);
  await page.screenshot({ path: path.join(shots, 'plan-unknown-place.png'), fullPage: true });
  await suggestion.click();
  await page.waitForSelector('#results[data-ready="true"]');
  assert.equal(new URL(page.url()).searchParams.get('from'), 'almaty');
  await close();
});

test('outside the data\'s dates the coverage is said', async () => {
  const { page, close } = await newPage();
  await page.goto(`${server.url}/?lang=en&from=almaty&to=xian&date=2031-01-01&time=08:00`);
  await results(page);
  const text = await page.locator('#results .error').innerText();
  assert.match(text, /outside the timetable data/);
  assert.match(text, /2027-12-31/);
  await close();
});

test('a phone-sized viewport works: no sideways scrolling, the result readable', async () => {
  const { page, errors, close } = await newPage({ width: 375, height: 812 });
  await page.goto(server.url + xianAlmatyRail);
  await results(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
  const box = await page.locator('.journeys > li').first().boundingBox();
  assert.ok(box && box.width <= 375 && box.x >= 0, JSON.stringify(box));
  const submit = await page.locator('button[type=submit]').boundingBox();
  assert.ok(submit.height >= 44, 'touch targets are at least 44 px high');
  await page.screenshot({ path: path.join(shots, 'plan-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});

test('the back button restores the previous search', async () => {
  const { page, close } = await newPage();
  await page.goto(server.url + xianAlmatyRail);
  await results(page);
  await page.locator('.earlier-later .later').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') === '11:31');
  await results(page);
  await page.goBack();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') === '08:00');
  await results(page);
  assert.equal(await page.locator('input[name=time]').inputValue(), '08:00');
  assert.equal(await page.locator('.stop-field-from input').inputValue(), "Xi'an");
  assert.match(await page.locator('.journeys > li').first().innerText(), /2 d 9 h 15 min/);
  await page.goForward();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') === '11:31');
  await close();
});

test('later goes on from the latest departure shown, not from a road journey that leaves at once', async () => {
  const { page, close } = await newPage();
  // Almaty -> Tashkent: the cross-border bus (a road link, leaving at 08:00) and the 09:20 flight.
  await page.goto(server.url + '/?from=almaty&to=tashkent&date=2026-06-05&time=08:00');
  await results(page);
  await page.locator('.earlier-later .later').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') === '09:21');
  await results(page);
  await close();
});

test('with only journeys without a visa and none left, the closed countries say why', async () => {
  const { page, close } = await newPage();
  await page.goto(`${server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN&onlyVisaFree=true`);
  await page.locator('.results .empty').waitFor();
  assert.match(await page.locator('.results .closed-countries').innerText(), /Kyrgyzstan/);
  await close();
});

test('switching the language keeps the search, and the language is remembered', async () => {
  const { page, close } = await newPage();
  await page.goto(server.url + xianAlmatyRail);
  await results(page);
  await page.selectOption('#language', 'ru');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'ru');
  await results(page);
  assert.equal(await page.locator('#results-heading').innerText(), 'Сиань → Алматы');
  assert.match(await page.locator('.journeys > li').first().innerText(), /2 д 9 ч 15 мин/);
  assert.equal(await page.locator('.stop-field-from label').innerText(), 'Откуда');
  assert.equal(new URL(page.url()).searchParams.get('from'), 'xian', 'the same search');
  await page.goto(`${server.url}/`);
  await page.waitForSelector('h1#plan-heading');
  assert.equal(await page.locator('h1#plan-heading').innerText(), 'Спланировать поездку', 'remembered');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'ru');
  // Kazakh has no texts yet: Russian ones, with Kazakh dates and numbers.
  await page.goto(`${server.url}/?lang=kk`);
  await page.waitForSelector('h1#plan-heading');
  assert.equal(await page.locator('h1#plan-heading').innerText(), 'Спланировать поездку');
  assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
  await close();
});

test("a Chinese traveller's Kashgar -> Osh journey shows what to arrange for Kyrgyzstan", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${server.url}/?lang=en&from=kashgar&fromLabel=Kashgar&to=osh&toLabel=Osh&date=2026-06-05&time=15:00`);
  await results(page);
  await page.click('.add-traveller');
  await page.selectOption('.traveller select[name=nationality]', 'CN');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('travellers') === 'CN');
  await results(page);
  const first = page.locator('.journeys > li').first();
  assert.equal(await first.locator('.entry-summary').innerText(), 'Kyrgyzstan: visa needed');
  assert.match(await page.locator('.closed-countries').innerText(), /Kyrgyzstan/);
  await first.locator('.details-toggle').click();
  const entry = await first.locator('.entries').innerText();
  assert.match(entry, /Entering Kyrgyzstan from China/);
  assert.match(entry, /China · ordinary passport: visa needed \(e-visa\)/);
  assert.match(entry, /Before departure:\s+apply for an e-visa at evisa\.e-gov\.kg/);
  assert.ok(await first.locator('.entries a[href^="https://"]').count() > 0, 'the rule\'s sources as links');
  await page.screenshot({ path: path.join(shots, 'plan-traveller-kashgar-osh.png'), fullPage: true });
  // Back: the search without travellers, and its form.
  await page.goBack();
  await results(page);
  assert.equal(await page.locator('.traveller').count(), 0);
  assert.equal(await page.locator('.entry-summary').count(), 0);
  assert.deepEqual(errors, []);
  await close();
});

test('the .ics download parses: one event per leg, in the zones of Xi\'an and Almaty', async () => {
  const { page, close } = await newPage();
  await page.goto(server.url + xianAlmatyRail);
  await results(page);
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  const [download] = await Promise.all([page.waitForEvent('download'), first.locator('button.calendar').click()]);
  assert.equal(download.suggestedFilename(), 'caravan-2025-05-29.ics');
  const file = path.join(shots, 'journey.ics');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  // Unfolded, property by property, as a calendar reads it.
  const lines = text.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  const events = lines.filter((l) => l === 'BEGIN:VEVENT').length;
  assert.equal(events, 1, 'the Y29 is one leg');
  assert.ok(lines.includes('DTSTART;TZID=Asia/Shanghai:20250529T113000'), lines.join('\n'));
  assert.ok(lines.includes('DTEND;TZID=Asia/Almaty:20250531T174500'));
  assert.ok(lines.some((l) => l.startsWith('SUMMARY:Y29: Xi\'an railway station → Almaty-2 railway station')));
  for (const l of lines) assert.match(l, /^[A-Z-]+[;:]/, `a property per line: ${l}`);
  await close();
});

test('a journey prints alone on one page, with its details', async () => {
  const { page, close } = await newPage();
  await page.addInitScript(() => { window.print = () => { window.printed = true; }; });
  await page.goto(`${server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN`);
  await results(page);
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  await first.locator('button.print').click();
  assert.equal(await page.evaluate(() => window.printed), true);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.plan-form').isVisible(), false);
  assert.equal(await page.locator('.best-by-mode').isVisible(), false);
  assert.equal(await first.locator('.timeline').isVisible(), true);
  assert.equal(await first.locator('.entries').isVisible(), true);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.equal(pages, 1, 'one page');
  await close();
});

async function mapReady(page) {
  await page.waitForFunction(() => window.caravanMap?.loaded() && window.caravanMap.areTilesLoaded()
    && window.caravanMap.querySourceFeatures('network').length > 0 && window.caravanMap.querySourceFeatures('sites').length > 0, null, { timeout: 30_000 });
}

test("the map shows the network by mode and a site's details, and plans a trip there", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.click('nav.views a:has-text("Map")');
  assert.equal(new URL(page.url()).pathname, '/map');
  await mapReady(page);
  const counts = await page.evaluate(() => Object.fromEntries(['rail', 'air', 'road', 'stops', 'sites', 'land', 'borders']
    .map((l) => [l, window.caravanMap.queryRenderedFeatures({ layers: [l] }).length])));
  for (const [layer, n] of Object.entries(counts)) assert.ok(n > 0, `layer ${layer} draws nothing: ${JSON.stringify(counts)}`);
  // Turning a mode off hides its layer.
  await page.uncheck('.map-legend input[data-layer=air]');
  assert.equal(await page.evaluate(() => window.caravanMap.getLayoutProperty('air', 'visibility')), 'none');
  await page.screenshot({ path: path.join(shots, 'map.png') });
  // A site standing alone on the screen, clicked where it is drawn.
  const site = await page.evaluate(() => {
    const map = window.caravanMap;
    const box = map.getCanvas().getBoundingClientRect();
    const points = map.queryRenderedFeatures({ layers: ['sites'] }).map((f) => ({ name: f.properties.name, stop: f.properties.nearestStopId, p: map.project(f.geometry.coordinates) }));
    const alone = points.find((a) => a.stop && points.every((b) => b === a || Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y) > 20)
      && a.p.x > 20 && a.p.y > 20 && a.p.x < box.width - 20 && a.p.y < box.height - 20);
    return alone && { name: alone.name, stop: alone.stop, x: box.left + alone.p.x, y: box.top + alone.p.y };
  });
  assert.ok(site, 'a site alone on the screen');
  await page.mouse.click(site.x, site.y);
  await page.waitForSelector('#map-info h2');
  assert.equal(await page.locator('#map-info h2').innerText(), site.name);
  await page.screenshot({ path: path.join(shots, 'map-site.png') });
  await page.click('#map-info .plan-there');
  await page.waitForSelector('h1#plan-heading');
  assert.equal(new URL(page.url()).searchParams.get('to'), site.stop);
  await page.waitForFunction((id) => document.querySelector('.stop-field-to input').value !== id, site.stop);
  assert.ok((await page.locator('.stop-field-to input').inputValue()).length > 0, 'the stop named in the field');
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test('a journey drawn on the map, and back to the plan', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(server.url + xianAlmatyRail);
  await results(page);
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  await first.locator('button.show-on-map').click();
  await page.waitForFunction(() => location.pathname === '/map');
  assert.equal(new URL(page.url()).searchParams.get('journey'), '0');
  await mapReady(page);
  await page.waitForFunction(() => window.caravanMap.getSource('journey') && window.caravanMap.queryRenderedFeatures({ layers: ['journey'] }).length > 0, null, { timeout: 15_000 });
  const bounds = await page.evaluate(() => window.caravanMap.getBounds().toArray());
  for (const [lon, lat] of [[108.92861, 34.25833], [76.9115, 43.25249]]) {
    assert.ok(lon >= bounds[0][0] && lon <= bounds[1][0] && lat >= bounds[0][1] && lat <= bounds[1][1], `(${lon}, ${lat}) in view: ${bounds}`);
  }
  assert.equal(await page.locator('#map-info h2').innerText(), "Journey Xi'an → Almaty");
  assert.match(await page.locator('#map-info').innerText(), /2 d 9 h 15 min/);
  await page.screenshot({ path: path.join(shots, 'map-journey.png') });
  await page.goBack();
  await results(page);
  assert.match(await page.locator('.journeys > li').first().innerText(), /2 d 9 h 15 min/);
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test("a stop on the map shows its departures board", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${server.url}/map?lang=en`);
  await mapReady(page);
  // Almaty's station, clicked where it is drawn, away from any heritage site (a site wins a click).
  const stop = await page.evaluate(() => {
    const map = window.caravanMap;
    map.jumpTo({ center: [76.9115, 43.25249], zoom: 9 });
    const box = map.getCanvas().getBoundingClientRect();
    const p = map.project([76.9115, 43.25249]);
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.waitForFunction(() => window.caravanMap.loaded());
  await page.mouse.click(stop.x, stop.y);
  await page.waitForSelector('#map-info .departures');
  assert.equal(await page.locator('#map-info h2').innerText(), 'Almaty');
  await page.fill('#map-info .board-date input', '2026-06-05');
  await page.waitForSelector('#map-info table.board tbody tr');
  const rows = await page.locator('#map-info table.board tbody tr').allInnerTexts();
  assert.equal(rows.length, 6, rows.join('\n'));
  assert.match(rows[0], /^09:20\s+GMT\+5\s+Flight\s+CZ · Ürümqi - Almaty/);
  await page.screenshot({ path: path.join(shots, 'map-departures.png'), fullPage: true });
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test('checking a trip: 36 days in Uzbekistan is over what a Chinese citizen may stay', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.click('nav.views a:has-text("Check a trip")');
  await page.waitForSelector('h1#check-heading');
  const stays = [['CN', '2025-06-01', '2025-06-03'], ['KZ', '2025-06-03', '2025-06-20'], ['UZ', '2025-06-20', '2025-07-25']];
  for (let i = 0; i < stays.length; ++i) {
    if (i > 0) await page.click('.add-stay');
    const row = page.locator('.stay').nth(i);
    await row.locator('select[name=country]').selectOption(stays[i][0]);
    await row.locator('input[name=entry]').fill(stays[i][1]);
    await row.locator('input[name=exit]').fill(stays[i][2]);
  }
  await page.click('.check-form button[type=submit]');
  await page.waitForSelector('#results[data-ready="true"], #results .error');
  assert.equal(new URL(page.url()).searchParams.get('stays'), 'CN:2025-06-01:2025-06-03,KZ:2025-06-03:2025-06-20,UZ:2025-06-20:2025-07-25');
  const text = await page.locator('#results').innerText();
  assert.match(text, /Not possible as planned/);
  assert.match(text, /Uzbekistan, .*: the stay is longer than allowed \(visa-free\) · leave by .* · 6 days too long/);
  assert.match(text, /Kazakhstan, .*: may enter under conditions/);
  await page.screenshot({ path: path.join(shots, 'check-trip.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe-core: no serious or critical violations on the plan view (form, results with details, error, entry rules, map)', async () => {
  const { page, close } = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  assert.deepEqual(await axe(page), []);
  await page.goto(server.url + xianAlmatyRail);
  await results(page);
  await page.locator('.journeys .details-toggle').first().click();
  assert.deepEqual(await axe(page), []);
  await page.goto(`${server.url}/?lang=ru&from=Almatx&to=xian&date=2025-05-29&time=08:00`);
  await results(page);
  assert.deepEqual(await axe(page), []);
  await page.goto(`${server.url}/?lang=zh&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN,KZ:service`);
  await results(page);
  await page.locator('.journeys .details-toggle').first().click();
  assert.deepEqual(await axe(page), []);
  await page.goto(`${server.url}/map?lang=en`);
  await mapReady(page);
  assert.deepEqual(await axe(page), []);
  await close();
});
