// The statistics dashboard's logic (/stats, issue 19), loaded with /stats only; pure and unit-tested
// (tests/unit/stats.test.mjs): the date range in the URL and its checks, the presets, the API's paths
// (the dashboard's answers and each table's downloads), the answer's types (libs/stats table.h to_json),
// cells as text in the reader's language, and the series the charts draw from a table's rows.
import { formatNumber } from './format.js';
import { isCalendarDate } from './url-state.js';

export type StatsKind = 'network' | 'register' | 'cases' | 'published';
export const STATS_KINDS: readonly StatsKind[] = ['network', 'register', 'cases', 'published'];

export type ColumnType = 'text' | 'number' | 'count';

export interface StatsColumn {
  key: string; // camelCase: the row's key and the CSV header
  label: string; // English; the app shows its own text by the key
  type: ColumnType;
  unit?: string;
}

export type Cell = string | number | null;

// A row: a value per column key, and `suppressed` when a count in it was withheld (its cell is null).
export type StatsRow = { [key: string]: Cell | boolean | undefined } & { suppressed?: boolean };

export interface StatsSource {
  text: string;
  url?: string;
}

export interface StatsTable {
  id: string; // "network.corridors"
  title: string;
  definition: string;
  columns: StatsColumn[];
  rows: StatsRow[];
  sources: StatsSource[];
  notes: string[];
}

export interface StatsAnswer {
  kind: StatsKind;
  from: string;
  to: string;
  dataset?: { name: string; firstDay: string; lastDay: string };
  tables: StatsTable[];
}

// ---- The date range in the URL ----

// The API's longest range (a leap year's days).
export const MAX_RANGE_DAYS = 366;

export interface StatsRange {
  from: string; // YYYY-MM-DD, first day included
  to: string; // last day included
}

const pad = (n: number) => String(n).padStart(2, '0');

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate(); // month is 1-based: day 0 of the next one
}

// The month `today` is in, first to last day (the API's default too).
export function thisMonth(today: string): StatsRange {
  const [y, m] = today.split('-').map(Number);
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}` };
}

// The twelve whole months ending with today's: 2026-06-15 -> 2025-07-01 .. 2026-06-30 (365 or 366 days).
export function last12Months(today: string): StatsRange {
  const [y, m] = today.split('-').map(Number);
  const startMonth = m === 12 ? 1 : m + 1;
  const startYear = m === 12 ? y : y - 1;
  return { from: `${startYear}-${pad(startMonth)}-01`, to: thisMonth(today).to };
}

export function calendarYear(year: number): StatsRange {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

// Days from `from` to `to`, both included (1 for one day; 0 or less when `to` is before `from`).
export function rangeDays(r: StatsRange): number {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000;
  return day(r.to) - day(r.from) + 1;
}

// What the form cannot send, by field: the last part of a `stats.error.` text key.
export type RangeProblem = { field: 'from' | 'to'; problem: 'missing' | 'badDate' | 'reversed' | 'tooLong' };

export function rangeProblem(r: StatsRange): RangeProblem | null {
  if (!r.from) return { field: 'from', problem: 'missing' };
  if (!isCalendarDate(r.from)) return { field: 'from', problem: 'badDate' };
  if (!r.to) return { field: 'to', problem: 'missing' };
  if (!isCalendarDate(r.to)) return { field: 'to', problem: 'badDate' };
  if (r.to < r.from) return { field: 'to', problem: 'reversed' };
  if (rangeDays(r) > MAX_RANGE_DAYS) return { field: 'to', problem: 'tooLong' };
  return null;
}

// The range of a link: `from` and `to` as written (checked by rangeProblem before asking the API), else
// this month. One date alone: the other taken from this month, so the field shows what was lost.
export function parseStatsQuery(query: string, today: string): StatsRange {
  const p = new URLSearchParams(query);
  const from = (p.get('from') ?? '').trim().slice(0, 20);
  const to = (p.get('to') ?? '').trim().slice(0, 20);
  if (!from && !to) return thisMonth(today);
  const month = thisMonth(today);
  return { from: from || month.from, to: to || month.to };
}

export function statsQueryToString(r: StatsRange): string {
  return new URLSearchParams({ from: r.from, to: r.to }).toString();
}

// ---- The API ----

export type DownloadFormat = 'csv' | 'csvw' | 'json';

// GET /api/v1/stats/<kind>?from&to, or one table's download (&table=ID&format=...). `all` asks the
// published figures of every date, not only the range's.
export function statsApiPath(kind: StatsKind, r: StatsRange, table?: { id: string; format: DownloadFormat }, all = false): string {
  const p = new URLSearchParams({ from: r.from, to: r.to });
  if (all && kind === 'published') p.set('all', 'true');
  if (table) {
    p.set('table', table.id);
    p.set('format', table.format);
  }
  return `/api/v1/stats/${kind}?${p.toString()}`;
}

// A download's file name: network.corridors-2026-06-01-2026-06-30.csv (CSVW: .csv-metadata.json, its
// convention).
export function downloadName(tableId: string, r: StatsRange, format: DownloadFormat): string {
  const base = `${tableId}-${r.from}-${r.to}`;
  return format === 'csvw' ? `${base}.csv-metadata.json` : `${base}.${format}`;
}

export class StatsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly parameter?: string) {
    super(message);
  }
}

type Fetch = (input: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

// One answer of the dashboard, null when the server has no such figures (no register). Errors
// carry the API's code and parameter (both shapes: {code,message,details:{parameter}} and {error}).
export async function fetchStats(kind: StatsKind, r: StatsRange, options: { fetchFn?: Fetch; signal?: AbortSignal; all?: boolean } = {}): Promise<StatsAnswer | null> {
  const fetchFn: Fetch = options.fetchFn ?? ((u, i) => fetch(u, i));
  let res;
  try {
    res = await fetchFn(statsApiPath(kind, r, undefined, options.all), { headers: { Accept: 'application/json' }, signal: options.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new StatsError(0, 'network', (e as Error)?.message ?? 'network error');
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new StatsError(res.status, 'bad_answer', `the server answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    const b = (body ?? {}) as { code?: string; message?: string; error?: string | { code?: string; message?: string; parameter?: string }; details?: { parameter?: string } };
    const e = typeof b.error === 'object' && b.error ? b.error : undefined;
    // A server without a register: 503 register_off (docs/server.md), or a 404 from an older one.
    if (kind !== 'network' && (res.status === 404 || (b.code ?? e?.code) === 'register_off')) return null;
    const message = b.message ?? e?.message ?? (typeof b.error === 'string' ? b.error : `HTTP ${res.status}`);
    throw new StatsError(res.status, b.code ?? e?.code ?? 'unknown', message, b.details?.parameter ?? e?.parameter);
  }
  const a = body as StatsAnswer;
  if (!a || !Array.isArray(a.tables)) throw new StatsError(res.status, 'bad_answer', 'the answer has no tables');
  return a;
}

// Which field an API error belongs to: its parameter, else a date named in its message.
export function fieldOfError(e: { parameter?: string; message: string }): 'from' | 'to' | null {
  if (e.parameter === 'from' || e.parameter === 'to') return e.parameter;
  if (/\bfrom\b/.test(e.message)) return 'from';
  if (/\bto\b/.test(e.message) && /range|date|day/.test(e.message)) return 'to';
  return null;
}

// ---- Cells and tables ----

export const tableById = (a: StatsAnswer | null | undefined, id: string): StatsTable | undefined => a?.tables.find((x) => x.id === id);

// A cell as text: counts whole, other numbers with at most one decimal, grouped in the language;
// '' for no value (the view says whether it was withheld).
export function cellText(value: Cell | boolean | undefined, column: StatsColumn, lang: string): string {
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  if (typeof value === 'number') {
    const n = column.type === 'count' ? Math.round(value) : Math.round(value * 10) / 10;
    return formatNumber(n, lang);
  }
  return value;
}

// A withheld cell: a figure that is null in a suppressed row (never shown as 0): a count withheld, or a
// figure made from one (a mean of withheld ratings, a share).
export const isWithheld = (row: StatsRow, column: StatsColumn): boolean =>
  !!row.suppressed && column.type !== 'text' && (row[column.key] === null || row[column.key] === undefined);

export const numberOf = (row: StatsRow, key: string): number | null => (typeof row[key] === 'number' ? (row[key] as number) : null);
export const textOf = (row: StatsRow, key: string): string => (typeof row[key] === 'string' ? (row[key] as string) : row[key] == null ? '' : String(row[key]));

// Bars: one per row with a number, largest first, at most `limit` (the table has them all).
export function barSeries(t: StatsTable, label: (row: StatsRow) => string, valueKey: string, limit = 12): { labels: string[]; values: number[]; more: number } {
  const rows = t.rows.filter((r) => numberOf(r, valueKey) !== null).sort((a, b) => numberOf(b, valueKey)! - numberOf(a, valueKey)!);
  const shown = rows.slice(0, limit);
  return { labels: shown.map(label), values: shown.map((r) => numberOf(r, valueKey)!), more: rows.length - shown.length };
}

// Lines over months: a series per name (the rows' `name`), a value per month (null where a month has
// none), the series with the most values first, at most `limit`.
export function monthSeries(t: StatsTable, name: (row: StatsRow) => string, valueKey: string, limit = 8, monthKey = 'month'):
{ months: string[]; series: { name: string; values: (number | null)[] }[]; more: number } {
  const months = [...new Set(t.rows.map((r) => textOf(r, monthKey)).filter(Boolean))].sort();
  const byName = new Map<string, (number | null)[]>();
  for (const r of t.rows) {
    const m = months.indexOf(textOf(r, monthKey));
    if (m < 0) continue;
    const n = name(r);
    if (!byName.has(n)) byName.set(n, months.map(() => null));
    const v = numberOf(r, valueKey);
    if (v !== null) byName.get(n)![m] = v;
  }
  const all = [...byName.entries()].map(([n, values]) => ({ name: n, values }))
    .filter((s) => s.values.some((v) => v !== null))
    .sort((a, b) => b.values.filter((v) => v !== null).length - a.values.filter((v) => v !== null).length || a.name.localeCompare(b.name));
  return { months, series: all.slice(0, limit), more: all.length - Math.min(all.length, limit) };
}

// Whether the range reaches before or past the data's days: the view says where the data ends.
export function beyondData(r: StatsRange, dataset?: { firstDay: string; lastDay: string }): { before: boolean; after: boolean } {
  if (!dataset) return { before: false, after: false };
  return { before: r.from < dataset.firstDay, after: r.to > dataset.lastDay };
}

