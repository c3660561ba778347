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
