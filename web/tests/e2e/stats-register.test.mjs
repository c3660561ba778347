// The statistics dashboard on a server with a register (harness.mjs: a real server, Debian's chromium,
// axe-core): the Register and Cases and satisfaction sections with their tables (titles and columns in the
// language), no "without a register" sentence; withheld cells said as withheld, never 0, with the note on
// why. STATS_FIXTURE=1 answers /api/v1/stats/* with tests/unit/stats-fixture.mjs (made-up figures with a
// withheld row) for a server without the endpoints yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, useBrowser } from './harness.mjs';

const env = useBrowser({ register: true });
const fixture = process.env.STATS_FIXTURE ? await import('../unit/stats-fixture.mjs') : null;

test('a server with a register: its sections and tables; withheld cells in words', async () => {
  const { page, errors, close } = await env.newPage();
  if (fixture) {
    await page.route('**/api/v1/stats/**', (route) => {
      const u = new URL(route.request().url());
      const make = fixture[u.pathname.split('/').pop()];
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(make(u.searchParams.get('from'), u.searchParams.get('to'))) });
    });
  }
  await page.goto(`${env.server.url}/stats?lang=en&from=2026-06-01&to=2026-06-30`);
  await page.waitForSelector('#stats-body[data-ready="true"], #stats-body .error', { timeout: 60_000 });
  const api = async (kind) => page.evaluate(async (k) => (await fetch(`/api/v1/stats/${k}?from=2026-06-01&to=2026-06-30`)).json(), kind);
  assert.equal(await page.locator('.stats-none').count(), 0, 'no "without a register" sentence');
  for (const kind of ['register', 'cases']) {
    const answer = await api(kind);
    const section = page.locator(`.stats-section-${kind}`);
    assert.equal(await section.locator('.stats-table').count(), answer.tables.length, `${kind}: a block per table`);
    for (const t of answer.tables) {
      const block = section.locator(`[data-table="${t.id}"]`);
      assert.equal(await block.locator('.stats-definition span').textContent(), t.definition);
      // Every withheld count is said as withheld, never as 0 or a blank.
      const withheld = t.rows.filter((r) => r.suppressed).length;
      if (withheld) {
        assert.ok(await block.locator('td.withheld').count() >= withheld, `${t.id}: withheld cells`);
        assert.equal(await block.locator('td.withheld').first().textContent(), 'withheld');
        assert.match(await block.locator('.stats-notes').textContent(), /below 5/);
      }
    }
  }
  if (fixture) {
    const mean = page.locator('[data-table="satisfaction"] tbody tr').nth(1).locator('td[data-key=meanRating]');
    assert.equal(await mean.textContent(), 'withheld', 'the mean of withheld ratings too');
    assert.equal(await page.locator('[data-table="satisfaction"] h3').textContent(), 'Travellers\' satisfaction');
  }
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});
