// The register's client (docs/register.md, api/openapi.yaml tag `register`): accounts and sessions, the
// operators' applications, records and decisions. The session token is kept in sessionStorage (gone with
// the tab, never in localStorage) and sent as `Authorization: Bearer`; an answer 401 to a request that
// sent one ends the session here too (`onSignedOut`), so the view goes back to the sign-in. `fetch` and
// the storage are injected for the unit tests (tests/unit/register-api.test.mjs).
import { ApiError } from './api.js';
import type { RuleMessage } from './rule-messages.js';

export const ROLES = ['traveller', 'operator_staff', 'authority', 'insurer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const OPERATOR_STATUSES = ['applied', 'approved', 'expired', 'suspended', 'revoked'] as const;
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];

export interface Account {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  operatorId?: number; // operator_staff tied to an operator
  country?: string; // authority: the country it acts for
  organisation?: string; // insurer: its organisation code (cases' claims name it)
}

export interface LocalizedName {
  lang: string;
  name: string;
}

export interface OperatorApplication {
  legalName: string;
  names: LocalizedName[];
  country: string;
  licenceNumber: string;
  issuer: string;
  validFrom: string; // YYYY-MM-DD
  validTo: string; // the licence's last valid day
  email: string;
  phone: string;
  website: string;
  countries: string[]; // where it runs tours
}

export interface PublicOperator {
  id: number;
  legalName: string;
  names: LocalizedName[];
  country: string;
  licenceNumber: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  status: OperatorStatus; // an approved licence past validTo reads expired
  website: string;
  countries: string[];
}

export interface OperatorRecord extends PublicOperator {
  email: string;
  phone: string;
  version: number; // sent back with a decision: a stale one is 409 conflict
}

// What an authority may do with an operator, by its status, and the status each action asks for
// (applied -> approved or revoked: "reject" is revoking an application).
export type Action = 'approve' | 'reject' | 'suspend' | 'reinstate' | 'revoke';
export type Decision = 'approved' | 'suspended' | 'revoked';
const DECISION_OF: Record<Action, Decision> = { approve: 'approved', reject: 'revoked', suspend: 'suspended', reinstate: 'approved', revoke: 'revoked' };

export function actionsFor(status: OperatorStatus): Action[] {
  switch (status) {
    case 'applied': return ['approve', 'reject'];
    case 'approved':
    case 'expired': return ['suspend', 'revoke'];
    case 'suspended': return ['reinstate', 'revoke'];
    case 'revoked': return [];
  }
}

export const decisionOf = (action: Action): Decision => DECISION_OF[action];

// Group tours (api/openapi.yaml, /api/v1/tours): a programme of stays (and legs), its manifest, the check
// against the entry rules for every traveller, the submission and each deciding country's decision.
export const TOUR_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type TourStatus = (typeof TOUR_STATUSES)[number];

export interface TourStay {
  country: string;
  entry: string; // YYYY-MM-DD or YYYY-MM-DDTHH:MM, local
  exit: string;
  entryPort?: string;
  onwardTicket?: boolean;
  regions?: string[];
}

export interface TourLeg {
  from: string;
  to: string;
  departure: string;
  arrival: string;
  mode?: string;
  name?: string;
  estimated?: boolean;
}

export interface TourProgramme {
  title: string;
  languages: string[];
  stays: TourStay[];
  legs: TourLeg[];
  minSize: number;
  maxSize: number;
  regimes: string[];
}

export interface TourDecision {
  country: string;
  decision: 'approve' | 'reject';
  at: string;
  reason: string;
}

export interface Tour extends TourProgramme {
  id: number;
  operatorId: number;
  status: TourStatus;
  version: number; // sent back with every change: a stale one is 409 conflict
  updated: string;
  firstDay: string;
  lastDay: string;
  decidingCountries: string[];
  decisions: TourDecision[];
  // Approved tours, to their operator only (issue 19): the code its travellers rate the tour with, and
  // the ratings (the tour read alone).
  feedbackCode?: string;
  ratings?: { count: number; mean: number | null; ratings: { id: number; rating: number; comment: string; at: string }[] };
}

export type Sex = 'F' | 'M' | 'X';

export interface NewMember {
  latinName: string;
  nativeName?: string;
  nationality: string;
  passportNumber: string;
  passportExpiry: string;
  birthDate: string;
  sex: string;
}

export interface Member extends NewMember {
  ref: string;
}

export interface Manifest {
  tour: number;
  version: number;
  members: Member[];
}

export interface TourProblem {
  message: RuleMessage;
  member?: string; // the traveller's ref; none: the group's problem
  memberName?: string;
  stay?: number; // the stay's index in the programme
  country?: string;
  rule?: string;
  sources?: string[];
}

export interface TourCheck {
  ok: boolean;
  problems: TourProblem[];
  report: unknown;
}

export interface Submission {
  submitted: boolean;
  tour: Tour;
  check: TourCheck;
}

// A row of a refused CSV manifest (nothing of the file is added).
export interface RowError {
  line: number;
  field: string;
  message: string;
}

// The refusals of the register keep the API's code and parameter, a 429's wait in seconds and a refused
// manifest file's row errors.
export class RegisterError extends ApiError {
  rows?: RowError[];
  constructor(status: number, code: string, message: string, parameter?: string, readonly retryAfter?: number) {
    super(status, code, message, parameter);
  }
}

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

// sessionStorage, or memory where the browser refuses storage (the session then lasts the page).
export function sessionTokenStore(key = 'caravan.session'): TokenStore {
  let memory: string | null = null;
  return {
    get() {
      try {
        return sessionStorage.getItem(key);
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        if (token) sessionStorage.setItem(key, token);
        else sessionStorage.removeItem(key);
      } catch {
        // kept in memory
      }
    },
  };
}

type Fetch = (input: string, init: { method: string; headers: Record<string, string>; body?: string | Blob | ArrayBuffer; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text?(): Promise<string>;
  blob?(): Promise<Blob>;
}>;

// What call() sends and reads besides JSON: a raw body with its type (a CSV manifest, a case's file: no
// type lets the browser say none), a text answer (a CSV download) or a file (a case's attachment).
export interface CallOptions {
  raw?: { text: string | Blob | ArrayBuffer; type?: string };
  asText?: boolean;
  asBlob?: boolean;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class RegisterClient {
  onSignedOut: () => void = () => {};

  constructor(
    private readonly tokens: TokenStore = sessionTokenStore(),
    private readonly fetchFn: Fetch = (u, i) => fetch(u, i),
    private readonly base = '',
    private readonly timeoutMs = 30_000,
  ) {}

  get signedIn(): boolean {
    return !!this.tokens.get();
  }

  // `body` as JSON, or a raw text with its type ({ text, type }: a CSV manifest, a case's file); `asText`
  // reads a text answer (a CSV download), `asBlob` a file, instead of JSON; errors are JSON either way.
  // The cases' client (cases-api.ts) shares it, and so the session and its end.
  protected async call<T>(method: Method, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    const token = this.tokens.get();
    const headers: Record<string, string> = { Accept: options.asText ? 'text/csv, application/json' : options.asBlob ? '*/*' : 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const payload = options.raw ? options.raw.text : body !== undefined ? JSON.stringify(body) : undefined;
    if (options.raw?.type) headers['Content-Type'] = options.raw.type;
    else if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await this.fetchFn(this.base + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new RegisterError(0, 'network', (e as Error)?.message ?? 'network error');
    }
    if (res.status === 204) return undefined as T;
    if (res.ok && options.asText && res.text) return (await res.text()) as T;
    if (res.ok && options.asBlob && res.blob) return (await res.blob()) as T;
    let answer: unknown;
    try {
      answer = await res.json();
    } catch {
      throw new RegisterError(res.status, 'bad_answer', `the server answered ${res.status} without JSON`);
    }
    if (!res.ok) {
      const b = (answer ?? {}) as { code?: string; message?: string; details?: { parameter?: string }; rows?: RowError[]; error?: unknown };
      // The API's refusal: {code, message, details: {parameter}}, or all of it nested under `error`.
      const nested = b.error && typeof b.error === 'object' ? (b.error as { code?: string; message?: string; parameter?: string; details?: { parameter?: string } }) : null;
      const wait = Number(res.headers.get('Retry-After'));
      const error = new RegisterError(res.status, b.code ?? nested?.code ?? 'unknown', b.message ?? nested?.message ?? `HTTP ${res.status}`,
        b.details?.parameter ?? nested?.parameter ?? nested?.details?.parameter,
        Number.isFinite(wait) && wait > 0 ? wait : undefined);
      if (Array.isArray(b.rows)) error.rows = b.rows;
      // The session is over (expired, signed out elsewhere): forget it and go back to the sign-in.
      if (res.status === 401 && token) {
        this.tokens.set(null);
        this.onSignedOut();
      }
      throw error;
    }
    return answer as T;
  }

  async signIn(email: string, password: string): Promise<Account> {
    this.tokens.set(null);
    const a = await this.call<{ token: string; expiresAt: string; account: Account }>('POST', '/api/v1/auth/signin', { email, password });
    this.tokens.set(a.token);
    return a.account;
  }

  signUp(email: string, displayName: string, password: string): Promise<Account> {
    return this.call<Account>('POST', '/api/v1/auth/signup', { email, displayName, password });
  }

  // Forgotten here whatever the server answers (a session it no longer knows is over anyway).
  async signOut(): Promise<void> {
    try {
      if (this.tokens.get()) await this.call<void>('POST', '/api/v1/auth/signout');
    } finally {
      this.tokens.set(null);
    }
  }

  me(): Promise<Account> {
    return this.call<Account>('GET', '/api/v1/auth/me');
  }

  // The public lookup (no contacts, no version), by legal name; at most 100 a page.
  lookup(filter: { q?: string; country?: string; status?: OperatorStatus; limit?: number; offset?: number }): Promise<PublicOperator[]> {
    const p = new URLSearchParams();
    if (filter.q) p.set('q', filter.q);
    if (filter.country) p.set('country', filter.country);
    if (filter.status) p.set('status', filter.status);
    p.set('limit', String(filter.limit ?? 100));
    if (filter.offset) p.set('offset', String(filter.offset));
    return this.call<{ date: string; operators: PublicOperator[] }>('GET', `/api/v1/operators?${p}`).then((a) => a.operators);
  }

  apply(application: OperatorApplication): Promise<OperatorRecord> {
    return this.call<OperatorRecord>('POST', '/api/v1/operators', application);
  }

  record(id: number): Promise<OperatorRecord> {
    return this.call<OperatorRecord>('GET', `/api/v1/operators/${id}`);
  }

  decide(id: number, action: Action, version: number, reason: string): Promise<OperatorRecord> {
    return this.call<OperatorRecord>('POST', `/api/v1/operators/${id}/decision`, { status: decisionOf(action), version, ...(reason ? { reason } : {}) });
  }

  // Group tours: operator staff see their operator's, an authority the submitted ones staying in its
  // country, an admin all.
  tours(status?: TourStatus): Promise<Tour[]> {
    const p = new URLSearchParams({ limit: '100' });
    if (status) p.set('status', status);
    return this.call<{ tours: Tour[] }>('GET', `/api/v1/tours?${p}`).then((a) => a.tours);
  }

  tour(id: number): Promise<Tour> {
    return this.call<Tour>('GET', `/api/v1/tours/${id}`);
  }

  createTour(programme: TourProgramme): Promise<Tour> {
    return this.call<Tour>('POST', '/api/v1/tours', programme);
  }

  // Drafts only, with the version read.
  updateTour(id: number, programme: TourProgramme, version: number): Promise<Tour> {
    return this.call<Tour>('PUT', `/api/v1/tours/${id}`, { ...programme, version });
  }

  checkTour(id: number): Promise<TourCheck> {
    return this.call<TourCheck>('POST', `/api/v1/tours/${id}/check`);
  }

  submitTour(id: number, version: number): Promise<Submission> {
    return this.call<Submission>('POST', `/api/v1/tours/${id}/submit`, { version });
  }

  withdrawTour(id: number, version: number): Promise<Tour> {
    return this.call<Tour>('POST', `/api/v1/tours/${id}/withdraw`, { version });
  }

  decideTour(id: number, country: string, decision: 'approve' | 'reject', version: number, reason: string): Promise<Tour> {
    return this.call<Tour>('POST', `/api/v1/tours/${id}/decision`, { country, decision, version, ...(reason ? { reason } : {}) });
  }

  manifest(tourId: number): Promise<Manifest> {
    return this.call<Manifest>('GET', `/api/v1/manifests/${tourId}`);
  }

  // The manifest as a CSV file: `csv` the import's columns, `border` what a border post receives.
  manifestFile(tourId: number, format: 'csv' | 'border'): Promise<string> {
    return this.call<string>('GET', `/api/v1/manifests/${tourId}?format=${format}`, undefined, { asText: true });
  }

  // One traveller, by the fields or read from a passport's MRZ (its two lines).
  addMember(tourId: number, member: NewMember | { mrz: string; nativeName?: string }): Promise<Member> {
    return this.call<Member>('POST', `/api/v1/manifests/${tourId}`, member);
  }

  // A CSV file, all or nothing: a refusal carries every row's error (RegisterError.rows).
  importManifest(tourId: number, csv: string): Promise<{ added: number }> {
    return this.call<{ added: number }>('PUT', `/api/v1/manifests/${tourId}`, undefined, { raw: { text: csv, type: 'text/csv' } });
  }

  removeMember(tourId: number, ref: string): Promise<void> {
    return this.call<void>('DELETE', `/api/v1/manifests/${tourId}/members/${encodeURIComponent(ref)}`);
  }
}
