// The register's client (docs/register.md, api/openapi.yaml tag `register`): accounts and sessions, the
// operators' applications, records and decisions. The session token is kept in sessionStorage (gone with
// the tab, never in localStorage) and sent as `Authorization: Bearer`; an answer 401 to a request that
// sent one ends the session here too (`onSignedOut`), so the view goes back to the sign-in. `fetch` and
// the storage are injected for the unit tests (tests/unit/register-api.test.mjs).
import { ApiError } from './api.js';

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

// The refusals of the register keep the API's code and parameter, and a 429's wait in seconds.
export class RegisterError extends ApiError {
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

type Fetch = (input: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}>;

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

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = this.tokens.get();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await this.fetchFn(this.base + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new RegisterError(0, 'network', (e as Error)?.message ?? 'network error');
    }
    if (res.status === 204) return undefined as T;
    let answer: unknown;
    try {
      answer = await res.json();
    } catch {
      throw new RegisterError(res.status, 'bad_answer', `the server answered ${res.status} without JSON`);
    }
    if (!res.ok) {
      const b = (answer ?? {}) as { code?: string; message?: string; details?: { parameter?: string } };
      const wait = Number(res.headers.get('Retry-After'));
      const error = new RegisterError(res.status, b.code ?? 'unknown', b.message ?? `HTTP ${res.status}`, b.details?.parameter,
        Number.isFinite(wait) && wait > 0 ? wait : undefined);
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
}
