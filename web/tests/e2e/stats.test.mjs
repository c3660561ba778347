// The statistics dashboard (/stats, issue 19) end to end (harness.mjs: a real server, Debian's chromium,
// axe-core): June 2026 on the bundled data in English (desktop) and Chinese (a phone): the corridor chart
// (a named image) and its table, whose CN-KZ row shows the services the API returned; another period
// changes the figures and the URL; the period's checks at their fields; a CSV download answering CSV
// with the columns' keys; the register's sections replaced by a sentence on a server without one; axe-core;
// screenshots. STATS_FIXTURE=1 answers /api/v1/stats/* with tests/unit/stats-fixture.mjs (for a server
// without the endpoints yet); the tests are meant for the real one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, shots, useBrowser } from './harness.mjs';

const env = useBrowser();
const fixture = process.env.STATS_FIXTURE ? await import('../unit/stats-fixture.mjs') : null;

function csvOf(table) {
  const q = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [table.columns.map((c) => c.key).join(','), ...table.rows.map((r) => table.columns.map((c) => q(r[c.key])).join(','))].join('\r\n') + '\r\n';
}

async function open(viewport) {
  const p = await env.newPage(viewport);
  if (fixture) {
    await p.page.route('**/api/v1/stats/**', (route) => {
      const u = new URL(route.request().url());
      const kind = u.pathname.split('/').pop();
      const from = u.searchParams.get('from');
      const to = u.searchParams.get('to');
      const make = { network: fixture.network, published: fixture.published }[kind];
      if (!make) return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'register_off', message: 'this server runs without a register' }) });
      const answer = make(from, to);
      const table = answer.tables.find((x) => x.id === u.searchParams.get('table'));
      const format = u.searchParams.get('format');
      if (format === 'csv') return route.fulfill({ status: 200, contentType: 'text/csv; charset=utf-8', body: csvOf(table) });
      if (format === 'csvw') return route.fulfill({ status: 200, contentType: 'application/csvm+json', body: JSON.stringify({ '@context': 'http://www.w3.org/ns/csvw', url: 'x.csv' }) });
      if (format === 'json') return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(table) });
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
    });
  }
  return p;
}

// The API's own answer, asked from the page (so the fixture's route answers it too).
const apiAnswer = (page, kind, from, to) => page.evaluate(async ([k, f, t]) => (await fetch(`/api/v1/stats/${k}?from=${f}&to=${t}`)).json(), [kind, from, to]);
const ready = (page) => page.waitForSelector('#stats-body[data-ready="true"], #stats-body .error', { timeout: 60_000 });
const corridorRow = (page, corridor) => page.locator(`[data-table="network.corridors"] tbody tr:has(th[data-value="${corridor}"])`);
// The browser logs the register's and cases' 503 (this server runs without a register): expected here.
const unexpected = (errors) => errors.filter((e) => !/status of 503/.test(e));
const noSidewaysScroll = async (page) => assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing wider than the screen');

test('June 2026 in English: the corridor chart and its table, CN-KZ as the API says, downloads, no register here', async () => {
  const { page, errors, close } = await open();
  await page.goto(`${env.server.url}/stats?lang=en&from=2026-06-01&to=2026-06-30`);
  await ready(page);
  assert.equal(await page.locator('nav.views a[aria-current=page]').textContent(), 'Figures');
  assert.equal(await page.locator('h1').textContent(), 'Statistics and open data');
  assert.equal(await page.inputValue('#stats-from'), '2026-06-01');
  assert.equal(await page.inputValue('#stats-to'), '2026-06-30');

  const api = await apiAnswer(page, 'network', '2026-06-01', '2026-06-30');
  const corridors = api.tables.find((x) => x.id === 'network.corridors');
  const cnkz = corridors.rows.find((r) => r.corridor === 'CN-KZ');
  assert.ok(cnkz && cnkz.services > 0, 'the API has CN-KZ services in June 2026');

  const block = page.locator('[data-table="network.corridors"]');
  assert.equal(await block.locator('h3').textContent(), 'Services by corridor');
  const canvas = block.locator('figure canvas[role=img]');
  assert.match(await canvas.getAttribute('aria-label'), /services per week by corridor/i);
  assert.ok((await canvas.boundingBox()).height > 100, 'the chart is drawn');
  const row = corridorRow(page, 'CN-KZ');
  assert.equal(await row.locator('th').textContent(), 'China – Kazakhstan');
  assert.equal(await row.locator('td[data-key=services]').getAttribute('data-value'), String(cnkz.services));
  assert.equal(await row.locator('td[data-key=services]').textContent(), cnkz.services.toLocaleString('en'));
  assert.ok(await block.locator('.stats-definition').isVisible(), 'the definition is shown');
  assert.equal(await block.locator('.stats-definition span[lang=en]').textContent(), corridors.definition);
  for (const n of corridors.notes) assert.ok((await block.locator('.stats-notes').textContent()).includes(n), `note: ${n}`);

  // The CSV link answers CSV whose header is the columns' keys; CSVW and JSON their types.
  const csvHref = await block.locator('a[data-format=csv]').getAttribute('href');
  assert.equal(csvHref, '/api/v1/stats/network?from=2026-06-01&to=2026-06-30&table=network.corridors&format=csv');
  const csv = await page.evaluate(async (u) => { const r = await fetch(u); return { type: r.headers.get('content-type'), text: await r.text() }; }, csvHref);
  assert.match(csv.type, /^text\/csv/);
  assert.equal(csv.text.split(/\r?\n/)[0], corridors.columns.map((c) => c.key).join(','));
  assert.ok(csv.text.includes('CN-KZ,'), 'the CN-KZ row is in the CSV');
  const types = await page.evaluate(async (hrefs) => Promise.all(hrefs.map(async (u) => (await fetch(u)).headers.get('content-type'))),
    [await block.locator('a[data-format=csvw]').getAttribute('href'), await block.locator('a[data-format=json]').getAttribute('href')]);
  assert.match(types[0], /^application\/csvm\+json/);
  assert.match(types[1], /^application\/json/);

  // The other charts: by mode, the crossings' open days, travel times between capitals; each with its table.
  for (const id of ['network.modes', 'network.crossings', 'network.travelTimes']) {
    const b = page.locator(`[data-table="${id}"]`);
    const rows = api.tables.find((x) => x.id === id)?.rows ?? [];
    if (rows.length) assert.equal(await b.locator('table').count(), 1, `${id} has its table`);
  }
  assert.equal(await page.locator('.stats-headline dd').count() > 0, true, 'the totals as headline figures');

  // The map of the city pairs: a named image, its legend, a line per city pair whose both ends have a
  // point in /api/v1/network, and the city pairs' table right after it (its equivalent).
  const map = page.locator('figure[data-map="network.cityPairs"]');
  await map.locator('.stats-map[data-ready="true"]').waitFor();
  const mapCanvas = map.locator('canvas[role=img]');
  assert.equal(await mapCanvas.getAttribute('aria-label'), 'Map of the direct city pairs of the period and the border crossings');
  assert.equal(await mapCanvas.getAttribute('tabindex'), null, 'the still map takes no focus');
  assert.ok((await mapCanvas.boundingBox()).height > 200, 'the map is drawn');
  assert.match(await map.locator('figcaption').textContent(), /The table “The busiest city pairs” below has the same figures/);
  const legend = await map.locator('.stats-map-legend li').allTextContents();
  assert.ok(legend.includes('Estimated services only (dashed)'), `the legend: ${legend}`);
  assert.ok(legend.includes('Wider line: more services per week'), `the legend: ${legend}`);
  const pairRows = api.tables.find((x) => x.id === 'network.cityPairs').rows;
  const points = await page.evaluate(async () => (await (await fetch('/api/v1/network')).json()).features
    .filter((f) => f.properties.kind === 'stop' && f.geometry?.type === 'Point').map((f) => f.properties.stopId));
  const placed = pairRows.filter((r) => points.includes(r.fromId) && points.includes(r.toId)).length;
  assert.ok(placed > 0, 'June 2026 has city pairs with places');
  assert.equal(await map.getAttribute('data-lines'), String(placed));
  assert.equal(await page.evaluate(() => document.querySelector('figure[data-map]').nextElementSibling.dataset.table), 'network.cityPairs');
  await map.screenshot({ path: path.join(shots, 'stats-desktop-map.png') });
  // This server runs without a register: one plain sentence instead of its sections.
  assert.match(await page.locator('.stats-section-register .stats-none').textContent(), /without a register/);
  assert.equal(await page.locator('.stats-section-cases').count(), 0);
  await page.screenshot({ path: path.join(shots, 'stats-desktop.png'), fullPage: true });
  await page.screenshot({ path: path.join(shots, 'stats-desktop-top.png') });
  await block.screenshot({ path: path.join(shots, 'stats-desktop-corridors.png') });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('on a phone in Chinese: the same corridor row, numbers and months in Chinese, nothing wider than the phone', async () => {
  const { page, errors, close } = await open({ width: 390, height: 844 });
  await page.goto(`${env.server.url}/stats?lang=zh&from=2026-06-01&to=2026-06-30`);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), '统计与开放数据');
  const api = await apiAnswer(page, 'network', '2026-06-01', '2026-06-30');
  const cnkz = api.tables.find((x) => x.id === 'network.corridors').rows.find((r) => r.corridor === 'CN-KZ');
  const block = page.locator('[data-table="network.corridors"]');
  assert.equal(await block.locator('h3').textContent(), '按走廊统计的班次');
  assert.match(await block.locator('canvas[role=img]').getAttribute('aria-label'), /走廊/);
  const row = corridorRow(page, 'CN-KZ');
  assert.equal(await row.locator('th').textContent(), '中国 – 哈萨克斯坦');
  assert.equal(await row.locator('td[data-key=services]').textContent(), cnkz.services.toLocaleString('zh'));
  assert.equal(await block.locator('thead th[data-key=services]').textContent(), '班次');
  // The published entry regimes: the title, the columns, the countries and the regimes in Chinese.
  const regimes = page.locator('[data-table="published.visaRegimes"]');
  assert.equal(await regimes.locator('h3').textContent(), '中国与中亚之间的入境制度');
  assert.equal(await regimes.locator('thead th[data-key=destination]').textContent(), '入境国');
  const regimeRow = regimes.locator('tbody tr', { has: page.locator('td[data-key=destination][data-value=KZ]') }).first();
  assert.equal(await regimeRow.locator('[data-key=destination]').textContent(), '哈萨克斯坦');
  assert.doesNotMatch(await regimes.locator('tbody').textContent(), /visa_|e_visa/, 'no regime code shown');
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(shots, 'stats-phone-zh.png'), fullPage: true });
  await page.screenshot({ path: path.join(shots, 'stats-phone-zh-top.png') });
  await block.screenshot({ path: path.join(shots, 'stats-phone-zh-corridors.png') });
  const map = page.locator('figure[data-map="network.cityPairs"]');
  assert.equal(await map.locator('canvas[role=img]').getAttribute('aria-label'), '本期城市间直达线路及边境口岸地图');
  assert.ok((await map.boundingBox()).width <= 390, 'the map fits the phone');
  await map.screenshot({ path: path.join(shots, 'stats-phone-zh-map.png') });
  assert.deepEqual(await axe(page), []);
  // Another language keeps the period (the URL's), the figures drawn again in it.
  await page.selectOption('#language', 'ru');
  await page.waitForURL(/lang=ru&from=2026-06-01&to=2026-06-30/);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), 'Статистика и открытые данные');
  assert.equal(await corridorRow(page, 'CN-KZ').locator('th').textContent(), 'Китай – Казахстан');
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('another period changes the figures and the URL; back returns to June', async () => {
  const { page, errors, close } = await open();
  await page.goto(`${env.server.url}/stats?lang=en&from=2026-06-01&to=2026-06-30`);
  await ready(page);
  const june = await page.locator('.stats-figure[data-key=services] dd').textContent();
  await page.fill('#stats-from', '2026-06-01');
  await page.fill('#stats-to', '2026-06-07');
  await page.click('.stats-range button[type=submit]');
  await page.waitForURL(/from=2026-06-01&to=2026-06-07/);
  await ready(page);
  const api = await apiAnswer(page, 'network', '2026-06-01', '2026-06-07');
  const totals = api.tables.find((x) => x.id === 'network.totals').rows[0];
  const week = await page.locator('.stats-figure[data-key=services] dd').textContent();
  assert.equal(week, totals.services.toLocaleString('en'));
  assert.notEqual(week, june, 'a week has other figures than the month');
  assert.equal(await page.locator('.stats-figure[data-key=days] dd').textContent(), '7');
  // A preset: the latest calendar year, in the URL too, its button pressed.
  const yearButton = page.locator('.stats-preset[data-preset^="year:"]').last();
  const y = (await yearButton.getAttribute('data-preset')).slice(5);
  await yearButton.click();
  await page.waitForURL(new RegExp(`from=${y}-01-01&to=${y}-12-31`));
  await ready(page);
  assert.equal(await page.locator(`.stats-preset[data-preset="year:${y}"]`).getAttribute('aria-pressed'), 'true');
  await page.goBack();
  await page.waitForURL(/to=2026-06-07/);
  await page.goBack();
  await page.waitForURL(/to=2026-06-30/);
  await ready(page);
  assert.equal(await page.inputValue('#stats-to'), '2026-06-30');
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('the period\'s checks at their fields: an end before the start, over 366 days, a link with a bad date', async () => {
  const { page, errors, close } = await open();
  await page.goto(`${env.server.url}/stats?lang=en&from=2026-06-01&to=2026-06-30`);
  await ready(page);
  await page.fill('#stats-to', '2026-05-01');
  await page.click('.stats-range button[type=submit]');
  assert.equal(await page.locator('#stats-to-error').textContent(), 'The period ends before it starts.');
  assert.equal(await page.getAttribute('#stats-to', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#stats-to', 'aria-describedby'), /stats-to-error/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stats-to');
  assert.match(page.url(), /to=2026-06-30/, 'nothing sent');
  await page.fill('#stats-from', '2025-01-01');
  await page.fill('#stats-to', '2026-06-30');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#stats-to-error').textContent(), 'The period is longer than 366 days.');
  await page.goto(`${env.server.url}/stats?lang=ru&from=2026-02-30&to=2026-06-30`);
  await page.locator('#stats-from-error:not([hidden])').waitFor();
  assert.equal(await page.getAttribute('#stats-from', 'aria-invalid'), 'true');
  assert.equal(await page.locator('.stats-table').count(), 0, 'no figures for a date that does not exist');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(unexpected(errors), []);
  await close();
});
