// The statistics map's data (src/lib/stats-map.ts): stops' points from /api/v1/network (features that are
// not stops, or have no usable point, left out), the city pairs as lines (pairs with an end without a
// point counted, not drawn; estimated-only pairs marked), the crossings' open-days share over months.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openShares, pairLines, stopPoints } from '../../build-unit/lib/stats-map.js';

const stop = (stopId, coordinates) => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { kind: 'stop', stopId } });

test('stops\' points: only stops with a Point of two numbers', () => {
  const points = stopPoints({ features: [
    stop('xian', [108.94, 34.34]),
    stop('almaty', [76.95, 43.24]),
    stop('nowhere', ['76.9', 43.2]), // a string is not a coordinate
    stop('broken', null),
    { geometry: null, properties: { kind: 'stop', stopId: 'unplaced' } },
    { geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] }, properties: { kind: 'pattern', stopId: 'line' } },
    { geometry: { type: 'Point', coordinates: [1, 2] }, properties: { kind: 'stop' } }, // no id
  ] });
  assert.deepEqual([...points.keys()], ['xian', 'almaty']);
  assert.deepEqual(points.get('xian'), [108.94, 34.34]);
});

test('city pairs as lines: both ends placed, width by services per week, estimated-only marked', () => {
  const points = new Map([['xian', [108.94, 34.34]], ['almaty', [76.95, 43.24]], ['tashkent', [69.24, 41.3]]]);
  const { lines, unplaced } = pairLines([
    { fromId: 'xian', toId: 'almaty', services: 9, servicesPerWeek: 2.1, estimatedServices: 0 },
    { fromId: 'almaty', toId: 'tashkent', services: 4, servicesPerWeek: 1, estimatedServices: 4 },
    { fromId: 'almaty', toId: 'tashkent', services: 4, servicesPerWeek: 1, estimatedServices: 3 },
    { fromId: 'xian', toId: 'bishkek', services: 2, servicesPerWeek: 0.5, estimatedServices: 0 }, // bishkek has no point
    { fromId: null, toId: 'xian', services: 1, servicesPerWeek: 0.2, estimatedServices: 0 },
  ], points);
  assert.equal(lines.length, 3);
  assert.equal(unplaced, 2);
  assert.deepEqual(lines[0].geometry.coordinates, [[108.94, 34.34], [76.95, 43.24]]);
  assert.deepEqual(lines.map((l) => l.properties), [
    { perWeek: 2.1, estimatedOnly: false }, { perWeek: 1, estimatedOnly: true }, { perWeek: 1, estimatedOnly: false }]);
});

test('a crossing\'s open-days share sums its months; none without days', () => {
  const shares = openShares([
    { crossingId: 'khorgos', month: '2026-06', days: 30, openDays: 26 },
    { crossingId: 'khorgos', month: '2026-07', days: 31, openDays: 31 },
    { crossingId: 'torugart', month: '2026-06', days: 30, openDays: 12 },
    { crossingId: 'irkeshtam', month: '2026-06', days: 0, openDays: 0 },
    { crossingId: 'withheld', month: '2026-06', days: null, openDays: null },
  ]);
  assert.equal(shares.get('khorgos'), 57 / 61);
  assert.equal(shares.get('torugart'), 0.4);
  assert.equal(shares.has('irkeshtam'), false);
  assert.equal(shares.has('withheld'), false);
});
