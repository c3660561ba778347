// The register's client (src/lib/register-api.ts) against a fake fetch: the Bearer token, the session
// ended by a 401, a 429's wait, the refusals' parameter, the decisions an operator's status allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionsFor, decisionOf, RegisterClient, RegisterError } from '../../build-unit/lib/register-api.js';

function memoryStore(token = null) {
  return { token, get() { return this.token; }, set(t) { this.token = t; } };
}

function fakeFetch(answer, calls = []) {
  return async (url, init) => {
    calls.push({ url, init });
    const r = answer(url, init);
    return { ok: r.status < 400, status: r.status, headers: { get: (n) => r.headers?.[n] ?? null }, json: async () => r.body };
  };
}

test('sign-in keeps the token and sends it as Bearer; sign-out forgets it', async () => {
  const store = memoryStore();
  const calls = [];
  const client = new RegisterClient(store, fakeFetch((url) => url.endsWith('/signin')
    ? { status: 200, body: { token: 'tok', expiresAt: '2026-01-01T00:00:00Z', account: { id: 1, email: 'a@b.org', displayName: 'A', role: 'authority', country: 'KZ' } } }
    : url.endsWith('/signout') ? { status: 204 } : { status: 200, body: { id: 1, email: 'a@b.org', displayName: 'A', role: 'authority', country: 'KZ' } }, calls));
  const account = await client.signIn('a@b.org', 'secret-password');
  assert.equal(account.country, 'KZ');
  assert.equal(store.token, 'tok');
  assert.equal(calls[0].init.headers.Authorization, undefined, 'no token sent with the sign-in');
  assert.deepEqual(JSON.parse(calls[0].init.body), { email: 'a@b.org', password: 'secret-password' });
  await client.me();
  assert.equal(calls[1].init.headers.Authorization, 'Bearer tok');
  await client.signOut();
  assert.equal(store.token, null);
  assert.equal(client.signedIn, false);
});

test('a 401 with a token ends the session; a wrong password does not call onSignedOut', async () => {
  const store = memoryStore('old');
  let ended = 0;
  const client = new RegisterClient(store, fakeFetch(() => ({ status: 401, body: { code: 'unauthorized', message: 'sign in first', details: {} } })));
  client.onSignedOut = () => ++ended;
  await assert.rejects(client.me(), (e) => e instanceof RegisterError && e.code === 'unauthorized');
  assert.equal(store.token, null);
  assert.equal(ended, 1);
  await assert.rejects(client.signIn('a@b.org', 'wrong-password'), (e) => e.status === 401);
  assert.equal(ended, 1);
});

test('refusals keep the parameter and a 429 its Retry-After', async () => {
  const client = new RegisterClient(memoryStore('t'), fakeFetch((url) => url.includes('signin')
    ? { status: 429, headers: { 'Retry-After': '900' }, body: { code: 'rate_limited', message: 'wait', details: {} } }
    : { status: 400, body: { code: 'invalid_body', message: 'the licence ends before it starts', details: { parameter: 'validTo' } } }));
  await assert.rejects(client.signIn('a@b.org', 'x'), (e) => e.code === 'rate_limited' && e.retryAfter === 900);
  await assert.rejects(client.apply({}), (e) => e.code === 'invalid_body' && e.parameter === 'validTo' && e.retryAfter === undefined);
});

test('the lookup\'s filters and a decision\'s body', async () => {
  const calls = [];
  const client = new RegisterClient(memoryStore('t'), fakeFetch((url) => (url.includes('/decision')
    ? { status: 200, body: { id: 7, status: 'revoked', version: 2 } }
    : { status: 200, body: { date: '2026-01-01', operators: [] } }), calls));
  await client.lookup({ country: 'KZ', status: 'applied' });
  assert.equal(calls[0].url, '/api/v1/operators?country=KZ&status=applied&limit=100');
  await client.decide(7, 'reject', 1, 'no licence');
  assert.equal(calls[1].url, '/api/v1/operators/7/decision');
  assert.deepEqual(JSON.parse(calls[1].init.body), { status: 'revoked', version: 1, reason: 'no licence' });
});

test('the steps each status allows', () => {
  assert.deepEqual(actionsFor('applied'), ['approve', 'reject']);
  assert.deepEqual(actionsFor('approved'), ['suspend', 'revoke']);
  assert.deepEqual(actionsFor('expired'), ['suspend', 'revoke']);
  assert.deepEqual(actionsFor('suspended'), ['reinstate', 'revoke']);
  assert.deepEqual(actionsFor('revoked'), []);
  assert.equal(decisionOf('reinstate'), 'approved');
  assert.equal(decisionOf('reject'), 'revoked');
});

test('tours: a CSV manifest sent as text/csv, a refused file\'s rows, downloads read as text, a decision\'s body', async () => {
  const calls = [];
  const client = new RegisterClient(memoryStore('t'), async (url, init) => {
    calls.push({ url, init });
    if (init.method === 'PUT' && url.includes('/manifests/')) {
      return init.body.includes('XX')
        ? { ok: false, status: 400, headers: { get: () => null }, json: async () => ({ code: 'invalid_body', message: 'the manifest has 1 error: nothing was added', details: {}, rows: [{ line: 2, field: 'nationality', message: '"XX" is not a country' }] }) }
        : { ok: true, status: 200, headers: { get: () => null }, json: async () => ({ added: 1 }) };
    }
    if (url.includes('format=border')) return { ok: true, status: 200, headers: { get: () => 'text/csv' }, json: async () => { throw new Error('not JSON'); }, text: async () => 'no,latin_name\r\n' };
    if (init.method === 'DELETE') return { ok: true, status: 204, headers: { get: () => null }, json: async () => null };
    return { ok: true, status: 200, headers: { get: () => null }, json: async () => ({ id: 3, status: 'approved', version: 5 }) };
  });
  assert.deepEqual(await client.importManifest(3, 'latin_name\nWANG WEI\n'), { added: 1 });
  assert.equal(calls[0].init.headers['Content-Type'], 'text/csv');
  assert.equal(calls[0].init.body, 'latin_name\nWANG WEI\n', 'the file as it is, not JSON');
  await assert.rejects(client.importManifest(3, 'XX'), (e) => e instanceof RegisterError && e.rows?.length === 1 && e.rows[0].line === 2 && e.rows[0].field === 'nationality');
  assert.equal(await client.manifestFile(3, 'border'), 'no,latin_name\r\n');
  assert.match(calls[2].url, /\/api\/v1\/manifests\/3\?format=border$/);
  await client.removeMember(3, 'a/b');
  assert.match(calls[3].url, /\/members\/a%2Fb$/);
  await client.decideTour(3, 'KG', 'approve', 4, '');
  assert.deepEqual(JSON.parse(calls[4].init.body), { country: 'KG', decision: 'approve', version: 4 });
  await client.tours('submitted');
  assert.match(calls[5].url, /\/api\/v1\/tours\?limit=100&status=submitted$/);
});
