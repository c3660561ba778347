// The dashboard's logic (src/lib/stats.ts): the period in the URL and its checks, the presets, the API's
// paths and downloads, errors in both of the API's shapes, cells in the language, withheld cells, the
// charts' series; formatMonth (src/lib/format.ts); /stats in the app's URL state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  barSeries, beyondData, calendarYear, cellText, downloadName, fetchStats, fieldOfError, isWithheld, last12Months, monthSeries,
  parseStatsQuery, rangeDays, rangeProblem, statsApiPath, statsQueryToString, StatsError, thisMonth,
} from '../../build-unit/lib/stats.js';
import { formatMonth } from '../../build-unit/lib/format.js';
import { parseState, stateToUrl } from '../../build-unit/lib/url-state.js';
import { network, register } from './stats-fixture.mjs';

test('presets: this month, the last 12 whole months, a calendar year', () => {
  assert.deepEqual(thisMonth('2026-06-15'), { from: '2026-06-01', to: '2026-06-30' });
  assert.deepEqual(thisMonth('2028-02-03'), { from: '2028-02-01', to: '2028-02-29' });
  assert.deepEqual(last12Months('2026-06-15'), { from: '2025-07-01', to: '2026-06-30' });
  assert.deepEqual(last12Months('2026-12-31'), { from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(calendarYear(2027), { from: '2027-01-01', to: '2027-12-31' });
  for (const today of ['2026-06-15', '2027-03-01', '2028-02-29', '2026-12-31']) assert.ok(rangeDays(last12Months(today)) <= 366, today);
});

test('the period in the URL: a round trip, this month by default, one date alone kept for the check to name', () => {
  const r = { from: '2026-06-01', to: '2026-06-30' };
  assert.deepEqual(parseStatsQuery(statsQueryToString(r), '2020-01-01'), r);
  assert.deepEqual(parseStatsQuery('', '2026-03-10'), { from: '2026-03-01', to: '2026-03-31' });
  assert.deepEqual(parseStatsQuery('from=2026-06-05', '2026-03-10'), { from: '2026-06-05', to: '2026-03-31' });
  assert.deepEqual(parseStatsQuery('from=junk', '2026-03-10'), { from: 'junk', to: '2026-03-31' });
  // The app's URL: /stats keeps its query whole, beside the language.
  const state = parseState('/stats', '?lang=zh&from=2026-06-01&to=2026-06-30', 'en');
  assert.equal(state.view, 'stats');
  assert.equal(state.lang, 'zh');
  assert.equal(state.statsQuery, 'from=2026-06-01&to=2026-06-30');
  assert.equal(stateToUrl(state), '/stats?lang=zh&from=2026-06-01&to=2026-06-30');
  assert.equal(stateToUrl(parseState('/stats/', '', 'ru')), '/stats?lang=ru');
});

test('the period\'s checks, each at its field', () => {
  assert.equal(rangeProblem({ from: '2026-06-01', to: '2026-06-30' }), null);
  assert.equal(rangeProblem({ from: '2024-01-01', to: '2024-12-31' }), null, 'a leap year is 366 days');
  assert.deepEqual(rangeProblem({ from: '', to: '2026-06-30' }), { field: 'from', problem: 'missing' });
  assert.deepEqual(rangeProblem({ from: '2026-02-30', to: '2026-06-30' }), { field: 'from', problem: 'badDate' });
  assert.deepEqual(rangeProblem({ from: '2026-06-01', to: '' }), { field: 'to', problem: 'missing' });
  assert.deepEqual(rangeProblem({ from: '2026-06-01', to: '30.06.2026' }), { field: 'to', problem: 'badDate' });
  assert.deepEqual(rangeProblem({ from: '2026-06-02', to: '2026-06-01' }), { field: 'to', problem: 'reversed' });
  assert.deepEqual(rangeProblem({ from: '2025-01-01', to: '2026-01-02' }), { field: 'to', problem: 'tooLong' });
  assert.equal(rangeDays({ from: '2026-06-01', to: '2026-06-01' }), 1);
});

test('the API\'s paths and the downloads\' names', () => {
  const r = { from: '2026-06-01', to: '2026-06-30' };
  assert.equal(statsApiPath('network', r), '/api/v1/stats/network?from=2026-06-01&to=2026-06-30');
  assert.equal(statsApiPath('network', r, { id: 'network.corridors', format: 'csv' }), '/api/v1/stats/network?from=2026-06-01&to=2026-06-30&table=network.corridors&format=csv');
  assert.equal(statsApiPath('published', r, { id: 'published', format: 'csvw' }, true), '/api/v1/stats/published?from=2026-06-01&to=2026-06-30&all=true&table=published&format=csvw');
  assert.equal(statsApiPath('register', r, undefined, true), '/api/v1/stats/register?from=2026-06-01&to=2026-06-30', 'all is for published figures only');
  assert.equal(downloadName('network.corridors', r, 'csv'), 'network.corridors-2026-06-01-2026-06-30.csv');
  assert.equal(downloadName('network.corridors', r, 'csvw'), 'network.corridors-2026-06-01-2026-06-30.csv-metadata.json');
  assert.equal(downloadName('network.corridors', r, 'json'), 'network.corridors-2026-06-01-2026-06-30.json');
});

const answer = (status, body) => async () => ({ ok: status < 300, status, json: async () => (typeof body === 'string' ? JSON.parse(body) : body) });

test('fetchStats: the answer, no register (503 register_off, an older 404) as null, errors with their code and parameter', async () => {
  const r = { from: '2026-06-01', to: '2026-06-30' };
  let asked = '';
  const a = await fetchStats('network', r, { fetchFn: async (u) => { asked = u; return answer(200, network())(); } });
  assert.equal(asked, '/api/v1/stats/network?from=2026-06-01&to=2026-06-30');
  assert.equal(a.tables[1].id, 'network.corridors');
  await fetchStats('published', r, { all: true, fetchFn: async (u) => { asked = u; return answer(200, { kind: 'published', tables: [] })(); } });
  assert.match(asked, /&all=true$/);
  assert.equal(await fetchStats('register', r, { fetchFn: answer(503, { code: 'register_off', message: 'this server runs without a register' }) }), null);
  assert.equal(await fetchStats('cases', r, { fetchFn: answer(404, { error: 'no register' }) }), null);
  await assert.rejects(fetchStats('cases', r, { fetchFn: answer(503, { code: 'server_busy', message: 'busy' }) }), (e) => e.code === 'server_busy');
  await assert.rejects(fetchStats('network', r, { fetchFn: answer(404, { error: 'not here' }) }), (e) => e instanceof StatsError && e.status === 404 && e.message === 'not here');
  await assert.rejects(fetchStats('network', r, { fetchFn: answer(400, { code: 'bad_request', message: 'to: the range is longer than 366 days', details: { parameter: 'to' } }) }),
    (e) => e.code === 'bad_request' && e.parameter === 'to');
  await assert.rejects(fetchStats('network', r, { fetchFn: answer(400, { error: { code: 'bad_date', message: 'from: not a date', parameter: 'from' } }) }),
    (e) => e.code === 'bad_date' && e.parameter === 'from' && e.message === 'from: not a date');
  await assert.rejects(fetchStats('network', r, { fetchFn: async () => ({ ok: false, status: 502, json: async () => { throw new SyntaxError('html'); } }) }),
    (e) => e.code === 'bad_answer' && e.status === 502);
  await assert.rejects(fetchStats('network', r, { fetchFn: async () => { throw new TypeError('Failed to fetch'); } }), (e) => e.code === 'network' && e.status === 0);
  await assert.rejects(fetchStats('network', r, { fetchFn: answer(200, { kind: 'network' }) }), (e) => e.code === 'bad_answer');
});

test('an error\'s field: its parameter, else the date its message names', () => {
  assert.equal(fieldOfError({ parameter: 'to', message: 'x' }), 'to');
  assert.equal(fieldOfError({ message: 'from: 2026-02-30 is not a date' }), 'from');
  assert.equal(fieldOfError({ message: 'to: the range is longer than 366 days' }), 'to');
  assert.equal(fieldOfError({ message: 'server busy' }), null);
});

test('cells: counts whole, numbers with one decimal, grouped in the language; withheld cells are not 0', () => {
  const count = { key: 'services', label: 'Services', type: 'count' };
  const number = { key: 'servicesPerWeek', label: 'Per week', type: 'number' };
  assert.equal(cellText(1234567, count, 'en'), '1,234,567');
  assert.equal(cellText(547.25, number, 'en'), '547.3');
  assert.equal(cellText(547.25, number, 'ru'), '547,3');
  assert.equal(cellText(12345.5, number, 'kk'), cellText(12345.5, number, 'ru'), 'kk groups as Russian where Intl lacks it');
  assert.equal(cellText(42, number, 'zh'), '42');
  assert.equal(cellText(null, count, 'en'), '');
  assert.equal(cellText('CN-KZ', { key: 'corridor', label: 'c', type: 'text' }, 'en'), 'CN-KZ');
  const rows = register().tables[0].rows;
  const operators = { key: 'operators', label: 'Operators', type: 'count' };
  assert.equal(isWithheld(rows[1], operators), true);
  assert.equal(isWithheld(rows[0], operators), false);
  assert.equal(isWithheld({ operators: null }, operators), false, 'a missing value in a row not marked suppressed is no data, not withheld');
  const mean = { key: 'meanRating', label: 'Mean', type: 'number' };
  assert.equal(isWithheld({ subject: 'tour', ratings: null, meanRating: null, suppressed: true }, mean), true, 'the mean of withheld ratings is withheld too');
  assert.equal(isWithheld({ subject: 'tour', ratings: null, meanRating: null, suppressed: true }, { key: 'subject', label: 's', type: 'text' }), false);
});

test('chart series: bars largest first with the rest counted; lines per name over sorted months', () => {
  const corridors = network().tables[1];
  const s = barSeries(corridors, (r) => r.corridor, 'servicesPerWeek', 3);
  assert.deepEqual(s, { labels: ['domestic CN', 'CN-KZ', 'KG-KZ'], values: [350, 42, 22.4], more: 1 });
  const t = {
    columns: [], rows: [
      { name: 'A', month: '2026-07', openDays: 20 }, { name: 'A', month: '2026-06', openDays: 25 },
      { name: 'B', month: '2026-07', openDays: null }, { name: 'C', month: '2026-06', openDays: 3 }, { name: 'D', month: '2026-07', openDays: null },
    ],
  };
  const m = monthSeries(t, (r) => r.name, 'openDays', 1);
  assert.deepEqual(m.months, ['2026-06', '2026-07']);
  assert.deepEqual(m.series, [{ name: 'A', values: [25, 20] }]);
  assert.equal(m.more, 1, 'C left out; B and D have no values at all');
});

test('months in the language, and where the data ends', () => {
  assert.equal(formatMonth('2026-06', 'en'), 'Jun 2026');
  assert.equal(formatMonth('2026-06', 'zh'), '2026年6月');
  assert.equal(formatMonth('2026-06', 'kk', () => ({ format: () => '2026 M06', resolvedOptions: () => ({ locale: 'kk' }) })), 'мау. 2026');
  assert.equal(formatMonth('junk', 'en'), 'junk');
  const ds = { firstDay: '2017-09-30', lastDay: '2027-03-27' };
  assert.deepEqual(beyondData({ from: '2026-06-01', to: '2026-06-30' }, ds), { before: false, after: false });
  assert.deepEqual(beyondData({ from: '2027-01-01', to: '2027-12-31' }, ds), { before: false, after: true });
  assert.deepEqual(beyondData({ from: '2017-01-01', to: '2017-12-31' }, ds), { before: true, after: false });
});
