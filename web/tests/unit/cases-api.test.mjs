// The cases' client and rules (src/lib/cases-api.ts): what an action asks for as the lifecycles say, the
// queue's order, due times in the reader's zone with its offset, amounts in minor units, and the client
// against a fake fetch (the Bearer token, a file sent as it is, both error shapes, a 401 ending the session).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionNeeds, actionProblem, amountText, CasesClient, MAX_TITLE_BYTES, utf8Length, dueState, formatAmount, lifecycleOf, localTime, parseAmount, sortQueue, stateDef, toLocalIso,
} from '../../build-unit/lib/cases-api.js';
import { RegisterError } from '../../build-unit/lib/register-api.js';

const lifecycles = {
  lifecycles: [{
    kind: 'assistance', categories: ['medical', 'stranded'], urgencies: ['normal', 'high', 'urgent'], initial: 'open',
    states: [{ name: 'open', class: 'new', answers: 'operator' }, { name: 'waiting_on_traveller', class: 'waiting', answers: 'traveller' }, { name: 'closed', class: 'closed', answers: null }],
    transitions: [
      { action: 'acknowledge', from: ['open'], to: 'acknowledged', by: ['operator'], noteRequired: false, outcomes: [], lineDecisions: false },
      { action: 'resolve', from: ['open'], to: 'resolved', by: ['operator'], noteRequired: true, outcomes: [], lineDecisions: false },
    ],
    targets: {},
  }, {
    kind: 'dispute', categories: ['refund'], urgencies: ['normal', 'high'], initial: 'filed', states: [],
    transitions: [{ action: 'decide', from: ['mediation'], to: 'decided', by: ['authority'], noteRequired: true, outcomes: ['upheld', 'partly_upheld', 'rejected'] }],
    targets: {},
  }, {
    kind: 'claim', categories: ['medical'], urgencies: ['normal', 'high'], initial: 'submitted', states: [],
    transitions: [{ action: 'assess', from: ['submitted'], to: 'assessed', by: ['insurer'], noteRequired: false, outcomes: [], lineDecisions: true }],
    targets: {},
  }],
  lineReasons: ['not_covered', 'no_receipt'],
};

test('an action asks for a note, an outcome or line decisions as the lifecycle says', () => {
  const assistance = lifecycleOf(lifecycles, 'assistance');
  assert.deepEqual(actionNeeds(assistance, 'acknowledge'), { noteRequired: false, outcomes: [], lineDecisions: false });
  assert.equal(actionNeeds(assistance, 'resolve').noteRequired, true);
  assert.deepEqual(actionNeeds(assistance, 'not_an_action'), { noteRequired: false, outcomes: [], lineDecisions: false }, 'a newer server\'s action: the server says what it misses');
  assert.equal(actionProblem(actionNeeds(assistance, 'resolve'), { note: '  ' }), 'note');
  assert.equal(actionProblem(actionNeeds(assistance, 'resolve'), { note: 'Seats booked' }), null);
  const decide = actionNeeds(lifecycleOf(lifecycles, 'dispute'), 'decide');
  assert.deepEqual(decide.outcomes, ['upheld', 'partly_upheld', 'rejected']);
  assert.equal(actionProblem(decide, { note: 'Refund half' }), 'outcome');
  assert.equal(actionProblem(decide, { note: 'Refund half', outcome: 'maybe' }), 'outcome');
  assert.equal(actionProblem(decide, { note: 'Refund half', outcome: 'partly_upheld' }), null);
  assert.equal(stateDef(assistance, 'waiting_on_traveller').answers, 'traveller');
  assert.equal(lifecycleOf(null, 'claim'), undefined);
});

test('an assessment decides every pending line; a rejection or a part approval needs a reason', () => {
  const assess = actionNeeds(lifecycleOf(lifecycles, 'claim'), 'assess');
  const lines = [{ line: 0, amount: 12000, currency: 'USD', state: 'pending' }, { line: 1, amount: 3550, currency: 'USD', state: 'pending' }];
  assert.equal(actionProblem(assess, { lines: [{ line: 0, approve: true }] }, lines), 'lines');
  assert.equal(actionProblem(assess, { lines: [{ line: 0, approve: true }, { line: 1, approve: false }] }, lines), 'lines');
  assert.equal(actionProblem(assess, { lines: [{ line: 0, approve: true }, { line: 1, approve: false, reason: 'no_receipt' }] }, lines), null);
  assert.equal(actionProblem(assess, { lines: [{ line: 0, approve: true, approvedAmount: 6000 }, { line: 1, approve: true }] }, lines), 'lines');
  assert.equal(actionProblem(assess, { lines: [{ line: 0, approve: true, approvedAmount: 6000, reason: 'over_limit' }, { line: 1, approve: true }] }, lines), null);
  assert.equal(actionProblem(assess, { lines: [{ line: 0, approve: true, approvedAmount: 13000, reason: 'other' }, { line: 1, approve: true }] }, lines), 'amount');
  // Lines decided already are not asked again.
  assert.equal(actionProblem(assess, { lines: [{ line: 1, approve: true }] }, [{ ...lines[0], state: 'approved' }, lines[1]]), null);
});

test('the queue: open before closed, breached first, then the nearest due, cases without one last', () => {
  const row = (id, breached, nextDue, open = true, updated = '2026-12-06T10:00:00Z') => ({ id, breached, nextDue, open, updated });
  const sorted = sortQueue([
    row(1, false, '2026-12-07T09:00:00Z'),
    row(2, false, null),
    row(3, true, '2026-12-06T08:00:00Z'),
    row(4, false, '2026-12-06T12:00:00Z'),
    row(5, false, null, false),
    row(6, true, '2026-12-05T08:00:00Z'),
  ]);
  assert.deepEqual(sorted.map((r) => r.id), [6, 3, 4, 1, 2, 5]);
});

test('times in the reader\'s own zone with the offset; overdue from the due time', () => {
  const plus5 = () => 300;
  assert.equal(toLocalIso('2026-12-06T21:30:00Z', plus5), '2026-12-07T02:30+05:00');
  assert.equal(toLocalIso('2026-12-06T21:30:00Z', () => -210), '2026-12-06T18:00-03:30');
  const f = localTime('2026-12-06T21:30:00Z', 'en', plus5);
  assert.equal(f.time, '02:30');
  assert.equal(f.zone, 'UTC+5');
  assert.equal(f.dateTime, '2026-12-06T21:30:00Z');
  assert.match(f.text, /Dec.*02:30 UTC\+5$/);
  assert.equal(localTime('2026-12-06T21:30:00Z', 'zh', () => 480).zone, 'UTC+8');
  const now = Date.parse('2026-12-06T22:00:00Z');
  assert.deepEqual(dueState('2026-12-06T21:30:00Z', now), { overdue: true, leftSeconds: -1800 });
  assert.deepEqual(dueState('2026-12-06T23:00:00Z', now), { overdue: false, leftSeconds: 3600 });
  assert.equal(dueState(null, now), null);
});

test('amounts: typed with a point or a comma, in the currency\'s minor units', () => {
  assert.equal(parseAmount('120.00', 'USD'), 12000);
  assert.equal(parseAmount('35,5', 'USD'), 3550);
  assert.equal(parseAmount(' 1 200 ', 'KZT'), 120000);
  assert.equal(parseAmount('12.345', 'USD'), null, 'more decimals than the currency has');
  assert.equal(parseAmount('1200', 'JPY'), 1200);
  assert.equal(parseAmount('12.5', 'JPY'), null);
  assert.equal(parseAmount('0', 'USD'), null);
  assert.equal(parseAmount('-5', 'USD'), null);
  assert.equal(parseAmount('ten', 'USD'), null);
  assert.equal(formatAmount(12000, 'USD', 'en'), '$120.00');
  assert.equal(formatAmount(3550, 'USD', 'ru').replace(/\s/g, ' '), '35,50 $');
  assert.equal(amountText(3550, 'USD'), '35.50');
  assert.equal(amountText(1200, 'JPY'), '1200');
});

function memoryStore(token = null) {
  return { token, get() { return this.token; }, set(t) { this.token = t; } };
}

function fakeFetch(answer, calls = []) {
  return async (url, init) => {
    calls.push({ url, init });
    const r = answer(url, init);
    return { ok: r.status < 400, status: r.status, headers: { get: () => null }, json: async () => r.body, blob: async () => r.blob };
  };
}

test('the API\'s limits are in UTF-8 bytes: 200 of a title are 66 Chinese characters', () => {
  assert.equal(utf8Length('Osh'), 3);
  assert.equal(utf8Length('Ош'), 4);
  assert.equal(utf8Length('奥什'), 6);
  assert.ok(utf8Length('发'.repeat(67)) > MAX_TITLE_BYTES);
  assert.ok(utf8Length('发'.repeat(66)) <= MAX_TITLE_BYTES);
});

test('the client: Bearer, the queue\'s filters, an action\'s body, a file sent as it is and read back', async () => {
  const calls = [];
  const client = new CasesClient(memoryStore('tok'), fakeFetch((url) => url.includes('/attachments/')
    ? { status: 200, blob: 'BLOB' } : url.endsWith('/attachments?name=receipt%201.png') ? { status: 201, body: { digest: 'ab', name: 'receipt 1.png' } }
      : url.startsWith('/api/v1/cases?') ? { status: 200, body: { cases: [] } } : { status: 200, body: { id: 7 } }, calls));
  await client.queue({ kind: 'claim', open: true });
  assert.equal(calls[0].url, '/api/v1/cases?kind=claim&open=true&limit=100');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer tok');
  await client.act(7, { action: 'resolve', version: 3, note: 'done' });
  assert.equal(calls[1].url, '/api/v1/cases/7/actions');
  assert.deepEqual(JSON.parse(calls[1].init.body), { action: 'resolve', version: 3, note: 'done' });
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer;
  const a = await client.attach(7, 'receipt 1.png', bytes);
  assert.equal(a.digest, 'ab');
  assert.equal(calls[2].init.body, bytes, 'the bytes as they are');
  assert.equal(calls[2].init.headers['Content-Type'], 'application/octet-stream');
  assert.equal(await client.attachment(7, 'ab'), 'BLOB');
  assert.equal(calls[3].url, '/api/v1/cases/7/attachments/ab');
  await client.help(7, 'CN', 7);
  assert.equal(calls[4].url, '/api/v1/cases/7/help?nationality=CN&days=7');
});

test('the client reads both error shapes and a 401 ends the session', async () => {
  const flat = new CasesClient(memoryStore('t'), fakeFetch(() => ({ status: 409, body: { error: 'changed', code: 'conflict', message: 'changed', details: { parameter: 'version' } } })));
  await assert.rejects(flat.act(1, { action: 'close', version: 1 }), (e) => e instanceof RegisterError && e.code === 'conflict' && e.parameter === 'version');
  const nested = new CasesClient(memoryStore('t'), fakeFetch(() => ({ status: 400, body: { error: { code: 'invalid_body', message: 'no insurer', parameter: 'insurer' } } })));
  await assert.rejects(nested.open({ kind: 'claim' }), (e) => e.code === 'invalid_body' && e.message === 'no insurer' && e.parameter === 'insurer');
  const store = memoryStore('old');
  let ended = 0;
  const expired = new CasesClient(store, fakeFetch(() => ({ status: 401, body: { code: 'unauthorized', message: 'sign in first' } })));
  expired.onSignedOut = () => ++ended;
  await assert.rejects(expired.queue());
  assert.equal(ended, 1);
  assert.equal(store.token, null);
});
