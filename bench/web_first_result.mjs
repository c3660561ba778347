// bench/web_first_result.sh's work: `caravan serve` with the Silk Road data and web/dist (the end-to-end
// tests' server.mjs), then per search N cold navigations in Debian's headless chromium, each timed from
// navigation start to the painted first plan result (the plan view's data-ready-ms: performance.now()
// in the animation frame after the journeys are in the page). Prints median / p90 / max and the bundle's
// gzip sizes.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer, webDir } from '../web/tests/e2e/server.mjs';

// playwright-core lives in web/node_modules, out of reach of a bare import from bench/.
const { chromium } = createRequire(path.join(webDir, 'package.json'))('playwright-core');

const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) {
  console.error(`usage: bench/web_first_result.sh [runs 1..1000], not "${process.argv[2]}"`);
  process.exit(2);
}

const searches = [
  ['Xi\'an -> Almaty, rail', '/?lang=en&from=xian&to=almaty&date=2025-05-29&time=08:00&modes=rail'],
  ['Kashgar -> Osh, travellers=CN', '/?lang=en&from=kashgar&to=osh&date=2025-06-01&time=08:00&travellers=CN'],
];

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  console.log(`${runs} cold runs per search, caravan serve at ${server.url}, chromium ${browser.version()}`);
  console.log(`${'search'.padEnd(32)} ${'median'.padStart(8)} ${'p90'.padStart(8)} ${'max'.padStart(8)}  (ms to the first painted result)`);
  for (const [name, url] of searches) {
    const times = [];
    for (let i = 0; i < runs; ++i) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(server.url + url);
      await page.waitForSelector('#results[data-ready-ms]', { timeout: 30_000 });
      if (!(await page.locator('#results .journeys > li').count())) throw new Error(`${name}: no journey shown`);
      times.push(Number(await page.locator('#results').getAttribute('data-ready-ms')));
      await context.close();
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(32)} ${String(quantile(times, 0.5)).padStart(8)} ${String(quantile(times, 0.9)).padStart(8)} ${String(times.at(-1)).padStart(8)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}

// The built bundle: each script's gzip at zlib's default level (what caravan serve sends).
const assets = path.join(webDir, 'dist/assets');
const kb = (n) => (n / 1000).toFixed(1).padStart(7) + ' kB';
console.log(`\n${'web/dist/assets'.padEnd(36)} ${'bytes'.padStart(10)} ${'gzip'.padStart(10)}`);
const sums = { 'the plan in all (all but check, map)': [0, 0], 'the map in all (map, maplibre-gl)': [0, 0] };
for (const file of readdirSync(assets).filter((f) => /\.(js|css)$/.test(f)).sort()) {
  const bytes = readFileSync(path.join(assets, file));
  const gzip = gzipSync(bytes).length;
  console.log(`${file.padEnd(36)} ${kb(bytes.length)} ${kb(gzip)}`);
  const sum = /^(map|maplibre-gl)-/.test(file) ? sums['the map in all (map, maplibre-gl)'] : /^check-/.test(file) ? null : sums['the plan in all (all but check, map)'];
  if (sum) (sum[0] += bytes.length), (sum[1] += gzip);
}
for (const [name, [bytes, gzip]] of Object.entries(sums)) console.log(`${name.padEnd(36)} ${kb(bytes)} ${kb(gzip)}`);
