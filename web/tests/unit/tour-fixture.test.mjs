// A hand-written answer of GET /api/v1/tours/plan as docs/tours.md documents it, shared by the tour
// builder's unit tests (tour-*.test.mjs), and the site list of /api/v1/sites the builder reads (a few
// of data/silkroad/caravan_heritage_sites.txt's rows as the server's GeoJSON). Its own test checks the
// fixture holds together (days, order, items).
import { test } from 'node:test';
import assert from 'node:assert/strict';

const site = (siteId, name, country, lon, lat, unescoRef = '1442', nearestStopId = '') => ({
  type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { siteId, name, nameLocal: '', country, coordType: 'site', nearestStopId, unescoRef, unescoProperty: unescoRef ? `${unescoRef} Chang'an-Tianshan` : '', description: '', source: '', confidence: 'estimated' },
});

export const SITES = {
  type: 'FeatureCollection',
  features: [
    site('cn_qocho', 'Site of Qocho City (Gaochang)', 'CN', 89.53, 42.85),
    site('cn_binxian', 'Bin County Cave Temple', 'CN', 108.08, 35.03, '1442-029'),
    site('kz_talgar', 'Site of Talgar', 'KZ', 77.23, 43.3, '1442', 'almaty_2'),
    site('kz_kayalyk', 'Site of Kayalyk (Koylyk/Antonovka)', 'KZ', 80.12, 45.66),
    site('kz_aktobe', 'Site of Aktobe (Stepninskoye)', 'KZ', 71.9, 43.6),
    site('kg_suyab', 'City of Suyab (Site of Ak-Beshim)', 'KG', 75.2, 42.805, '1442', 'tokmok'),
    site('kg_sulaiman', 'Sulaiman-Too Sacred Mountain', 'KG', 72.78, 40.53, '1230'),
    site('uz_samarkand', 'Samarkand – Crossroad of Cultures', 'UZ', 66.97, 39.65, '603'),
    site('uz_bukhara', 'Historic Centre of Bukhara', 'UZ', 64.42, 39.77, '602'),
    site('tm_merv', 'Ancient Merv', 'TM', 62.18, 37.62, '886'),
    site('multi_zarafshan', 'Silk Roads: Zarafshan–Karakum Corridor', 'TJ/UZ/TM', 66.0, 39.5, '1675'),
    { type: 'Feature', geometry: null, properties: { siteId: 'xx_nowhere', name: 'No position', country: 'KZ', unescoRef: '' } },
  ],
};

const journey = {
  duration: 14400, startTime: '2026-06-02T09:00+05:00', endTime: '2026-06-02T13:00+06:00', transfers: 0,
  legs: [{
    mode: 'bus', startTime: '2026-06-02T09:00+05:00', endTime: '2026-06-02T13:00+06:00', duration: 14400, waitBefore: 0, estimated: false,
    from: { name: 'Almaty-2', stopId: 'almaty_2', lat: 43.27, lon: 76.94, departure: '2026-06-02T09:00+05:00' },
    to: { name: 'Tokmok', stopId: 'tokmok', lat: 42.84, lon: 75.3, arrival: '2026-06-02T13:00+06:00' },
    intermediateStops: [{ name: 'Korday', lat: 43.03, lon: 74.7, arrival: '2026-06-02T10:40+05:00', departure: '2026-06-02T11:30+05:00' }],
    routeShortName: '351', agencyName: 'Silk Bus',
  }, {
    mode: 'walk', startTime: '2026-06-02T13:00+06:00', endTime: '2026-06-02T13:05+06:00', duration: 300, waitBefore: 0, estimated: false,
    from: { name: 'Tokmok', stopId: 'tokmok', lat: 42.84, lon: 75.3 }, to: { name: 'Tokmok railway station', stopId: 'tokmok_rail', lat: 42.841, lon: 75.301 },
  }],
  borderCrossings: [{ legIndex: 0, mode: 'bus', fromCountry: 'KZ', toCountry: 'KG', toStopId: 'tokmok', crossingId: 'korday_road' }],
};

const back = {
  duration: 14400, startTime: '2026-06-03T14:00+06:00', endTime: '2026-06-03T17:00+05:00', transfers: 0,
  legs: [{
    mode: 'bus', startTime: '2026-06-03T14:00+06:00', endTime: '2026-06-03T17:00+05:00', duration: 14400, waitBefore: 0, estimated: true,
    from: { name: 'Tokmok', stopId: 'tokmok', lat: 42.84, lon: 75.3 }, to: { name: 'Almaty-2', stopId: 'almaty_2', lat: 43.27, lon: 76.94 },
    legGeometry: { points: '_endG_`rjMobd@~dtB_{m@_otL', precision: 5 }, // Tokmok, Korday, Almaty
  }],
  borderCrossings: [{ legIndex: 0, mode: 'bus', fromCountry: 'KG', toCountry: 'KZ', crossingId: 'korday_road' }],
};

export const ANSWER = {
  start: { text: 'almaty_2', stopId: 'almaty_2', name: 'Almaty-2', lat: 43.27, lon: 76.94, tz: 'Asia/Almaty' },
  end: { text: 'almaty_2', stopId: 'almaty_2', name: 'Almaty-2', lat: 43.27, lon: 76.94, tz: 'Asia/Almaty' },
  daysAvailable: 3,
  provenBest: true,
  method: 'exact: dynamic programming over 2 sites',
  sites: [
    { id: 'kz_talgar', name: 'Site of Talgar', country: 'KZ', lat: 43.3, lon: 77.23, town: 'Almaty-2', townStopId: 'almaty_2', reachable: true, why: '', accessMinutes: 40, visitMinutes: 120, opens: '09:00', closes: '18:00', estimated: true, visitSource: 'Caravan default' },
    { id: 'kg_suyab', name: 'City of Suyab (Site of Ak-Beshim)', country: 'KG', lat: 42.805, lon: 75.2, town: 'Tokmok', townStopId: 'tokmok', reachable: true, why: '', accessMinutes: 15, visitMinutes: 120, opens: '09:00', closes: '18:00', estimated: true, visitSource: 'Caravan default' },
  ],
  tours: [{
    order: ['kz_talgar', 'kg_suyab'],
    startTime: '2026-06-01T08:00+05:00', endTime: '2026-06-03T17:00+05:00',
    days: 3, travelMinutes: 615, nightsInTowns: 2, nightsOnBoard: 0, estimated: true, visaFree: true,
    entry: [
      { country: 'KG', from: 'KZ', time: '2026-06-02T12:10+06:00', port: 'korday_road', stopId: 'tokmok', stopName: 'Tokmok',
        travellers: [{ nationality: 'CN', passport: 'ordinary', verdict: 'allowed', regime: 'visa_free', maxStayDays: 30, conditions: [], reasons: [] }] },
      { country: 'KZ', from: 'KG', time: '2026-06-03T15:20+05:00', port: 'korday_road',
        travellers: [{ nationality: 'CN', passport: 'ordinary', verdict: 'allowed', regime: 'visa_free', maxStayDays: 30, conditions: [], reasons: [] }] },
    ],
    dayByDay: [
      { day: 1, date: '2026-06-01', items: [
        { kind: 'transfer', startTime: '2026-06-01T08:00+05:00', endTime: '2026-06-01T08:40+05:00', tz: 'Asia/Almaty', place: 'Site of Talgar', estimated: true, note: 'drive, estimated' },
        { kind: 'visit', siteId: 'kz_talgar', place: 'Site of Talgar', startTime: '2026-06-01T09:00+05:00', endTime: '2026-06-01T11:00+05:00', tz: 'Asia/Almaty', estimated: true, note: 'visit length estimated (2 h)' },
        { kind: 'transfer', startTime: '2026-06-01T11:00+05:00', endTime: '2026-06-01T11:40+05:00', tz: 'Asia/Almaty', place: 'Almaty-2', estimated: true },
        { kind: 'night', startTime: '2026-06-01T21:00+05:00', endTime: '2026-06-02T08:00+05:00', tz: 'Asia/Almaty', place: 'Almaty-2', onBoard: false },
      ] },
      { day: 2, date: '2026-06-02', items: [
        { kind: 'journey', startTime: '2026-06-02T09:00+05:00', endTime: '2026-06-02T13:00+06:00', tz: 'Asia/Almaty', place: 'Tokmok', estimated: false, journey },
        { kind: 'transfer', startTime: '2026-06-02T13:10+06:00', endTime: '2026-06-02T13:25+06:00', tz: 'Asia/Bishkek', place: 'City of Suyab (Site of Ak-Beshim)', estimated: true },
        { kind: 'visit', siteId: 'kg_suyab', place: 'City of Suyab (Site of Ak-Beshim)', startTime: '2026-06-02T13:25+06:00', endTime: '2026-06-02T15:25+06:00', tz: 'Asia/Bishkek', estimated: true },
        { kind: 'transfer', startTime: '2026-06-02T15:25+06:00', endTime: '2026-06-02T15:40+06:00', tz: 'Asia/Bishkek', place: 'Tokmok', estimated: true },
        { kind: 'night', startTime: '2026-06-02T21:00+06:00', endTime: '2026-06-03T08:00+06:00', tz: 'Asia/Bishkek', place: 'Tokmok', onBoard: false },
      ] },
      { day: 3, date: '2026-06-03', items: [
        { kind: 'wait', startTime: '2026-06-03T08:00+06:00', endTime: '2026-06-03T14:00+06:00', tz: 'Asia/Bishkek', place: 'Tokmok', estimated: false },
        { kind: 'journey', startTime: '2026-06-03T14:00+06:00', endTime: '2026-06-03T17:00+05:00', tz: 'Asia/Bishkek', place: 'Almaty-2', estimated: true, journey: back },
      ] },
    ],
  }],
  shortfall: null,
  notes: ['visit lengths and opening hours are estimates (data/tours/site_visits.csv)'],
};

// The same request with one day: the shortfall, the best tour of the sites that fit (Suyab left out),
// then all the sites over more days (lib/tours: tour::left_out_, tour::fits_).
const day1 = ANSWER.tours[0].dayByDay[0];
export const SHORT = {
  ...ANSWER,
  daysAvailable: 1,
  tours: [
    { ...ANSWER.tours[0], order: ['kz_talgar'], leftOut: ['kg_suyab'], fits: true, endTime: '2026-06-01T11:40+05:00', days: 1, travelMinutes: 80, nightsInTowns: 0, entry: [],
      dayByDay: [{ ...day1, items: day1.items.filter((i) => i.kind !== 'night') }] },
    { ...ANSWER.tours[0], leftOut: [], fits: false },
  ],
  shortfall: { daysNeeded: 3, drop: ['kg_suyab'], unreachable: [] },
};

test('the fixture holds together: days numbered from 1, every visit in the order, items in time order', () => {
  const tour = ANSWER.tours[0];
  assert.deepEqual(tour.dayByDay.map((d) => d.day), [1, 2, 3]);
  const visits = tour.dayByDay.flatMap((d) => d.items).filter((i) => i.kind === 'visit').map((i) => i.siteId);
  assert.deepEqual(visits, tour.order);
  const starts = tour.dayByDay.flatMap((d) => d.items).map((i) => Date.parse(i.startTime));
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
});
