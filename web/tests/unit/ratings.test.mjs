// Satisfaction ratings (src/lib/ratings.ts): the checks before sending (1 to 5, a comment of at most 1000
// characters counted as the server counts them), the public page's link, the client's two requests and a
// refusal's field; /rate in the app's URL state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { characters, MAX_RATING_COMMENT, parseRateQuery, ratingBody, RatingsClient, ratingProblem, rateQueryToString, tourRatingProblem } from '../../build-unit/lib/ratings.js';
import { CasesClient } from '../../build-unit/lib/cases-api.js';
import { parseState, stateToUrl } from '../../build-unit/lib/url-state.js';

test('a rating is a whole number from 1 to 5; the comment at most 1000 characters (code points)', () => {
  for (const r of [1, 3, 5]) assert.equal(ratingProblem(r, ''), null);
  for (const r of [null, 0, 6, 2.5, NaN]) assert.deepEqual(ratingProblem(r, ''), { field: 'rating', problem: 'noRating' }, String(r));
  assert.equal(characters('😀'), 1);
  assert.equal(ratingProblem(4, '😀'.repeat(MAX_RATING_COMMENT)), null, '1000 emoji are 1000 characters, 2000 UTF-16 units');
  assert.deepEqual(ratingProblem(4, 'a'.repeat(MAX_RATING_COMMENT + 1)), { field: 'comment', problem: 'commentTooLong' });
  assert.equal(ratingProblem(4, ` ${'a'.repeat(MAX_RATING_COMMENT)} \n`), null, 'spaces around are trimmed as sent');
  assert.deepEqual(ratingBody(5, '  Great guide.\n'), { rating: 5, comment: 'Great guide.' });
});

test('the public page\'s link: a tour number and a code; a missing one named at its field', () => {
  assert.deepEqual(parseRateQuery('tour=12&code=K7Q2-9XPA'), { tour: 12, code: 'K7Q2-9XPA' });
  assert.deepEqual(parseRateQuery('tour=0&code=%20x%20'), { tour: null, code: 'x' });
  assert.deepEqual(parseRateQuery('tour=12abc'), { tour: null, code: '' });
  assert.equal(rateQueryToString({ tour: 12, code: 'K7Q2-9XPA' }), 'tour=12&code=K7Q2-9XPA');
  assert.deepEqual(tourRatingProblem({ tour: null, code: 'x' }, 5, ''), { field: 'tour', problem: 'noTour' });
  assert.deepEqual(tourRatingProblem({ tour: 3, code: '  ' }, 5, ''), { field: 'code', problem: 'noCode' });
  assert.deepEqual(tourRatingProblem({ tour: 3, code: 'c' }, null, ''), { field: 'rating', problem: 'noRating' });
  assert.equal(tourRatingProblem({ tour: 3, code: 'c' }, 2, ''), null);
  const state = parseState('/rate', '?lang=kk&tour=12&code=K7Q2', 'en');
  assert.equal(state.view, 'rate');
  assert.equal(state.rateQuery, 'tour=12&code=K7Q2');
  assert.equal(stateToUrl(state), '/rate?lang=kk&tour=12&code=K7Q2');
});

function recorder(status, body) {
  const calls = [];
  const fetchFn = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    return { ok: status < 300, status, headers: { get: () => null }, json: async () => body };
  };
  return { calls, fetchFn };
}
const tokens = (token) => ({ get: () => token, set: () => {} });

test('the requests: a tour\'s rating with its code and no session needed; a case\'s with the session', async () => {
  const a = recorder(201, { rating: 4 });
  await new RatingsClient(tokens(null), a.fetchFn).rateTour(12, ' K7Q2-9XPA ', { rating: 4, comment: '' });
  assert.deepEqual(a.calls[0].url, '/api/v1/tours/12/ratings');
  assert.equal(a.calls[0].method, 'POST');
  assert.deepEqual(a.calls[0].body, { code: 'K7Q2-9XPA', rating: 4, comment: '' });
  assert.equal(a.calls[0].headers.Authorization, undefined);
  const b = recorder(201, {});
  await new CasesClient(tokens('tok'), b.fetchFn).rate(7, { rating: 2, comment: 'Slow.' });
  assert.deepEqual([b.calls[0].url, b.calls[0].method, b.calls[0].headers.Authorization], ['/api/v1/cases/7/rating', 'POST', 'Bearer tok']);
  assert.deepEqual(b.calls[0].body, { rating: 2, comment: 'Slow.' });
});

test('a refusal keeps its status and field: a wrong code (403), a rating out of range (400)', async () => {
  const wrong = recorder(403, { code: 'forbidden', message: 'the feedback code does not match', details: { parameter: 'code' } });
  await assert.rejects(new RatingsClient(tokens(null), wrong.fetchFn).rateTour(1, 'x', { rating: 3, comment: '' }),
    (e) => e.status === 403 && e.parameter === 'code' && e.message === 'the feedback code does not match');
  const bad = recorder(400, { code: 'invalid', message: 'rating is a whole number from 1 (poor) to 5 (excellent)', details: { parameter: 'rating' } });
  await assert.rejects(new RatingsClient(tokens(null), bad.fetchFn).rateTour(1, 'x', { rating: 9, comment: '' }), (e) => e.status === 400 && e.parameter === 'rating');
});
