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

// Intl's date data is not the same everywhere: Debian's chromium (its trimmed ICU data) formats Kazakh and
// Uzbek dates without patterns or month names ("2025 M05 29, Thu") and Kyrgyz as American English
// ("Thursday, May 29, 2025"), where Node's full ICU reads right ("2025 ж. 29 мамыр, бейсенбі"). So a
// language's dates go through Intl only when Intl formats a known day in it; else they are built from the
// parts with the language's own names (CLDR's, as Node gives them), or numeric ("29.05.2025") for a
// language without them.
export type DateFormatterFactory = (lang: string, options: Intl.DateTimeFormatOptions) => Pick<Intl.DateTimeFormat, 'format' | 'resolvedOptions'>;

const intlDates: DateFormatterFactory = (lang, options) => new Intl.DateTimeFormat(lang, options);

const KNOWN_DAY = new Date(Date.UTC(2025, 4, 29, 12)); // Thursday 29 May 2025

// Whether `make` formats dates in `lang` with the language's own words: the locale it resolves to is of
// that language, and the known day shows no pattern-less month ("M05") and no English weekday.
export function intlFormatsDates(lang: string, make: DateFormatterFactory = intlDates): boolean {
  const base = lang.toLowerCase().split('-')[0];
  try {
    const f = make(lang, { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    if (f.resolvedOptions().locale.toLowerCase().split('-')[0] !== base) return false;
    const text = f.format(KNOWN_DAY);
    if (/(^|[^\p{L}])M\d{1,2}([^\d]|$)/u.test(text)) return false;
    return base === 'en' || !/(?<!\p{L})(Thu|Thursday|May)(?!\p{L})/u.test(text);
  } catch {
    return false;
  }
}

const intlDateSupport = new Map<string, boolean>();

function usesIntl(lang: string, make?: DateFormatterFactory): boolean {
  if (make) return intlFormatsDates(lang, make);
  let ok = intlDateSupport.get(lang);
  if (ok === undefined) intlDateSupport.set(lang, (ok = intlFormatsDates(lang)));
  return ok;
}

interface DateWords {
  months: string[]; // as after a day number ("29 мамыр")
  monthsShort: string[];
  weekdays: string[]; // Sunday first, as Date.getUTCDay()
  weekdaysShort: string[];
  short(d: number, month: string, weekday: string): string; // a journey's day: "29 мам., бс"
  full(y: number, d: number, month: string, weekday: string): string; // a day: "2025 ж. 29 мамыр, бейсенбі"
  medium(y: number, d: number, month: string): string; // a day in a sentence: "2025 ж. 29 мамыр"
}

// CLDR's words and patterns for the languages some browsers lack, as Node's full ICU formats them.
const DATE_WORDS: Record<string, DateWords> = {
  kk: {
    months: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
    monthsShort: ['қаң.', 'ақп.', 'нау.', 'сәу.', 'мам.', 'мау.', 'шіл.', 'там.', 'қыр.', 'қаз.', 'қар.', 'жел.'],
    weekdays: ['жексенбі', 'дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі'],
    weekdaysShort: ['жс', 'дс', 'сс', 'ср', 'бс', 'жм', 'сб'],
    short: (d, m, w) => `${d} ${m}, ${w}`,
    full: (y, d, m, w) => `${y} ж. ${d} ${m}, ${w}`,
    medium: (y, d, m) => `${y} ж. ${d} ${m}`,
  },
  ky: {
    months: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
    monthsShort: ['янв.', 'фев.', 'мар.', 'апр.', 'май', 'июн.', 'июл.', 'авг.', 'сен.', 'окт.', 'ноя.', 'дек.'],
    weekdays: ['жекшемби', 'дүйшөмбү', 'шейшемби', 'шаршемби', 'бейшемби', 'жума', 'ишемби'],
    weekdaysShort: ['жек.', 'дүй.', 'шейш.', 'шарш.', 'бейш.', 'жума', 'ишм.'],
    short: (d, m, w) => `${d}-${m}, ${w}`,
    full: (y, d, m, w) => `${y}-ж., ${d}-${m}, ${w}`,
    medium: (y, d, m) => `${y}-ж., ${d}-${m}`,
  },
  uz: {
    months: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avgust', 'sentabr', 'oktabr', 'noyabr', 'dekabr'],
    monthsShort: ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avg', 'sen', 'okt', 'noy', 'dek'],
    weekdays: ['yakshanba', 'dushanba', 'seshanba', 'chorshanba', 'payshanba', 'juma', 'shanba'],
    weekdaysShort: ['Yak', 'Dush', 'Sesh', 'Chor', 'Pay', 'Jum', 'Shan'],
    short: (d, m, w) => `${w}, ${d}-${m}`,
    full: (y, d, m, w) => `${w}, ${d}-${m}, ${y}`,
    medium: (y, d, m) => `${d}-${m}, ${y}`,
  },
};

const pad2 = (n: number) => String(n).padStart(2, '0');

// A calendar day (YYYY-MM-DD) without Intl: the language's words, else numeric.
function dayWithoutIntl(date: string, lang: string, style: 'short' | 'full'): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const words = DATE_WORDS[lang.toLowerCase().split('-')[0]];
  if (!words) return style === 'short' ? `${pad2(d)}.${pad2(m)}` : `${pad2(d)}.${pad2(m)}.${y}`;
  return style === 'short'
    ? words.short(d, words.monthsShort[m - 1], words.weekdaysShort[weekday])
    : words.full(y, d, words.months[m - 1], words.weekdays[weekday]);
}

// A time of the answer, shown local at its place: in the stop's IANA zone when known (for the zone's
// name), else by the offset the API gave. `make` replaces Intl's date formatting (tests).
export function formatLocalTime(iso: string, lang: string, timeZone?: string, make?: DateFormatterFactory): FormattedTime {
  const t = parseApiTime(iso);
  const instant = new Date(t.epochMs);
  // The API's wall time is the place's: its date is the day to show when Intl cannot name it.
  const ownDate = usesIntl(lang, make) ? null : dayWithoutIntl(t.date, lang, 'short');
  if (timeZone) {
    try {
      const time = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
      const date = ownDate ?? new Intl.DateTimeFormat(lang, { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(instant);
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
  const date = ownDate ?? new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(wall);
  return { time, date, zone: offsetLabel(t.offsetMinutes), dateTime: iso };
}

// A calendar day in the language: "Thursday, 29 May 2025" / "2025年5月29日星期四" / "2025 ж. 29 мамыр, бейсенбі".
export function formatDay(date: string, lang: string, make?: DateFormatterFactory): string {
  if (!usesIntl(lang, make)) return dayWithoutIntl(date, lang, 'full');
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', dateStyle: 'full' }).format(new Date(Date.UTC(y, m - 1, d)));
}

// A calendar day inside a sentence, without the weekday: "29 May 2025" / "2025年5月29日" / "2025 ж. 29 мамыр".
export function formatMediumDay(date: string, lang: string, make?: DateFormatterFactory): string {
  const [y, m, d] = date.split('-').map(Number);
  if (usesIntl(lang, make)) {
    return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(Date.UTC(y, m - 1, d)));
  }
  const words = DATE_WORDS[lang.toLowerCase().split('-')[0]];
  return words ? words.medium(y, d, words.months[m - 1]) : `${pad2(d)}.${pad2(m)}.${y}`;
}

// A month ("2026-06") in the language: "Jun 2026" / "2026年6月" / "маус. 2026"; the language's own short
// month names where Intl lacks them (kk, ky, uz in Debian's chromium), else "06.2026".
export function formatMonth(month: string, lang: string, make?: DateFormatterFactory): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (usesIntl(lang, make)) {
    return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'short' }).format(new Date(Date.UTC(y, mo - 1, 15)));
  }
  const words = DATE_WORDS[lang.toLowerCase().split('-')[0]];
  return words ? `${words.monthsShort[mo - 1]} ${y}` : `${pad2(mo)}.${y}`;
}

// Items said as a list in the language ("A, B and C", "A、B和C", "A, B и C").
export function formatList(items: string[], lang: string): string {
  try {
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
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

// Numbers: where Intl lacks a language's data (as its dates show), kk, ky and uz group and mark decimals
// as Russian does ("1 234 567,5"), not as English.
export function formatNumber(n: number, lang: string, make?: DateFormatterFactory): string {
  const base = lang.toLowerCase().split('-')[0];
  const numbersOf = DATE_WORDS[base] && !usesIntl(lang, make) ? 'ru' : lang;
  return new Intl.NumberFormat(numbersOf).format(n);
}

// Today's date in the browser's zone (YYYY-MM-DD), the default of date fields: toISOString() would
// give UTC's, a day off near midnight east or west of Greenwich.
// The zone's name in the language ("China Standard Time", "中国标准时间"), else the IANA id.
export function zoneName(timeZone: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'long' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
