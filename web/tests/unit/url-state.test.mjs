// The search and the language in the URL (src/lib/url-state.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, stateToUrl, initialLanguage, isTravellerSpec, parseStays, parseEarlierStays, isCalendarDate, searchProblem, MAX_PLACE_LENGTH, MAX_TRAVELLERS, addDays } from '../../build-unit/lib/url-state.js';
import { isCalendarDay, tripProblems } from '../../build-unit/lib/trip-problems.js';

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

test('a stay\'s purpose, onward ticket, entry port, group tour and regions in the URL, and back', () => {
  const stays = [
    { country: 'CN', entry: '2025-06-01', exit: '2025-06-03', entryPort: 'XIY' },
    { country: 'KZ', entry: '2025-06-03', exit: '2025-06-04', purpose: 'transit', onwardTicket: true },
    { country: 'KG', entry: '2025-06-20', exit: '2025-06-28', groupTour: { operator: 'silk tours: a,b', registered: true, size: 12 }, regions: ['Issyk-Kul', 'Чуй, север', 'a|b'] },
  ];
  const check = { travellers: ['CN'], stays, earlierStays: [{ traveller: 0, country: 'KZ', entry: '2025-03-01', exit: '2025-04-29' }] };
  const url = stateToUrl({ view: 'check', lang: 'en', search: null, check });
  const p = new URLSearchParams(url.split('?')[1]);
  assert.equal(p.get('stays').split(',').length, 3, 'a comma in a name is escaped, not a new stay');
  assert.match(p.get('stays'), /^CN:2025-06-01:2025-06-03:port=XIY,KZ:2025-06-03:2025-06-04:purpose=transit:ticket,KG:2025-06-20:2025-06-28:group=12:operator=/);
  assert.equal(p.get('earlier'), '1:KZ:2025-03-01:2025-04-29', 'travellers counted from 1 in the URL');
  assert.deepEqual(parseState('/check', url.split('?')[1], 'en').check, check);
});

test('old trip URLs keep working; bad stay items are skipped, not the stay', () => {
  assert.deepEqual(parseStays('KZ:2025-06-03:2025-06-20'), [{ country: 'KZ', entry: '2025-06-03', exit: '2025-06-20' }]);
  assert.deepEqual(parseStays('KZ:2025-06-03:2025-06-20:purpose=tourism:purpose=sightseeing:group=0:group=x:port=%E0%A4:regions=:future=1'),
    [{ country: 'KZ', entry: '2025-06-03', exit: '2025-06-20' }]);
  assert.deepEqual(parseStays('KG:2025-06-20:2025-06-28:operator=x:registered'), [{ country: 'KG', entry: '2025-06-20', exit: '2025-06-28' }],
    'an operator without a group size is no group tour');
  assert.deepEqual(parseStays('KG:2025-06-20:2025-06-28:group=5'), [{ country: 'KG', entry: '2025-06-20', exit: '2025-06-28', groupTour: { operator: '', registered: false, size: 5 } }]);
  assert.equal(parseStays(Array(40).fill('KZ:2025-06-03:2025-06-20').join(',')).length, 30);
});

test('earlier stays: counted from 1, dropped when their traveller is not in the trip or malformed', () => {
  assert.deepEqual(parseEarlierStays('1:kz:2025-03-01:2025-04-29,2:KZ:2025-01-01:2025-01-02,0:KZ:2025-01-01:2025-01-02,1:KZ:2025-1-1:2025-01-02,x', 1),
    [{ traveller: 0, country: 'KZ', entry: '2025-03-01', exit: '2025-04-29' }]);
  const q = 'travellers=CN,KZ&stays=KZ:2025-06-01:2025-06-10&earlier=2:CN:2025-01-01:2025-01-31,3:CN:2025-01-01:2025-01-31';
  assert.deepEqual(parseState('/check', q, 'en').check.earlierStays, [{ traveller: 1, country: 'CN', entry: '2025-01-01', exit: '2025-01-31' }]);
  assert.deepEqual(parseEarlierStays('2:KZ:2025-01-01:2025-01-02,1:CN:2025-02-01:2025-02-02,1:KZ:2025-03-01:2025-03-02', 2).map((e) => `${e.traveller}${e.country}`),
    ['0CN', '0KZ', '1KZ'], 'in the form\'s order: by traveller, then as given');
  assert.equal('earlierStays' in parseState('/check', 'travellers=CN&stays=KZ:2025-06-01:2025-06-10', 'en').check, false);
});

test('stays without travellers (a journey planned for nobody) fill the form without a check', () => {
  const s = parseState('/check', 'stays=CN:2025-05-29:2025-05-31,KZ:2025-05-31:2025-05-31', 'en');
  assert.equal(s.check, null);
  assert.deepEqual(s.checkDraft, { travellers: [], stays: [{ country: 'CN', entry: '2025-05-29', exit: '2025-05-31' }, { country: 'KZ', entry: '2025-05-31', exit: '2025-05-31' }] });
  assert.equal(stateToUrl(s), '/check?lang=en&stays=CN%3A2025-05-29%3A2025-05-31%2CKZ%3A2025-05-31%3A2025-05-31', 'kept when the URL is normalised');
});

test('calendar days', () => {
  for (const d of ['2025-01-31', '2024-02-29', '2000-02-29']) assert.ok(isCalendarDay(d), d);
  for (const d of ['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-1-1', '', 'x']) assert.ok(!isCalendarDay(d), d);
});

test('a trip\'s problems before it is sent, each naming its stay', () => {
  const stay = (country, entry, exit, more = {}) => ({ country, entry, exit, ...more });
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('CN', '2025-06-01', '2025-06-03'), stay('KZ', '2025-06-03', '2025-06-20')] }), [], 'a border day in both stays is fine');
  assert.deepEqual(tripProblems({ travellers: [], stays: [] }), [{ kind: 'no_stay' }, { kind: 'no_traveller' }]);
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('CN', '', '2025-02-30')] }),
    [{ kind: 'missing_date', stay: 0, field: 'entry' }, { kind: 'impossible_date', stay: 0, field: 'exit' }]);
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('CN', '2025-06-05', '2025-06-01')] }), [{ kind: 'exit_before_entry', stay: 0 }]);
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('CN', '2025-06-01', '2025-06-10'), stay('KZ', '2025-06-05', '2025-06-20')] }), [{ kind: 'overlap', stay: 1 }]);
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('CN', '2025-06-10', '2025-06-12'), stay('KZ', '2025-06-01', '2025-06-05')] }), [{ kind: 'out_of_order', stay: 1 }]);
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('CN', '2025-06-10', '2025-06-01'), stay('KZ', '2025-06-05', '2025-06-06')] }), [{ kind: 'exit_before_entry', stay: 0 }],
    'a stay with bad dates is not compared with the next');
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('KG', '2025-06-01', '2025-06-02', { groupTour: { operator: '', registered: false, size: 0 } })] }), [{ kind: 'group_size', stay: 0 }]);
  assert.deepEqual(tripProblems({ travellers: ['CN'], stays: [stay('KZ', '2025-06-01', '2025-06-02')], earlierStays: [{ traveller: 0, country: 'KZ', entry: '2025-03-10', exit: '2025-03-01' }] }),
    [{ kind: 'exit_before_entry', stay: 0, earlier: true }]);
});

test('the cases keep their screen in the URL: the form, a case\'s number, else the list', () => {
  assert.deepEqual(parseState('/cases', '?lang=ru&case=12', 'en'), { view: 'cases', lang: 'ru', search: null, caseScreen: 12 });
  assert.deepEqual(parseState('/cases', '?case=new', 'en'), { view: 'cases', lang: 'en', search: null, caseScreen: 'new' });
  for (const bad of ['0', '-3', '12a', 'x', '']) assert.deepEqual(parseState('/cases', `?case=${bad}`, 'en'), { view: 'cases', lang: 'en', search: null });
  assert.equal(stateToUrl({ view: 'cases', lang: 'zh', search: null, caseScreen: 7 }), '/cases?lang=zh&case=7');
  assert.equal(stateToUrl({ view: 'cases', lang: 'en', search: null, caseScreen: 'new' }), '/cases?lang=en&case=new');
  assert.equal(stateToUrl({ view: 'cases', lang: 'en', search: null }), '/cases?lang=en');
  // Nothing of it elsewhere: the register keeps no screen.
  assert.deepEqual(parseState('/register', '?case=12', 'en'), { view: 'register', lang: 'en', search: null });
});
