// The entry rules' sentences in the reader's language (lib/rule-messages.ts): the plan's verdicts and the
// trip check in Chinese and Russian, with no English sentence left (harness.mjs: a real server, Debian's
// chromium, axe-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, results, shots, useBrowser } from './harness.mjs';

const env = useBrowser();
const newPage = (...a) => env.newPage(...a);

// The sentences of the verdicts (what to arrange, conditions, reasons), and any English left in them:
// words of three Latin letters or more once web addresses and rule ids in backquotes are taken out.
async function sentences(block) {
  return block.locator('.verdicts li li').allInnerTexts();
}
const englishIn = (text) => text.replace(/\b[\w-]+(\.[\w-]+)+\b/g, '').replace(/`[^`]*`/g, '').match(/[A-Za-z]{3,}/g) ?? [];

for (const [lang, expected] of [
  ['zh', { entering: /吉尔吉斯/, todo: '在 evisa.e-gov.kg 申请电子签证，至少提前3个工作日' }],
  ['ru', { entering: /Кыргызстан|Киргизия/, todo: 'подать заявление на электронную визу на evisa.e-gov.kg, не менее чем за 3 рабочих дня' }],
]) {
  test(`Kashgar -> Osh for a Chinese traveller: the Kyrgyz verdict's sentences in ${lang}`, async () => {
    const { page, errors, close } = await newPage();
    await page.goto(`${env.server.url}/?lang=${lang}&from=kashgar&to=osh&date=2026-06-05&time=15:00&travellers=CN`);
    await results(page);
    const first = page.locator('.journeys > li').first();
    await first.locator('.details-toggle').click();
    const block = first.locator('.entries');
    await block.waitFor();
    const text = await block.innerText();
    assert.match(text, expected.entering);
    const said = await sentences(block);
    assert.ok(said.length > 0, 'the verdict has sentences');
    assert.ok(said.includes(expected.todo), `what to arrange, in ${lang}: ${said.join(' | ')}`);
    for (const s of said) assert.deepEqual(englishIn(s), [], `an English sentence left: ${s}`);
    assert.doesNotMatch(text, /apply for an e-visa|working days ahead|Before departure/);
    if (lang === 'zh') await page.screenshot({ path: path.join(shots, 'plan-zh-entry-rules.png'), fullPage: true });
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
    await close();
  });
}

test('the trip check in Russian: 36 days in Uzbekistan, the reasons with Russian dates', async () => {
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/check?lang=ru&travellers=CN&stays=CN:2025-06-01:2025-06-03,KZ:2025-06-03:2025-06-20,UZ:2025-06-20:2025-07-25`);
  await page.waitForSelector('#results[data-ready="true"], #results .error');
  const block = page.locator('#results');
  const uz = block.locator('.verdict-limit_exceeded');
  const reasons = await uz.locator('.reasons li').allInnerTexts();
  assert.ok(reasons.length > 0, 'the Uzbek stay has reasons');
  // "выезд 25 июл. 2025 г. на 6 дней позже крайней даты выезда 19 июл. 2025 г. (30 дней за поездку, ...)"
  const date = (d) => new Intl.DateTimeFormat('ru', { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(`${d}T00:00:00Z`));
  assert.ok(reasons[0].startsWith(`выезд ${date('2025-07-25')} на 6 дней позже крайней даты выезда ${date('2025-07-19')}`), reasons[0]);
  assert.match(reasons[0], /30 дней за поездку/);
  const said = await block.locator('.verdicts li li').allInnerTexts();
  for (const s of said) assert.deepEqual(englishIn(s), [], `an English sentence left: ${s}`);
  assert.doesNotMatch(await block.innerText(), /exit on|counted days|days a stay/);
  await page.screenshot({ path: path.join(shots, 'check-ru-entry-rules.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});
