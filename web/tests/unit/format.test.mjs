// The app's formatting (src/lib/format.ts), compiled to build-unit/ by `npm run test:unit`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatLocalTime, formatNumber, intlFormatsDates, parseApiTime, shiftWallTime, offsetLabel, formatDay, localToday } from '../../build-unit/lib/format.js';

test('durations over days, in each language', () => {
  assert.equal(formatDuration(206100, 'en'), '2 d 9 h 15 min'); // Xi'an - Almaty, 57 h 15 min
  assert.equal(formatDuration(206100, 'zh'), '2天9小时15分钟');
  assert.equal(formatDuration(206100, 'ru'), '2 д 9 ч 15 мин');
  assert.equal(formatDuration(206100, 'kk'), '2 тәу 9 сағ 15 мин');
  assert.equal(formatDuration(3600, 'en'), '1 h');
  assert.equal(formatDuration(0, 'en'), '0 min');
  assert.equal(formatDuration(86400, 'en'), '1 d');
  assert.equal(formatDuration(89, 'en'), '1 min', 'rounded to the minute');
  assert.equal(formatDuration(90, 'fr'), '2 min', 'an unknown language falls back to English units');
});

test('API times keep their local wall time and offset', () => {
  const t = parseApiTime('2025-05-31T17:45+05:00');
  assert.equal(t.date, '2025-05-31');
  assert.equal(t.time, '17:45');
  assert.equal(t.offsetMinutes, 300);
  assert.equal(t.epochMs, Date.UTC(2025, 4, 31, 12, 45));
  assert.equal(parseApiTime('2025-05-31T12:45Z').epochMs, t.epochMs);
  assert.equal(parseApiTime('2025-01-01T00:00-03:30').offsetMinutes, -210);
  assert.throws(() => parseApiTime('2025-05-31 17:45'));
});

test('local time at the stop, with the zone', () => {
  const en = formatLocalTime('2025-05-29T11:30+08:00', 'en', 'Asia/Shanghai');
  assert.equal(en.time, '11:30');
  assert.match(en.zone, /GMT\+8|CST/);
  assert.match(en.date, /Thu/);
  assert.match(en.date, /29/);
  const zh = formatLocalTime('2025-05-29T11:30+08:00', 'zh', 'Asia/Shanghai');
  assert.equal(zh.time, '11:30');
  assert.match(zh.date, /5月29日/);
  assert.match(zh.date, /周四/);
  const ru = formatLocalTime('2025-05-31T17:45+05:00', 'ru', 'Asia/Almaty');
  assert.equal(ru.time, '17:45');
  assert.match(ru.date, /31 мая/);
  // No zone known: the offset the API gave, and the same wall time.
  const bare = formatLocalTime('2025-05-31T17:45+05:00', 'en');
  assert.equal(bare.time, '17:45');
  assert.equal(bare.zone, 'UTC+5');
  assert.equal(formatLocalTime('2025-05-31T17:45+05:00', 'en', 'Not/AZone').zone, 'UTC+5');
});

test('offset labels and days', () => {
  assert.equal(offsetLabel(480), 'UTC+8');
  assert.equal(offsetLabel(-210), 'UTC−3:30');
  assert.equal(offsetLabel(0), 'UTC+0');
  assert.match(formatDay('2025-05-29', 'zh'), /2025年5月29日星期四/);
  assert.match(formatDay('2025-05-29', 'en'), /Thursday, 29 May 2025|Thursday, May 29, 2025/);
});

test('earlier and later searches shift the wall time in its own offset', () => {
  assert.deepEqual(shiftWallTime('2025-05-29T11:30+08:00', 1), { date: '2025-05-29', time: '11:31' });
  assert.deepEqual(shiftWallTime('2025-05-29T11:30+08:00', -24 * 60), { date: '2025-05-28', time: '11:30' });
  assert.deepEqual(shiftWallTime('2025-05-31T23:59+05:00', 1), { date: '2025-06-01', time: '00:00' });
});

test("today is the browser's local date", () => {
  assert.equal(localToday(new Date(2025, 0, 31, 23, 59)), '2025-01-31');
  assert.equal(localToday(new Date(2025, 11, 1, 0, 1)), '2025-12-01');
});

// What Debian's chromium does with kk, uz (trimmed ICU data: no month names) and ky (resolved to en-US),
// as seen on chromium 156: an injected formatter stands for it, since Node's full ICU reads right.
const chromiumLike = (locale, text) => () => ({ format: () => text, resolvedOptions: () => ({ locale }) });
const CHROMIUM = {
  kk: chromiumLike('kk', 'Thursday, 2025 M05 29'),
  uz: chromiumLike('uz', 'Thursday, 2025 M05 29'),
  ky: chromiumLike('en-US', 'Thursday, May 29, 2025'),
};

test('dates: Intl is used where it formats the language, detected on a known day', () => {
  for (const lang of ['en', 'zh', 'ru', 'kk', 'ky', 'uz']) assert.equal(intlFormatsDates(lang), true, `Node's full ICU formats ${lang}`);
  assert.equal(intlFormatsDates('kk', CHROMIUM.kk), false, 'pattern-less "M05"');
  assert.equal(intlFormatsDates('uz', CHROMIUM.uz), false);
  assert.equal(intlFormatsDates('ky', CHROMIUM.ky), false, 'resolved to another language');
  assert.equal(intlFormatsDates('kk', chromiumLike('kk', '2025 ж. 29 мамыр, Thu')), false, 'an English weekday');
  assert.equal(intlFormatsDates('tr', chromiumLike('tr', '29 Mayıs 2025 Perşembe')), true, 'May inside a word is not English');
  assert.equal(intlFormatsDates('kk', () => { throw new RangeError('no such locale'); }), false);
});

test('dates without Intl read as Intl with full data does: kk, ky, uz on every month and weekday', () => {
  for (const lang of ['kk', 'ky', 'uz']) {
    for (let month = 1; month <= 12; month++) {
      for (const day of [1, 2, 3, 4, 5, 6, 7, 28]) {
        const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        assert.equal(formatDay(date, lang, CHROMIUM[lang]), formatDay(date, lang), `${lang} ${date}`);
        const iso = `${date}T23:30+05:00`; // late in the day: the date is the place's, not UTC's
        assert.deepEqual(formatLocalTime(iso, lang, 'Asia/Tashkent', CHROMIUM[lang]), formatLocalTime(iso, lang, 'Asia/Tashkent'), `${lang} ${iso}`);
        assert.deepEqual(formatLocalTime(iso, lang, undefined, CHROMIUM[lang]), formatLocalTime(iso, lang), `${lang} ${iso} without a zone`);
      }
    }
  }
  assert.equal(formatDay('2025-05-29', 'kk', CHROMIUM.kk), '2025 ж. 29 мамыр, бейсенбі');
  assert.equal(formatDay('2025-05-29', 'ky', CHROMIUM.ky), '2025-ж., 29-май, бейшемби');
  assert.equal(formatDay('2025-05-29', 'uz', CHROMIUM.uz), 'payshanba, 29-may, 2025');
  assert.equal(formatLocalTime('2025-05-29T11:30+08:00', 'kk', 'Asia/Shanghai', CHROMIUM.kk).date, '29 мам., бс');
  assert.equal(formatLocalTime('2025-05-31T17:45+05:00', 'ky', 'Asia/Almaty', CHROMIUM.ky).date, '31-май, ишм.');
  assert.equal(formatLocalTime('2025-05-29T11:30+08:00', 'uz', 'Asia/Shanghai', CHROMIUM.uz).date, 'Pay, 29-may');
});

test('dates of a language Intl lacks and Caravan has no words for are numeric', () => {
  const tg = chromiumLike('tg', '2025 M05 29');
  assert.equal(formatDay('2025-05-29', 'tg', tg), '29.05.2025');
  assert.equal(formatLocalTime('2025-05-29T11:30+05:00', 'tg', undefined, tg).date, '29.05');
});

test('numbers in kk, ky, uz without Intl data group as Russian does', () => {
  assert.equal(formatNumber(1234567.5, 'kk', CHROMIUM.kk), '1\u00a0234\u00a0567,5');
  assert.equal(formatNumber(1234567.5, 'ky', CHROMIUM.ky), formatNumber(1234567.5, 'ky'));
  assert.equal(formatNumber(1234567.5, 'en'), '1,234,567.5');
});
