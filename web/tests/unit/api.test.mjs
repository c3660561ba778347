// The API client (src/lib/api.ts) against a fake fetch: queries, answers and every kind of error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ApiError, planQuery, suggestionsFromMessage, nameIn, tripBody } from '../../build-unit/lib/api.js';

function fakeFetch(routes, calls = []) {
  return async (url) => {
    calls.push(url);
    const r = routes(url);
    if (r instanceof Error) throw r;
    return { ok: r.status < 400, status: r.status, json: async () => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) };
  };
}

test('plan query uses the API parameter names', () => {
  const q = planQuery({ from: 'xian', fromLabel: "Xi'an", to: 'Алматы', toLabel: 'Алматы', date: '2025-05-29', time: '08:00', arriveBy: true, modes: ['rail', 'air'], travellers: [], onlyVisaFree: false });
  assert.equal(q, 'fromPlace=xian&toPlace=%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B&time=2025-05-29T08%3A00&arriveBy=true&modes=rail%2Cair');
  const withTravellers = planQuery({ from: 'kashgar', fromLabel: '', to: 'osh', toLabel: '', date: '2026-06-05', time: '15:00', arriveBy: false, modes: [], travellers: ['CN', 'KZ:service'], onlyVisaFree: true });
  assert.equal(withTravellers, 'fromPlace=kashgar&toPlace=osh&time=2026-06-05T15%3A00&travellers=CN%2CKZ%3Aservice&onlyVisaFree=true');
});

test('stop search and plan answers', async () => {
  const calls = [];
  const api = new ApiClient(fakeFetch((u) => (u.startsWith('/api/v1/stops?')
    ? { status: 200, body: { matches: [{ name: 'Almaty', stopId: 'almaty' }] } }
    : { status: 200, body: { itineraries: [], bestByMode: {}, from: { name: 'A' }, to: { name: 'B' } } }), calls));
  const m = await api.searchStops('阿拉', 8);
  assert.equal(m[0].stopId, 'almaty');
  assert.equal(calls[0], '/api/v1/stops?q=%E9%98%BF%E6%8B%89&limit=8');
  const a = await api.plan({ from: 'a', fromLabel: 'a', to: 'b', toLabel: 'b', date: '2025-05-29', time: '08:00', arriveBy: false, modes: [], travellers: [], onlyVisaFree: false });
  assert.deepEqual(a.itineraries, []);
});

test('errors carry the API code, message and parameter', async () => {
  const api = new ApiClient(fakeFetch(() => ({ status: 400, body: { error: 'x', code: 'unknown_place', message: 'no stop with id or name `Almatx`; did you mean: Almaty (almaty)?', details: { parameter: 'fromPlace' } } })));
  await assert.rejects(api.searchStops('x'), (e) => e instanceof ApiError && e.code === 'unknown_place' && e.parameter === 'fromPlace' && !e.retryable);
  const busy = new ApiClient(fakeFetch(() => ({ status: 503, body: { code: 'server_busy', message: 'busy', details: {} } })));
  await assert.rejects(busy.searchStops('x'), (e) => e.code === 'server_busy' && e.retryable);
  const down = new ApiClient(fakeFetch(() => new TypeError('Failed to fetch')));
  await assert.rejects(down.searchStops('x'), (e) => e.status === 0 && e.code === 'network' && e.retryable);
  const html = new ApiClient(fakeFetch(() => ({ status: 502, body: '<html>' })));
  await assert.rejects(html.searchStops('x'), (e) => e.code === 'bad_answer' && e.status === 502);
});

test('stop details are asked once and a failure is null', async () => {
  const calls = [];
  const api = new ApiClient(fakeFetch((u) => (u.endsWith('/xian') ? { status: 200, body: { stopId: 'xian', name: "Xi'an", translations: { zh: '西安' } } } : { status: 404, body: { code: 'not_found', message: 'no' } }), calls));
  const [a, b] = await Promise.all([api.stop('xian'), api.stop('xian')]);
  assert.equal(a, b);
  assert.equal(calls.length, 1);
  assert.equal(nameIn(a, 'zh', "Xi'an"), '西安');
  assert.equal(nameIn(a, 'ru', "Xi'an"), "Xi'an");
  assert.equal(await api.stop('nowhere'), null);
});

test('suggestions from an unknown place message', () => {
  assert.deepEqual(suggestionsFromMessage('no stop with id or name `Almatx`; did you mean: Almaty (almaty)?'), [{ name: 'Almaty', stopId: 'almaty' }]);
  assert.deepEqual(suggestionsFromMessage("did you mean: Xi'an (xian), Xi'an railway station (xian_rail)?"), [
    { name: "Xi'an", stopId: 'xian' }, { name: "Xi'an railway station", stopId: 'xian_rail' }]);
  assert.deepEqual(suggestionsFromMessage('no stop with id or name `Horgos`; did you mean: Horgos (China side) (horgos_cn)?'),
    [{ name: 'Horgos (China side)', stopId: 'horgos_cn' }], 'a name with brackets of its own');
  assert.deepEqual(suggestionsFromMessage('no stop with id or name `zzz`'), []);
});

test('a request unanswered past the timeout is a network error, a caller\'s abort stays an abort', async () => {
  // A fetch that never answers, until its signal aborts (as the browser's does).
  const hung = (url, init) => new Promise((_, reject) => {
    init.signal.addEventListener('abort', () => reject(init.signal.reason));
  });
  const api = new ApiClient(hung, '', 50);
  const alive = setTimeout(() => {}, 5_000);  // Node's AbortSignal.timeout does not keep the test running
  await assert.rejects(api.plan({ from: 'a', fromLabel: '', to: 'b', toLabel: '', date: '2026-06-05', time: '08:00', arriveBy: false, modes: [], travellers: [], onlyVisaFree: false }),
    (e) => e instanceof ApiError && e.code === 'network' && e.status === 0 && /no answer within/.test(e.message));
  const mine = new AbortController();
  const pending = new ApiClient(hung, '', 60_000).searchStops('alm', 8, mine.signal);
  mine.abort();
  await assert.rejects(pending, (e) => !(e instanceof ApiError) && e.name === 'AbortError');
  clearTimeout(alive);
});

test('a failed stop lookup is not kept: the next call asks again; an unknown stop (404) is kept', async () => {
  const calls = [];
  let down = true;
  const api = new ApiClient(fakeFetch((u) => {
    if (u.endsWith('/nowhere')) return { status: 404, body: { code: 'not_found', message: 'no' } };
    return down ? new TypeError('Failed to fetch') : { status: 200, body: { stopId: 'xian', name: "Xi'an", translations: { zh: '西安' } } };
  }, calls));
  assert.equal(await api.stop('xian'), null, 'the blip');
  down = false;
  assert.equal((await api.stop('xian'))?.name, "Xi'an", 'asked again after the failure');
  assert.equal((await api.stop('xian'))?.name, "Xi'an");
  assert.equal(calls.filter((u) => u.endsWith('/xian')).length, 2, 'the answer is kept');
  await api.stop('nowhere');
  await api.stop('nowhere');
  assert.equal(calls.filter((u) => u.endsWith('/nowhere')).length, 1, 'an unknown stop is an answer');
});

test("a proxy's page without JSON: bad_answer, to try again when 5xx, not when 4xx", async () => {
  const gateway = new ApiClient(fakeFetch(() => ({ status: 502, body: '<html>Bad Gateway</html>' })));
  await assert.rejects(gateway.searchStops('x'), (e) => e.code === 'bad_answer' && e.status === 502 && e.retryable);
  const tooLong = new ApiClient(fakeFetch(() => ({ status: 431, body: '<html>' })));
  await assert.rejects(tooLong.searchStops('x'), (e) => e.code === 'bad_answer' && e.status === 431 && !e.retryable);
});

test('a trip to check as trip.json: travellers with their earlier stays, stays with what they say beside the dates', async () => {
  const trip = {
    travellers: ['CN', 'KZ:service:1980-02-03'],
    stays: [{ country: 'KZ', entry: '2025-06-01', exit: '2025-06-20', purpose: 'transit', onwardTicket: true, entryPort: 'khorgos_road' },
      { country: 'KG', entry: '2025-06-20', exit: '2025-06-28', purpose: 'tourism', groupTour: { operator: 'silk-tours', registered: true, size: 12 }, regions: ['Issyk-Kul'] }],
    earlierStays: [{ traveller: 1, country: 'CN', entry: '2025-01-01', exit: '2025-01-31' }],
  };
  const body = {
    travellers: [{ nationality: 'CN' }, { nationality: 'KZ', passport: 'service', birth_date: '1980-02-03', earlier_stays: [{ country: 'CN', entry: '2025-01-01', exit: '2025-01-31' }] }],
    stays: [{ country: 'KZ', entry: '2025-06-01', exit: '2025-06-20', entry_port: 'khorgos_road', purpose: 'transit', onward_ticket: true },
      { country: 'KG', entry: '2025-06-20', exit: '2025-06-28', group_tour: { operator: 'silk-tours', registered: true, size: 12 }, regions: ['Issyk-Kul'] }],
  };
  assert.deepEqual(tripBody(trip), body);
  const sent = [];
  const api = new ApiClient(async (url, init) => {
    sent.push([url, init.method, init.headers['Content-Type'], JSON.parse(init.body)]);
    return { ok: false, status: 400, json: async () => ({ code: 'invalid_body', message: 'body: stay 1 (KZ): exit is before entry' }) };
  });
  await assert.rejects(api.checkTrip(trip), (e) => e instanceof ApiError && e.code === 'invalid_body' && e.status === 400);
  assert.deepEqual(sent, [['/api/v1/entry/check', 'POST', 'application/json', body]]);
});

test('crossings: today at each crossing without a date, else the date asked; a refused date is an ApiError', async () => {
  const calls = [];
  const api = new ApiClient(fakeFetch((u) => (u.includes('date=x')
    ? { status: 400, body: { error: 'Bad Request', code: 'invalid_parameter', message: 'date `x` is not a date YYYY-MM-DD', details: { parameter: 'date' } } }
    : { status: 200, body: { date: null, crossings: [{ id: 'irkeshtam', status: 'closed_weekday' }] } }), calls));
  assert.equal((await api.crossings()).crossings[0].id, 'irkeshtam');
  await api.crossings('2026-06-06');
  assert.deepEqual(calls, ['/api/v1/crossings', '/api/v1/crossings?date=2026-06-06']);
  await assert.rejects(api.crossings('x'), (e) => e instanceof ApiError && e.code === 'invalid_parameter' && e.parameter === 'date');
  await api.network();
  await api.sites();
  assert.deepEqual(calls.slice(3), ['/api/v1/network', '/api/v1/sites']);
});
