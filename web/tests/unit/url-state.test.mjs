// The search and the language in the URL (src/lib/url-state.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, stateToUrl, initialLanguage, isTravellerSpec, parseStays, isCalendarDate, searchProblem, MAX_PLACE_LENGTH, MAX_TRAVELLERS, addDays } from '../../build-unit/lib/url-state.js';

const search = { from: 'xian', fromLabel: "Xi'an", to: 'almaty', toLabel: 'Almaty', date: '2025-05-29', time: '08:00', arriveBy: false, modes: ['rail'], travellers: [], onlyVisaFree: false };

test('a search survives the round trip through the URL', () => {
  const url = stateToUrl({ view: 'plan', lang: 'zh', search });
  assert.equal(url, "/?lang=zh&from=xian&fromLabel=Xi%27an&to=almaty&toLabel=Almaty&date=2025-05-29&time=08%3A00&modes=rail");
  const back = parseState('/', url.slice(1), 'en');
  assert.deepEqual(back, { view: 'plan', lang: 'zh', search });
});

test('all modes are the default and are not written', () => {
  const url = stateToUrl({ view: 'plan', lang: 'en', search: { ...search, modes: [] } });
  assert.ok(!url.includes('modes='));
  const all = stateToUrl({ view: 'plan', lang: 'en', search: { ...search, modes: ['rail', 'air', 'bus', 'road'] } });
  assert.ok(!all.includes('modes='));
});

test('incomplete or bad URLs give the form without a search', () => {
  assert.equal(parseState('/', '?lang=ru&from=xian', 'en').search, null);
  assert.equal(parseState('/', '?from=a&to=b&date=29.05.2025', 'en').search, null);
  assert.equal(parseState('/', '?lang=xx', 'ru').lang, 'ru', 'an unknown language: the fallback');
  const s = parseState('/', '?from=a&to=b&date=2025-05-29&time=bad&modes=rail,ship,air&arriveBy=true', 'en').search;
  assert.equal(s.time, '08:00');
  assert.deepEqual(s.modes, ['rail', 'air']);
  assert.equal(s.arriveBy, true);
  assert.equal(s.fromLabel, 'a', 'the id stands for the label when none is given');
});

test('the language: URL, then remembered, then the browser, then English', () => {
  assert.equal(initialLanguage('zh', 'ru', ['en-US']), 'zh');
  assert.equal(initialLanguage(null, 'ru', ['en-US']), 'ru');
  assert.equal(initialLanguage(null, null, ['kk-KZ', 'ru']), 'kk');
  assert.equal(initialLanguage('xx', 'yy', ['de-DE']), 'en');
});

test('travellers and only-visa-free in the URL', () => {
  const withTravellers = { ...search, travellers: ['CN', 'KZ:service', 'CN:ordinary:1960-05-01'], onlyVisaFree: true };
  const url = stateToUrl({ view: 'plan', lang: 'en', search: withTravellers });
  assert.match(url, /travellers=CN%2CKZ%3Aservice%2CCN%3Aordinary%3A1960-05-01&onlyVisaFree=true/);
  assert.deepEqual(parseState('/', url.slice(1), 'en').search, withTravellers);
  const messy = parseState('/', '?from=a&to=b&date=2025-05-29&travellers=cn,kz:SERVICE,xxx,DE:vip&onlyVisaFree=true', 'en').search;
  assert.deepEqual(messy.travellers, ['CN', 'KZ:service'], 'normalised; bad ones dropped');
  const none = parseState('/', '?from=a&to=b&date=2025-05-29&onlyVisaFree=true', 'en').search;
  assert.equal(none.onlyVisaFree, false, 'only-visa-free needs travellers');
  assert.ok(isTravellerSpec('TJ:diplomatic:2001-02-03'));
  assert.ok(!isTravellerSpec('TJK'));
});

test('the map has its own path, with a journey to draw or none', () => {
  assert.deepEqual(parseState('/map', '?lang=ru&from=a&to=b', 'en'), { view: 'map', lang: 'ru', search: null });
  const drawn = parseState('/map', '?lang=ru&from=xian&to=almaty&date=2025-05-29&time=08:00&journey=2', 'en');
  assert.equal(drawn.journey, 2);
  assert.equal(drawn.search.from, 'xian');
  assert.equal(stateToUrl(drawn), '/map?lang=ru&from=xian&to=almaty&date=2025-05-29&time=08%3A00&journey=2');
  assert.equal(parseState('/map', '?from=a&to=b&date=2025-05-29&journey=-1', 'en').journey, 0);
  assert.equal(parseState('/map/', '', 'en').view, 'map');
  assert.equal(parseState('/anything', '', 'en').view, 'plan');
  assert.equal(stateToUrl({ view: 'map', lang: 'zh', search: null }), '/map?lang=zh');
});

test('a trip to check in the URL: stays and travellers', () => {
  const check = { travellers: ['CN', 'KZ:service'], stays: [{ country: 'CN', entry: '2025-06-01', exit: '2025-06-03' }, { country: 'UZ', entry: '2025-06-20', exit: '2025-07-25' }] };
  const url = stateToUrl({ view: 'check', lang: 'ru', search: null, check });
  assert.equal(url, '/check?lang=ru&travellers=CN%2CKZ%3Aservice&stays=CN%3A2025-06-01%3A2025-06-03%2CUZ%3A2025-06-20%3A2025-07-25');
  assert.deepEqual(parseState('/check', url.split('?')[1], 'en'), { view: 'check', lang: 'ru', search: null, check });
  assert.equal(parseState('/check', 'stays=CN:2025-06-01:2025-06-03', 'en').check, null, 'no traveller: nothing to check');
  assert.deepEqual(parseStays('cn:2025-06-01:2025-06-03, bad, UZ:2025-6-1:2025-06-02'), [{ country: 'CN', entry: '2025-06-01', exit: '2025-06-03' }]);
});

test('calendar dates: real days only', () => {
  assert.equal(isCalendarDate('2025-05-29'), true);
  assert.equal(isCalendarDate('2024-02-29'), true, 'a leap day');
  assert.equal(isCalendarDate('2025-02-29'), false);
  assert.equal(isCalendarDate('2025-02-30'), false);
  assert.equal(isCalendarDate('2025-13-01'), false);
  assert.equal(isCalendarDate('2025-00-10'), false);
  assert.equal(isCalendarDate('2025-5-29'), false);
  assert.equal(isCalendarDate(''), false);
});

test('a search is checked before it is sent: what is wrong, in order', () => {
  const ok = { from: 'xian', fromLabel: "Xi'an", to: 'almaty', toLabel: 'Almaty', date: '2025-05-29', time: '08:00', arriveBy: false, modes: [], travellers: [], onlyVisaFree: false };
  const today = '2026-12-06';
  assert.equal(searchProblem(ok, today), null);
  assert.equal(searchProblem({ ...ok, to: ' ' }, today), 'missing');
  assert.equal(searchProblem({ ...ok, date: '' }, today), 'missing');
  assert.equal(searchProblem({ ...ok, date: '2025-02-30' }, today), 'badDate');
  assert.equal(searchProblem({ ...ok, time: '25:00' }, today), 'badTime');
  assert.equal(searchProblem({ ...ok, to: 'XIAN', toLabel: 'XIAN' }, today), 'samePlace');
  const long = 'x'.repeat(MAX_PLACE_LENGTH + 1);
  assert.equal(searchProblem({ ...ok, from: long, fromLabel: long }, today), 'placeTooLong');
  assert.equal(searchProblem({ ...ok, from: 'x'.repeat(MAX_PLACE_LENGTH) }, today), null, 'the limit itself is allowed');
  assert.equal(searchProblem({ ...ok, travellers: ['CN:ordinary:2030-01-01'] }, today), 'futureBirthDate');
  assert.equal(searchProblem({ ...ok, travellers: ['CN', 'KZ:ordinary:1990-02-30'] }, today), 'badBirthDate');
  assert.equal(searchProblem({ ...ok, travellers: ['CN:ordinary:1990-02-28'] }, today), null);
});

test('at most MAX_TRAVELLERS travellers come from the URL', () => {
  const ten = Array(10).fill('CN').join(',');
  const s = parseState('/', `?from=a&to=b&date=2025-05-29&travellers=${ten}`, 'en').search;
  assert.equal(s.travellers.length, MAX_TRAVELLERS);
  assert.equal(MAX_TRAVELLERS, 9);
});

test('days added over months and years', () => {
  assert.equal(addDays('2025-05-29', 7), '2025-06-05');
  assert.equal(addDays('2025-12-28', 7), '2026-01-04');
  assert.equal(addDays('2024-03-03', -7), '2024-02-25');
});
