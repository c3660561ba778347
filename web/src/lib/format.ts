// Dates, times, durations and numbers for the chosen language (Intl). Pure functions: unit-tested
// under Node (tests/unit/format.test.mjs).

// The API writes times as local wall time with the offset: "2025-05-29T11:30+08:00".
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

export interface WallTime {
  date: string; // YYYY-MM-DD, local at the place
  time: string; // HH:MM
  offsetMinutes: number;
  epochMs: number;
}

export function parseApiTime(iso: string): WallTime {
  const m = ISO_WITH_OFFSET.exec(iso);
  if (!m) throw new Error(`not a time with an offset: ${iso}`);
  const offset = m[7] === 'Z' ? 0 : (m[7][0] === '-' ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(4, 6)));
  const wallUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return { date: `${m[1]}-${m[2]}-${m[3]}`, time: `${m[4]}:${m[5]}`, offsetMinutes: offset, epochMs: wallUtc - offset * 60_000 };
}

// The wall time `minutes` later (or earlier) in the same offset: earlier/later searches stay local at the origin.
export function shiftWallTime(iso: string, minutes: number): { date: string; time: string } {
  const t = parseApiTime(iso);
  const shifted = new Date(t.epochMs + (t.offsetMinutes + minutes) * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`,
  };
}

export function offsetLabel(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '−' : '+';
  const a = Math.abs(offsetMinutes);
  const h = Math.floor(a / 60);
  const m = a % 60;
  return `UTC${sign}${h}${m ? ':' + String(m).padStart(2, '0') : ''}`;
}

export interface FormattedTime {
  time: string; // "11:30"
  date: string; // "Thu, 29 May" / "5月29日周四"
  zone: string; // "CST", "GMT+8" or "UTC+8"
  dateTime: string; // for <time datetime>
}

// A time of the answer, shown local at its place: in the stop's IANA zone when known (for the zone's
// name), else by the offset the API gave.
export function formatLocalTime(iso: string, lang: string, timeZone?: string): FormattedTime {
  const t = parseApiTime(iso);
  const instant = new Date(t.epochMs);
  if (timeZone) {
    try {
      const time = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
      const date = new Intl.DateTimeFormat(lang, { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(instant);
      const zonePart = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'short' })
        .formatToParts(instant)
        .find((p) => p.type === 'timeZoneName');
      return { time, date, zone: zonePart?.value ?? offsetLabel(t.offsetMinutes), dateTime: iso };
    } catch {
      // An unknown zone: fall through to the offset.
    }
  }
  const wall = new Date(t.epochMs + t.offsetMinutes * 60_000);
  const time = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(wall);
  const date = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(wall);
  return { time, date, zone: offsetLabel(t.offsetMinutes), dateTime: iso };
}

// A calendar day in the language: "Thursday, 29 May 2025" / "2025年5月29日星期四".
export function formatDay(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', dateStyle: 'full' }).format(new Date(Date.UTC(y, m - 1, d)));
}

const DURATION_UNITS: Record<string, { d: string; h: string; min: string; sep: string }> = {
  en: { d: 'd', h: 'h', min: 'min', sep: ' ' },
  ru: { d: 'д', h: 'ч', min: 'мин', sep: ' ' },
  kk: { d: 'тәу', h: 'сағ', min: 'мин', sep: ' ' },
  ky: { d: 'күн', h: 'саат', min: 'мүн', sep: ' ' },
  uz: { d: 'kun', h: 'soat', min: 'daq', sep: ' ' },
  zh: { d: '天', h: '小时', min: '分钟', sep: '' },
};

// "2 d 9 h 15 min", "2天9小时15分钟": days past 24 hours, as intercity planners show long journeys.
export function formatDuration(seconds: number, lang: string): string {
  const u = DURATION_UNITS[lang.split('-')[0]] ?? DURATION_UNITS.en;
  const totalMinutes = Math.round(seconds / 60);
  const d = Math.floor(totalMinutes / 1440);
  const h = Math.floor((totalMinutes % 1440) / 60);
  const min = totalMinutes % 60;
  const parts: string[] = [];
  const unit = (n: number, name: string) => (u.sep ? `${n}${u.sep}${name}` : `${n}${name}`);
  if (d) parts.push(unit(d, u.d));
  if (h) parts.push(unit(h, u.h));
  if (min || parts.length === 0) parts.push(unit(min, u.min));
  return parts.join(u.sep);
}

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

// Today's date in the browser's zone (YYYY-MM-DD), the default of date fields: toISOString() would
// give UTC's, a day off near midnight east or west of Greenwich.
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
