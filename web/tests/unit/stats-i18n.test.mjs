// The statistics dashboard's texts (src/i18n/stats/*.ts): every key of en.ts in all six languages with the
// plural forms each language's Intl.PluralRules asks for, every {{placeholder}} kept, the navigation's link
// and the heading in each language's main texts, and Uzbek's ʻ (U+02BB), not an apostrophe. The files are
// plain data: transpiled here as tests/unit/i18n.test.mjs does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const LANGS = ['en', 'zh', 'ru', 'kk', 'ky', 'uz'];

async function load(file) {
  const source = readFileSync(new URL(`../../src/i18n/${file}.ts`, import.meta.url), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return (await import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'))).default;
}

const flatten = (obj, prefix = '') => Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (s) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

test('the statistics texts: every key of English in each language, with its plural forms and placeholders', async () => {
  const en = new Map(flatten(await load('stats/en')));
  const bases = new Map();
  for (const [k, v] of en) bases.set(k.replace(PLURAL, ''), placeholders(v).filter((p) => p !== 'count'));
  for (const lang of LANGS) {
    const texts = new Map(flatten(await load(`stats/${lang}`)));
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const missing = [];
    for (const [base, wanted] of bases) {
      const plural = [...en.keys()].some((k) => k !== base && k.replace(PLURAL, '') === base);
      const keys = plural ? categories.map((c) => `${base}_${c}`) : [base];
      for (const k of keys) {
        if (!texts.has(k)) missing.push(k);
        else for (const p of wanted) assert.ok(texts.get(k).includes(`{{${p}}}`), `${lang}: ${k} drops {{${p}}}`);
      }
    }
    assert.deepEqual(missing, [], `${lang} lacks statistics texts`);
    for (const k of texts.keys()) assert.ok(bases.has(k.replace(PLURAL, '')), `${lang}: ${k} is not an English key`);
  }
});

test('the navigation\'s link and the heading are in each language\'s main texts (the plan view loads them)', async () => {
  for (const lang of LANGS) {
    const main = await load(lang);
    assert.equal(typeof main.app.nav.stats, 'string', `${lang}: app.nav.stats`);
    assert.equal(typeof main.stats.heading, 'string', `${lang}: stats.heading`);
    assert.equal(Object.keys(main.stats).length, 1, `${lang}: only the heading of the statistics texts is loaded by every page`);
  }
});

test('Uzbek writes oʻ and gʻ with U+02BB, as the other Uzbek texts', async () => {
  for (const [k, v] of flatten(await load('stats/uz'))) assert.doesNotMatch(v, /[og]['’]/i, `uz: ${k}`);
});
