// A planned journey as a group tour's legs and stays (src/lib/tour-journey.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { continueStays, legName, tourLegsOfJourney, tourStaysOfJourney } from '../../build-unit/lib/tour-journey.js';

const place = (id, name, time, side) => ({ name, stopId: id, [side]: time });
const leg = (mode, from, to, startTime, endTime, extra = {}) => ({ mode, startTime, endTime, estimated: false,
  from: place(from, from.toUpperCase(), startTime, 'departure'), to: place(to, to.toUpperCase(), endTime, 'arrival'), ...extra });

// Urumqi -> Bishkek: a flight to Almaty, a walk to the bus, a road leg over Ak-Zhol - Korday.
const urumqiBishkek = {
  startTime: '2026-06-05T09:00+08:00', endTime: '2026-06-05T16:07+06:00',
  legs: [
    leg('AIR', 'urumqi_urc', 'almaty_ala', '2026-06-05T09:00+08:00', '2026-06-05T10:00+05:00', { routeShortName: 'CZ', tripShortName: '6021', routeLongName: 'Ürümqi – Almaty' }),
    leg('WALK', 'almaty_ala', 'almaty_road', '2026-06-05T10:00+05:00', '2026-06-05T10:10+05:00'),
    leg('road', 'almaty_road', 'bishkek_road', '2026-06-05T12:00+05:00', '2026-06-05T16:07+06:00', { estimated: true }),
  ],
  borderCrossings: [
    { legIndex: 0, mode: 'air', fromCountry: 'CN', toCountry: 'KZ', fromStopId: 'urumqi_urc', toStopId: 'almaty_ala' },
    { legIndex: 2, mode: 'road', fromCountry: 'KZ', toCountry: 'KG', fromStopId: 'almaty_road', toStopId: 'bishkek_road', crossingId: 'akzhol_korday' },
  ],
};

test('legs: walks left out, local times with offsets, the mode in lower case, the name as the plan shows it', () => {
  assert.equal(legName(urumqiBishkek.legs[0]), 'CZ · Ürümqi – Almaty');
  assert.deepEqual(tourLegsOfJourney(urumqiBishkek), [
    { from: 'URUMQI_URC', to: 'ALMATY_ALA', departure: '2026-06-05T09:00+08:00', arrival: '2026-06-05T10:00+05:00', mode: 'air', name: 'CZ · Ürümqi – Almaty', estimated: false },
    { from: 'ALMATY_ROAD', to: 'BISHKEK_ROAD', departure: '2026-06-05T12:00+05:00', arrival: '2026-06-05T16:07+06:00', mode: 'road', name: '', estimated: true },
  ]);
});

test('stays: local date-times with offsets, the entry port of a road crossing', () => {
  assert.deepEqual(tourStaysOfJourney(urumqiBishkek), [
    { country: 'CN', entry: '2026-06-05T09:00+08:00', exit: '2026-06-05T09:00+08:00', entryPort: '', onwardTicket: false, regions: [] },
    { country: 'KZ', entry: '2026-06-05T10:00+05:00', exit: '2026-06-05T12:00+05:00', entryPort: '', onwardTicket: false, regions: [] },
    { country: 'KG', entry: '2026-06-05T16:07+06:00', exit: '2026-06-05T16:07+06:00', entryPort: 'akzhol_korday', onwardTicket: false, regions: [] },
  ]);
});

const stay = (country, entry, exit, entryPort = '') => ({ country, entry, exit, entryPort, onwardTicket: false, regions: [] });

test('a second journey continues the stay it leaves from; the form\'s empty stay is dropped', () => {
  const before = [stay('CN', '2026-06-05', '2026-06-05'), stay('KG', '2026-06-05T16:07+06:00', '2026-06-05T16:07+06:00', 'akzhol_korday')];
  const next = [stay('KG', '2026-06-08T08:00+06:00', '2026-06-08T08:00+06:00'), stay('KZ', '2026-06-08T12:00+05:00', '2026-06-08T12:00+05:00', 'akzhol_korday')];
  assert.deepEqual(continueStays(before, next), [before[0], { ...before[1], exit: '2026-06-08T08:00+06:00' }, next[1]]);
  assert.equal(before[1].exit, '2026-06-05T16:07+06:00', 'the stays given are not changed');
  assert.deepEqual(continueStays([stay('KG', '', '')], next), next);
});

test('stays from the journey\'s first day on are the journey\'s; another country before it is kept', () => {
  const before = [stay('UZ', '2026-06-01', '2026-06-04'), stay('KZ', '2026-06-08', '2026-06-12')];
  const next = [stay('KG', '2026-06-08T08:00+06:00', '2026-06-08T08:00+06:00'), stay('KZ', '2026-06-08T12:00+05:00', '2026-06-08T12:00+05:00')];
  assert.deepEqual(continueStays(before, next), [before[0], ...next]);
  assert.deepEqual(continueStays(before, []), before);
});
