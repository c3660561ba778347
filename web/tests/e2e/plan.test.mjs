// The plan view end to end (harness.mjs: a real server, Debian's chromium, axe-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { axe, choosePlace, results, shots, useBrowser, xianAlmatyRail } from './harness.mjs';

const env = useBrowser();
const newPage = (...a) => env.newPage(...a);

test("Xi'an -> Almaty on 2025-05-29 by rail shows the 57 h 15 min tourism train, typed through the form", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en`);
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
  await page.goto(env.server.url + xianAlmatyRail.replace('lang=en', 'lang=zh'));
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
  await page.goto(`${env.server.url}/?lang=en&from=Almatx&to=xian&date=2025-05-29&time=08:00`);
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
  await page.goto(`${env.server.url}/?lang=en&from=almaty&to=xian&date=2031-01-01&time=08:00`);
  await results(page);
  const text = await page.locator('#results .error').innerText();
  assert.match(text, /outside the timetable data/);
  assert.match(text, /2027-12-31/);
  await close();
});

test('a phone-sized viewport works: no sideways scrolling, the result readable', async () => {
  const { page, errors, close } = await newPage({ width: 375, height: 812 });
  await page.goto(env.server.url + xianAlmatyRail);
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
  await page.goto(env.server.url + xianAlmatyRail);
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
  await page.goto(env.server.url + '/?from=almaty&to=tashkent&date=2026-06-05&time=08:00');
  await results(page);
  await page.locator('.earlier-later .later').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') === '09:21');
  await results(page);
  await close();
});

test('with only journeys without a visa and none left, the closed countries say why', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN&onlyVisaFree=true`);
  await page.locator('.results .empty').waitFor();
  assert.match(await page.locator('.results .closed-countries').innerText(), /Kyrgyzstan/);
  await close();
});

test('switching the language keeps the search, and the language is remembered', async () => {
  const { page, close } = await newPage();
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  await page.selectOption('#language', 'ru');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'ru');
  await results(page);
  assert.equal(await page.locator('#results-heading').innerText(), 'Сиань → Алматы');
  assert.match(await page.locator('.journeys > li').first().innerText(), /2 д 9 ч 15 мин/);
  assert.equal(await page.locator('.stop-field-from label').innerText(), 'Откуда');
  assert.equal(new URL(page.url()).searchParams.get('from'), 'xian', 'the same search');
  await page.goto(`${env.server.url}/`);
  await page.waitForSelector('h1#plan-heading');
  assert.equal(await page.locator('h1#plan-heading').innerText(), 'Спланировать поездку', 'remembered');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'ru');
  // Kazakh has its own texts (languages.test.mjs tests kk, ky and uz further).
  await page.goto(`${env.server.url}/?lang=kk`);
  await page.waitForSelector('h1#plan-heading');
  assert.equal(await page.locator('h1#plan-heading').innerText(), 'Сапарды жоспарлау');
  assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
  await close();
});

test("a Chinese traveller's Kashgar -> Osh journey shows what to arrange for Kyrgyzstan", async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en&from=kashgar&fromLabel=Kashgar&to=osh&toLabel=Osh&date=2026-06-05&time=15:00`);
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
  await page.goto(env.server.url + xianAlmatyRail);
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
  await page.goto(`${env.server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN`);
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

// The tester's findings (docs/web.md, the plan view): each test fails on the view before its fix.

test('an empty answer says how far the planner looked and offers the days after and before', async () => {
  const { page, errors, close } = await newPage();
  // No flight leaves Kashgar for Osh.
  await page.goto(`${env.server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&modes=air`);
  await page.locator('.results .empty').waitFor();
  assert.match(await page.locator('.results .empty').innerText(), /No journey found in the 31 days from Friday, June 5, 2026/);
  await page.screenshot({ path: path.join(shots, 'plan-empty-answer.png') });
  await page.locator('.earlier-later .later').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('date') === '2026-07-06');
  await page.locator('.results .empty').waitFor();
  await page.locator('.earlier-later .earlier').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('date') === '2026-06-05');
  assert.deepEqual(errors, []);
  await close();
});

test('a place chosen in Chinese is named in Chinese in the form, the URL and the title; a link with ids alone too', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=zh`);
  await choosePlace(page, 'from', 'xian', 'xian');
  await page.waitForFunction(() => document.querySelector('.stop-field-from input').value === '西安');
  await choosePlace(page, 'to', 'almaty', 'almaty');
  await page.waitForFunction(() => document.querySelector('.stop-field-to input').value === '阿拉木图');
  await page.fill('input[name=date]', '2025-05-29');
  await page.click('button[type=submit]');
  await results(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('from'), 'xian');
  assert.equal(url.searchParams.get('fromLabel'), '西安');
  assert.equal(url.searchParams.get('toLabel'), '阿拉木图');
  assert.match(await page.title(), /^西安 → 阿拉木图/);
  // Ids without names: looked up, in the form and in the title.
  await page.goto(`${env.server.url}/?lang=zh&from=xian&to=almaty&date=2025-05-29&time=08:00&modes=rail`);
  await results(page);
  await page.waitForFunction(() => document.querySelector('.stop-field-from input').value === '西安');
  assert.equal(await page.locator('.stop-field-to input').inputValue(), '阿拉木图');
  assert.match(await page.title(), /^西安 → 阿拉木图/);
  // ... and the map titles the journey with them, not "行程 xian → almaty".
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  await first.locator('button.show-on-map').click();
  await page.waitForURL(/\/map\?/);
  assert.equal(new URL(page.url()).searchParams.get('fromLabel'), '西安');
  assert.equal(new URL(page.url()).searchParams.get('toLabel'), '阿拉木图');
  assert.deepEqual(errors, []);
  await close();
});

test('an impossible date, from = to, and answers without JSON are said in words', async () => {
  const { page, close } = await newPage();
  let plans = 0;
  page.on('request', (r) => r.url().includes('/api/v1/plan') && ++plans);
  await page.goto(`${env.server.url}/?lang=en&from=xian&to=almaty&date=2025-02-30&time=08:00`);
  const error = page.locator('#results .error');
  await error.waitFor();
  assert.match(await error.innerText(), /This date does not exist/);
  assert.doesNotMatch(await error.innerText(), /outside/);
  assert.equal(plans, 0, 'not sent');
  // From and to the same stop, and a station and its own stop: no 0-minute journey.
  await page.goto(`${env.server.url}/?lang=en&from=xian&to=xian&date=2025-05-29&time=08:00`);
  assert.match(await page.locator('#results .error').innerText(), /same place/);
  await page.goto(`${env.server.url}/?lang=en&from=xian&to=xian_rail&date=2025-05-29&time=08:00`);
  await results(page);
  assert.match(await page.locator('#results .error').innerText(), /same place/);
  assert.equal(await page.locator('.journeys').count(), 0);
  // A proxy's 502 page: in words, with "try again"; a 431: the names are too long.
  await page.route('**/api/v1/plan?**', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }));
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  const text = await page.locator('#results .error').innerText();
  assert.match(text, /proxy on the way, failed \(HTTP 502\)/);
  assert.doesNotMatch(text, /without JSON|<html>/);
  assert.equal(await page.locator('#results .error button', { hasText: 'Try again' }).count(), 1);
  await page.unroute('**/api/v1/plan?**');
  await page.route('**/api/v1/plan?**', (route) => route.fulfill({ status: 431, contentType: 'text/html', body: 'Request Header Fields Too Large' }));
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  assert.match(await page.locator('#results .error').innerText(), /at most 100 characters/);
  await close();
});

test('a place name stops at 100 characters and says so', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en`);
  const input = page.locator('.stop-field-from input');
  assert.equal(await page.locator('.stop-field-from .field-limit').isVisible(), false);
  await input.fill('x'.repeat(2400));
  assert.equal((await input.inputValue()).length, 100);
  assert.equal(await page.locator('.stop-field-from .field-limit').innerText(), 'At most 100 characters.');
  // A link with a longer name is refused before it reaches the server (a 431 there).
  await page.goto(`${env.server.url}/?lang=en&from=${'x'.repeat(2400)}&to=almaty&date=2025-05-29&time=08:00`);
  assert.match(await page.locator('#results .error').innerText(), /at most 100 characters/);
  await close();
});

test('the form says what is wrong: a birth date in the future, no transport, the 9 travellers limit, from = to', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en&from=xian&fromLabel=Xi%27an&to=almaty&toLabel=Almaty`);
  const before = page.url();
  await page.click('.add-traveller');
  await page.fill('.traveller input[name=birthDate]', '2030-01-01');
  await page.click('button[type=submit]');
  assert.match(await page.locator('.form-error').innerText(), /cannot be in the future/);
  assert.equal(await page.locator('.traveller input[name=birthDate]').getAttribute('aria-invalid'), 'true');
  await page.fill('.traveller input[name=birthDate]', '');
  for (const m of ['rail', 'air', 'bus', 'road']) await page.uncheck(`input[name=modes][value=${m}]`);
  await page.click('button[type=submit]');
  assert.match(await page.locator('.form-error').innerText(), /Choose at least one kind of transport/);
  assert.equal(page.url(), before, 'nothing searched');
  await page.check('input[name=modes][value=rail]');
  for (let i = 1; i < 9; ++i) await page.click('.add-traveller');
  assert.equal(await page.locator('.traveller').count(), 9);
  assert.equal(await page.locator('.add-traveller').isDisabled(), true);
  assert.equal(await page.locator('.traveller-limit').innerText(), 'At most 9 travellers per search.');
  await page.locator('.remove-traveller').first().click();
  assert.equal(await page.locator('.add-traveller').isDisabled(), false);
  await choosePlace(page, 'to', 'xian', 'xian');
  await page.click('button[type=submit]');
  assert.match(await page.locator('.form-error').innerText(), /same place/);
  assert.equal(page.url(), before);
  await close();
});

test('switching the language keeps what was typed in the form', async () => {
  const { page, close } = await newPage();
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  await page.fill('input[name=time]', '10:15');
  await page.check('input[name=modes][value=bus]');
  await page.click('.add-traveller');
  await page.selectOption('.traveller select[name=nationality]', 'KZ');
  await page.selectOption('#language', 'ru');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'ru');
  await results(page);
  assert.equal(await page.locator('input[name=time]').inputValue(), '10:15');
  assert.equal(await page.locator('input[name=modes][value=bus]').isChecked(), true);
  assert.equal(await page.locator('.traveller select[name=nationality]').inputValue(), 'KZ');
  await page.waitForFunction(() => document.querySelector('.stop-field-from input').value === 'Сиань');
  assert.equal(new URL(page.url()).searchParams.get('time'), '08:00', 'the search shown is still the one searched');
  await close();
});

test('one search per double click, and "skip to results" moves focus without searching again', async () => {
  const { page, close } = await newPage();
  let plans = 0;
  page.on('request', (r) => r.url().includes('/api/v1/plan') && ++plans);
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  const entries = await page.evaluate(() => history.length);
  await page.fill('input[name=time]', '09:00');
  await page.dblclick('button[type=submit]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') === '09:00');
  await results(page);
  assert.equal(await page.evaluate(() => history.length), entries + 1, 'one history entry');
  const searched = plans;
  await page.locator('.skip-link').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
  assert.equal(new URL(page.url()).hash, '');
  await page.waitForTimeout(300);
  assert.equal(plans, searched, 'no search again');
  assert.equal(await page.locator('#results[data-ready="true"]').count(), 1);
  await close();
});

test('screen readers: headings in order, journeys named, departs/arrives said, a short status instead of the whole results', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=en&from=almaty&to=tashkent&date=2026-06-05&time=08:00&travellers=CN`);
  await results(page);
  for (const toggle of await page.locator('.journeys .details-toggle').all()) await toggle.click();
  const levels = await page.locator('main :is(h1, h2, h3, h4, h5, h6)').evaluateAll((hs) => hs.map((x) => Number(x.tagName[1])));
  for (let i = 1; i < levels.length; ++i) assert.ok(levels[i] <= levels[i - 1] + 1, `heading levels ${levels.join(' ')}`);
  const names = await page.locator('.journeys .journey').evaluateAll((cards) => cards.map((c) => document.getElementById(c.getAttribute('aria-labelledby'))?.textContent));
  assert.ok(names.length >= 2);
  assert.equal(new Set(names).size, names.length, `distinct names: ${names}`);
  assert.ok(names.includes('Fri, Jun 5 08:00 Almaty (road links, city point) → Tashkent (road links, city point)'), names.join('; ')); // the bus
  assert.ok(names.includes('Fri, Jun 5 09:20 Almaty airport (ALA) → Tashkent airport (TAS)'), names.join('; '));
  const details = await page.locator('.journeys .details-toggle').allTextContents();
  assert.equal(details[0], `Hide details: ${names[0]}`);
  assert.equal(new Set(details).size, details.length);
  const calendars = await page.locator('.journeys button.calendar').allTextContents();
  assert.equal(new Set(calendars).size, calendars.length, 'each calendar button names its journey');
  assert.match(await page.locator('.journeys .journey-times').first().textContent(), /^Departs: 09:20 .*Arrives: 19:00 /);
  assert.equal(await page.locator('#results').getAttribute('aria-live'), null);
  assert.match(await page.locator('#plan-status').textContent(), /^2 journeys found, Almaty → Tashkent$/);
  await close();
});

test('on a phone, a search brings its results into view', async () => {
  const { page, close } = await newPage({ width: 375, height: 812 });
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.fill('input[name=time]', '07:00');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') === '07:00');
  await results(page);
  await page.waitForTimeout(200);
  // At the top of the screen, or as near as the page's end lets it come.
  const { top, atEnd } = await page.locator('#results-heading').evaluate((e) => ({
    top: e.getBoundingClientRect().top, atEnd: window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1 }));
  assert.ok(top >= 0 && (top < 50 || (atEnd && top < 812 / 2)), `the results' heading at ${top} px`);
  await page.screenshot({ path: path.join(shots, 'plan-phone-after-search.png') });
  await close();
});

test('with travellers, journeys without a visa are shown beside those that need one', async () => {
  const { page, errors, close } = await newPage();
  // An American from Shymkent to Bishkek: the road through Tashkent needs a visa for Uzbekistan, the
  // train and road through Kazakhstan none.
  await page.goto(`${env.server.url}/?lang=en&from=shymkent&to=bishkek&date=2026-06-05&time=08:00&travellers=US`);
  await results(page);
  assert.match(await page.locator('.journeys > li').first().locator('.entry-summary').innerText(), /Uzbekistan: visa needed/);
  const section = page.locator('.visa-free');
  assert.equal(await section.locator('h3').innerText(), 'Without a visa');
  const alternative = section.locator('.journey').first();
  assert.match(await alternative.innerText(), /No visa needed/);
  assert.match(await alternative.innerText(), /Train/);
  await page.screenshot({ path: path.join(shots, 'plan-visa-free-beside.png'), fullPage: true });
  // Kashgar -> Osh for a Chinese traveller: no way around Kyrgyzstan, and the view says so.
  await page.goto(`${env.server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN`);
  await results(page);
  assert.match(await page.locator('.visa-free').innerText(), /No journey without a visa was found/);
  assert.deepEqual(errors, []);
  await close();
});

test('Russian: one name for Kyrgyzstan (Кыргызстан), and the crossing "через" its place', async () => {
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/?lang=ru&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN`);
  await results(page);
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  const text = await page.locator('#results').innerText();
  assert.match(text, /Кыргызстан/);
  assert.doesNotMatch(text, /Киргиз/);
  assert.match(await first.locator('.border').first().innerText(), /^Граница Китай → Кыргызстан через \S/);
  await close();
});

test("a road journey's border crossing says its hours that day in its own zone", async () => {
  const { page, errors, close } = await newPage();
  // Friday afternoon from Kashgar: the crossings to Kyrgyzstan are shut at the weekend.
  await page.goto(`${env.server.url}/?lang=en&from=kashgar&to=osh&date=2026-06-05&time=15:00&modes=road`);
  await results(page);
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  const hours = (await first.locator('.legs .crossing-hours').first().innerText()).trim();
  assert.match(hours, /^open 10:00–18:00 on Monday, June 8, 2026 \(China Standard Time\) estimated$/);
  assert.doesNotMatch(hours, /a wait of/, 'the car leaves Monday morning: no wait at the border');
  assert.match(hours, /estimated/);
  await page.goto(`${env.server.url}/?lang=zh&from=kashgar&to=osh&date=2026-06-05&time=15:00&modes=road`);
  await results(page);
  await page.locator('.journeys > li').first().locator('.details-toggle').click();
  assert.match(await page.locator('.crossing-hours').first().innerText(), /开放 10:00–18:00（中国标准时间）/);
  assert.deepEqual(errors, []);
  await close();
});

test('nights on board and nights between two legs are said', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(env.server.url + xianAlmatyRail);
  await results(page);
  const first = page.locator('.journeys > li').first();
  await first.locator('.details-toggle').click();
  assert.match(await first.locator('.legs').innerText(), /2 nights on board/, 'the Y29 leaves on the 29th, arrives on the 31st');
  // Ürümqi to Bukhara: the flight lands in Tashkent at 14:15, the train leaves the next morning.
  await page.goto(`${env.server.url}/?lang=en&from=urumqi&to=bukhara&date=2026-06-05&time=08:00`);
  await results(page);
  for (const toggle of await page.locator('.journeys > li .details-toggle').all()) await toggle.click();
  const nights = await page.locator('.legs .wait.overnight').allInnerTexts();
  assert.ok(nights.some((n) => /^Overnight at Tashkent.*: 16 h 44 min until the next departure$/.test(n)), nights.join('\n'));
  assert.deepEqual(errors, []);
  await close();
});

test('later does not crawl a minute at a time behind a road journey that can leave at any minute', async () => {
  const { page, close } = await newPage();
  // At 09:21 the flight of 09:20 is gone: what is left leaves "now" by road.
  await page.goto(`${env.server.url}/?lang=en&from=almaty&to=tashkent&date=2026-06-05&time=09:21`);
  await results(page);
  await page.click('.earlier-later .later');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('time') !== '09:21');
  const time = new URL(page.url()).searchParams.get('time');
  assert.notEqual(time, '09:22', 'not a minute on');
  await close();
});

test('an answer of another shape is said, with a retry, not a spinner for ever', async () => {
  const { page, close } = await newPage();
  await page.route('**/api/v1/plan?**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"foo":1}' }));
  await page.goto(env.server.url + xianAlmatyRail);
  await page.waitForSelector('#results .error', { timeout: 15_000 });
  assert.equal(await page.locator('#results .loading').count(), 0);
  assert.equal(await page.locator('#results .error button.primary').count(), 1, 'try again');
  await close();
});

test('when the place search fails, the field says so (and Search still looks for the name typed)', async () => {
  const { page, close } = await newPage();
  await page.route('**/api/v1/stops?**', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":"internal","message":"boom"}' }));
  await page.goto(`${env.server.url}/?lang=en`);
  await page.locator('.stop-field-from input').pressSequentially('alma', { delay: 20 });
  await page.waitForSelector('.stop-field-from .lookup-failed:not([hidden])', { timeout: 5_000 });
  assert.match(await page.locator('.stop-field-from .lookup-failed').innerText(), /unavailable/);
  await close();
});
