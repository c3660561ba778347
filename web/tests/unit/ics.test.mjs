// A journey as an .ics file (src/lib/ics.ts): one event per leg in its own zone, valid RFC 5545 text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journeyToIcs, foldLine } from '../../build-unit/lib/ics.js';

const journey = {
  duration: 34800, startTime: '2026-06-05T09:20+05:00', endTime: '2026-06-05T19:00+05:00', transfers: 1,
  legs: [
    { mode: 'air', startTime: '2026-06-05T09:20+05:00', endTime: '2026-06-05T14:10+08:00', duration: 6600, waitBefore: 0, estimated: true,
      from: { name: 'Almaty airport (ALA)', stopId: 'almaty_ala' }, to: { name: 'Ürümqi airport (URC)', stopId: 'urumqi_urc' }, routeLongName: 'Ürümqi - Almaty', agencyName: 'China Southern Airlines' },
    { mode: 'air', startTime: '2026-06-05T19:15+08:00', endTime: '2026-06-05T19:00+05:00', duration: 9900, waitBefore: 18300, estimated: false,
      from: { name: 'Ürümqi airport (URC)', stopId: 'urumqi_urc' }, to: { name: 'Tashkent airport (TAS)', stopId: 'tashkent_tas' } },
  ],
};
const zones = { almaty_ala: 'Asia/Almaty', urumqi_urc: 'Asia/Shanghai', tashkent_tas: 'Asia/Tashkent' };
const names = { legTitle: (i) => ['CZ Almaty → Ürümqi; a, b', 'HY Ürümqi → Tashkent'][i], zoneOf: (id) => zones[id] };

// Unfolds and splits into lines, as a calendar reads the file.
const unfold = (ics) => ics.replace(/\r\n /g, '').split('\r\n');

test('one event per leg, each in the zone of its stops', () => {
  const ics = journeyToIcs(journey, names, Date.UTC(2026, 0, 1));
  assert.ok(ics.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'CRLF only');
  const lines = unfold(ics);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 2);
  assert.ok(lines.includes('DTSTART;TZID=Asia/Almaty:20260605T092000'));
  assert.ok(lines.includes('DTEND;TZID=Asia/Shanghai:20260605T141000'));
  assert.ok(lines.includes('DTSTART;TZID=Asia/Shanghai:20260605T191500'));
  assert.ok(lines.includes('DTEND;TZID=Asia/Tashkent:20260605T190000'));
  assert.ok(lines.includes('TZID:Asia/Shanghai'));
  assert.ok(lines.includes('TZOFFSETTO:+0800'));
  assert.ok(lines.includes('DTSTAMP:20260101T000000Z'));
  assert.ok(lines.includes('SUMMARY:CZ Almaty → Ürümqi\\; a\\, b'), 'text escaped');
  assert.ok(lines.includes('DESCRIPTION:Ürümqi - Almaty\\nChina Southern Airlines\\nestimated times'));
  assert.equal(new Set(lines.filter((l) => l.startsWith('UID:'))).size, 2);
  for (const l of ics.split('\r\n')) assert.ok(new TextEncoder().encode(l).length <= 75, `folded: ${l}`);
});

test('a stop without a known zone: UTC times', () => {
  const ics = journeyToIcs(journey, { ...names, zoneOf: () => undefined }, 0);
  const lines = unfold(ics);
  assert.ok(lines.includes('DTSTART:20260605T042000Z'));
  assert.ok(!lines.some((l) => l.startsWith('BEGIN:VTIMEZONE')));
});

test('folding keeps UTF-8 characters whole', () => {
  const folded = foldLine('SUMMARY:' + '阿拉木图'.repeat(10));
  for (const part of folded.split('\r\n ')) assert.ok(new TextEncoder().encode(part).length <= 75);
  assert.equal(folded.replace(/\r\n /g, ''), 'SUMMARY:' + '阿拉木图'.repeat(10));
});

test("the file's words in the reader's language: the estimated times and the location given by the caller", () => {
  const lines = unfold(journeyToIcs(journey, { ...names, estimated: 'болжамды', legLocation: (i) => ['Алматы', 'Үрімжі'][i] }, Date.UTC(2026, 0, 1)));
  assert.ok(lines.includes('DESCRIPTION:Ürümqi - Almaty\\nChina Southern Airlines\\nболжамды'));
  assert.ok(lines.includes('LOCATION:Алматы'));
  assert.ok(lines.includes('LOCATION:Үрімжі'));
});
