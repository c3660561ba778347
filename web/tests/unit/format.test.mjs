// The app's formatting (src/lib/format.ts), compiled to build-unit/ by `npm run test:unit`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatLocalTime, parseApiTime, shiftWallTime, offsetLabel, formatDay, localToday } from '../../build-unit/lib/format.js';

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
