// Checking a trip end to end (harness.mjs: a real server, Debian's chromium, axe-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, shots, useBrowser, xianAlmatyRail } from './harness.mjs';

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

// The check form's rows: stay i (from 0) and its fields.
async function fillStay(page, i, country, entry, exit) {
  const row = page.locator('.stay-list > .stay').nth(i);
  await row.locator('select[name=country]').selectOption(country);
  await row.locator('input[name=entry]').fill(entry);
  await row.locator('input[name=exit]').fill(exit);
  return row;
}

async function checked(page) {
  await page.waitForSelector('#results[data-ready="true"], #results .error', { timeout: 15_000 });
  return page.locator('#results').innerText();
}

// Counts the check requests, to show that a form error sends nothing.
function countChecks(page) {
  const calls = { n: 0 };
  page.on('request', (r) => r.url().includes('/api/v1/entry/check') && ++calls.n);
  return calls;
}

test('earlier stays: a Chinese citizen already 69 days in Kazakhstan this spring goes over 90 days in any 180', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/check?lang=en`);
  await fillStay(page, 0, 'KZ', '2025-06-01', '2025-06-25');
  const earlier = page.locator('.traveller').first().locator('details.earlier-stays');
  assert.equal(await earlier.evaluate((d) => d.open), false, 'closed while there are none');
  await earlier.locator('summary').click();
  await earlier.locator('.add-earlier').click();
  const row = earlier.locator('.earlier-stay').first();
  assert.equal(await row.locator('select[name=country]').evaluate((e) => e === document.activeElement), true, 'the new row focused');
  await row.locator('select[name=country]').selectOption('KZ');
  await row.locator('input[name=entry]').fill('2025-02-01');
  await row.locator('input[name=exit]').fill('2025-04-10');
  await page.click('.check-form button[type=submit]');
  const text = await checked(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('earlier'), '1:KZ:2025-02-01:2025-04-10');
  assert.equal(url.searchParams.get('stays'), 'KZ:2025-06-01:2025-06-25');
  assert.match(text, /Kazakhstan, .*: the stay is longer than allowed \(visa-free\) · leave by .*June 21, 2025 · 4 days too long/);
  assert.match(text, /94 counted days in the 180 days/);
  assert.match(await earlier.locator('summary').innerText(), /Earlier stays \(1\)/);
  await page.screenshot({ path: path.join(shots, 'check-earlier.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  // The same trip without the earlier stay is within the limits: the earlier stay made the difference.
  await page.goto(`${env.server.url}/check?lang=en&travellers=CN&stays=KZ:2025-06-01:2025-06-25`);
  assert.match(await checked(page), /Kazakhstan, .*: may enter under conditions/);
  assert.deepEqual(errors, []);
  await close();
});

test('a group tour in Kyrgyzstan: 3 people are too few (5 to 25), 12 with a registered operator may enter', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/check?lang=en`);
  const row = await fillStay(page, 0, 'KG', '2025-06-20', '2025-06-28');
  const more = row.locator('details.stay-more');
  assert.equal(await more.evaluate((d) => d.open), false, 'the simple case stays simple');
  await more.locator('summary').click();
  await more.locator('input[name=onwardTicket]').check();
  await more.locator('input[name=groupTour]').check();
  await more.locator('input[name=groupSize]').fill('3');
  await more.locator('input[name=groupOperator]').fill('silk-tours');
  await more.locator('input[name=groupRegistered]').check();
  assert.equal(await more.locator('summary').innerText(), 'More (Onward or return ticket booked, In a group tour)');
  await page.click('.check-form button[type=submit]');
  let text = await checked(page);
  assert.equal(new URL(page.url()).searchParams.get('stays'), 'KG:2025-06-20:2025-06-28:ticket:group=3:operator=silk-tours:registered');
  assert.match(text, /Kyrgyzstan, .*: only in a group tour \(visa-free group tour\)/);
  assert.match(text, /the group has 3 people; at least 5 are needed/);
  // The page drawn again from the URL keeps the stay's "more" open and filled.
  const again = page.locator('.stay-list > .stay').first().locator('details.stay-more');
  assert.equal(await again.evaluate((d) => d.open), true);
  await again.locator('input[name=groupSize]').fill('12');
  await page.click('.check-form button[type=submit]');
  text = await checked(page);
  assert.match(new URL(page.url()).searchParams.get('stays'), /:group=12:/);
  assert.match(text, /Possible as planned/);
  assert.match(text, /Kyrgyzstan, .*: may enter/);
  await page.screenshot({ path: path.join(shots, 'check-more.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});

test('transit: an American crossing China between Kazakhstan and Kyrgyzstan needs an onward ticket for the 240-hour transit', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/check?lang=en`);
  await page.locator('.traveller select[name=nationality]').selectOption('US');
  await fillStay(page, 0, 'KZ', '2025-06-01', '2025-06-05');
  await page.click('.add-stay');
  const china = await fillStay(page, 1, 'CN', '2025-06-05', '2025-06-10');
  await page.click('.add-stay');
  await fillStay(page, 2, 'KG', '2025-06-10', '2025-06-12');
  await china.locator('details.stay-more summary').click();
  await china.locator('select[name=purpose]').selectOption('transit');
  await page.click('.check-form button[type=submit]');
  let text = await checked(page);
  assert.match(new URL(page.url()).searchParams.get('stays'), /,CN:2025-06-05:2025-06-10:purpose=transit,/);
  assert.match(text, /China, .*: transit conditions not met \(visa-free transit\)/);
  assert.match(text, /needs a confirmed onward ticket/);
  await page.locator('.stay-list > .stay').nth(1).locator('input[name=onwardTicket]').check();
  await page.click('.check-form button[type=submit]');
  text = await checked(page);
  assert.match(text, /China, .*: may enter under conditions \(visa-free transit\) · leave by .*June 15, 2025/);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});

test('form errors name the stay and what is wrong, mark and focus the input, and send nothing', async () => {
  const { page, errors, close } = await newPage();
  const calls = countChecks(page);
  await page.goto(`${env.server.url}/check?lang=en`);
  const submit = () => page.click('.check-form button[type=submit]');
  const problems = () => page.locator('.check-form .form-error').innerText();
  const focused = () => page.evaluate(() => `${document.activeElement.closest('li')?.querySelector('.stay-number, .earlier-number')?.textContent} ${document.activeElement.name}`);

  await fillStay(page, 0, 'CN', '2025-06-01', '');
  await submit();
  assert.match(await problems(), /Please correct the trip:\n+Stay 1 \(China\): the date of exit is missing\./);
  assert.equal(await focused(), 'Stay 1 exit');
  assert.equal(await page.locator('.stay input[name=exit]').first().getAttribute('aria-invalid'), 'true');

  await fillStay(page, 0, 'CN', '2025-06-05', '2025-06-01');
  await submit();
  assert.match(await problems(), /Stay 1 \(China\): the exit is before the entry\./);

  await fillStay(page, 0, 'CN', '2025-06-01', '2025-06-10');
  await page.click('.add-stay');
  await fillStay(page, 1, 'KZ', '2025-06-05', '2025-06-20');
  await submit();
  assert.match(await problems(), /Stay 2 \(Kazakhstan\): it begins before the stay before it ends \(.*June 10, 2025\)\./);
  assert.equal(await focused(), 'Stay 2 entry');
  assert.equal(await page.locator('.stay input[name=exit]').first().getAttribute('aria-invalid'), null, 'the corrected input no longer marked');

  await fillStay(page, 1, 'KZ', '2025-05-01', '2025-05-20');
  await submit();
  assert.match(await problems(), /Stay 2 \(Kazakhstan\): it begins before the stay before it; put the stays in the order of the trip\./);

  await fillStay(page, 1, 'KG', '2025-06-10', '2025-06-20');
  const more = page.locator('.stay-list > .stay').nth(1).locator('details.stay-more');
  await more.locator('summary').click();
  await more.locator('input[name=groupTour]').check();
  await more.locator('summary').click(); // closed again: the error must open it to focus the size
  await submit();
  assert.match(await problems(), /Stay 2 \(Kyrgyzstan\): the group needs 1 to 999 people\./);
  assert.equal(await focused(), 'Stay 2 groupSize');
  assert.equal(await more.evaluate((d) => d.open), true);
  await more.locator('input[name=groupTour]').uncheck();

  const traveller = page.locator('.traveller').first();
  await traveller.locator('details.earlier-stays summary').click();
  await traveller.locator('.add-earlier').click();
  await traveller.locator('.earlier-stay input[name=entry]').fill('2025-03-10');
  await traveller.locator('.earlier-stay input[name=exit]').fill('2025-03-01');
  await traveller.locator('.remove-traveller').click();
  await page.click('.add-traveller');
  assert.equal(await page.locator('.earlier-stay').count(), 0, 'a traveller\'s earlier stays go with the traveller');
  await page.locator('.traveller details.earlier-stays summary').click();
  await page.locator('.traveller .add-earlier').click();
  await page.locator('.traveller .earlier-stay input[name=entry]').fill('2025-03-10');
  await page.locator('.traveller .earlier-stay input[name=exit]').fill('2025-03-01');
  await submit();
  assert.match(await problems(), /Traveller 1, earlier stay 1 \(Kazakhstan\): the exit is before the entry\./);
  assert.equal(await focused(), 'Earlier stay 1 of traveller 1 exit');
  await page.locator('.remove-traveller').click();
  await submit();
  assert.match(await problems(), /Add at least one traveller\./);
  await page.screenshot({ path: path.join(shots, 'check-errors.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  assert.equal(calls.n, 0, 'nothing sent while the form has problems');

  // A link with a date that does not exist is said so, not sent.
  await page.goto(`${env.server.url}/check?lang=en&travellers=CN&stays=KZ:2025-02-30:2025-03-02`);
  await page.waitForSelector('.check-form .form-error:not([hidden])');
  assert.match(await problems(), /Stay 1 \(Kazakhstan\): the date of entry does not exist\./);
  assert.equal(await page.locator('#results').innerText(), '');
  assert.equal(calls.n, 0);
  assert.deepEqual(errors, []);
  await close();
});

test('the check\'s own error headings: the server\'s refusal with its message, and "try again" when it is busy', async () => {
  const { page, errors, close } = await newPage();
  let answer = { status: 400, body: { code: 'invalid_body', message: 'the body is not a valid trip document: body: stay 1 (KZ): entry port `nowhere` is unknown' } };
  await page.route('**/api/v1/entry/check**', (route) => (answer
    ? route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) })
    : route.continue()));
  await page.goto(`${env.server.url}/check?lang=en&travellers=CN&stays=KZ:2025-06-01:2025-06-10`);
  let text = await checked(page);
  assert.match(text, /^The trip could not be checked\n+The server found a problem in the trip:\n+the body is not a valid trip document: body: stay 1 \(KZ\)/);
  assert.doesNotMatch(text, /search/i);
  assert.deepEqual(await axe(page), []);
  answer = { status: 503, body: { code: 'not_ready', message: 'loading' } };
  await page.reload();
  text = await checked(page);
  assert.match(text, /^The trip could not be checked\n+The server is busy\. Please try again in a moment\./);
  answer = null;
  await page.click('#results button.retry');
  await page.waitForSelector('#results[data-ready="true"]');
  assert.match(await page.locator('#results').innerText(), /Kazakhstan, .*: may enter under conditions/);
  await page.goto(`${env.server.url}/check?lang=zh&travellers=CN&stays=KZ:2025-06-01:2025-06-10`);
  await page.route('**/api/v1/entry/check**', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: '{"code":"query_too_expensive","message":"x"}' }));
  await page.reload();
  assert.match(await checked(page), /^无法检查此行程\n+行程太大，无法一次检查/);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await close();
});

test('removing a stay renumbers the rest and keeps the focus where the stay was', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/check?lang=en&travellers=CN&stays=CN:2025-06-01:2025-06-03,KZ:2025-06-03:2025-06-20,UZ:2025-06-20:2025-06-25`);
  await checked(page);
  const names = () => page.locator('.remove-stay').evaluateAll((els) => els.map((e) => `${e.closest('li').querySelector('.stay-number').textContent}: ${e.getAttribute('aria-label')}`));
  const focusedCountry = () => page.evaluate(() => `${document.activeElement.closest('li')?.querySelector('.stay-number')?.textContent} ${document.activeElement.value}`);
  await page.locator('.remove-stay[aria-label="Remove stay 2"]').focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await names(), ['Stay 1: Remove stay 1', 'Stay 2: Remove stay 2']);
  assert.equal(await focusedCountry(), 'Stay 2 UZ', 'the stay now in its place');
  assert.equal(await page.locator('.check-form [role=status]').innerText(), 'Stay 2 removed; the stays after it are renumbered.');
  await page.locator('.remove-stay[aria-label="Remove stay 2"]').click();
  assert.equal(await focusedCountry(), 'Stay 1 CN', 'the last removed: the one before');
  await page.locator('.remove-stay[aria-label="Remove stay 1"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.className), 'link add-stay', 'none left: "add a stay"');
  await page.keyboard.press('Enter');
  assert.deepEqual(await names(), ['Stay 1: Remove stay 1']);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});

test('a journey planned sent to the check: Xi\'an -> Almaty for a Chinese traveller, then a longer stay in Kazakhstan', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en&from=xian&to=almaty&date=2025-05-29&time=08:00&modes=rail&travellers=CN`);
  await page.waitForSelector('#results[data-ready="true"]');
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  await first.locator('a.check-trip').click();
  await page.waitForSelector('h1#check-heading');
  let text = await checked(page);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/check');
  assert.equal(url.searchParams.get('travellers'), 'CN');
  assert.equal(url.searchParams.get('stays'), 'CN:2025-05-29:2025-05-31,KZ:2025-05-31:2025-05-31:port=almaty_2');
  assert.match(text, /Kazakhstan, .*: may enter under conditions \(visa-free\) · leave by .*June 29, 2025/);
  assert.match(await page.locator('.check-form .hint').first().innerText(), /taken from the journey/);
  await page.locator('.stay-list > .stay').nth(1).locator('input[name=exit]').fill('2025-07-10');
  await page.click('.check-form button[type=submit]');
  text = await checked(page);
  assert.match(text, /Kazakhstan, .*: the stay is longer than allowed \(visa-free\) · leave by .*June 29, 2025 · 11 days too long/);
  assert.match(await page.locator('.check-form .hint').first().innerText(), /^The countries you will stay in/, 'checked again: the usual hint');
  assert.deepEqual(await axe(page), []);
  await page.goBack();
  await page.goBack();
  await page.waitForSelector('.journeys');
  assert.equal(new URL(page.url()).pathname, '/', 'back to the plan');
  // Without travellers the stays fill the form and nothing is checked until a traveller is added.
  await page.goto(`${env.server.url}${xianAlmatyRail}`);
  await page.waitForSelector('#results[data-ready="true"]');
  await page.locator('.journeys > li').first().locator('.details-toggle').click();
  await page.locator('.journeys > li').first().locator('a.check-trip').click();
  await page.waitForSelector('h1#check-heading');
  assert.equal(await page.locator('.stay-list > .stay').count(), 2);
  assert.equal(await page.locator('#results').innerText(), '');
  assert.equal(await page.locator('.traveller select[name=nationality]').inputValue(), 'CN');
  assert.match(await page.locator('.check-form .hint').first().innerText(), /taken from the journey/);
  assert.deepEqual(errors, []);
  await close();
});

test('the check on a phone: the stay\'s "more" and earlier stays open, nothing wider than the screen', async () => {
  const { page, errors, close } = await newPage({ width: 375, height: 812 });
  await page.goto(`${env.server.url}/check?lang=ru&travellers=CN&stays=KZ:2025-06-01:2025-06-25:purpose=business:port=khorgos_road,KG:2025-06-25:2025-07-02:ticket:group=12:operator=silk-tours:registered:regions=Issyk-Kul&earlier=1:KZ:2025-02-01:2025-04-10`);
  await checked(page);
  assert.equal(await page.locator('details[open]').count(), 3);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling');
  await page.locator('.stay-list > .stay').nth(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'check-phone.png') }); // one screen: the stays' "more" legible
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});
