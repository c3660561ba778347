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
