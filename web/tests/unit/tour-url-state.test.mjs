// The tour builder's form in the URL and the API's query (src/lib/tour-plan.ts): a copied link reopens
// the same form, defaults stay out of the link, anything unreadable takes the default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOUR_FORM, fieldOfParameter, parseTourForm, tourApiPath, tourFormProblem, tourFormToQuery } from '../../build-unit/lib/tour-plan.js';
import { parseState, stateToUrl } from '../../build-unit/lib/url-state.js';

const full = {
  start: 'almaty_2', startLabel: 'Алматы-2', end: 'bishkek', endLabel: 'Bishkek', date: '2026-06-01', time: '09:30', days: 7,
  travellers: ['CN', 'DE:service:1980-02-03'], group: { size: 12, operator: 'KZ-0042 Silk & Sons', registered: true },
  modes: ['rail', 'bus'], dayStart: '07:00', dayEnd: '22:00', overnight: false, car: true, keepOrder: true, onwardTicket: true, theme: 'corridor:KZ,KG', sites: ['uz_samarkand', 'kz_talgar'], tours: 2,
};

test('round trip: every field of the form survives the URL', () => {
  assert.deepEqual(parseTourForm(tourFormToQuery(full)), full);
  assert.deepEqual(parseTourForm(tourFormToQuery(DEFAULT_TOUR_FORM)), DEFAULT_TOUR_FORM);
});

test('defaults are left out of the link; labels equal to the id too', () => {
  const q = new URLSearchParams(tourFormToQuery({ ...DEFAULT_TOUR_FORM, start: 'almaty_2', startLabel: 'almaty_2', date: '2026-06-01', theme: 'corridor:KZ' }));
  assert.deepEqual([...q.keys()], ['start', 'date', 'time', 'theme', 'days']);
  assert.equal(q.get('theme'), 'corridor:KZ');
});

test('the API\'s query: time as one local date-time, the end only when given, exports with format and tour', () => {
  const p = new URL(tourApiPath(full), 'http://x').searchParams;
  assert.equal(p.get('start'), 'almaty_2');
  assert.equal(p.get('time'), '2026-06-01T09:30');
  assert.equal(p.get('end'), 'bishkek');
  assert.equal(p.get('sites'), 'uz_samarkand,kz_talgar');
  assert.equal(p.get('theme'), 'corridor:KZ,KG');
  assert.equal(p.get('days'), '7');
  assert.equal(p.get('travellers'), 'CN,DE:service:1980-02-03');
  assert.equal(p.get('group'), '12');
  assert.equal(p.get('groupOperator'), 'KZ-0042 Silk & Sons');
  assert.equal(p.get('groupRegistered'), 'true');
  assert.equal(p.get('modes'), 'rail,bus');
  assert.equal(p.get('dayStart'), '07:00');
  assert.equal(p.get('dayEnd'), '22:00');
  assert.equal(p.get('overnight'), 'false');
  assert.equal(p.get('tours'), '2');
  assert.equal(p.get('format'), null);
  assert.equal(p.get('startLabel'), null, 'labels are the app\'s, not the API\'s');
  const ics = new URL(tourApiPath(full, 'ics', 1), 'http://x').searchParams;
  assert.equal(ics.get('format'), 'ics');
  assert.equal(ics.get('tour'), '1');
  assert.ok(tourApiPath(full).startsWith('/api/v1/tours/plan?'));
  const back = new URL(tourApiPath({ ...DEFAULT_TOUR_FORM, start: 'almaty_2', date: '2026-06-01', theme: 'corridor:KZ' }), 'http://x').searchParams;
  assert.equal(back.get('end'), null, 'no end: back to the start');
  assert.equal(back.get('modes'), null);
  assert.equal(back.get('overnight'), null);
});

test('unreadable values take the defaults; unknown themes, bad ids and duplicates are dropped', () => {
  const f = parseTourForm('start=x&date=2026-02-30&time=25:00&days=31&group=0&modes=rail,boat&dayStart=8&theme=everything&sites=kz_talgar,KZ%20TALGAR,kz_talgar,a-b&tours=9&travellers=cn,xx1');
  assert.equal(f.date, '');
  assert.equal(f.time, '08:00');
  assert.equal(f.days, 5);
  assert.equal(f.group, null);
  assert.deepEqual(f.modes, ['rail']);
  assert.equal(f.dayStart, '08:00');
  assert.equal(f.theme, '');
  assert.deepEqual(f.sites, ['kz_talgar']);
  assert.equal(f.tours, 3);
  assert.deepEqual(f.travellers, ['CN']);
  for (const theme of ['corridor', 'corridor:KZ', 'corridor:KZ,KG', 'country:UZ', 'unesco:603']) assert.equal(parseTourForm(`theme=${theme}`).theme, theme);
});

test('the app\'s router keeps /tour\'s query and its language', () => {
  const s = parseState('/tour', '?lang=zh&start=almaty_2&date=2026-06-01&time=08:00&theme=corridor%3AKZ&days=5', 'en');
  assert.equal(s.view, 'tour');
  assert.equal(s.lang, 'zh');
  assert.equal(parseTourForm(s.tourQuery).theme, 'corridor:KZ');
  const url = stateToUrl(s);
  assert.ok(url.startsWith('/tour?lang=zh&'));
  assert.deepEqual(parseTourForm(new URL(url, 'http://x').searchParams), parseTourForm(s.tourQuery));
  assert.equal(stateToUrl({ view: 'tour', lang: 'en', search: null }), '/tour?lang=en');
});

test('the form\'s problems before sending', () => {
  const ok = { ...DEFAULT_TOUR_FORM, start: 'almaty_2', date: '2026-06-01', theme: 'corridor:KZ' };
  const today = '2026-05-01';
  assert.equal(tourFormProblem(ok, today), null);
  assert.equal(tourFormProblem({ ...ok, start: ' ' }, today), 'missingStart');
  assert.equal(tourFormProblem({ ...ok, date: '2026-02-30' }, today), 'badDate');
  assert.equal(tourFormProblem({ ...ok, days: 0 }, today), 'badDays');
  assert.equal(tourFormProblem({ ...ok, days: 31 }, today), 'badDays');
  assert.equal(tourFormProblem({ ...ok, days: 2.5 }, today), 'badDays');
  assert.equal(tourFormProblem({ ...ok, theme: '' }, today), 'noSites');
  assert.equal(tourFormProblem({ ...ok, theme: '', sites: ['kz_talgar'] }, today), null);
  assert.equal(tourFormProblem({ ...ok, sites: Array.from({ length: 41 }, (_, i) => `s${i}`) }, today), 'tooManySites');
  assert.equal(tourFormProblem({ ...ok, dayStart: '21:00', dayEnd: '08:00' }, today), 'badDayTimes');
  assert.equal(tourFormProblem({ ...ok, group: { size: 0, operator: '', registered: false } }, today), 'badGroup');
  assert.equal(tourFormProblem({ ...ok, travellers: ['CN:ordinary:2027-01-01'] }, today), 'futureBirthDate');
});

test('car, keepOrder and onwardTicket: in the link and the API\'s query only when true; the chosen order of `sites` kept', () => {
  const base = { ...DEFAULT_TOUR_FORM, start: 'almaty', date: '2026-06-01', sites: ['kz_talgar', 'kz_akyrtas', 'kz_aktobe'] };
  for (const k of ['car', 'keepOrder', 'onwardTicket']) {
    assert.equal(new URLSearchParams(tourFormToQuery(base)).has(k), false, `${k} left out by default`);
    assert.equal(new URL(tourApiPath({ ...base, [k]: true }), 'http://x').searchParams.get(k), 'true', `${k} sent`);
    assert.equal(parseTourForm(tourFormToQuery({ ...base, [k]: true }))[k], true, `${k} read back`);
    assert.equal(parseTourForm(`start=almaty&${k}=yes`)[k], false, `${k}: only "true" is true`);
  }
  const back = parseTourForm(tourFormToQuery({ ...base, keepOrder: true, sites: ['kz_aktobe', 'kz_talgar', 'kz_akyrtas'] }));
  assert.deepEqual(back.sites, ['kz_aktobe', 'kz_talgar', 'kz_akyrtas']);
  assert.equal(new URL(tourApiPath(back), 'http://x').searchParams.get('sites'), 'kz_aktobe,kz_talgar,kz_akyrtas');
});

test('a server\'s 400 names its field by the API\'s parameter', () => {
  assert.equal(fieldOfParameter('start'), 'start');
  assert.equal(fieldOfParameter('time'), 'date');
  assert.equal(fieldOfParameter('days'), 'days');
  assert.equal(fieldOfParameter('theme'), 'sites');
  assert.equal(fieldOfParameter('groupRegistered'), 'group');
  assert.equal(fieldOfParameter('format'), null);
  assert.equal(fieldOfParameter('toString'), null);
  assert.equal(fieldOfParameter(undefined), null);
});
