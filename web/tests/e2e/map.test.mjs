// The map end to end (harness.mjs: a real server, Debian's chromium, axe-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, mapReady, results, shots, useBrowser, xianAlmatyRail } from './harness.mjs';

const env = useBrowser();
const newPage = (...a) => env.newPage(...a);

test("the map shows the network by mode and a site's details, and plans a trip there", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en`);
  await page.click('nav.views a:has-text("Map")');
  assert.equal(new URL(page.url()).pathname, '/map');
  await mapReady(page);
  const counts = await page.evaluate(() => Object.fromEntries(['rail', 'air', 'road', 'stops', 'sites', 'land', 'borders', 'water']
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
  // A site drawn on its city's station is offered beside it: choose the site.
  if (await page.locator('#map-info .choices').count()) {
    assert.equal(await page.locator('#map-info h2').innerText(), 'Several places here: choose one');
    await page.click('#map-info .choices button[data-kind=site]');
  }
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
  await page.goto(env.server.url + xianAlmatyRail);
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
  // Each end's time with its zone: Xi'an in Beijing time, Almaty in Kazakhstan's.
  await page.waitForFunction(() => document.querySelectorAll('#map-info .journey-times .zone').length === 2);
  assert.deepEqual(await page.locator('#map-info .journey-times .zone').allInnerTexts(), ['GMT+8', 'GMT+5']);
  await page.screenshot({ path: path.join(shots, 'map-journey.png') });
  await page.goBack();
  await results(page);
  assert.match(await page.locator('.journeys > li').first().innerText(), /2 d 9 h 15 min/);
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test("a stop on the map shows its departures board", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/map?lang=en`);
  await mapReady(page);
  // Almaty's station, clicked where it is drawn (the feature nearest the click wins).
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

// The crossings as the API answers them today (each in its own zone).
async function crossingsToday(page) {
  return page.evaluate(async () => (await (await fetch('/api/v1/crossings')).json()).crossings);
}

// Where a feature of the map is drawn, in page coordinates.
async function pointOf(page, lonLat) {
  return page.evaluate((ll) => {
    const map = window.caravanMap;
    const box = map.getCanvas().getBoundingClientRect();
    const p = map.project(ll);
    return { x: box.left + p.x, y: box.top + p.y };
  }, lonLat);
}

test("border crossings drawn with today's status, in the legend, with their details on a click", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/map?lang=en`);
  await mapReady(page);
  const api = await crossingsToday(page);
  await page.waitForFunction(() => window.caravanMap.queryRenderedFeatures({ layers: ['crossings'] }).length > 0);
  const drawn = await page.evaluate(() => Object.fromEntries(window.caravanMap.queryRenderedFeatures({ layers: ['crossings'] })
    .map((f) => [f.properties.id, f.properties.status])));
  // Every crossing with a position is drawn, with its status of today; those without one are not.
  for (const c of api) {
    if (c.lat === null) assert.equal(drawn[c.id], undefined, c.id);
    else assert.equal(drawn[c.id], c.status, c.id);
  }
  assert.ok(api.some((c) => c.lat === null), 'the data has crossings without a position');
  // Open and closed have different symbols: the layer picks the image by status.
  const image = await page.evaluate(() => JSON.stringify(window.caravanMap.getLayoutProperty('crossings', 'icon-image')));
  assert.match(image, /crossing-open.*crossing-closed/);
  // The legend turns them off and on.
  await page.uncheck('.map-legend input[data-layer=crossings]');
  assert.equal(await page.evaluate(() => window.caravanMap.getLayoutProperty('crossings', 'visibility')), 'none');
  await page.check('.map-legend input[data-layer=crossings]');
  // Irkeshtam, clicked where it is drawn.
  const irk = api.find((c) => c.id === 'irkeshtam');
  await page.evaluate(() => window.caravanMap.jumpTo({ center: [73.91, 39.68], zoom: 7 }));
  await page.waitForFunction(() => window.caravanMap.loaded());
  const at = await pointOf(page, [73.91, 39.68]);
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('#map-info .crossing-status');
  assert.equal(await page.locator('#map-info h2').innerText(), 'Irkeshtam (Erkeshtam)');
  const text = await page.locator('#map-info').innerText();
  if (irk.status === 'open') assert.match(text, /Open today 10:00–18:00 \(China Standard Time\)/);
  else {
    assert.match(text, /Closed today/);
    assert.match(text, /Next opening: .*10:00–18:00/);
  }
  assert.match(text, /estimated/);
  assert.match(text, /Hours this week \(China Standard Time\)/);
  assert.equal(await page.locator('#map-info .crossing-week tbody tr').count(), 7);
  assert.match(text, /Formalities take about 2 h/);
  assert.match(text, /Source: Mon-Fri only/);
  assert.match(text, /Location: Erkeshtam village/);
  await page.screenshot({ path: path.join(shots, 'map-crossing.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  // The same in Chinese and Russian.
  for (const [lang, heading] of [['zh', /本周开放时间/], ['ru', /Часы работы на неделе/]]) {
    await page.goto(`${env.server.url}/map?lang=${lang}`);
    await mapReady(page);
    await page.fill('#map-places-filter', 'Irkeshtam');
    await page.click('#map-places button[data-id=irkeshtam]');
    assert.match(await page.locator('#map-info').innerText(), heading);
  }
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test('the places list: every site, station and crossing by keyboard, with the same details and the map moved there', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/map?lang=en`);
  await mapReady(page);
  // The skip link leads to the list (the map has no #results).
  const skip = await page.locator('.skip-link').getAttribute('href');
  assert.equal(skip, '#map-places');
  assert.equal(await page.locator(skip).count(), 1);
  const all = await page.locator('#map-places button.place').count();
  const stations = await page.evaluate(() => window.caravanMap.querySourceFeatures('network')
    .filter((f) => f.properties.kind === 'stop' && f.properties.locationType === 'station').map((f) => f.properties.stopId));
  assert.ok(all >= 45 + 12 + new Set(stations).size, `${all} places`);
  await page.keyboard.press('Tab'); // the skip link
  await page.keyboard.press('Enter');
  await page.focus('#map-places-filter');
  await page.keyboard.type('Almaty');
  assert.match(await page.locator('#map-places [role=status]').innerText(), /^\d+ places?$/);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.dataset.id);
  assert.equal(focused, 'almaty');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#map-info .departures');
  assert.equal(await page.locator('#map-info h2').innerText(), 'Almaty');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'map-info');
  const center = await page.evaluate(() => window.caravanMap.getCenter());
  assert.ok(Math.abs(center.lng - 76.91) < 0.1 && Math.abs(center.lat - 43.25) < 0.1, JSON.stringify(center));
  // A crossing the map cannot draw (no position) is still in the list, and says why it is not drawn.
  await page.fill('#map-places-filter', 'Dostuk');
  await page.click('#map-places button[data-id=dostuk]');
  assert.match(await page.locator('#map-info').innerText(), /no position for this crossing/);
  // A site.
  await page.fill('#map-places-filter', 'Registan');
  const site = page.locator('#map-places button[data-kind=site]').first();
  const name = await site.innerText();
  await site.click();
  assert.equal(await page.locator('#map-info h2').innerText(), name.trim());
  await page.fill('#map-places-filter', '');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test('station names on the map in the chosen language, without a glyph server', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/map?lang=zh`);
  await mapReady(page);
  await page.evaluate(() => window.caravanMap.jumpTo({ center: [76.9, 43.25], zoom: 6 }));
  await page.waitForFunction(() => [...document.querySelectorAll('.station-label')].some((l) => !l.hidden && l.textContent === '阿拉木图'));
  const visible = await page.locator('.station-label:not([hidden])').allInnerTexts();
  assert.ok(visible.length >= 2, visible.join(', '));
  // No two visible labels overlap.
  const boxes = await page.evaluate(() => [...document.querySelectorAll('.station-label:not([hidden])')].map((l) => l.getBoundingClientRect().toJSON()));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) assert.ok(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top, 'labels overlap');
  }
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test('a stop wins a click over a heritage site a few pixels away: the nearest feature is chosen', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/map?lang=en`);
  await mapReady(page);
  await page.uncheck('.map-legend input[data-layer=crossings]');
  // A station whose nearest site is drawn 3 to 7 px away at some zoom, clicked on the station's own point.
  const pair = await page.evaluate(async () => {
    const map = window.caravanMap;
    const stops = map.querySourceFeatures('network').filter((f) => f.properties.kind === 'stop' && f.properties.locationType === 'station');
    const sites = map.querySourceFeatures('sites');
    for (const zoom of [3.2, 4, 5, 6, 7, 8]) {
      map.jumpTo({ zoom });
      for (const s of stops) {
        const a = map.project(s.geometry.coordinates);
        const nearest = Math.min(...sites.map((x) => { const b = map.project(x.geometry.coordinates); return Math.hypot(a.x - b.x, a.y - b.y); }));
        if (nearest >= 3 && nearest <= 7) return { zoom, stop: s.properties.name, center: s.geometry.coordinates };
      }
    }
    return null;
  });
  assert.ok(pair, 'a station with a site a few pixels away');
  await page.evaluate((p) => window.caravanMap.jumpTo({ center: p.center, zoom: p.zoom }), pair);
  await page.waitForFunction(() => window.caravanMap.loaded());
  const at = await pointOf(page, pair.center);
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('#map-info .departures');
  assert.equal(await page.locator('#map-info h2').innerText(), pair.stop);
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test('a phone: the map with a departures board fits the screen (no sideways scrolling)', async () => {
  const { page, errors, close } = await newPage({ width: 390, height: 844 });
  await page.goto(`${env.server.url}/map?lang=en`);
  await mapReady(page);
  await page.fill('#map-places-filter', 'Almaty');
  await page.click('#map-places button[data-id=almaty]');
  await page.fill('#map-info .board-date input', '2026-06-05');
  await page.waitForSelector('#map-info table.board tbody tr');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
  await page.screenshot({ path: path.join(shots, 'map-phone.png'), fullPage: true });
  assert.deepEqual(errors.filter((e) => !e.includes('GL Driver')), []);
  await close();
});

test('API failures on the map are told, with "try again"', async () => {
  const { page, close } = await newPage();
  // The crossings and the sites fail, the network answers.
  let failing = true;
  await page.route(/\/api\/v1\/(crossings|sites)(\?|$)/, (route) => (failing ? route.abort('connectionrefused') : route.continue()));
  await page.goto(`${env.server.url}/map?lang=en`);
  const alert = page.locator('.map-problems [role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Not shown, the server did not answer: the heritage sites, the border crossings/);
  failing = false;
  await alert.locator('button.retry').click();
  await mapReady(page);
  await page.waitForFunction(() => window.caravanMap.querySourceFeatures('crossings').length > 0);
  assert.equal(await page.locator('.map-problems [role=alert]').count(), 0);
  // A departures board that fails, then answers.
  await page.route(/\/departures\?/, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'x', code: 'server_busy', message: 'the server is busy', details: {} }) }));
  await page.fill('#map-places-filter', 'Almaty');
  await page.click('#map-places button[data-id=almaty]');
  const boardError = page.locator('#map-info .departures [role=alert]');
  await boardError.waitFor();
  assert.match(await boardError.innerText(), /The departures could not be loaded: the server is busy/);
  await page.unroute(/\/departures\?/);
  await boardError.locator('button.retry').click();
  await page.waitForSelector('#map-info .departures table.board, #map-info .departures p:not(.loading)');
  // The whole network failing: said too.
  await page.route(/\/api\/v1\/network$/, (route) => route.abort('connectionrefused'));
  await page.reload();
  await page.locator('.map-problems [role=alert]').waitFor();
  assert.match(await page.locator('.map-problems').innerText(), /the network and stops/);
  await close();
});

test('the map and check views say so when their code cannot be loaded, and try again', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en`);
  let down = true;
  await page.route(/\/assets\/(map|check)-[^/]+\.js$/, (route) => (down ? route.abort('connectionrefused') : route.continue()));
  for (const view of ['Map', 'Check a trip']) {
    await page.click(`nav.views a:has-text("${view}")`);
    const alert = page.locator('main [role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not be loaded: the server cannot be reached/);
  }
  down = false;
  await page.locator('main [role=alert] button').click();
  await page.waitForSelector('h1#check-heading, .check-form', { timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, '/check');
  await close();
});

test('a journey from a shared link with ids alone is titled with the stops\' names in the language', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/map?lang=zh&from=xian&to=almaty&date=2025-05-29&time=08:00&modes=rail&journey=0`);
  await mapReady(page);
  await page.waitForSelector('#map-info h2');
  const title = await page.locator('#map-info h2').innerText();
  assert.doesNotMatch(title, /xian|almaty/, title);
  assert.match(title, /西安/, title);
  await close();
});

test('the places filter finds a place by any of its names, not only the one shown', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/map?lang=ru`);
  await mapReady(page);
  await page.fill('#map-places-filter', 'almaty');  // Latin, in the Russian page: Алматы
  const names = await page.locator('.places-list .place').allInnerTexts();
  assert.ok(names.some((n) => /Алматы/.test(n)), names.join(' | '));
  await close();
});
