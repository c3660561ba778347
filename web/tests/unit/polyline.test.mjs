// legGeometry's encoded polylines (src/lib/polyline.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePolyline } from '../../build-unit/lib/polyline.js';

test("Google's example and the Y29's three stops", () => {
  assert.deepEqual(decodePolyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@'), [[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]]);
  // Xi'an, Horgos, Almaty-2 as /api/v1/plan draws the Y29 (length 3).
  const y29 = decodePolyline('qabpEybzwS}tv{@xa_mDl_zDbglT');
  assert.equal(y29.length, 3);
  assert.deepEqual(y29[0], [108.92861, 34.25833]);
  assert.deepEqual(y29[2], [76.9115, 43.25249]);
  assert.deepEqual(decodePolyline(''), []);
  assert.throws(() => decodePolyline('_p~iF~ps|U_'));
});
