// The tour exports of GET /api/v1/tours/plan read by other people's parsers (no browser): the .ics by
// ical.js (every TZID has its VTIMEZONE, and ical.js's own conversion through it gives the instants the
// JSON answer has), the GeoJSON by @placemarkio/check-geojson, and the printable page's day headings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { check } from '@placemarkio/check-geojson';
import { startServer } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// Kazakhstan's Silk Road corridor sites from Almaty, with a traveller, the best tour.
const query = '/api/v1/tours/plan?start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=10&travellers=CN&tours=1';

async function get(format) {
  const res = await fetch(`${server.url}${query}&format=${format}`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return { type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text };
}

// Every instant the JSON's tour has for a calendar event: each leg's start and end, each transfer's and
// visit's (unix seconds).
function instantsOf(tour) {
  const out = new Set();
  const add = (iso) => out.add(Date.parse(iso) / 1000);
  for (const day of tour.dayByDay) {
    for (const item of day.items) {
      if (item.kind === 'journey') {
        for (const leg of item.journey.legs) {
          add(leg.startTime);
          add(leg.endTime);
        }
      } else if (item.kind === 'transfer' || item.kind === 'visit') {
        add(item.startTime);
        add(item.endTime);
      }
    }
  }
  return out;
}

test('the .ics parses with ical.js and its zones give the JSON answer\'s instants', async (t) => {
  const answer = JSON.parse((await get('json')).text);
  if (answer.tours.length === 0) return t.skip('no tour fits the days');
  const tour = answer.tours[0];
  const ics = await get('ics');
  assert.equal(ics.type, 'text/calendar; charset=utf-8');
  assert.match(ics.disposition, /^attachment; filename="caravan-tour\.ics"$/);

  const calendar = new ICAL.Component(ICAL.parse(ics.text));
  assert.equal(calendar.name, 'vcalendar');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  const zones = new Map(calendar.getAllSubcomponents('vtimezone').map((c) => {
    const zone = new ICAL.Timezone(c);
    return [zone.tzid, zone];
  }));
  assert.ok(zones.has('Asia/Almaty'), [...zones.keys()].join(', '));

  const instants = instantsOf(tour);
  const events = calendar.getAllSubcomponents('vevent');
  assert.ok(events.length > 0);
  let timed = 0;
  let nights = 0;
  for (const event of events) {
    assert.ok(event.getFirstPropertyValue('uid').endsWith('@caravan'));
    assert.ok(event.getFirstPropertyValue('dtstamp').toString().endsWith('Z'));
    const summary = event.getFirstPropertyValue('summary');
    for (const name of ['dtstart', 'dtend']) {
      const prop = event.getFirstProperty(name);
      const value = prop.getFirstValue();
      if (value.isDate) {
        assert.match(summary, /^Night /, summary);
        continue;
      }
      const tzid = prop.getParameter('tzid');
      assert.ok(zones.has(tzid), `${summary}: ${name} names ${tzid}, which has no VTIMEZONE`);
      // The wall-clock time read in the VTIMEZONE, as a calendar would.
      const local = ICAL.Time.fromData({ year: value.year, month: value.month, day: value.day, hour: value.hour,
        minute: value.minute, second: value.second, isDate: false }, zones.get(tzid));
      const unix = local.toUnixTime();
      assert.ok(instants.has(unix), `${summary}: ${name} ${value.toString()} ${tzid} = ${new Date(unix * 1000).toISOString()}, not a time of the JSON answer`);
    }
    if (event.getFirstPropertyValue('dtstart').isDate) {
      nights += 1;
      const start = event.getFirstPropertyValue('dtstart');
      const end = event.getFirstPropertyValue('dtend');
      assert.equal(end.subtractDate(start).toSeconds(), 86400, `${summary}: an all-day night is one day`);
    } else {
      timed += 1;
    }
  }
  assert.ok(timed > 0);
  assert.equal(nights, tour.nightsInTowns + tour.nightsOnBoard);
});

test('the GeoJSON passes check-geojson', async (t) => {
  const geo = await get('geojson');
  assert.equal(geo.type, 'application/geo+json');
  const collection = check(geo.text);  // throws on anything RFC 7946 does not allow
  assert.equal(collection.type, 'FeatureCollection');
  const answer = JSON.parse((await get('json')).text);
  if (answer.tours.length === 0) return t.skip('no tour fits the days');
  const sites = collection.features.filter((f) => f.properties.kind === 'site');
  assert.equal(sites.length + collection.caravan.sitesWithoutCoordinates.length, answer.tours[0].order.length);
  for (const f of sites) {
    const [lon, lat] = f.geometry.coordinates;
    assert.ok(lon > 46 && lon < 88 && lat > 40 && lat < 56, `${f.properties.id}: [${lon}, ${lat}] is not [lon, lat] in Kazakhstan`);
  }
});

test('the printable page has a heading per day', async (t) => {
  const answer = JSON.parse((await get('json')).text);
  if (answer.tours.length === 0) return t.skip('no tour fits the days');
  const page = await get('html');
  assert.equal(page.type, 'text/html; charset=utf-8');
  assert.match(page.text, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.doesNotMatch(page.text, /<script/i);
  for (const day of answer.tours[0].dayByDay) {
    assert.ok(page.text.includes(`<h2>Day ${day.day} &ndash; ${day.date}</h2>`), `Day ${day.day} ${day.date}`);
  }
});
