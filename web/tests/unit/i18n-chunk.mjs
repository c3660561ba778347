// What the tests of a view's own texts (src/i18n/<chunk>/*.ts: the tour builder's, the statistics', the
// ratings') share: the files read as data (transpiled, as tests/unit/i18n.test.mjs does), and the three
// checks each chunk passes: every key of en.ts in all six languages with the plural forms each language's
// Intl.PluralRules asks for and every {{placeholder}} kept; what of the chunk each language's main texts
// hold (`mainTexts`, the caller's: a heading, a navigation link); and Uzbek's ʻ (U+02BB), not an apostrophe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export const LANGS = ['en', 'zh', 'ru', 'kk', 'ky', 'uz'];

export async function load(file) {
  const source = readFileSync(new URL(`../../src/i18n/${file}.ts`, import.meta.url), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return (await import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'))).default;
}

export const flatten = (obj, prefix = '') => Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
export const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (s) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

// `chunk`: the folder under src/i18n; `name`: how the tests call its texts; `mainTexts`: a test title and
// a check of one language's main texts (i18n/<lang>.ts).
export function chunkTests(chunk, name, mainTexts) {
  test(`the ${name} texts: every key of English in each language, with its plural forms and placeholders`, async () => {
    const en = new Map(flatten(await load(`${chunk}/en`)));
    const bases = new Map();
    for (const [k, v] of en) bases.set(k.replace(PLURAL, ''), placeholders(v).filter((p) => p !== 'count'));
    for (const lang of LANGS) {
      const texts = new Map(flatten(await load(`${chunk}/${lang}`)));
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
      assert.deepEqual(missing, [], `${lang} lacks ${name} texts`);
      for (const k of texts.keys()) assert.ok(bases.has(k.replace(PLURAL, '')), `${lang}: ${k} is not an English key`);
    }
  });

  test(mainTexts.title, async () => {
    for (const lang of LANGS) mainTexts.check(await load(lang), lang);
  });

  test('Uzbek writes oʻ and gʻ with U+02BB, as the other Uzbek texts', async () => {
    for (const [k, v] of flatten(await load(`${chunk}/uz`))) assert.doesNotMatch(v, /[og]['’]/i, `uz: ${k}`);
  });
}
