// The texts (src/i18n/*.ts, with the register's, src/i18n/register/*.ts, and the cases', src/i18n/cases/*.ts): every key of en.ts in zh and ru (promised complete), with the plural forms
// each language's Intl.PluralRules asks for; the keys kk, ky and uz do not have yet are listed, not
// failed (others add keys in parallel; those fall back, index.ts). The files are plain data, read as
// i18n-chunk.mjs reads them (transpiled, not compiled into build-unit/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatten, load, PLURAL } from './i18n-chunk.mjs';

// A language's texts as the register and the cases see them: i18n/<lang>.ts with i18n/register/<lang>.ts
// and i18n/cases/<lang>.ts merged in (index.ts loadRegisterTexts and loadCasesTexts merge them deeply), so every check below covers the register's texts too.
function merge(into, from) {
  const out = { ...into };
  for (const [k, v] of Object.entries(from)) out[k] = typeof v === 'object' && typeof out[k] === 'object' ? merge(out[k], v) : v;
  return out;
}

async function texts(lang) {
  return merge(merge(await load(lang), await load(`register/${lang}`)), await load(`cases/${lang}`));
}

// The keys a language must have for en's keys: a plural key (changes_one, changes_other) needs every
// category Intl.PluralRules gives for the language (_zero is optional: i18next uses it for 0 when present).
function missingKeys(en, other, lang) {
  const have = new Set(flatten(other).map(([k]) => k));
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const missing = new Set();
  for (const [key] of flatten(en)) {
    const m = PLURAL.exec(key);
    if (!m) {
      if (!have.has(key)) missing.add(key);
      continue;
    }
    const base = key.slice(0, m.index);
    for (const c of categories) if (!have.has(`${base}_${c}`)) missing.add(`${base}_${c}`);
  }
  return [...missing];
}

// Interpolations ({{from}}, {{n}}) of a key must be en's: a text that drops one hides data ({{count}} aside:
// a plural form may leave the number out, as en's changes_zero does).
function placeholderMismatches(en, other) {
  const ph = (s) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).filter((x) => x !== 'count').sort().join(',');
  const reference = new Map(flatten(en).map(([k, v]) => [k.replace(PLURAL, ''), ph(v)]));
  return flatten(other).filter(([k, v]) => reference.has(k.replace(PLURAL, '')) && reference.get(k.replace(PLURAL, '')) !== ph(v)).map(([k]) => k);
}

// Words a language writes as English does.
const SAME_AS_EN = { uz: new Set(['plan.modes', 'board.mode', 'register.role.admin']) };

const en = await texts('en');

for (const lang of ['zh', 'ru']) {
  test(`${lang} has every key of en, with its plural forms`, async () => {
    const other = await texts(lang);
    assert.deepEqual(missingKeys(en, other, lang), [], `${lang}.ts lacks these keys of en.ts`);
    assert.deepEqual(placeholderMismatches(en, other), [], `${lang}.ts: these keys lose or add a {{placeholder}}`);
  });
}

for (const lang of ['kk', 'ky', 'uz']) {
  test(`${lang}: the keys of en not translated yet are listed (they fall back)`, async (t) => {
    const other = await texts(lang);
    const missing = missingKeys(en, other, lang);
    t.diagnostic(missing.length ? `${lang}.ts lacks ${missing.length} key(s) of en.ts: ${missing.join(', ')}` : `${lang}.ts has every key of en.ts`);
    if (missing.length) console.log(`# ${lang}.ts lacks ${missing.length} key(s) of en.ts (they fall back, index.ts): ${missing.join(', ')}`);
    assert.deepEqual(placeholderMismatches(en, other), [], `${lang}.ts: these keys lose or add a {{placeholder}}`);
    // Nothing of en's own words left in a translation (the app's name and codes apart).
    const same = flatten(other).filter(([k, v]) => flatten(en).some(([ek, ev]) => ek === k && ev === v) && !/^\W*(\{\{\w+\}\}\W*)*$/.test(v) && v !== 'Caravan' && !SAME_AS_EN[lang]?.has(k));
    assert.deepEqual(same.map(([k]) => k), [], `${lang}.ts keeps English texts`);
  });
}

test('the register\'s texts (i18n/register/*.ts) are the register\'s only, and repeat none of the main texts', async () => {
  for (const lang of ['en', 'zh', 'ru', 'kk', 'ky', 'uz']) {
    const main = await load(lang);
    const register = await load(`register/${lang}`);
    assert.deepEqual(Object.keys(register), ['register'], `register/${lang}.ts holds the register's keys only`);
    const mainKeys = new Set(flatten(main).map(([k]) => k));
    assert.deepEqual(flatten(register).map(([k]) => k).filter((k) => mainKeys.has(k)), [], `register/${lang}.ts repeats keys of ${lang}.ts`);
    assert.ok(flatten(register).length > 100, `register/${lang}.ts has the register's texts`);
  }
  // The plan view's texts keep what is shown outside the register: the page's title and the licences'
  // statuses in the entry rules' messages (lib/rule-messages.ts).
  const main = await load('en');
  assert.deepEqual(Object.keys(main.register).sort(), ['heading', 'status']);
});

test('the plural categories of the languages are the ones the texts were written for', () => {
  // If Node's ICU ever changed them, the plural keys above would need other forms.
  for (const lang of ['kk', 'ky', 'uz']) assert.deepEqual(new Intl.PluralRules(lang).resolvedOptions().pluralCategories.sort(), ['one', 'other']);
  assert.deepEqual(new Intl.PluralRules('ru').resolvedOptions().pluralCategories.sort(), ['few', 'many', 'one', 'other']);
  assert.deepEqual(new Intl.PluralRules('zh').resolvedOptions().pluralCategories, ['other']);
});

test('the cases\' texts (i18n/cases/*.ts) are the cases\' only, and repeat none of the main texts', async () => {
  for (const lang of ['en', 'zh', 'ru', 'kk', 'ky', 'uz']) {
    const main = await load(lang);
    const cases = await load(`cases/${lang}`);
    assert.deepEqual(Object.keys(cases), ['cases'], `cases/${lang}.ts holds the cases' keys only`);
    const mainKeys = new Set(flatten(main).map(([k]) => k));
    assert.deepEqual(flatten(cases).map(([k]) => k).filter((k) => mainKeys.has(k)), [], `cases/${lang}.ts repeats keys of ${lang}.ts`);
    assert.ok(flatten(cases).length > 200, `cases/${lang}.ts has the cases' texts`);
  }
  // The plan view's texts keep the cases' heading alone (the page's title, the navigation's link).
  const main = await load('en');
  assert.deepEqual(Object.keys(main.cases), ['heading']);
});
