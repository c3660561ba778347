// The entry rules' sentences in the reader's language (src/lib/rule-messages.ts), through a real i18next
// with the app's texts (src/i18n/en, zh, ru).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import en from '../../build-unit/i18n/en.js';
import zh from '../../build-unit/i18n/zh.js';
import ru from '../../build-unit/i18n/ru.js';
import { ruleMessageText, ruleMessageTexts, RULE_MESSAGE_CODES, formatMessageDay } from '../../build-unit/lib/rule-messages.js';

const i18n = i18next.createInstance();
await i18n.init({
  lng: 'en',
  resources: { en: { translation: en }, zh: { translation: zh }, ru: { translation: ru } },
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
const tIn = (lang) => i18n.getFixedT(lang);
const say = (m, lang) => ruleMessageText(m, lang, tIn(lang));

test('every code of the entry check has a sentence in en, zh and ru, with the same parameters', () => {
  for (const code of RULE_MESSAGE_CODES) {
    const names = {};
    for (const lang of ['en', 'zh', 'ru']) {
      // A plural key exists under its forms (count 1 and 5 cover _one, _few/_many and _other).
      const exists = [1, 5].every((count) => i18n.exists(`ruleMessage.${code}`, { lng: lang, count }));
      assert.ok(exists, `${lang}: ruleMessage.${code}`);
      const table = { en, zh, ru }[lang].ruleMessage;
      const keys = Object.keys(table).filter((k) => k === code || k.startsWith(`${code}_`) && /^_(one|few|many|other)$/.test(k.slice(code.length)));
      assert.ok(keys.length > 0, `${lang}: ${code}`);
      names[lang] = [...new Set(keys.flatMap((k) => [...table[k].matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1])))].sort().join(',');
    }
    assert.equal(names.zh, names.en, `zh ${code}: parameters`);
    assert.equal(names.ru, names.en, `ru ${code}: parameters`);
  }
});

// The Kyrgyz e-visa for a Chinese traveller, as POST /api/v1/entry/check answers it.
const arrange = {
  code: 'arrange_at_least_working',
  params: {
    what: [{ code: 'rules_text', params: { text: 'apply for an e-visa at evisa.e-gov.kg' }, text: 'apply for an e-visa at evisa.e-gov.kg', texts: { zh: '在 evisa.e-gov.kg 申请电子签证', ru: 'подать заявление на электронную визу на evisa.e-gov.kg' } }],
    days: 3,
  },
  text: 'apply for an e-visa at evisa.e-gov.kg, at least 3 working days ahead',
};

test('a message with a nested data text, in each language', () => {
  assert.equal(say(arrange, 'en'), arrange.text, 'English as the core writes it');
  assert.equal(say(arrange, 'zh'), '在 evisa.e-gov.kg 申请电子签证，至少提前3个工作日');
  assert.equal(say(arrange, 'ru'), 'подать заявление на электронную визу на evisa.e-gov.kg, не менее чем за 3 рабочих дня');
  const reason = { code: 'e_visa_needed_arrange', params: { todo: [arrange] }, text: 'an e-visa is needed before travel: ' + arrange.text };
  assert.equal(say(reason, 'en'), reason.text);
  assert.equal(say(reason, 'zh'), '出行前须办理电子签证：在 evisa.e-gov.kg 申请电子签证，至少提前3个工作日');
});

test('Russian plurals follow the count', () => {
  const one = { ...arrange, params: { ...arrange.params, days: 1 } };
  const many = { ...arrange, params: { ...arrange.params, days: 5 } };
  assert.match(say(one, 'ru'), /за 1 рабочий день$/);
  assert.match(say(many, 'ru'), /за 5 рабочих дней$/);
});

test('dates, countries and regimes in the language', () => {
  const m = {
    code: 'exit_after_latest_window',
    params: {
      exit: '2025-07-25', days: 6, latest: '2025-07-19',
      limits: [{ code: 'limit_stay_days', params: { days: 30 }, text: '30 days a stay' }, { code: 'limit_window', params: { max: 90, period: 180 }, text: '90 in any 180' }],
      window: [{ code: 'window_ending', params: { used: 36, period: 180, exit: '2025-07-25' }, text: '36 counted days in the 180 days ending 2025-07-25' }],
    },
    text: 'exit on 2025-07-25 is 6 day(s) after the latest allowed exit 2025-07-19 (30 days a stay, 90 in any 180; 36 counted days in the 180 days ending 2025-07-25)',
  };
  assert.equal(say(m, 'en'), 'exit on Jul 25, 2025 is 6 days after the latest allowed exit Jul 19, 2025 (30 days a stay, 90 in any 180; 36 counted days in the 180 days ending Jul 25, 2025)');
  const inRussian = say(m, 'ru');
  assert.ok(inRussian.startsWith(`выезд ${formatMessageDay('2025-07-25', 'ru')} на 6 дней позже`), inRussian);
  assert.ok(inRussian.includes('30 дней за поездку'), inRussian);
  assert.ok(!/[a-z]{3,}/i.test(inRussian), `no English left: ${inRussian}`);
  assert.equal(formatMessageDay('2025-07-25', 'zh'), '2025年7月25日');
  assert.ok(say(m, 'zh').includes('2025年7月19日'));
  const back = { code: 'onward_not_back', params: { country: 'KZ' }, text: 'the onward journey must go to a third country, not back to KZ' };
  assert.equal(say(back, 'zh'), '下一程须前往第三国，不能返回哈萨克斯坦');
  assert.equal(say({ code: 'rule_not_used', params: { rule: 'x', regime: 'e_visa', why: [] }, text: '' }, 'ru'), 'не применяется: правило `x` (электронная виза): ');
});

test('an unknown code, bad input and a missing translation fall back to the English text', () => {
  assert.equal(say({ code: 'from_a_newer_server', params: { n: 1 }, text: 'something new' }, 'zh'), 'something new');
  assert.equal(say({ code: 'get_visa', text: 'get a visa' }, 'ru'), 'получить визу', 'params may be absent');
  assert.equal(say({ code: 'rules_text', params: { text: 'only English' }, text: 'only English' }, 'zh'), 'only English');
  assert.equal(say({ code: 'rules_text', params: {}, text: 'x', texts: { ru: 'икс' } }, 'kk'), 'икс', 'Kazakh reads the Russian translation');
  assert.equal(say({ code: 'not_a_date', params: {}, text: 'x' }, 'en'), 'x');
  assert.equal(formatMessageDay('2025-13', 'en'), '2025-13');
  assert.deepEqual(ruleMessageTexts(undefined, ['plain'], 'zh', tIn('zh')), ['plain'], 'an answer without messages');
  assert.deepEqual(ruleMessageTexts(undefined, undefined, 'zh', tIn('zh')), []);
});
