// Checking a trip end to end (harness.mjs: a real server, Debian's chromium, axe-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, shots, useBrowser } from './harness.mjs';

const env = useBrowser();
const newPage = (...a) => env.newPage(...a);

test('checking a trip: 36 days in Uzbekistan is over what a Chinese citizen may stay', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en`);
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
