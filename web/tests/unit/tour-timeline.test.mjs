// The tour answer as the builder shows it (src/lib/tour-plan.ts) on the hand-written fixture: a day in a
// few words, days grouped from a flat list, the route's lines and the numbered sites for the map, and the
// tour as a group tour's programme (legs and stays) for the register.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundsOf, daySummary, entriesOf, legLine, numberedSites, sitesFromGeoJson, timelineDays, tourItems, tourLegs, tourLines, tourProgramme, tourStays } from '../../build-unit/lib/tour-plan.js';
import { ANSWER, SITES } from './tour-fixture.test.mjs';

const tour = ANSWER.tours[0];

test('a day in a few words: visits, time travelled (journeys and drives), the night, estimated', () => {
  const [d1, d2, d3] = tour.dayByDay.map(daySummary);
  assert.deepEqual(d1, { visits: ['kz_talgar'], travelMinutes: 80, night: { place: 'Almaty-2', onBoard: false }, estimated: true });
  // 09:00+05 -> 13:00+06 is 3 hours; the drives 15 + 15 minutes.
  assert.deepEqual(d2, { visits: ['kg_suyab'], travelMinutes: 210, night: { place: 'Tokmok', onBoard: false }, estimated: true });
  assert.equal(d3.night, null);
  assert.equal(d3.visits.length, 0);
});

test('days from a flat list of items, by local date, numbered from the first', () => {
  const items = tourItems(tour);
  assert.equal(items.length, 11);
  assert.deepEqual(timelineDays(tour), tour.dayByDay, 'the answer\'s days as they are');
  const days = timelineDays({ dayByDay: [], items: items.filter((i) => i.startTime.slice(0, 10) !== '2026-06-02') });
  assert.deepEqual(days.map((d) => [d.day, d.date, d.items.length]), [[1, '2026-06-01', 4], [3, '2026-06-03', 2]]);
});

test('the route: every leg of every journey as a line (through its stops, or its geometry), walks left out', () => {
  const lines = tourLines(tour);
  assert.equal(lines.features.length, 2);
  assert.deepEqual(lines.features[0].geometry.coordinates, [[76.94, 43.27], [74.7, 43.03], [75.3, 42.84]]);
  assert.deepEqual(lines.features[0].properties, { mode: 'bus', estimated: false, journey: 0, leg: 0 });
  assert.deepEqual(lines.features[1].geometry.coordinates, [[75.3, 42.84], [74.7, 43.03], [76.94, 43.27]]);
  assert.equal(lines.features[1].properties.estimated, true);
  assert.deepEqual(legLine({ mode: 'bus', from: { name: 'a' }, to: { name: 'b', lat: 1, lon: 2 } }), [[2, 1]]);
});

test('the sites numbered in the tour\'s order, positions from the answer else the list', () => {
  const n = numberedSites(ANSWER, { ...tour, order: ['kg_suyab', 'kz_talgar', 'uz_bukhara', 'nowhere'] }, sitesFromGeoJson(SITES));
  assert.deepEqual(n, [
    { n: 1, id: 'kg_suyab', name: 'City of Suyab (Site of Ak-Beshim)', lonLat: [75.2, 42.805] },
    { n: 2, id: 'kz_talgar', name: 'Site of Talgar', lonLat: [77.23, 43.3] },
    { n: 3, id: 'uz_bukhara', name: 'Historic Centre of Bukhara', lonLat: [64.42, 39.77] },
    { n: 4, id: 'nowhere', name: 'nowhere', lonLat: null },
  ]);
  assert.deepEqual(boundsOf([[75, 42], [77, 43.3], [76, 41]]), [[75, 41], [77, 43.3]]);
  assert.equal(boundsOf([]), null);
});

test('entries read from the plan\'s array, or an object holding it', () => {
  assert.equal(entriesOf(tour.entry).length, 2);
  assert.equal(entriesOf({ entries: tour.entry }).length, 2);
  assert.deepEqual(entriesOf(undefined), []);
  assert.deepEqual(entriesOf({ visaFree: true }), []);
});

test('as a group tour: the journeys\' legs (walks left out) and a stay per country from the entries', () => {
  assert.deepEqual(tourLegs(tour), [
    { from: 'Almaty-2', to: 'Tokmok', departure: '2026-06-02T09:00+05:00', arrival: '2026-06-02T13:00+06:00', mode: 'bus', name: '351', estimated: false },
    { from: 'Tokmok', to: 'Almaty-2', departure: '2026-06-03T14:00+06:00', arrival: '2026-06-03T17:00+05:00', mode: 'bus', name: '', estimated: true },
  ]);
  const stay = (country, entry, exit, entryPort = '') => ({ country, entry, exit, entryPort, onwardTicket: false, regions: [] });
  assert.deepEqual(tourStays(ANSWER, tour), [
    stay('KZ', '2026-06-01T08:00+05:00', '2026-06-02T12:10+06:00'),
    stay('KG', '2026-06-02T12:10+06:00', '2026-06-03T15:20+05:00', 'korday_road'),
    stay('KZ', '2026-06-03T15:20+05:00', '2026-06-03T17:00+05:00', 'korday_road'),
  ]);
  // The entries as the planner gives them, the start's country first (entered from nowhere): the same stays.
  const fromStart = { ...tour, entry: [{ country: 'KZ', from: '', time: '2026-06-01T08:00+05:00', port: '', travellers: [] }, ...tour.entry] };
  assert.deepEqual(tourStays(ANSWER, fromStart), tourStays(ANSWER, tour));
  // Without travellers (no entries): the journeys' border crossings.
  const noEntry = { ...tour, entry: [] };
  assert.deepEqual(tourStays(ANSWER, noEntry).map((s) => [s.country, s.entry.slice(0, 10), s.exit.slice(0, 10), s.entryPort]),
    [['KZ', '2026-06-01', '2026-06-02', ''], ['KG', '2026-06-02', '2026-06-03', 'korday_road'], ['KZ', '2026-06-03', '2026-06-03', 'korday_road']]);
  const p = tourProgramme(ANSWER, tour, { title: '  Talgar and Suyab  ', languages: ['zh'], minSize: 5, maxSize: 3 });
  assert.equal(p.title, 'Talgar and Suyab');
  assert.deepEqual(p.languages, ['zh']);
  assert.equal(p.minSize, 5);
  assert.equal(p.maxSize, 5, 'never smaller than the smallest');
  assert.equal(p.stays.length, 3);
  assert.equal(p.legs.length, 2);
});
