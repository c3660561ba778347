// The app's state in the URL: the language and the search, so a link reproduces it and back/forward
// restore it. Pure functions over URLSearchParams (tests/unit/url-state.test.mjs).

export const LANGUAGES = ['en', 'zh', 'ru', 'kk', 'uz', 'ky'] as const;
export type Language = (typeof LANGUAGES)[number];
export const MODES = ['rail', 'air', 'bus', 'road'] as const;
export type Mode = (typeof MODES)[number];

export interface PlanSearch {
  from: string; // a stop id when one was chosen, else the text typed
  fromLabel: string; // what the field shows
  to: string;
  toLabel: string;
  date: string; // YYYY-MM-DD, local at the origin (at the destination with arriveBy)
  time: string; // HH:MM
  arriveBy: boolean;
  modes: Mode[]; // empty: all
  // As the API's `travellers` takes them: NATIONALITY[:PASSPORT[:BIRTH-DATE]] ("CN", "KZ:service").
  travellers: string[];
  onlyVisaFree: boolean; // only journeys no traveller needs a visa for (with travellers)
}

const TRAVELLER = /^[A-Z]{2}(:(ordinary|service|diplomatic)(:\d{4}-\d{2}-\d{2})?)?$/;

export function isTravellerSpec(s: string): boolean {
  return TRAVELLER.test(s);
}

export type View = 'plan' | 'map' | 'check' | 'register' | 'cases' | 'tour' | 'stats' | 'rate';

// A trip to check against the entry rules: stays in order, each one country between two local dates,
// with what trip.json may say beside (docs/rules-format.md, Trip files).
export const PURPOSES = ['tourism', 'business', 'family', 'transit'] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface GroupTour {
  operator: string; // may be empty
  registered: boolean; // the operator (or its programme) is on the destination's register
  size: number;
}

export interface Stay {
  country: string; // ISO 3166-1 alpha-2
  entry: string; // YYYY-MM-DD
  exit: string;
  // Absent: tourism, no onward ticket, no port, no group, no regions (the API's defaults).
  purpose?: Purpose;
  onwardTicket?: boolean;
  entryPort?: string; // a border crossing id or an airport's IATA code
  groupTour?: GroupTour;
  regions?: string[];
}

// A traveller's stay before the trip that counts toward rolling windows (90 days in any 180).
export interface EarlierStay {
  traveller: number; // index into TripCheck.travellers
  country: string;
  entry: string;
  exit: string;
}

export interface TripCheck {
  travellers: string[];
  stays: Stay[];
  earlierStays?: EarlierStay[]; // absent when none
}

// A stay in the URL: COUNTRY:ENTRY:EXIT, then optional ":key" or ":key=value" items, values
// percent-encoded so that no ":" or "," of a region's name can split the list:
// KG:2025-06-20:2025-06-28:purpose=transit:ticket:port=irkeshtam:group=12:operator=silk-tours:registered:regions=Issyk-Kul|Chui
const STAY = /^([A-Za-z]{2}):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})((?::[^:]*)*)$/;
const MAX_STAYS = 30;
export const MAX_GROUP = 999; // people in a group tour, at most

function decoded(text: string): string {
  try {
    return decodeURIComponent(text).trim();
  } catch {
    return ''; // a broken escape: the item is dropped
  }
}

function parseStay(text: string): Stay | null {
  const m = STAY.exec(text.trim());
  if (!m) return null;
  const stay: Stay = { country: m[1].toUpperCase(), entry: m[2], exit: m[3] };
  let group: GroupTour | undefined;
  let operator = '';
  let registered = false;
  // Unknown or malformed items are skipped, so a link from a later version still opens.
  for (const item of m[4].split(':').slice(1)) {
    const [key, value = ''] = item.split('=', 2);
    if (key === 'purpose' && (PURPOSES as readonly string[]).includes(value)) {
      if (value !== 'tourism') stay.purpose = value as Purpose;
    } else if (key === 'ticket') stay.onwardTicket = true;
    else if (key === 'port' && decoded(value)) stay.entryPort = decoded(value);
    else if (key === 'group' && /^\d{1,3}$/.test(value) && Number(value) > 0) group = { operator: '', registered: false, size: Number(value) };
    else if (key === 'operator') operator = decoded(value);
    else if (key === 'registered') registered = true;
    else if (key === 'regions') {
      const regions = value.split('|').map(decoded).filter(Boolean).slice(0, 20);
      if (regions.length) stay.regions = regions;
    }
  }
  if (group) stay.groupTour = { ...group, operator, registered };
  return stay;
}

export function parseStays(text: string): Stay[] {
  return text.split(',').map(parseStay).filter((s): s is Stay => !!s).slice(0, MAX_STAYS);
}

function stayToText(s: Stay): string {
  const items = [s.country, s.entry, s.exit];
  if (s.purpose && s.purpose !== 'tourism') items.push(`purpose=${s.purpose}`);
  if (s.onwardTicket) items.push('ticket');
  if (s.entryPort) items.push(`port=${encodeURIComponent(s.entryPort)}`);
  if (s.groupTour) {
    items.push(`group=${Math.min(MAX_GROUP, Math.max(1, Math.round(s.groupTour.size)))}`);
    if (s.groupTour.operator) items.push(`operator=${encodeURIComponent(s.groupTour.operator)}`);
    if (s.groupTour.registered) items.push('registered');
  }
  if (s.regions?.length) items.push(`regions=${s.regions.map(encodeURIComponent).join('|')}`);
  return items.join(':');
}

export function staysToText(stays: Stay[]): string {
  return stays.map(stayToText).join(',');
}

// Earlier stays in the URL: TRAVELLER:COUNTRY:ENTRY:EXIT, the traveller counted from 1 as the form shows it
// ("1:KZ:2025-03-01:2025-04-29"); those of a traveller not in the trip are dropped.
const EARLIER = /^(\d{1,2}):([A-Za-z]{2}):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$/;

export function parseEarlierStays(text: string, travellers: number): EarlierStay[] {
  return text.split(',').map((x) => EARLIER.exec(x.trim())).filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ traveller: Number(m[1]) - 1, country: m[2].toUpperCase(), entry: m[3], exit: m[4] }))
    .filter((e) => e.traveller >= 0 && e.traveller < travellers).slice(0, 50)
    .sort((a, b) => a.traveller - b.traveller); // the form's order: by traveller, stable within one
}

export function earlierStaysToText(earlier: EarlierStay[]): string {
  return earlier.map((e) => `${e.traveller + 1}:${e.country}:${e.entry}:${e.exit}`).join(',');
}

// The plan form as the traveller left it, not searched yet: kept over a change of language (never in the
// URL). `modes` are the boxes checked, none when none is.
export interface PlanEdits {
  from: { id: string; label: string };
  to: { id: string; label: string };
  date: string;
  time: string;
  arriveBy: boolean;
  modes: Mode[];
  travellers: string[];
  onlyVisaFree: boolean;
}

export interface AppState {
  view: View;
  lang: Language;
  search: PlanSearch | null; // null: the form only, nothing searched
  // Places filled in without a search yet (the map's "plan a trip there", a link with one place).
  draft?: { from?: string; fromLabel?: string; to?: string; toLabel?: string };
  check?: TripCheck | null; // the check view's trip, null when nothing is checked yet
  // The check's form filled in but not checked: stays without travellers (a journey planned for nobody).
  checkDraft?: TripCheck;
  journey?: number; // the map: which journey of `search` to draw (its index in the plan's answer)
  edits?: PlanEdits; // the plan form's unsent changes, over a re-render in another language
  // The cases' screen: 'new' (the traveller's form), a case's number, or none (the list or the queue).
  caseScreen?: 'new' | number;
  // The tour builder's form (/tour): its query as the URL has it, without `lang`; read and written by
  // lib/tour-plan.ts, which only the tour's chunk loads.
  tourQuery?: string;
  // The statistics dashboard's date range (/stats): its query as the URL has it, without `lang`; read
  // and written by lib/stats.ts, which only the dashboard's chunk loads.
  statsQuery?: string;
  // The public rating page (/rate?tour=ID&code=CODE): its query as the URL has it, without `lang`; read by
  // lib/ratings.ts.
  rateQuery?: string;
}

export function isLanguage(s: string | null | undefined): s is Language {
  return !!s && (LANGUAGES as readonly string[]).includes(s);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

// The form says both limits: a longer place name makes a request line the server refuses (431), and
// more travellers than the URL keeps would be dropped on reload.
export const MAX_PLACE_LENGTH = 100;
export const MAX_TRAVELLERS = 9;

function parseTravellers(text: string | null): string[] {
  return (text ?? '')
    .split(',')
    .map((x) => x.trim().toUpperCase().replace(/:(ORDINARY|SERVICE|DIPLOMATIC)/, (m) => m.toLowerCase()))
    .filter(isTravellerSpec)
    .slice(0, MAX_TRAVELLERS);
}

// YYYY-MM-DD naming a day of the calendar (not 2025-02-30).
export function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

// A calendar day moved by whole days: 2025-05-29 + 7 = 2025-06-05.
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// What makes a search impossible to send, found before asking the server (whose answers to these are
// less clear): the last part of an `error.` text key, or null when the search can go.
export type SearchProblem = 'missing' | 'placeTooLong' | 'samePlace' | 'badDate' | 'badTime' | 'futureBirthDate' | 'badBirthDate';

export function searchProblem(s: PlanSearch, today: string): SearchProblem | null {
  if (!s.from.trim() || !s.to.trim() || !s.date) return 'missing';
  if ([s.from, s.to, s.fromLabel, s.toLabel].some((x) => x.length > MAX_PLACE_LENGTH)) return 'placeTooLong';
  if (s.from.trim().toLowerCase() === s.to.trim().toLowerCase()) return 'samePlace';
  if (!isCalendarDate(s.date)) return 'badDate';
  if (!TIME.test(s.time) || Number(s.time.slice(0, 2)) > 23 || Number(s.time.slice(3)) > 59) return 'badTime';
  for (const spec of s.travellers) {
    const birth = spec.split(':')[2];
    if (birth && !isCalendarDate(birth)) return 'badBirthDate';
    if (birth && birth > today) return 'futureBirthDate';
  }
  return null;
}

export function parseState(pathname: string, query: string, fallbackLang: Language): AppState {
  const p = new URLSearchParams(query);
  const lang = isLanguage(p.get('lang')) ? (p.get('lang') as Language) : fallbackLang;
  const from = p.get('from')?.trim() ?? '';
  const to = p.get('to')?.trim() ?? '';
  const date = p.get('date') ?? '';
  const time = p.get('time') ?? '';
  // One path per view; later screens (register, cases, tours) add theirs.
  const path = pathname.replace(/\/+$/, '');
  const view: View = path === '/map' ? 'map' : path === '/check' ? 'check' : path === '/register' ? 'register' : path === '/cases' ? 'cases' : path === '/tour' ? 'tour' : path === '/stats' ? 'stats' : path === '/rate' ? 'rate' : 'plan';
  // The register keeps nothing in the URL: who is signed in is the session's (sessionStorage), not a
  // link's. The cases keep which screen is shown (`case=new`, `case=12`: a case's number, not its
  // contents, which only its parties read), so Back goes back to the list.
  if (view === 'register') return { view, lang, search: null };
  if (view === 'tour') {
    p.delete('lang');
    const tourQuery = p.toString();
    return { view, lang, search: null, ...(tourQuery ? { tourQuery } : {}) };
  }
  if (view === 'stats') {
    p.delete('lang');
    const statsQuery = p.toString();
    return { view, lang, search: null, ...(statsQuery ? { statsQuery } : {}) };
  }
  if (view === 'rate') {
    p.delete('lang');
    const rateQuery = p.toString();
    return { view, lang, search: null, ...(rateQuery ? { rateQuery } : {}) };
  }
  if (view === 'cases') {
    const c = p.get('case') ?? '';
    const caseScreen = c === 'new' ? 'new' : /^[1-9]\d{0,14}$/.test(c) ? Number(c) : undefined;
    return { view, lang, search: null, ...(caseScreen !== undefined ? { caseScreen } : {}) };
  }
  if (view === 'check') {
    const stays = parseStays(p.get('stays') ?? '');
    const travellers = parseTravellers(p.get('travellers'));
    const earlierStays = parseEarlierStays(p.get('earlier') ?? '', travellers.length);
    const check = stays.length && travellers.length ? { travellers, stays, ...(earlierStays.length ? { earlierStays } : {}) } : null;
    return { view, lang, search: null, check, ...(stays.length && !travellers.length ? { checkDraft: { travellers, stays } } : {}) };
  }
  if (!from || !to || !DATE.test(date)) {
    if (view === 'map' || (!from && !to)) return { view, lang, search: null };
    return { view, lang, search: null, draft: { from, fromLabel: p.get('fromLabel') ?? from, to, toLabel: p.get('toLabel') ?? to } };
  }
  const modes = (p.get('modes') ?? '')
    .split(',')
    .filter((m): m is Mode => (MODES as readonly string[]).includes(m));
  const travellers = parseTravellers(p.get('travellers'));
  const journey = Number(p.get('journey') ?? 0);
  return {
    view,
    ...(view === 'map' ? { journey: Number.isInteger(journey) && journey >= 0 && journey < 50 ? journey : 0 } : {}),
    lang,
    search: {
      from,
      fromLabel: p.get('fromLabel') ?? from,
      to,
      toLabel: p.get('toLabel') ?? to,
      date,
      time: TIME.test(time) ? time : '08:00',
      arriveBy: p.get('arriveBy') === 'true',
      modes,
      travellers,
      onlyVisaFree: travellers.length > 0 && p.get('onlyVisaFree') === 'true',
    },
  };
}

export function stateToUrl(state: AppState): string {
  const p = new URLSearchParams();
  p.set('lang', state.lang);
  const s = state.search;
  const d = state.view === 'plan' && !s ? state.draft : undefined;
  if (d) {
    for (const k of ['from', 'fromLabel', 'to', 'toLabel'] as const) if (d[k] && !(k.endsWith('Label') && d[k] === d[k.replace('Label', '') as 'from' | 'to'])) p.set(k, d[k]!);
  }
  if (s) {
    p.set('from', s.from);
    if (s.fromLabel && s.fromLabel !== s.from) p.set('fromLabel', s.fromLabel);
    p.set('to', s.to);
    if (s.toLabel && s.toLabel !== s.to) p.set('toLabel', s.toLabel);
    p.set('date', s.date);
    p.set('time', s.time);
    if (s.arriveBy) p.set('arriveBy', 'true');
    if (s.modes.length && s.modes.length < MODES.length) p.set('modes', s.modes.join(','));
    if (s.travellers.length) p.set('travellers', s.travellers.join(','));
    if (s.travellers.length && s.onlyVisaFree) p.set('onlyVisaFree', 'true');
  }
  if (state.view === 'map' && s) p.set('journey', String(state.journey ?? 0));
  const trip = state.view === 'check' ? state.check ?? state.checkDraft : null;
  if (trip) {
    if (trip.travellers.length) p.set('travellers', trip.travellers.join(','));
    p.set('stays', staysToText(trip.stays));
    if (trip.earlierStays?.length) p.set('earlier', earlierStaysToText(trip.earlierStays));
  }
  if (state.view === 'cases' && state.caseScreen !== undefined) p.set('case', String(state.caseScreen));
  if (state.view === 'tour' && state.tourQuery) for (const [k, v] of new URLSearchParams(state.tourQuery)) if (k !== 'lang') p.append(k, v);
  if (state.view === 'stats' && state.statsQuery) for (const [k, v] of new URLSearchParams(state.statsQuery)) if (k !== 'lang') p.append(k, v);
  if (state.view === 'rate' && state.rateQuery) for (const [k, v] of new URLSearchParams(state.rateQuery)) if (k !== 'lang') p.append(k, v);
  return `${state.view === 'plan' ? '/' : '/' + state.view}?${p.toString()}`;
}

// The language to start in: the URL's, else the one remembered, else the browser's, else English.
export function initialLanguage(urlLang: string | null, remembered: string | null, browser: readonly string[]): Language {
  if (isLanguage(urlLang)) return urlLang;
  if (isLanguage(remembered)) return remembered;
  for (const b of browser) {
    const base = b.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
