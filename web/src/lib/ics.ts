// A journey as an iCalendar file (RFC 5545): each leg an event in its own time zone (the stop's IANA
// zone, with a VTIMEZONE of the offset the API gave: the zones of the region keep no summer time), so a
// calendar shows 11:30 in Xi'an and 17:45 in Almaty whatever the reader's zone. Pure: unit-tested.
import type { Itinerary } from './api.js';
import { parseApiTime } from './format.js';

// The texts of the file, in the reader's language: the caller names the places (lib/names.ts placeName,
// so a title never mixes languages) and gives the word for estimated times.
export interface IcsNames {
  legTitle(index: number): string; // "Y29: Сиань → Алматы"
  zoneOf(stopId: string | undefined): string | undefined; // IANA zone when known
  legLocation?(index: number): string; // where the leg starts; the API's name when not given
  estimated?: string; // the word for "estimated times" ("болжамды"); English when not given
}

function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

// Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 sequence.
export function foldLine(line: string): string {
  const bytes = new TextEncoder();
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = bytes.encode(ch).length;
    if (size + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const pad = (n: number) => String(n).padStart(2, '0');

function wallStamp(iso: string): string {
  const t = parseApiTime(iso);
  return t.date.replace(/-/g, '') + 'T' + t.time.replace(':', '') + '00';
}

function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

export function journeyToIcs(it: Itinerary, names: IcsNames, now = Date.now()): string {
  const zones = new Map<string, number>(); // TZID -> offset minutes
  const events: string[][] = [];
  it.legs.forEach((leg, i) => {
    const when = (iso: string, stopId: string | undefined, prop: string) => {
      const zone = names.zoneOf(stopId);
      if (!zone) return `${prop}:${utcStamp(parseApiTime(iso).epochMs)}`;
      zones.set(zone, parseApiTime(iso).offsetMinutes);
      return `${prop};TZID=${zone}:${wallStamp(iso)}`;
    };
    const start = parseApiTime(leg.startTime);
    events.push([
      'BEGIN:VEVENT',
      `UID:caravan-${start.epochMs}-${i}-${(leg.from.stopId ?? 'x').replace(/[^A-Za-z0-9_-]/g, '')}@caravan`,
      `DTSTAMP:${utcStamp(now)}`,
      when(leg.startTime, leg.from.stopId, 'DTSTART'),
      when(leg.endTime, leg.to.stopId, 'DTEND'),
      `SUMMARY:${escapeText(names.legTitle(i))}`,
      `LOCATION:${escapeText(names.legLocation?.(i) ?? leg.from.name)}`,
      `DESCRIPTION:${escapeText([leg.routeLongName, leg.agencyName, leg.estimated ? names.estimated ?? 'estimated times' : ''].filter(Boolean).join('\n'))}`,
      'END:VEVENT',
    ]);
  });
  const timezones = [...zones].map(([zone, offset]) => [
    'BEGIN:VTIMEZONE', `TZID:${zone}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offsetText(offset)}`, `TZOFFSETTO:${offsetText(offset)}`, 'END:STANDARD', 'END:VTIMEZONE',
  ]);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Caravan//Journey planner//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    ...timezones.flat(), ...events.flat(), 'END:VCALENDAR'];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
