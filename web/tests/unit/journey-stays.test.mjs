// A planned journey as the stays of a trip to check (src/lib/journey-stays.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staysOfJourney } from '../../build-unit/lib/journey-stays.js';

const leg = (from, to, startTime, endTime, intermediateStops = [], mode = 'rail') =>
  ({ mode, from: { name: from, stopId: from, departure: startTime }, to: { name: to, stopId: to, arrival: endTime }, startTime, endTime, intermediateStops });

test('Xi\'an -> Almaty by rail: China until the last stop before the border, Kazakhstan from the first after it', () => {
  const it = {
    startTime: '2025-05-29T11:30+08:00', endTime: '2025-05-31T17:45+05:00',
    legs: [leg('xian_rail', 'almaty_2', '2025-05-29T11:30+08:00', '2025-05-31T17:45+05:00', [{ name: 'Horgos', stopId: 'horgos_rail', arrival: '2025-05-30T23:50+08:00', departure: '2025-05-31T00:20+08:00' }])],
    borderCrossings: [{ legIndex: 0, mode: 'rail', fromCountry: 'CN', toCountry: 'KZ', fromStopId: 'horgos_rail', toStopId: 'almaty_2' }],
  };
  assert.deepEqual(staysOfJourney(it), [{ country: 'CN', entry: '2025-05-29', exit: '2025-05-31' }, { country: 'KZ', entry: '2025-05-31', exit: '2025-05-31' }]);
});

test('the entry section\'s port, else the crossing\'s id; a change of flights at an airport is no stay', () => {
  const it = {
    startTime: '2025-06-03T06:00+08:00', endTime: '2025-06-04T20:00+05:00',
    legs: [leg('kashgar_bus', 'osh_bus', '2025-06-03T06:00+08:00', '2025-06-03T16:00+06:00', [], 'road'),
      leg('osh_osh', 'ala', '2025-06-04T09:00+06:00', '2025-06-04T10:00+05:00', [], 'air'),
      leg('ala', 'tas', '2025-06-04T12:00+05:00', '2025-06-04T20:00+05:00', [], 'air')],
    borderCrossings: [
      { legIndex: 0, mode: 'road', fromCountry: 'CN', toCountry: 'KG', fromStopId: 'kashgar_bus', toStopId: 'osh_bus', crossingId: 'irkeshtam' },
      { legIndex: 1, mode: 'air', fromCountry: 'KG', toCountry: 'KZ', fromStopId: 'osh_osh', toStopId: 'ala' },
      { legIndex: 2, mode: 'air', fromCountry: 'KZ', toCountry: 'UZ', fromStopId: 'ala', toStopId: 'tas' }],
    entry: [{ country: 'KG', port: 'irkeshtam', travellers: [] }, { country: 'KZ', port: 'ALA', airsideTransit: true, travellers: [] }, { country: 'UZ', port: 'TAS', travellers: [] }],
  };
  assert.deepEqual(staysOfJourney(it), [
    { country: 'CN', entry: '2025-06-03', exit: '2025-06-03' },
    { country: 'KG', entry: '2025-06-03', exit: '2025-06-04', entryPort: 'irkeshtam' },
    { country: 'UZ', entry: '2025-06-04', exit: '2025-06-04', entryPort: 'TAS' }]);
  delete it.entry;
  assert.equal(staysOfJourney(it)[1].entryPort, 'irkeshtam');
  assert.equal(staysOfJourney(it).length, 4, 'without the entry section the change at Almaty is a stay');
});

test('no border: one stay in the origin\'s country when it is known, else none', () => {
  const it = { startTime: '2025-06-01T08:00+08:00', endTime: '2025-06-02T08:00+08:00', legs: [leg('a', 'b', '2025-06-01T08:00+08:00', '2025-06-02T08:00+08:00')], borderCrossings: [] };
  assert.deepEqual(staysOfJourney(it, 'CN'), [{ country: 'CN', entry: '2025-06-01', exit: '2025-06-02' }]);
  assert.deepEqual(staysOfJourney(it), []);
  assert.deepEqual(staysOfJourney({ ...it, legs: [] }, 'CN'), []);
});
