// Kazakh, Kyrgyz and Uzbek end to end (harness.mjs): the plan view's form and results in the language,
// dates that read right in Debian's chromium (whose Intl has no Kazakh or Uzbek month names and formats
// Kyrgyz as English: lib/format.ts builds them), no English interface text left, axe-core clean; the
// language selector and a remembered `?lang=`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { axe, results, shots, useBrowser } from './harness.mjs';

const env = useBrowser();

async function texts(lang) {
  const source = readFileSync(new URL(`../../src/i18n/${lang}.ts`, import.meta.url), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return (await import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'))).default;
}
const flatten = (obj, prefix = '') => Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
const en = new Map(flatten(await texts('en')));

// What each language must show for the Xi'an -> Almaty rail search of 29 May 2025 (the Y29, 57 h 15 min).
const EXPECTED = {
  kk: { search: 'Іздеу', heading: 'Сапарды жоспарлау', from: 'Қайдан', day: '2025 ж. 29 мамыр, бейсенбі', dep: '29 мам., бс', arr: '31 мам., сб',
    duration: '2 тәу 9 сағ 15 мин', changes: 'тікелей', mode: 'Пойыз', border: 'Шекара Қытай → Қазақстан', name: 'Қазақша' },
  ky: { search: 'Издөө', heading: 'Сапарды пландаштыруу', from: 'Кайдан', day: '2025-ж., 29-май, бейшемби', dep: '29-май, бейш.', arr: '31-май, ишм.',
    duration: '2 күн 9 саат 15 мүн', changes: 'которулуусуз', mode: 'Поезд', border: 'Чек ара Кытай → Казакстан', name: 'Кыргызча' },
  uz: { search: 'Qidirish', heading: 'Safarni rejalashtirish', from: 'Qayerdan', day: 'payshanba, 29-may, 2025', dep: 'Pay, 29-may', arr: 'Shan, 31-may',
    duration: '2 kun 9 soat 15 daq', changes: 'toʻgʻridan-toʻgʻri', mode: 'Poyezd', border: 'Chegara Xitoy → Qozogʻiston', name: 'Oʻzbekcha' },
};

for (const [lang, x] of Object.entries(EXPECTED)) {
  test(`${lang}: the Xi'an -> Almaty rail search in the language, with dates that read right`, async () => {
    const { page, errors, close } = await env.newPage();
    await page.goto(`${env.server.url}/?lang=${lang}&from=xian&to=almaty&date=2025-05-29&time=08:00&modes=rail`);
    await results(page);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.locator('button[type=submit]').innerText(), x.search);
    assert.equal(await page.locator('h1#plan-heading').innerText(), x.heading);
    assert.equal(await page.locator('.stop-field-from label').innerText(), x.from);
    assert.equal(await page.locator('.results-day').innerText(), x.day);
    const first = page.locator('.journeys > li').first();
    assert.equal(await first.locator('.duration').textContent(), `${(await texts(lang)).plan.duration}: ${x.duration}`);
    assert.equal(await first.locator('.dep .day').innerText(), x.dep);
    assert.equal(await first.locator('.arr .day').innerText(), x.arr);
    assert.equal(await first.locator('.dep .clock').innerText(), '11:30');
    assert.equal(await first.locator('.arr .clock').innerText(), '17:45');
    assert.match(await first.innerText(), new RegExp(x.changes));
    assert.match(await first.locator('.journey-modes').innerText(), new RegExp(x.mode));
    await first.locator('.details-toggle').click();
    const timeline = await first.locator('.timeline').innerText();
    assert.match(timeline, /Y29/);
    assert.match(timeline, new RegExp(x.border));

    const body = await page.locator('body').innerText();
    assert.doesNotMatch(body, /(?<!\p{L})M\d{1,2}(?!\d)/u, 'a month Intl could not name ("M05")');
    assert.doesNotMatch(body, /(?<!\p{L})(Mon|Tue|Wed|Thu|Fri|Sat|Sun|January|May|June|Thursday|Saturday)(?!\p{L})/u, 'English dates');
    // No English interface text: no phrase of en.ts (its texts without their {{placeholders}}) inside the
    // page's runs of words, and none of its single words as a run of its own (the feed's data is English:
    // "China Railway", "Xi'an railway station"); the language's own equal words apart (Uzbek "Transport").
    const own = new Set(flatten(await texts(lang)).map(([, v]) => v));
    const english = [...new Set([...en.values()].filter((v) => !own.has(v) && v !== 'Caravan')
      .flatMap((v) => v.split(/\{\{\w+\}\}/)).map((v) => v.replace(/[^\p{L}'’ ]/gu, ' ').replace(/\s+/g, ' ').trim()).filter((v) => /\p{L}{3}/u.test(v)))];
    const runs = [...body.matchAll(/\p{L}[\p{L}'’ ]*/gu)].map((m) => m[0].trim());
    const left = english.filter((v) => runs.some((r) => r === v || (v.includes(' ') && ` ${r} `.includes(` ${v} `))));
    assert.deepEqual(left, [], 'English interface texts left');
    for (const attr of ['aria-label', 'title', 'placeholder']) {
      const values = await page.locator(`[${attr}]`).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attr);
      assert.deepEqual(values.filter((v) => en.has(v) || [...en.values()].includes(v)).filter((v) => !own.has(v)), [], `English ${attr}`);
    }
    assert.deepEqual(await axe(page), [], 'axe-core');
    await page.screenshot({ path: path.join(shots, `plan-${lang}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });
}

test('the language selector lists all six, and ?lang=kk, ky, uz are remembered', async () => {
  const { page, close } = await env.newPage();
  await page.goto(`${env.server.url}/?lang=en`);
  await page.waitForSelector('h1#plan-heading');
  const options = await page.locator('#language option').evaluateAll((els) => els.map((e) => [e.value, e.textContent, e.lang]));
  assert.deepEqual(options, [['en', 'English', 'en'], ['zh', '简体中文', 'zh'], ['ru', 'Русский', 'ru'],
    ['kk', 'Қазақша', 'kk'], ['uz', 'Oʻzbekcha', 'uz'], ['ky', 'Кыргызча', 'ky']]);
  for (const [lang, x] of Object.entries(EXPECTED)) {
    await page.goto(`${env.server.url}/?lang=${lang}`);
    await page.waitForSelector('h1#plan-heading');
    assert.equal(await page.locator('#language').inputValue(), lang);
    await page.goto(`${env.server.url}/`);
    await page.waitForSelector('h1#plan-heading');
    assert.equal(await page.locator('h1#plan-heading').innerText(), x.heading, `${lang} remembered`);
    assert.equal(new URL(page.url()).searchParams.get('lang'), lang);
  }
  // Chosen in the selector: the same search, in the language, remembered.
  await page.goto(`${env.server.url}/?lang=en&from=xian&to=almaty&date=2025-05-29&time=08:00&modes=rail`);
  await results(page);
  await page.selectOption('#language', 'uz');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'uz');
  await results(page);
  assert.equal(await page.locator('.results-day').innerText(), EXPECTED.uz.day);
  assert.equal(new URL(page.url()).searchParams.get('from'), 'xian');
  await page.goto(`${env.server.url}/check`);
  await page.waitForSelector('main h1');
  assert.equal(await page.locator('main h1').innerText(), 'Safarni tekshirish');
  await close();
});

// The .ics titles come from plan.ts's calendarButton: `${route}: ${name(from)} → ${name(to)}` with the
// stop's own translation else the API's English name, so Chinese reads "Y29: 西安站 → Almaty-2 railway
// station" and Kazakh all English. lib/names.ts placeName gives one language (the station's city, the
// fallback languages); until plan.ts takes it (docs/web.md, not done yet) this is a todo.
test('the .ics title is in the chosen language', { todo: 'plan.ts calendarButton to name places with lib/names.ts placeName' }, async () => {
  const { page, close } = await env.newPage();
  const titles = {};
  for (const lang of ['kk', 'zh']) {
    await page.goto(`${env.server.url}/?lang=${lang}&from=xian&to=almaty&date=2025-05-29&time=08:00&modes=rail`);
    await results(page);
    const first = page.locator('.journeys > li').first();
    await first.locator('.details-toggle').click();
    const [download] = await Promise.all([page.waitForEvent('download'), first.locator('button.calendar').click()]);
    const file = path.join(shots, `journey-${lang}.ics`);
    await download.saveAs(file);
    titles[lang] = readFileSync(file, 'utf8').replace(/\r\n /g, '').split('\r\n').find((l) => l.startsWith('SUMMARY:'));
  }
  await close();
  assert.deepEqual(titles, { kk: 'SUMMARY:Y29: Сиань → Алматы', zh: 'SUMMARY:Y29: 西安站 → 阿拉木图' });
});
