// The client of Caravan's HTTP API (docs/server.md): typed answers, and every error as an ApiError with
// the API's code, so the views can say what went wrong. `fetch` is injected for the unit tests.
import type { PlanSearch, TripCheck } from './url-state.js';
import type { RuleMessage } from './rule-messages.js';

export interface StopMatch {
  name: string;
  stopId: string;
  timezone: string;
  matchedName: string;
  language: string;
  translated: boolean;
}

export interface StopDetails {
  stopId: string;
  name: string;
  timezone: string;
  country: string;
  parentStation: string | null;
  translations: Record<string, string>;
}

export interface Place {
  name: string;
  stopId?: string;
  departure?: string;
  arrival?: string;
}

export interface Leg {
  mode: string;
  startTime: string;
  endTime: string;
  duration: number;
  waitBefore: number;
  from: Place;
  to: Place;
  estimated: boolean;
  routeShortName?: string;
  routeLongName?: string;
  tripShortName?: string;
  agencyName?: string;
  headsign?: string;
  intermediateStops?: Place[];
  legGeometry?: { points: string; precision?: number; length?: number };
  // Road legs over a border crossing: the crossing on the local day it is reached (hours local there).
  crossing?: { id: string; name: string; wait: number; timezone: string; date: string; hours: string | null; confidence: string };
}

export interface BorderCrossing {
  legIndex: number;
  mode: string;
  fromCountry: string;
  toCountry: string;
  fromStopId?: string;
  toStopId?: string;
  crossingId?: string;
  crossingName?: string;
}

export interface RuleSource {
  url?: string;
  title?: string;
}

export interface TravellerVerdict {
  nationality: string;
  passport: string;
  verdict: string; // allowed, allowed_with_conditions, arrange_before_travel, visa_needed, ... (api/openapi.yaml Verdict)
  regime?: string;
  maxStayDays?: number;
  latestExit?: string;
  conditions: string[];
  reasons: string[];
  beforeDeparture?: string[];
  // The same sentences as messages (code, params, English text), to say in the reader's language (lib/rule-messages.ts).
  conditionMessages?: RuleMessage[];
  reasonMessages?: RuleMessage[];
  beforeDepartureMessages?: RuleMessage[];
  rule?: { id: string; confidence?: string; sources?: RuleSource[] };
}

export interface Entry {
  country: string;
  from?: string;
  time?: string;
  stopId?: string;
  stopName?: string;
  port?: string;
  airsideTransit?: boolean;
  note?: string;
  travellers: TravellerVerdict[];
}

export interface Itinerary {
  duration: number;
  startTime: string;
  endTime: string;
  transfers: number;
  legs: Leg[];
  borderCrossings?: BorderCrossing[];
  entry?: Entry[]; // with travellers only
}

export interface PlanAnswer {
  from: Place;
  to: Place;
  time: string;
  itineraries: Itinerary[];
  bestByMode: Record<string, Itinerary | null>;
  coverageNote?: string;
  closedCountries?: string[]; // with travellers: countries some traveller may not enter without a visa first
  visaFreeItineraries?: Itinerary[]; // with travellers: the best journeys no traveller needs a visa for
}

export interface Departure {
  time: string;
  stopId: string;
  mode: string;
  routeShortName?: string;
  routeLongName?: string;
  tripShortName?: string;
  agencyName?: string;
  headsign?: string;
  confidence?: string;
}

export interface DeparturesBoard {
  stop: StopDetails;
  date: string;
  timezone: string;
  total: number;
  departures: Departure[];
}

// A border crossing on one local day (GET /api/v1/crossings, docs/server.md "Border crossings").
export interface CrossingDay {
  date: string; // YYYY-MM-DD local at the crossing
  weekday: string; // monday ... sunday
  status: 'open' | 'closed_weekday' | 'closed_listed';
  hours: string | null; // "10:00-18:00" local, when open
  reason: string | null; // closed_listed: the data's reason
}

export interface Crossing extends CrossingDay {
  id: string;
  name: string;
  timezone: string;
  lat: number | null; // null: the data has no position
  lon: number | null;
  nextOpening: CrossingDay | null;
  week: CrossingDay[];
  weeklyHours: Record<string, string | null>;
  formalitiesSeconds: number;
  closuresKnown: boolean;
  source: string;
  confidence: string;
}

export interface GeoFeature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export interface StayVerdict {
  stay: number;
  country: string;
  entry: string;
  exit: string;
  verdict: string;
  regime?: string;
  rule?: string;
  confidence?: string;
  latest_exit?: string;
  over_by_days?: number;
  window_days_used?: number;
  conditions: string[];
  reasons: string[];
  notes: string[];
  before_departure: string[];
  condition_messages?: RuleMessage[];
  reason_messages?: RuleMessage[];
  note_messages?: RuleMessage[];
  before_departure_messages?: RuleMessage[];
  sources?: string[];
}

export interface TripCheckAnswer {
  travellers: { nationality: string; passport: string; name: string; all_ok: boolean; summary: string; before_departure: string[]; before_departure_messages?: RuleMessage[]; stays: StayVerdict[] }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number, // 0: no answer (network)
    readonly code: string,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
  // The API's temporary refusals, and a proxy's error page (502, 503, 504): the same request may succeed
  // a moment later.
  get retryable(): boolean {
    return this.status === 0 || ['server_busy', 'not_ready', 'deadline_exceeded', 'too_many_connections'].includes(this.code)
      || (this.code === 'bad_answer' && this.status >= 500);
  }
}

// "did you mean: Almaty (almaty), Alma-Ata (x)?" -> [{name: 'Almaty', stopId: 'almaty'}, ...]
export function suggestionsFromMessage(message: string): { name: string; stopId: string }[] {
  const at = message.search(/did you mean:|one of:|places:/i);
  if (at < 0) return [];
  const out: { name: string; stopId: string }[] = [];
  for (const m of message.slice(at).matchAll(/([^:,;?]+?)\s*\(([^()\s]+)\)/g)) {
    out.push({ name: m[1].trim(), stopId: m[2] });
  }
  return out;
}

// A trip as trip.json (docs/rules-format.md): the travellers in the body too, for their earlier stays;
// the API's defaults (tourism, no ticket) left out.
export function tripBody(trip: TripCheck): unknown {
  return {
    travellers: trip.travellers.map((spec, i) => {
      const [nationality, passport, birth] = spec.split(':');
      const earlier = (trip.earlierStays ?? []).filter((e) => e.traveller === i).map(({ country, entry, exit }) => ({ country, entry, exit }));
      return { nationality, ...(passport ? { passport } : {}), ...(birth ? { birth_date: birth } : {}), ...(earlier.length ? { earlier_stays: earlier } : {}) };
    }),
    stays: trip.stays.map((s) => ({
      country: s.country,
      entry: s.entry,
      exit: s.exit,
      ...(s.entryPort ? { entry_port: s.entryPort } : {}),
      ...(s.purpose && s.purpose !== 'tourism' ? { purpose: s.purpose } : {}),
      ...(s.onwardTicket ? { onward_ticket: true } : {}),
      ...(s.groupTour ? { group_tour: { operator: s.groupTour.operator, registered: s.groupTour.registered, size: s.groupTour.size } } : {}),
      ...(s.regions?.length ? { regions: s.regions } : {}),
    })),
  };
}

// The query of /api/v1/plan for a search (MOTIS's parameter names).
export function planQuery(s: PlanSearch): string {
  const p = new URLSearchParams();
  p.set('fromPlace', s.from);
  p.set('toPlace', s.to);
  p.set('time', `${s.date}T${s.time}`);
  if (s.arriveBy) p.set('arriveBy', 'true');
  if (s.modes.length) p.set('modes', s.modes.join(','));
  if (s.travellers.length) p.set('travellers', s.travellers.join(','));
  if (s.travellers.length && s.onlyVisaFree) p.set('onlyVisaFree', 'true');
  return p.toString();
}

type Fetch = (input: string, init?: { signal?: AbortSignal; headers?: Record<string, string>; method?: string; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

export class ApiClient {
  private stops = new Map<string, Promise<StopDetails | null>>();

  // timeoutMs: a request unanswered that long fails as a network error (the view offers to try again)
  // instead of a spinner for ever; the server's own deadline is shorter, so only a hung network gets here.
  constructor(
    private readonly fetchFn: Fetch = (u, i) => fetch(u, i),
    private readonly base = '',
    private readonly timeoutMs = 30_000,
  ) {}

  private async get<T>(path: string, signal?: AbortSignal, post?: unknown): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const both = signal ? (AbortSignal as unknown as { any(s: AbortSignal[]): AbortSignal }).any([signal, timeout]) : timeout;
    let res;
    try {
      res = await this.fetchFn(this.base + path, post === undefined
        ? { signal: both, headers: { Accept: 'application/json' } }
        : { signal: both, method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(post) });
    } catch (e) {
      if (timeout.aborted && !signal?.aborted) {
        throw new ApiError(0, 'network', `no answer within ${Math.round(this.timeoutMs / 1000)} s`);
      }
      if ((e as Error)?.name === 'AbortError' || (e as Error)?.name === 'TimeoutError') throw e;
      throw new ApiError(0, 'network', (e as Error)?.message ?? 'network error');
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      // A proxy's error page (502, 504) or a refusal before Caravan answered: no API message to show.
      throw new ApiError(res.status, 'bad_answer', `the server answered ${res.status} without JSON`);
    }
    if (!res.ok) {
      const b = (body ?? {}) as { code?: string; message?: string; details?: { parameter?: string } };
      throw new ApiError(res.status, b.code ?? 'unknown', b.message ?? `HTTP ${res.status}`, b.details?.parameter);
    }
    return body as T;
  }

  searchStops(text: string, limit = 8, signal?: AbortSignal): Promise<StopMatch[]> {
    const q = new URLSearchParams({ q: text, limit: String(limit) });
    return this.get<{ matches: StopMatch[] }>(`/api/v1/stops?${q}`, signal).then((a) => a.matches);
  }

  plan(search: PlanSearch, signal?: AbortSignal): Promise<PlanAnswer> {
    return this.get<PlanAnswer>(`/api/v1/plan?${planQuery(search)}`, signal);
  }

  // The entry rules on a trip (POST /api/v1/entry/check): the trip as trip.json, the body.
  checkTrip(trip: TripCheck): Promise<TripCheckAnswer> {
    return this.get<TripCheckAnswer>('/api/v1/entry/check', undefined, tripBody(trip));
  }

  // A local day's departures board at a stop or station (docs/server.md).
  departures(stopId: string, date: string, limit = 50): Promise<DeparturesBoard> {
    const q = new URLSearchParams({ date, limit: String(limit) });
    return this.get<DeparturesBoard>(`/api/v1/stops/${encodeURIComponent(stopId)}/departures?${q}`);
  }

  // Any GET answering JSON (the tour builder's GET /api/v1/tours/plan, lib/tour-plan.ts builds its path).
  getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.get<T>(path, signal);
  }

  network(): Promise<GeoCollection> {
    return this.get<GeoCollection>('/api/v1/network');
  }

  sites(): Promise<GeoCollection> {
    return this.get<GeoCollection>('/api/v1/sites');
  }

  // Without a date: today at each crossing, in its own zone.
  crossings(date?: string): Promise<{ date: string | null; crossings: Crossing[] }> {
    return this.get(`/api/v1/crossings${date ? `?date=${encodeURIComponent(date)}` : ''}`);
  }

  // A stop's zone and translated names, asked once per stop and kept; null when unknown. Only answers
  // are kept: a failed request (a network blip, a busy server) is asked again next time.
  stop(id: string): Promise<StopDetails | null> {
    let p = this.stops.get(id);
    if (!p) {
      p = this.get<StopDetails>(`/api/v1/stops/${encodeURIComponent(id)}`).catch((e) => {
        if (!(e instanceof ApiError && e.status === 404)) this.stops.delete(id);
        return null;
      });
      this.stops.set(id, p);
    }
    return p;
  }
}

// A place's name in the language: the feed's translation when it has one.
export function nameIn(details: StopDetails | null | undefined, lang: string, fallback: string): string {
  return details?.translations?.[lang] ?? fallback;
}
