// Place names in the chosen language (src/lib/names.ts), as the .ics titles take them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGE_FALLBACKS, placeName } from '../../build-unit/lib/names.js';

// As /api/v1/stops/{id} answers for the Silk Road data: stations (platforms) with few translations, their
// cities with more.
const stops = {
  xian: { name: "Xi'an", translations: { zh: '西安', ru: 'Сиань' }, parentStation: null },
  xian_rail: { name: "Xi'an railway station", translations: { zh: '西安站' }, parentStation: 'xian' },
  almaty: { name: 'Almaty', translations: { zh: '阿拉木图', ru: 'Алматы', kk: 'Алматы' }, parentStation: null },
  almaty_2: { name: 'Almaty-2 railway station', translations: {}, parentStation: 'almaty' },
  osh: { name: 'Osh', translations: { ky: 'Ош' }, parentStation: null },
};
const lookup = (id) => stops[id];
const title = (lang) => `Y29: ${placeName('xian_rail', lookup, lang, '?')} → ${placeName('almaty_2', lookup, lang, '?')}`;

test("a journey's title is in one language: the stop's name, its station's, then the fallbacks", () => {
  assert.equal(title('en'), "Y29: Xi'an railway station → Almaty-2 railway station");
  assert.equal(title('zh'), 'Y29: 西安站 → 阿拉木图', 'not "Almaty-2 railway station" beside Chinese');
  assert.equal(title('ru'), 'Y29: Сиань → Алматы');
  assert.equal(title('kk'), 'Y29: Сиань → Алматы', 'Kazakh, else Russian');
  assert.equal(title('ky'), 'Y29: Сиань → Алматы');
  assert.equal(title('uz'), "Y29: Xi'an railway station → Almaty-2 railway station", 'Uzbek (Latin): English');
  assert.equal(placeName('osh', lookup, 'ky', 'Osh'), 'Ош');
  assert.equal(placeName('osh', lookup, 'kk', 'Osh'), 'Osh', 'no kk or ru name: the API name');
  assert.equal(placeName('nowhere', lookup, 'kk', 'Somewhere'), 'Somewhere', 'unknown stop: the name given');
  assert.equal(placeName(undefined, lookup, 'zh', 'A walk'), 'A walk');
  assert.equal(placeName('almaty_2', (id) => (id === 'almaty_2' ? stops.almaty_2 : undefined), 'zh', '?'), 'Almaty-2 railway station', 'parent not fetched');
});

test('the fallbacks are the texts\' (i18n/index.ts takes this table)', () => {
  assert.deepEqual(LANGUAGE_FALLBACKS.kk, ['ru', 'en']);
  assert.deepEqual(LANGUAGE_FALLBACKS.ky, ['ru', 'en']);
  assert.deepEqual(LANGUAGE_FALLBACKS.uz, ['en']);
});

// Debian's chromium: no country names for kk and uz (English ones), ky resolved to en-US.
const english = new Intl.DisplayNames(['en'], { type: 'region' });
const chromiumRegions = (lang) => {
  if (['kk', 'uz', 'ky'].includes(lang)) return { of: (c) => english.of(c), resolvedOptions: () => ({ locale: lang === 'ky' ? 'en-US' : lang, type: 'region' }) };
  return new Intl.DisplayNames([lang], { type: 'region' });
};
const own = { kk: { CN: 'Қытай', KZ: 'Қазақстан' }, ky: { KG: 'Кыргызстан' }, uz: { UZ: 'Oʻzbekiston' } };

test('countries: Intl where it names them in the language, else the own texts, else the fallback language', async () => {
  const { intlNamesCountries, countryNameIn } = await import('../../build-unit/lib/names.js');
  for (const lang of ['en', 'zh', 'ru', 'kk', 'ky', 'uz', 'de']) assert.equal(intlNamesCountries(lang), true, `Node names countries in ${lang}`);
  for (const lang of ['kk', 'ky', 'uz']) assert.equal(intlNamesCountries(lang, chromiumRegions), false, lang);
  assert.equal(intlNamesCountries('de', chromiumRegions), true, 'German writes China and Japan as English does, not Germany');
  assert.equal(countryNameIn('KG', 'kk'), 'Қырғызстан', "Node's Intl");
  assert.equal(countryNameIn('CN', 'kk', (c) => own.kk[c], chromiumRegions), 'Қытай', 'the own text');
  assert.equal(countryNameIn('DE', 'kk', (c) => own.kk[c], chromiumRegions), 'Германия', 'Russian, not English');
  assert.equal(countryNameIn('KG', 'ky', (c) => own.ky[c], chromiumRegions), 'Кыргызстан');
  assert.equal(countryNameIn('DE', 'ky', (c) => own.ky[c], chromiumRegions), 'Германия');
  assert.equal(countryNameIn('DE', 'uz', (c) => own.uz[c], chromiumRegions), 'Germany', 'Uzbek falls back to English');
  assert.equal(countryNameIn('UZ', 'uz', (c) => own.uz[c], chromiumRegions), 'Oʻzbekiston');
  assert.equal(countryNameIn('CN', 'zh', undefined, chromiumRegions), '中国');
});
