// The cases' client (issue 17: assistance, disputes, insurance claims; api/openapi.yaml tag `cases`) and
// the rules the case screens follow, pure and unit-tested (tests/unit/cases-api.test.mjs): what an action
// asks for (a note, an outcome, line decisions) as the lifecycles say, the queue's order, due times in
// the reader's own zone with its offset, amounts in minor units. The client is the register's
// (register-api.ts): the same session in sessionStorage, the same 401 ending it.
import { formatLocalTime, formatNumber, offsetLabel, type FormattedTime } from './format.js';
import { RegisterClient } from './register-api.js';

export const CASE_KINDS = ['assistance', 'dispute', 'claim'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const URGENCIES = ['normal', 'high', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
export type Party = 'traveller' | 'operator' | 'insurer' | 'authority';
export type StateClass = 'new' | 'active' | 'waiting' | 'resolved' | 'closed';
// The claim lines' reasons when the server's lifecycles cannot be read (they carry `lineReasons`).
export const LINE_REASONS = ['not_covered', 'excluded_condition', 'no_receipt', 'over_limit', 'duplicate', 'outside_policy_period', 'other'];
// The six countries of the region a case happens in.
export const CASE_COUNTRIES = ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'];
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
// The API's limits, in UTF-8 bytes (a Chinese character takes 3, a Cyrillic letter 2).
export const MAX_TITLE_BYTES = 200;
export const MAX_TEXT_BYTES = 8000;
export const MAX_LINES = 50;

export const utf8Length = (text: string): number => new TextEncoder().encode(text).length;
export const FILE_TYPES = 'image/jpeg,image/png,image/webp,application/pdf';

export interface StateDef {
  name: string;
  class: StateClass;
  answers: Party | null;
}

export interface TransitionDef {
  action: string;
  from: string[];
  to: string;
  by: Party[];
  noteRequired: boolean;
  outcomes?: string[];
  lineDecisions?: boolean;
}

export interface Targets {
  firstResponseSeconds: number;
  resolutionSeconds: number;
  businessHours: boolean;
}

export interface Lifecycle {
  kind: CaseKind;
  categories: string[];
  urgencies: Urgency[];
  initial: string;
  states: StateDef[];
  transitions: TransitionDef[];
  targets: Partial<Record<Urgency, Targets>>;
}

export interface Lifecycles {
  lifecycles: Lifecycle[];
  lineReasons: string[];
}

export interface CasePlace {
  name?: string;
  stopId?: string;
  siteId?: string;
  crossingId?: string;
  lat?: number;
  lon?: number;
}

export interface NewLine {
  description: string;
  amount: number; // minor units (cents)
  currency: string;
}

export interface NewCase {
  kind: CaseKind;
  category: string;
  urgency?: Urgency;
  title: string;
  description: string;
  country: string;
  place?: CasePlace;
  happenedAt?: string; // RFC 3339
  language?: string;
  operatorId?: number;
  tourId?: number;
  insurer?: string;
  policyNumber?: string;
  destination?: string;
  journey?: unknown;
  lines?: NewLine[];
}

export interface CaseLine {
  line: number;
  description: string;
  amount: number;
  currency: string;
  state: 'pending' | 'approved' | 'rejected';
  approvedAmount?: number | null;
  reason?: string;
  note?: string;
}

export interface Clocks {
  status: 'response_due' | 'resolution_due' | 'paused' | 'fulfilled' | 'failed';
  responseDue: string | null;
  resolutionDue: string | null;
  responseLeftSeconds?: number | null;
  resolutionLeftSeconds?: number | null;
  respondedAt: string | null;
  resolvedAt: string | null;
  responseBreached: boolean;
  resolutionBreached: boolean;
  holdSeconds?: number;
  onHoldSince: string | null;
  calendar?: string;
  businessHours?: boolean;
  timeZone?: string;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: { id: number | null; name: string; party: Party }; // id null: Caravan itself (a deadline passed)
  action: string; // open, message, attach, breach or a transition's action
  from?: string;
  to?: string;
  text?: string;
  data?: Record<string, unknown> | null;
}

export interface Attachment {
  digest: string;
  name: string;
  mediaType: string;
  size: number;
  at?: string;
}

export interface CaseView {
  id: number;
  kind: CaseKind;
  category: string;
  urgency: Urgency;
  state: string;
  stateClass: StateClass;
  title: string;
  description: string;
  country: string;
  place?: CasePlace | null;
  happenedAt?: string;
  language?: string;
  travellerId?: number | null;
  operatorId?: number | null;
  tourId?: number | null;
  insurer?: string;
  policyNumber?: string;
  destination?: string;
  journey?: unknown;
  lines: CaseLine[];
  outcome?: string;
  responsible: Party;
  answers: Party | null;
  escalatedTo: Party | null;
  as: Party;
  actions: string[];
  clocks: Clocks;
  history: HistoryEntry[];
  attachments: Attachment[];
  // The traveller's rating once the case is closed and rated (issue 19); null before, absent from older servers.
  rating?: { id: number; rating: number; comment: string; at: string } | null;
  created: string;
  updated: string;
  version: number;
}

export interface CaseSummary {
  id: number;
  kind: CaseKind;
  category: string;
  urgency: Urgency;
  state: string;
  title: string;
  country: string;
  placeName?: string;
  responsible: Party;
  escalatedTo: Party | null;
  responseDue: string | null;
  resolutionDue: string | null;
  nextDue: string | null;
  breached: boolean;
  open: boolean;
  updated: string;
  version: number;
}

export interface LineDecision {
  line: number;
  approve: boolean;
  approvedAmount?: number;
  reason?: string;
  note?: string;
}

export interface ActionRequest {
  action: string;
  version: number;
  note?: string;
  outcome?: string;
  lines?: LineDecision[];
}

export interface HelpAnswer {
  from: { name: string; stopId?: string };
  to: { name: string } | null;
  journeys: unknown[] | null; // /api/v1/plan's journeys
  stay: { country: string; verdict: unknown } | null;
  notes: string[];
}

export interface QueueFilter {
  kind?: CaseKind;
  open?: boolean;
  breached?: boolean;
  limit?: number;
  offset?: number;
}

export class CasesClient extends RegisterClient {
  lifecycles(): Promise<Lifecycles> {
    return this.call<Lifecycles>('GET', '/api/v1/cases/lifecycles');
  }

  open(c: NewCase): Promise<CaseView> {
    return this.call<CaseView>('POST', '/api/v1/cases', c);
  }

  queue(f: QueueFilter = {}): Promise<CaseSummary[]> {
    const p = new URLSearchParams();
    if (f.kind) p.set('kind', f.kind);
    if (f.open !== undefined) p.set('open', String(f.open));
    if (f.breached) p.set('breached', 'true');
    p.set('limit', String(f.limit ?? 100));
    if (f.offset) p.set('offset', String(f.offset));
    return this.call<{ cases: CaseSummary[] }>('GET', `/api/v1/cases?${p}`).then((a) => a.cases);
  }

  case(id: number): Promise<CaseView> {
    return this.call<CaseView>('GET', `/api/v1/cases/${id}`);
  }

  act(id: number, request: ActionRequest): Promise<CaseView> {
    return this.call<CaseView>('POST', `/api/v1/cases/${id}/actions`, request);
  }

  message(id: number, text: string): Promise<CaseView> {
    return this.call<CaseView>('POST', `/api/v1/cases/${id}/messages`, { text });
  }

  // A closed case's traveller rates how it was handled (issue 19): 1 to 5 and an optional comment.
  rate(id: number, body: { rating: number; comment: string }): Promise<unknown> {
    return this.call<unknown>('POST', `/api/v1/cases/${id}/rating`, body);
  }

  // The file's bytes as the body; the server tells the type by the content.
  attach(id: number, name: string, file: Blob | ArrayBuffer): Promise<Attachment> {
    return this.call<Attachment>('POST', `/api/v1/cases/${id}/attachments?name=${encodeURIComponent(name)}`, undefined,
      { raw: { text: file, type: 'application/octet-stream' } });
  }

  attachment(id: number, digest: string): Promise<Blob> {
    return this.call<Blob>('GET', `/api/v1/cases/${id}/attachments/${encodeURIComponent(digest)}`, undefined, { asBlob: true });
  }

  help(id: number, nationality?: string, days?: number): Promise<HelpAnswer> {
    const p = new URLSearchParams();
    if (nationality) p.set('nationality', nationality);
    if (days) p.set('days', String(days));
    const q = p.toString();
    return this.call<HelpAnswer>('GET', `/api/v1/cases/${id}/help${q ? '?' + q : ''}`);
  }
}

// ---- The lifecycles' rules ----

export const lifecycleOf = (all: Lifecycles | null | undefined, kind: CaseKind): Lifecycle | undefined => all?.lifecycles.find((l) => l.kind === kind);

// What taking `action` asks for: a note, one of the outcomes, a decision on every line. An action the
// lifecycles do not list (a newer server) asks for nothing here; the server says what it misses.
export interface ActionNeeds {
  noteRequired: boolean;
  outcomes: string[];
  lineDecisions: boolean;
}

export function actionNeeds(lifecycle: Lifecycle | undefined, action: string): ActionNeeds {
  const t = lifecycle?.transitions.find((x) => x.action === action);
  return { noteRequired: !!t?.noteRequired, outcomes: t?.outcomes ?? [], lineDecisions: !!t?.lineDecisions };
}

// What is missing before an action can be sent: 'note', 'outcome', 'lines' (a line undecided or a
// rejection or part approval without a reason), or null.
export function actionProblem(needs: ActionNeeds, request: { note?: string; outcome?: string; lines?: LineDecision[] }, lines: CaseLine[] = []): 'note' | 'outcome' | 'lines' | 'amount' | null {
  if (needs.noteRequired && !request.note?.trim()) return 'note';
  if (needs.outcomes.length && !needs.outcomes.includes(request.outcome ?? '')) return 'outcome';
  if (needs.lineDecisions) {
    const pending = lines.filter((l) => l.state === 'pending');
    const decided = new Map((request.lines ?? []).map((d) => [d.line, d]));
    for (const l of pending) {
      const d = decided.get(l.line);
      if (!d) return 'lines';
      if (d.approve && d.approvedAmount !== undefined && (!Number.isInteger(d.approvedAmount) || d.approvedAmount <= 0 || d.approvedAmount > l.amount)) return 'amount';
      const part = d.approve && d.approvedAmount !== undefined && d.approvedAmount < l.amount;
      if ((!d.approve || part) && !d.reason) return 'lines';
    }
  }
  return null;
}

// The state's class and who answers in it, from the lifecycle.
export function stateDef(lifecycle: Lifecycle | undefined, state: string): StateDef | undefined {
  return lifecycle?.states.find((s) => s.name === state);
}

// The queue as staff work it: breached first, then the nearest due time, cases without one (closed,
// paused) last; the newest change breaks ties.
export function sortQueue<T extends Pick<CaseSummary, 'breached' | 'nextDue' | 'updated' | 'open'>>(rows: T[]): T[] {
  const due = (r: T) => (r.nextDue ? Date.parse(r.nextDue) : Number.POSITIVE_INFINITY);
  return [...rows].sort((a, b) => Number(b.open) - Number(a.open) || Number(b.breached) - Number(a.breached)
    || due(a) - due(b) || Date.parse(b.updated) - Date.parse(a.updated));
}

// ---- Times: the reader's own zone, with its offset ----

// The minutes east of UTC of the reader's zone at that instant (Date's, so the browser's zone).
export type OffsetOf = (epochMs: number) => number;
const browserOffset: OffsetOf = (ms) => -new Date(ms).getTimezoneOffset();

// An RFC 3339 time (UTC) as the wall time in the reader's zone with its offset ("2026-12-06T23:10+05:00").
export function toLocalIso(iso: string, offsetOf: OffsetOf = browserOffset): string {
  const ms = Date.parse(iso);
  const offset = offsetOf(ms);
  const wall = new Date(ms + offset * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

// A time of a case in the reader's zone: "Sun, 6 Dec 23:10 UTC+5".
export function localTime(iso: string, lang: string, offsetOf: OffsetOf = browserOffset): FormattedTime & { text: string } {
  const f = formatLocalTime(toLocalIso(iso, offsetOf), lang);
  return { ...f, zone: offsetLabel(offsetOf(Date.parse(iso))), dateTime: iso, text: `${f.date} ${f.time} ${offsetLabel(offsetOf(Date.parse(iso)))}` };
}

// How a due time stands now: past it (overdue) or the seconds left.
export function dueState(iso: string | null | undefined, nowMs: number): { overdue: boolean; leftSeconds: number } | null {
  if (!iso) return null;
  const left = Math.round((Date.parse(iso) - nowMs) / 1000);
  return { overdue: left < 0, leftSeconds: left };
}

// ---- Amounts in minor units ----

// The currency's decimals (USD 2, JPY 0, KWD 3) as Intl knows them; 2 for a code it does not.
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

// "12.50" or "12,5" in `currency` as minor units (1250); null when it is no positive amount with at most
// the currency's decimals.
export function parseAmount(text: string, currency: string): number | null {
  const s = text.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const digits = minorDigits(currency);
  const m = /^(\d{1,12})(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] && m[2].length > digits)) return null;
  const minor = Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || 0);
  return minor > 0 && Number.isSafeInteger(minor) ? minor : null;
}

// Minor units as the amount with its currency in the language ("$12.50", "12,50 US$").
export function formatAmount(minor: number, currency: string, lang: string): string {
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${formatNumber(value, lang)} ${currency}`;
  }
}

// Minor units as the plain number a field shows ("12.50").
export function amountText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return digits ? (minor / 10 ** digits).toFixed(digits) : String(minor);
}

// A file's size in words ("2.4 MB", "120 kB").
export function fileSize(bytes: number, lang: string): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, lang)} MB`;
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lang)} kB`;
}
