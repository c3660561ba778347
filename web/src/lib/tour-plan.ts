// The tour builder's logic (issue 18, docs/tours.md), pure and unit-tested (tests/unit/tour-*.test.mjs):
// the form as it lives in the URL (a copied link reopens and recomputes the tour), the query of
// GET /api/v1/tours/plan and its exports, the themes and the site selection, the answer's types, what the
// timeline and the map draw from it, the shortfall applied to the form, and a tour as a group tour's
// programme for the register (POST /api/v1/tours). Loaded with the tour's chunk only.
import type { Entry, Itinerary, Leg } from './api.js';
import { decodePolyline } from './polyline.js';
import type { TourLeg, TourProgramme, TourStay } from './register-api.js';
import { staysOfJourney } from './journey-stays.js';
import { tourLegsOfJourney } from './tour-journey.js';
import { isCalendarDate, isTravellerSpec, MAX_GROUP, MAX_TRAVELLERS, MODES, type Mode } from './url-state.js';

export const MIN_DAYS = 1;
export const MAX_DAYS = 30; // tours::kMaxDays
export const MAX_SITES = 40; // tours::kMaxSites
export const MAX_TOURS = 5;
export const EXPORT_FORMATS = ['ics', 'geojson', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface TourGroup {
  size: number;
  operator: string;
  registered: boolean;
}

export interface TourForm {
  start: string; // a stop id when one was chosen, else the text typed
  startLabel: string;
  end: string; // '' : back to the start
  endLabel: string;
  date: string; // YYYY-MM-DD, local at the start
  time: string; // HH:MM
  days: number; // 1 .. 30
  travellers: string[]; // NATIONALITY[:PASSPORT[:BIRTH-DATE]], as the plan's
  group: TourGroup | null;
  modes: Mode[]; // empty: all
  dayStart: string; // HH:MM
  dayEnd: string;
  overnight: boolean;
  car: boolean; // a hired car may drive between towns of one country (the API's `car`)
  keepOrder: boolean; // visit in the order chosen, no optimising: `sites` keeps that order
  onwardTicket: boolean; // the travellers hold a ticket out of the country the tour ends in
  theme: string; // '' or one of the API's themes ("corridor:KZ")
  sites: string[]; // site ids besides the theme's (or all of them without one)
  tours: number; // 1 .. 5
}

export const DEFAULT_TOUR_FORM: TourForm = {
  start: '', startLabel: '', end: '', endLabel: '', date: '', time: '08:00', days: 5, travellers: [], group: null,
  modes: [], dayStart: '08:00', dayEnd: '21:00', overnight: true, car: false, keepOrder: false, onwardTicket: false, theme: '', sites: [], tours: 3,
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const SITE_ID = /^[a-z0-9_]{1,60}$/;
const THEME = /^(corridor(:[A-Z]{2}(,[A-Z]{2})*)?|country:[A-Z]{2}|unesco:\d{1,6})$/;

export const isTime = (s: string) => TIME.test(s);
export const isTheme = (s: string) => THEME.test(s);

function intIn(text: string | null, lo: number, hi: number, fallback: number): number {
  if (text === null || !/^\d{1,4}$/.test(text)) return fallback;
  const n = Number(text);
  return n >= lo && n <= hi ? n : fallback;
}

// The form from the app's URL query (without `lang`); anything unreadable takes the default, so an
// older or hand-edited link still opens.
export function parseTourForm(query: string | URLSearchParams): TourForm {
  const p = typeof query === 'string' ? new URLSearchParams(query) : query;
  const start = (p.get('start') ?? '').trim().slice(0, 100);
  const end = (p.get('end') ?? '').trim().slice(0, 100);
  const date = p.get('date') ?? '';
  const time = p.get('time') ?? '';
  const groupSize = intIn(p.get('group'), 1, MAX_GROUP, 0);
  const sites = [...new Set((p.get('sites') ?? '').split(',').map((s) => s.trim()).filter((s) => SITE_ID.test(s)))].slice(0, MAX_SITES);
  const theme = p.get('theme') ?? '';
  const dayStart = p.get('dayStart') ?? '';
  const dayEnd = p.get('dayEnd') ?? '';
  return {
    start,
    startLabel: (p.get('startLabel') ?? start).slice(0, 100),
    end,
    endLabel: end ? (p.get('endLabel') ?? end).slice(0, 100) : '',
    date: isCalendarDate(date) ? date : '',
    time: isTime(time) ? time : DEFAULT_TOUR_FORM.time,
    days: intIn(p.get('days'), MIN_DAYS, MAX_DAYS, DEFAULT_TOUR_FORM.days),
    travellers: (p.get('travellers') ?? '').split(',').map((x) => x.trim().toUpperCase().replace(/:(ORDINARY|SERVICE|DIPLOMATIC)/, (m) => m.toLowerCase()))
      .filter(isTravellerSpec).slice(0, MAX_TRAVELLERS),
    group: groupSize ? { size: groupSize, operator: (p.get('groupOperator') ?? '').trim().slice(0, 200), registered: p.get('groupRegistered') === 'true' } : null,
    modes: (p.get('modes') ?? '').split(',').filter((m): m is Mode => (MODES as readonly string[]).includes(m)),
    dayStart: isTime(dayStart) ? dayStart : DEFAULT_TOUR_FORM.dayStart,
    dayEnd: isTime(dayEnd) ? dayEnd : DEFAULT_TOUR_FORM.dayEnd,
    overnight: p.get('overnight') !== 'false',
    car: p.get('car') === 'true',
    keepOrder: p.get('keepOrder') === 'true',
    onwardTicket: p.get('onwardTicket') === 'true',
    theme: isTheme(theme) ? theme : '',
    sites,
    tours: intIn(p.get('tours'), 1, MAX_TOURS, DEFAULT_TOUR_FORM.tours),
  };
}

// The parameters shared by the app's URL and the API's query; defaults are left out (short links).
function commonParams(f: TourForm): URLSearchParams {
  const p = new URLSearchParams();
  if (f.start) p.set('start', f.start);
  if (f.date) p.set('time', `${f.date}T${f.time}`);
  if (f.end) p.set('end', f.end);
  if (f.sites.length) p.set('sites', f.sites.join(','));
  if (f.theme) p.set('theme', f.theme);
  p.set('days', String(f.days));
  if (f.travellers.length) p.set('travellers', f.travellers.join(','));
  if (f.group) {
    p.set('group', String(f.group.size));
    if (f.group.operator) p.set('groupOperator', f.group.operator);
    if (f.group.registered) p.set('groupRegistered', 'true');
  }
  if (f.modes.length && f.modes.length < MODES.length) p.set('modes', f.modes.join(','));
  if (f.dayStart !== DEFAULT_TOUR_FORM.dayStart) p.set('dayStart', f.dayStart);
  if (f.dayEnd !== DEFAULT_TOUR_FORM.dayEnd) p.set('dayEnd', f.dayEnd);
  if (!f.overnight) p.set('overnight', 'false');
  if (f.car) p.set('car', 'true');
  if (f.keepOrder) p.set('keepOrder', 'true');
  if (f.onwardTicket) p.set('onwardTicket', 'true');
  if (f.tours !== DEFAULT_TOUR_FORM.tours) p.set('tours', String(f.tours));
  return p;
}

// The app's URL query for the form (main.ts adds `lang`): the API's names where they exist, with the
// date and time apart and the places' labels, so the form shows what was chosen.
export function tourFormToQuery(f: TourForm): string {
  const p = commonParams(f);
  p.delete('time');
  const out = new URLSearchParams();
  if (f.start) {
    out.set('start', f.start);
    if (f.startLabel && f.startLabel !== f.start) out.set('startLabel', f.startLabel);
  }
  if (f.date) {
    out.set('date', f.date);
    out.set('time', f.time);
  }
  if (f.end) {
    out.set('end', f.end);
    if (f.endLabel && f.endLabel !== f.end) out.set('endLabel', f.endLabel);
  }
  for (const [k, v] of p) if (k !== 'start' && k !== 'end') out.set(k, v);
  return out.toString();
}

// GET /api/v1/tours/plan's query for the form: the JSON answer, or an export of one tour (its index).
export function tourApiPath(f: TourForm, format: 'json' | ExportFormat = 'json', tour = 0): string {
  const p = commonParams(f);
  if (format !== 'json') {
    p.set('format', format);
    p.set('tour', String(tour));
  }
  return `/api/v1/tours/plan?${p}`;
}

// What stops the form from being sent, found before asking the server: a `tour.problem.` text key's last
// part, or null.
export type TourProblem = 'missingStart' | 'badDate' | 'badTime' | 'badDays' | 'noSites' | 'tooManySites' | 'badDayTimes' | 'badGroup' | 'futureBirthDate';

export function tourFormProblem(f: TourForm, today: string): TourProblem | null {
  if (!f.start.trim()) return 'missingStart';
  if (!isCalendarDate(f.date)) return 'badDate';
  if (!isTime(f.time)) return 'badTime';
  if (!Number.isInteger(f.days) || f.days < MIN_DAYS || f.days > MAX_DAYS) return 'badDays';
  if (!f.theme && !f.sites.length) return 'noSites';
  if (f.sites.length > MAX_SITES) return 'tooManySites';
  if (!isTime(f.dayStart) || !isTime(f.dayEnd) || f.dayStart >= f.dayEnd) return 'badDayTimes';
  if (f.group && (!Number.isInteger(f.group.size) || f.group.size < 1 || f.group.size > MAX_GROUP)) return 'badGroup';
  if (f.travellers.some((s) => (s.split(':')[2] ?? '') > today)) return 'futureBirthDate';
  return null;
}

// ---- Sites and themes ----------------------------------------------------------------------------

export interface SiteInfo {
  id: string;
  name: string;
  nameLocal: string;
  countries: string[]; // a transnational property names several ("TJ/UZ/TM")
  lat: number | null;
  lon: number | null;
  unescoRef: string;
  nearestStopId: string;
}

// /api/v1/sites (GeoJSON, libs/server/src/api.cc site_feature) as the builder's list.
export function sitesFromGeoJson(fc: { features: { geometry: { coordinates: unknown } | null; properties: Record<string, unknown> }[] }): SiteInfo[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
  return fc.features.filter((f) => typeof f.properties.siteId === 'string').map((f) => {
    const c = Array.isArray(f.geometry?.coordinates) ? (f.geometry!.coordinates as unknown[]) : [];
    return {
      id: str(f.properties.siteId),
      name: str(f.properties.name),
      nameLocal: str(f.properties.nameLocal),
      countries: str(f.properties.country).split(/[/;,\s]+/).filter((x) => /^[A-Z]{2}$/.test(x)),
      lat: typeof c[1] === 'number' ? c[1] : null,
      lon: typeof c[0] === 'number' ? c[0] : null,
      unescoRef: str(f.properties.unescoRef),
      nearestStopId: str(f.properties.nearestStopId),
    };
  });
}

// The themes offered as buttons: the API's theme strings (tours::theme_sites) and a text key each.
export const CORRIDOR_REF = '1442'; // UNESCO's Silk Roads: the Routes Network of Chang'an-Tianshan Corridor
export const THEMES = [
  { theme: 'corridor', key: 'corridor' },
  { theme: 'corridor:KZ', key: 'corridorKZ' },
  { theme: 'corridor:KG', key: 'corridorKG' },
  { theme: 'corridor:CN', key: 'corridorCN' },
  { theme: 'corridor:KZ,KG', key: 'corridorKZKG' },
  { theme: 'country:UZ', key: 'countryUZ' },
  { theme: 'country:TM', key: 'countryTM' },
] as const;

// The sites of a theme as the app reads the site list (the server's answer lists the ones it used).
export function themeSites(theme: string, sites: SiteInfo[]): string[] {
  if (!isTheme(theme)) return [];
  const [kind, arg = ''] = theme.split(':');
  const countries = arg.split(',').filter(Boolean);
  const inCountries = (s: SiteInfo) => !countries.length || s.countries.some((c) => countries.includes(c));
  // A component of a serial property is "1442-029": the property is 1442.
  const property = (s: SiteInfo) => s.unescoRef.split('-')[0];
  if (kind === 'corridor') return sites.filter((s) => property(s) === CORRIDOR_REF && inCountries(s)).map((s) => s.id);
  if (kind === 'country') return sites.filter((s) => s.countries.length === 1 && s.countries[0] === arg).map((s) => s.id);
  if (kind === 'unesco') return sites.filter((s) => property(s) === arg).map((s) => s.id);
  return [];
}

// The sites the form visits: the theme's and the others chosen, in the list's order.
export function selectedSites(f: TourForm, sites: SiteInfo[]): string[] {
  const chosen = new Set([...themeSites(f.theme, sites), ...f.sites]);
  const known = sites.filter((s) => chosen.has(s.id)).map((s) => s.id);
  return [...known, ...f.sites.filter((id) => !known.includes(id))];
}

// The order the sites are visited in with `keepOrder`: the theme's (in the list's order, as the server
// lists them), then the others in the order they were ticked (`sites` keeps it, in the URL too).
export function visitOrder(f: TourForm, sites: SiteInfo[]): string[] {
  const theme = themeSites(f.theme, sites);
  return [...theme, ...f.sites.filter((id) => !theme.includes(id))];
}

// A site moved one place earlier (-1) or later (+1) in the visit order (`keepOrder`): the theme, if any,
// turned into its sites so that the order is the link's.
export function moveSite(f: TourForm, id: string, by: -1 | 1, sites: SiteInfo[]): TourForm {
  const order = visitOrder(f, sites);
  const i = order.indexOf(id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return f;
  [order[i], order[j]] = [order[j], order[i]];
  return { ...f, theme: '', sites: order };
}

// A transfer by the hired car between towns (`car=true`): docs/tours.md, its note starts so.
export const isCarDrive = (item: { kind: string; note?: string }) => item.kind === 'transfer' && /^by hired car\b/i.test(item.note ?? '');

// The form's field a server's 400 names (`details.parameter`), as the form's own checks name them.
export type TourField = 'start' | 'end' | 'date' | 'days' | 'sites' | 'travellers' | 'group' | 'groupOperator' | 'dayStart' | 'dayEnd' | 'modes' | 'tours';
export function fieldOfParameter(parameter: string | undefined): TourField | null {
  const map: Record<string, TourField> = {
    start: 'start', end: 'end', time: 'date', days: 'days', sites: 'sites', theme: 'sites', travellers: 'travellers',
    group: 'group', groupOperator: 'groupOperator', groupRegistered: 'group', dayStart: 'dayStart', dayEnd: 'dayEnd', modes: 'modes', tours: 'tours',
  };
  return parameter && Object.hasOwn(map, parameter) ? map[parameter] : null;
}

// A theme chosen: its sites, nothing else (a second click on the same theme clears it).
export function chooseTheme(f: TourForm, theme: string): TourForm {
  return f.theme === theme && !f.sites.length ? { ...f, theme: '', sites: [] } : { ...f, theme, sites: [] };
}

// A site ticked or unticked (list or map). Unticking one of the theme's sites turns the theme into its
// sites, so the link names exactly what is visited.
export function toggleSite(f: TourForm, id: string, sites: SiteInfo[]): TourForm {
  const now = selectedSites(f, sites);
  if (!now.includes(id)) return { ...f, sites: [...f.sites, id] };
  if (f.sites.includes(id) && !themeSites(f.theme, sites).includes(id)) return { ...f, sites: f.sites.filter((s) => s !== id) };
  return { ...f, theme: '', sites: now.filter((s) => s !== id) };
}

// The list's groups: by the site's (first) country, the region's order, each sorted by name.
const COUNTRY_ORDER = ['CN', 'KZ', 'KG', 'UZ', 'TJ', 'TM'];
export function sitesByCountry(sites: SiteInfo[], collate: (a: string, b: string) => number = (a, b) => a.localeCompare(b)): [string, SiteInfo[]][] {
  const groups = new Map<string, SiteInfo[]>();
  for (const s of sites) {
    const c = s.countries.length === 1 ? s.countries[0] : s.countries.length ? 'multi' : '';
    if (!groups.has(c)) groups.set(c, []);
    groups.get(c)!.push(s);
  }
  const rank = (c: string) => (COUNTRY_ORDER.includes(c) ? COUNTRY_ORDER.indexOf(c) : c === 'multi' ? 98 : 99);
  return [...groups].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
    .map(([c, list]) => [c, [...list].sort((a, b) => collate(a.name, b.name))]);
}

// ---- The answer (docs/tours.md) -------------------------------------------------------------------

export interface TourPlace {
  text?: string;
  stopId?: string;
  name: string;
  lat?: number;
  lon?: number;
  tz?: string;
}

export interface TourSite {
  id: string;
  name: string;
  country: string;
  lat?: number | null;
  lon?: number | null;
  town?: string;
  townStopId?: string;
  reachable: boolean;
  why?: string;
  accessMinutes?: number;
  visitMinutes?: number;
  opens?: string;
  closes?: string;
  estimated: boolean;
  visitSource?: string;
}

export type TourItemKind = 'journey' | 'transfer' | 'visit' | 'wait' | 'night';

export interface TourItem {
  kind: TourItemKind;
  startTime: string; // local ISO 8601 with the offset, in tz
  endTime: string;
  tz?: string;
  place?: string;
  siteId?: string;
  estimated?: boolean;
  note?: string;
  onBoard?: boolean;
  journey?: Itinerary;
  endTz?: string; // the zone of the item's end (a journey arrives in another zone than it leaves); absent: tz

}

export interface TourDay {
  day: number;
  date: string;
  items: TourItem[];
}

export interface TourPlan {
  order: string[];
  leftOut?: string[]; // sites asked for that this tour leaves out (to fit the days, or unreachable)
  fits?: boolean; // within the days available (false: all the sites over more days)
  startTime: string;
  endTime: string;
  days: number;
  travelMinutes: number;
  nightsInTowns: number;
  nightsOnBoard: number;
  estimated: boolean;
  visaFree?: boolean;
  entry?: unknown; // as /api/v1/plan's itineraries' `entry` (entriesOf reads it)
  dayByDay: TourDay[];
}

export interface TourShortfall {
  daysNeeded: number | null;
  drop: string[];
  unreachable: string[];
}

export interface TourAnswer {
  start: TourPlace;
  end: TourPlace;
  daysAvailable: number;
  provenBest: boolean;
  method: string;
  sites: TourSite[];
  tours: TourPlan[];
  shortfall: TourShortfall | null;
  notes: string[];
}

// The entries of a tour's `entry`: the plan's array, or an object holding it (a later shape).
export function entriesOf(entry: unknown): Entry[] {
  if (Array.isArray(entry)) return entry as Entry[];
  if (entry && typeof entry === 'object') {
    for (const k of ['entries', 'countries', 'entry']) {
      const v = (entry as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as Entry[];
    }
  }
  return [];
}

// ---- The timeline ------------------------------------------------------------------------------

// A day in a few words: the sites visited (ids, in order), the time travelled (journeys and drives, in
// minutes), where the night falls, and whether anything in it is estimated.
export interface DaySummary {
  visits: string[];
  travelMinutes: number;
  night: { place: string; onBoard: boolean } | null;
  estimated: boolean;
}

const minutesBetween = (a: string, b: string) => Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 60_000));

export function daySummary(day: TourDay): DaySummary {
  const night = [...day.items].reverse().find((i) => i.kind === 'night');
  return {
    visits: day.items.filter((i) => i.kind === 'visit' && i.siteId).map((i) => i.siteId!),
    travelMinutes: day.items.filter((i) => i.kind === 'journey' || i.kind === 'transfer').reduce((m, i) => m + minutesBetween(i.startTime, i.endTime), 0),
    night: night ? { place: night.place ?? '', onBoard: !!night.onBoard } : null,
    estimated: day.items.some((i) => !!i.estimated),
  };
}

// The days as the timeline lists them: the answer's, or grouped by local date from a flat list when an
// answer gives the items without days (numbered from the first date).
export function timelineDays(tour: Pick<TourPlan, 'dayByDay'> & { items?: TourItem[] }): TourDay[] {
  if (tour.dayByDay?.length) return tour.dayByDay;
  const byDate = new Map<string, TourItem[]>();
  for (const item of tour.items ?? []) {
    const d = item.startTime.slice(0, 10);
    if (!byDate.has(d)) byDate.set(d, []);
    byDate.get(d)!.push(item);
  }
  const dates = [...byDate.keys()].sort();
  const first = dates[0];
  return dates.map((date) => ({ day: Math.round((Date.parse(`${date}T00:00Z`) - Date.parse(`${first}T00:00Z`)) / 86_400_000) + 1, date, items: byDate.get(date)! }));
}

// "09:40" of a local ISO time (the wall clock where it happens).
export const wallClock = (iso: string) => iso.slice(11, 16);

// Every item of a tour in order (days flattened).
export const tourItems = (tour: TourPlan): TourItem[] => timelineDays(tour).flatMap((d) => d.items);

// ---- The map --------------------------------------------------------------------------------------

interface LineFeature {
  type: 'Feature';
  properties: { mode: string; estimated: boolean; journey: number; leg: number };
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

const WALK = new Set(['walk', 'foot', 'transfer']);

// A leg's line: its encoded geometry, else through its stops' coordinates (from, the stops between, to).
export function legLine(leg: Leg & { from: { lat?: number; lon?: number }; to: { lat?: number; lon?: number } }): [number, number][] {
  if (leg.legGeometry?.points) return decodePolyline(leg.legGeometry.points, leg.legGeometry.precision ?? 5);
  const points = [leg.from, ...(leg.intermediateStops ?? []), leg.to] as { lat?: number; lon?: number }[];
  return points.filter((p) => typeof p.lat === 'number' && typeof p.lon === 'number').map((p) => [p.lon!, p.lat!]);
}

// The tour's route as GeoJSON lines: every leg of every journey (walks between platforms left out).
export function tourLines(tour: TourPlan): { type: 'FeatureCollection'; features: LineFeature[] } {
  const features: LineFeature[] = [];
  tourItems(tour).filter((i) => i.kind === 'journey' && i.journey).forEach((item, j) => {
    item.journey!.legs.forEach((leg, k) => {
      if (WALK.has(leg.mode.toLowerCase())) return;
      const coordinates = legLine(leg);
      if (coordinates.length >= 2) features.push({ type: 'Feature', properties: { mode: leg.mode.toLowerCase(), estimated: !!leg.estimated, journey: j, leg: k }, geometry: { type: 'LineString', coordinates } });
    });
  });
  return { type: 'FeatureCollection', features };
}

// The visited sites numbered in the tour's order, with their positions (the answer's, else the list's).
export function numberedSites(answer: TourAnswer, tour: TourPlan, sites: SiteInfo[] = []): { n: number; id: string; name: string; lonLat: [number, number] | null }[] {
  return tour.order.map((id, i) => {
    const a = answer.sites.find((s) => s.id === id);
    const l = sites.find((s) => s.id === id);
    const lat = a?.lat ?? l?.lat ?? null;
    const lon = a?.lon ?? l?.lon ?? null;
    return { n: i + 1, id, name: a?.name ?? l?.name ?? id, lonLat: lat !== null && lon !== null ? [lon, lat] : null };
  });
}

// The box around lines and points ([[west, south], [east, north]]), or null when there is nothing.
export function boundsOf(points: [number, number][]): [[number, number], [number, number]] | null {
  if (!points.length) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]];
}

// ---- The shortfall ---------------------------------------------------------------------------------

// "Needs N days": the form with that many days (at most MAX_DAYS).
export function withDaysNeeded(f: TourForm, s: TourShortfall): TourForm | null {
  return s.daysNeeded && s.daysNeeded > f.days && s.daysNeeded <= MAX_DAYS ? { ...f, days: s.daysNeeded } : null;
}

// "Leave out X, Y": the form visiting the other sites (the theme turned into its sites less those).
export function withoutSites(f: TourForm, drop: string[], sites: SiteInfo[]): TourForm | null {
  if (!drop.length) return null;
  const now = selectedSites(f, sites);
  const left = now.filter((id) => !drop.includes(id));
  if (!left.length || left.length === now.length) return null;
  return { ...f, theme: '', sites: left };
}

// ---- A group tour's programme ------------------------------------------------------------------------

// Countries of the region's time zones (docs/planner.md: a stop's country is its zone's), for the first
// stay of a tour that enters no other country.
const ZONE_COUNTRY: Record<string, string> = {
  'Asia/Shanghai': 'CN', 'Asia/Urumqi': 'CN', 'Asia/Kashgar': 'CN', 'Asia/Almaty': 'KZ', 'Asia/Qostanay': 'KZ', 'Asia/Qyzylorda': 'KZ',
  'Asia/Aqtobe': 'KZ', 'Asia/Aqtau': 'KZ', 'Asia/Atyrau': 'KZ', 'Asia/Oral': 'KZ', 'Asia/Bishkek': 'KG', 'Asia/Tashkent': 'UZ',
  'Asia/Samarkand': 'UZ', 'Asia/Dushanbe': 'TJ', 'Asia/Ashgabat': 'TM',
};
export const countryOfZone = (tz: string | undefined) => (tz ? ZONE_COUNTRY[tz] ?? '' : '');

// The tour's stays: from the start to the end, a stay per country entered, split where the entry rules'
// entries say the border is crossed (their time and port); without entries (no traveller given), from the
// journeys' border crossings (lib/journey-stays.ts).
export function tourStays(answer: TourAnswer, tour: TourPlan): TourStay[] {
  const first = countryOfZone(answer.start.tz) || entriesOf(tour.entry)[0]?.from || '';
  const stays: TourStay[] = [];
  const entries = entriesOf(tour.entry).filter((e) => e.time && !e.airsideTransit);
  if (first) stays.push({ country: first, entry: tour.startTime, exit: tour.endTime, entryPort: '', onwardTicket: false, regions: [] });
  if (entries.length) {
    for (const e of entries) {
      const last = stays[stays.length - 1];
      if (last && last.country === e.country) continue;
      if (last) last.exit = e.time!;
      stays.push({ country: e.country, entry: e.time!, exit: tour.endTime, entryPort: e.port ?? '', onwardTicket: false, regions: [] });
    }
  } else {
    for (const item of tourItems(tour)) {
      if (item.kind !== 'journey' || !item.journey) continue;
      for (const s of staysOfJourney(item.journey, stays[stays.length - 1]?.country, true).slice(1)) {
        const last = stays[stays.length - 1];
        if (last && last.country === s.country) continue;
        if (last) last.exit = s.entry;
        stays.push({ country: s.country, entry: s.entry, exit: tour.endTime, entryPort: s.entryPort ?? '', onwardTicket: false, regions: [] });
      }
    }
  }
  return stays;
}

// The tour's legs: every journey's legs in order (tour-journey.ts; drives and visits are no legs).
export function tourLegs(tour: TourPlan): TourLeg[] {
  return tourItems(tour).filter((i) => i.kind === 'journey' && i.journey).flatMap((i) => tourLegsOfJourney(i.journey!));
}

// A draft programme for the register (POST /api/v1/tours): the title, the languages, the group's
// smallest and largest size, the tour's stays and legs.
export function tourProgramme(answer: TourAnswer, tour: TourPlan, o: { title: string; languages: string[]; minSize: number; maxSize: number }): TourProgramme {
  return { title: o.title.trim().slice(0, 200), languages: o.languages, stays: tourStays(answer, tour), legs: tourLegs(tour), minSize: o.minSize, maxSize: Math.max(o.minSize, o.maxSize), regimes: [] };
}
