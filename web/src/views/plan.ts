// The plan view: the search form and the journeys found (docs/web.md). Everything shown comes from
// /api/v1/plan; stop zones and translated names from /api/v1/stops/{id}.
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n/index.js';
import { ApiError, suggestionsFromMessage, type ApiClient, type Entry, type Itinerary, type Leg, type PlanAnswer, type StopDetails } from '../lib/api.js';
import { formatDay, formatDuration, formatList, formatLocalTime, localToday, shiftWallTime, zoneName } from '../lib/format.js';
import { addDays, MAX_PLACE_LENGTH, MODES, parseState, searchProblem, stateToUrl, type AppState, type Language, type Mode, type PlanEdits, type PlanSearch, type SearchProblem } from '../lib/url-state.js';
import { staysOfJourney } from '../lib/journey-stays.js';
import { journeyToIcs } from '../lib/ics.js';
import { placeName } from '../lib/names.js';
import { stopField } from './stop-field.js';
import { countryName, travellersField } from './travellers.js';
import { ruleSentenceItems } from './rule-sentences.js';

export interface PlanContext {
  api: ApiClient;
  state: AppState;
  navigate(search: PlanSearch): void; // a new search: a new history entry
  showOnMap?(search: PlanSearch, journey: number): void; // the map view drawing that journey
  keepEdits?(edits: () => PlanEdits): void; // how the shell reads the form's unsent edits (a change of language)
  bringResultsIntoView?: boolean; // the search was asked for in this page (not a link): show its results
}

// How far the planner has looked when it answers no journey (docs/planner.md, "Search horizon": 7 days,
// then again as far as the engine allows, 31 days): an empty answer says so.
const SEARCH_DAYS = 31;

export type Stops = Map<string, StopDetails | null>;

// A place's name in the language (lib/names.ts): its own translation, else its station's, then the
// fallback languages' (kk, ky: Russian), so one journey's names are in one language; else the API's.
export const placeIn = (stops: Stops, lang: string) => (p: { name: string; stopId?: string }) => placeName(p.stopId, (id) => stops.get(id), lang, p.name);

// Main modes of the answer's legs, for the summary line ("Train, Flight").
const MODE_GROUP: Record<string, Mode | 'walk'> = {
  rail: 'rail', highspeed_rail: 'rail', long_distance: 'rail', night_rail: 'rail', regional_rail: 'rail', suburban: 'rail', subway: 'rail', tram: 'rail',
  air: 'air', airplane: 'air', flight: 'air',
  bus: 'bus', coach: 'bus',
  road: 'road', car: 'road', taxi: 'road',
  walk: 'walk', foot: 'walk', transfer: 'walk',
};
export const modeGroup = (mode: string) => MODE_GROUP[mode.toLowerCase()] ?? mode.toLowerCase();
const modeOf = (leg: Leg) => modeGroup(leg.mode);
export const modeLabel = (m: string) => t(`plan.mode.${m}`, { defaultValue: m });


export function renderPlan(root: HTMLElement, ctx: PlanContext): void {
  const { api, state } = ctx;
  const s = state.search;
  const lang = state.lang;
  // Unsent edits (kept over a change of language) first, then the search shown, then a draft's places.
  const e = state.edits;
  const d = s ?? state.draft;
  const from = stopField(api, 'from', t('plan.from'), e?.from ?? { id: d?.from ?? '', label: d?.fromLabel ?? '' }, lang);
  const to = stopField(api, 'to', t('plan.to'), e?.to ?? { id: d?.to ?? '', label: d?.toLabel ?? '' }, lang);
  // A place given by its id (a link, the map, a stop chosen in another language): its name in this language.
  for (const field of [from, to]) {
    const id = field.value().id;
    if (id && id.length <= MAX_PLACE_LENGTH) field.nameInLanguage(id); // longer is no id: the server refuses it (431)
  }
  const dateId = uniqueId('date');
  const timeId = uniqueId('time');
  const date = h('input', { id: dateId, name: 'date', type: 'date', required: true, value: e?.date ?? s?.date ?? localToday() });
  const time = h('input', { id: timeId, name: 'time', type: 'time', required: true, value: e?.time ?? s?.time ?? '08:00' });
  const arriveBy = h('select', { name: 'arriveBy', 'aria-label': t('plan.departAt') + ' / ' + t('plan.arriveBy') },
    h('option', { value: 'false' }, t('plan.departAt')),
    h('option', { value: 'true' }, t('plan.arriveBy')));
  arriveBy.value = String(e?.arriveBy ?? s?.arriveBy ?? false);
  const timeNote = h('p', { class: 'hint', id: uniqueId('time-note') }, t(arriveBy.value === 'true' ? 'plan.timeNoteArrive' : 'plan.timeNote'));
  arriveBy.addEventListener('change', () => (timeNote.textContent = t(arriveBy.value === 'true' ? 'plan.timeNoteArrive' : 'plan.timeNote')));
  time.setAttribute('aria-describedby', timeNote.id);
  const modeBoxes = MODES.map((m) => {
    const checked = e ? e.modes.includes(m) : !s || s.modes.length === 0 || s.modes.includes(m);
    const box = h('input', { type: 'checkbox', name: 'modes', value: m, checked });
    return { m, box, label: h('label', { class: 'mode-choice' }, box, ' ', modeLabel(m)) };
  });
  const modesField = h('fieldset', { class: 'modes' }, h('legend', {}, t('plan.modes')), modeBoxes.map((x) => x.label));
  const travellers = travellersField(lang, e?.travellers ?? s?.travellers ?? [], e?.onlyVisaFree ?? s?.onlyVisaFree ?? false);
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const swap = h('button', { type: 'button', class: 'swap', 'aria-label': t('plan.swap'), title: t('plan.swap') }, '⇅');
  swap.addEventListener('click', () => {
    const a = from.value();
    const b = to.value();
    from.set(b.id, b.label);
    to.set(a.id, a.label);
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('plan.search'));

  const form = h('form', { class: 'plan-form', 'aria-labelledby': 'plan-heading', novalidate: true },
    h('h1', { id: 'plan-heading' }, t('plan.heading')),
    h('div', { class: 'places' }, from.element, swap, to.element),
    h('div', { class: 'when' },
      h('div', { class: 'field' }, h('label', { for: uniqueId('unused') }, ''), arriveBy),
      h('div', { class: 'field' }, h('label', { for: dateId }, t('plan.date')), date),
      h('div', { class: 'field' }, h('label', { for: timeId }, t('plan.time')), time)),
    timeNote,
    modesField,
    travellers.element,
    formError,
    submit);
  // The arrive-by select has its own aria-label: drop the empty label the grid keeps for alignment.
  form.querySelector('.when .field label')?.remove();

  const edits = (): PlanEdits => ({
    from: from.value(), to: to.value(), date: date.value, time: time.value, arriveBy: arriveBy.value === 'true',
    modes: modeBoxes.filter((x) => x.box.checked).map((x) => x.m), ...travellers.value(),
  });
  ctx.keepEdits?.(edits);

  // Says what is wrong beside the form and marks the field to mend (moving there after a click on Search,
  // not when a link opens the page); null clears it.
  const showProblem = (problem: SearchProblem | 'noMode' | null, moveFocus = true) => {
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    formError.hidden = !problem;
    if (!problem) return;
    formError.textContent = t(`error.${problem}`, { count: MAX_PLACE_LENGTH });
    const f = from.value();
    const births = [...form.querySelectorAll<HTMLInputElement>('input[name=birthDate]')];
    const wrongBirth = births.find((b) => b.validity.badInput || (b.value && (problem === 'futureBirthDate' ? b.value > localToday() : true))) ?? null;
    const field: HTMLElement | null = {
      missing: !f.id ? from.input : !to.value().id ? to.input : date,
      placeTooLong: f.label.length > MAX_PLACE_LENGTH ? from.input : to.input,
      samePlace: to.input,
      badDate: date,
      badTime: time,
      noMode: modeBoxes[0].box,
      futureBirthDate: wrongBirth,
      badBirthDate: wrongBirth,
    }[problem];
    field?.setAttribute('aria-invalid', 'true');
    if (moveFocus) field?.focus();
  };

  let sent = false; // one search per click: a double click must not add a second history entry
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (sent) return;
    const f = from.value();
    const tt = to.value();
    const chosen = modeBoxes.filter((x) => x.box.checked).map((x) => x.m);
    const search: PlanSearch = {
      from: f.id, fromLabel: f.label, to: tt.id, toLabel: tt.label,
      date: date.value, time: time.value || '08:00', arriveBy: arriveBy.value === 'true',
      modes: chosen.length === MODES.length ? [] : chosen,
      ...travellers.value(),
    };
    // A date field holds '' for an impossible or half-typed date: say so rather than "missing" or nothing.
    const badBirth = [...form.querySelectorAll<HTMLInputElement>('input[name=birthDate]')].some((b) => b.validity.badInput);
    const problem = date.validity.badInput ? 'badDate' : searchProblem(search, localToday()) ?? (badBirth ? 'badBirthDate' : chosen.length ? null : 'noMode');
    showProblem(problem);
    if (problem) return;
    sent = true;
    submit.setAttribute('aria-disabled', 'true');
    ctx.navigate(search);
  });

  const results = h('section', { class: 'results', id: 'results', 'aria-labelledby': 'results-heading', tabindex: '-1' });
  // A short summary for screen readers after each search, instead of the whole results read again.
  const status = h('p', { class: 'visually-hidden', role: 'status', id: 'plan-status' });
  root.replaceChildren(h('div', { class: 'plan-layout' }, form, results, status));
  if (!s) return;
  // A search from a link is checked as the form checks it: the server's answer to these says less.
  const problem = searchProblem(s, localToday());
  if (problem) {
    results.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('h2', { id: 'results-heading' }, t('error.title')), h('p', {}, t(`error.${problem}`, { count: MAX_PLACE_LENGTH }))));
    showProblem(problem, false);
    return;
  }
  void search(results, status, ctx, s, lang, (names) => {
    // A link may carry stop ids without names: the answer's names, in the language, for the title.
    document.title = `${names.from} → ${names.to} · ${t('app.title')}`;
  });
}

async function search(results: HTMLElement, status: HTMLElement, ctx: PlanContext, s: PlanSearch, lang: string, named: (names: { from: string; to: string }) => void): Promise<void> {
  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('plan.searching')));
  status.textContent = t('plan.searching');
  let answer: PlanAnswer;
  try {
    answer = await ctx.api.plan(s);
  } catch (e) {
    results.removeAttribute('aria-busy');
    results.replaceChildren(errorView(e, ctx, s));
    status.textContent = '';
    return;
  }
  try {
    const stops = await stopDetails(ctx.api, answer);
    const names = {
      from: placeIn(stops, lang)(answer.from),
      to: placeIn(stops, lang)(answer.to),
    };
    named(names);
    results.removeAttribute('aria-busy');
    const same = samePlace(answer);
    results.replaceChildren(...(same ? [samePlaceView()] : answerView(answer, stops, ctx, s, lang)));
    status.textContent = same ? t('error.samePlace')
      : t('plan.found', { count: answer.itineraries.length, from: names.from, to: names.to });
  } catch (e) {
    // An answer of another shape (a proxy's JSON, a server of another version): said, with a retry,
    // rather than a spinner for ever.
    results.removeAttribute('aria-busy');
    results.replaceChildren(errorView(e, ctx, s));
    status.textContent = '';
    return;
  }
  // Milliseconds from the navigation to the painted result, read by the end-to-end tests (BENCHMARKS.md).
  requestAnimationFrame(() => (results.dataset.readyMs = String(Math.round(performance.now()))));
  results.dataset.ready = 'true';
  // On a phone the results are below the long form (beside it on wider screens): after a search, show
  // them from their heading.
  const form = results.previousElementSibling;
  if (ctx.bringResultsIntoView && form && form.getBoundingClientRect().bottom <= results.getBoundingClientRect().top) {
    results.scrollIntoView({ block: 'start' });
  }
}

// From and to the same place (one id, or a station and its own stop): the planner answers a journey of
// no legs and 0 minutes, which says nothing useful.
function samePlace(a: PlanAnswer): boolean {
  return (!!a.from.stopId && a.from.stopId === a.to.stopId) || (a.itineraries.length > 0 && a.itineraries.every((it) => it.legs.length === 0));
}

function samePlaceView(): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, h('h2', { id: 'results-heading' }, t('error.title')), h('p', {}, t('error.samePlace')));
}

export async function stopDetails(api: ApiClient, a: PlanAnswer): Promise<Stops> {
  const ids = new Set<string>();
  if (a.from.stopId) ids.add(a.from.stopId);
  if (a.to.stopId) ids.add(a.to.stopId);
  const all = [...a.itineraries, ...(a.visaFreeItineraries ?? []), ...Object.values(a.bestByMode ?? {}).filter((x): x is Itinerary => !!x)];
  for (const it of all) {
    for (const l of it.legs) {
      if (l.from.stopId) ids.add(l.from.stopId);
      if (l.to.stopId) ids.add(l.to.stopId);
    }
    for (const c of it.borderCrossings ?? []) if (c.fromStopId) ids.add(c.fromStopId);
  }
  const entries = await Promise.all([...ids].map(async (id) => [id, await api.stop(id)] as const));
  // The stations of the stops, whose names a stop without its own translation takes (placeName).
  const parents = [...new Set(entries.map(([, d]) => d?.parentStation).filter((p): p is string => !!p && !ids.has(p)))];
  const more = await Promise.all(parents.map(async (id) => [id, await api.stop(id)] as const));
  return new Map([...entries, ...more]);
}

function errorView(e: unknown, ctx: PlanContext, s: PlanSearch): HTMLElement {
  const box = h('div', { class: 'error', role: 'alert' }, h('h2', { id: 'results-heading' }, t('error.title')));
  const retry = () => h('button', { type: 'button', class: 'primary', onclick: () => ctx.navigate({ ...s }) }, t('error.retry'));
  if (!(e instanceof ApiError)) {
    box.append(h('p', {}, t('error.unexpected')), h('p', { class: 'api-message' }, String((e as Error)?.message ?? e)), retry());
    return box;
  }
  if (e.code === 'unknown_place') {
    const text = e.parameter === 'toPlace' ? s.toLabel : s.fromLabel;
    box.append(h('p', {}, t('error.unknown_place', { text })), h('p', { class: 'api-message' }, e.message));
    const suggestions = suggestionsFromMessage(e.message);
    if (suggestions.length) {
      box.append(h('p', {}, t('error.didYouMean')),
        h('ul', { class: 'did-you-mean' }, suggestions.map((x) =>
          h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.navigate(e.parameter === 'toPlace'
            ? { ...s, to: x.stopId, toLabel: x.name } : { ...s, from: x.stopId, fromLabel: x.name }) }, x.name)))));
    }
  } else if (e.code === 'invalid_time') {
    // "outside the timetable, which runs from ... to ...": the data's range; anything else is the date itself.
    box.append(h('p', {}, t(/outside/.test(e.message) ? 'error.invalid_time' : 'error.badDate')), h('p', { class: 'api-message' }, e.message));
  } else if (e.status === 431 || e.code === 'header_too_large' || e.code === 'uri_too_long') {
    box.append(h('p', {}, t('error.placeTooLong', { count: MAX_PLACE_LENGTH })));
  } else if (e.code === 'bad_answer') {
    // A proxy's error page or another answer without JSON: its HTML says nothing to a traveller.
    box.append(h('p', {}, t(e.retryable ? 'error.badGateway' : 'error.badAnswer', { status: e.status })));
    if (e.retryable) box.append(retry());
  } else if (e.retryable) {
    box.append(h('p', {}, t(e.status === 0 ? 'error.network' : 'error.busy')), retry());
  } else {
    box.append(h('p', {}, t('error.other')), h('p', { class: 'api-message' }, e.message));
    if (e.status >= 500) box.append(retry());  // a server's fault may pass
  }
  return box;
}

function answerView(a: PlanAnswer, stops: Stops, ctx: PlanContext, s: PlanSearch, lang: string): HTMLElement[] {
  const place = placeIn(stops, lang);
  const out: HTMLElement[] = [
    h('h2', { id: 'results-heading', class: 'results-heading' }, t('plan.resultsFor', { from: place(a.from), to: place(a.to) })),
    h('p', { class: 'results-day' }, formatDay(s.date, lang)),
  ];
  // Before an empty answer too: with "only journeys without a visa", the closed countries are why none is left.
  if (a.closedCountries?.length) {
    out.push(h('p', { class: 'closed-countries' }, t('entry.closed', { countries: formatList(a.closedCountries.map((c) => countryName(c, lang)), lang) })));
  }
  if (a.itineraries.length === 0) {
    // Nothing within SEARCH_DAYS ahead (back with arrive-by): say so, and offer the days before and after.
    out.push(h('p', { class: 'empty' }, t(s.arriveBy ? 'plan.noneBefore' : 'plan.noneWithin', { count: SEARCH_DAYS, date: formatDay(s.date, lang) })));
    if (a.coverageNote) out.push(h('p', { class: 'coverage-note' }, a.coverageNote));
    out.push(h('nav', { class: 'earlier-later', 'aria-label': `${t('plan.earlier')} / ${t('plan.later')}` },
      h('button', { type: 'button', class: 'earlier', onclick: () => ctx.navigate({ ...s, date: addDays(s.date, -SEARCH_DAYS) }) }, '← ' + t('plan.earlierDays', { count: SEARCH_DAYS })),
      h('button', { type: 'button', class: 'later', onclick: () => ctx.navigate({ ...s, date: addDays(s.date, SEARCH_DAYS) }) }, t('plan.laterDays', { count: SEARCH_DAYS }) + ' →')));
    return out;
  }
  // The map titles the journey with the search's labels: a link's bare ids get the answer's names.
  const named = { ...s, fromLabel: s.fromLabel === s.from ? place(a.from) : s.fromLabel, toLabel: s.toLabel === s.to ? place(a.to) : s.toLabel };
  out.push(h('ol', { class: 'journeys', 'aria-label': t('plan.results') }, a.itineraries.map((it, i) => h('li', {}, journeyCard(it, stops, lang, 3, false, ctx.showOnMap && (() => ctx.showOnMap!(named, i)))))));
  // The answer is sorted by arrival, and a journey on road links alone leaves at the time asked: earlier and
  // later go from the earliest and the latest time shown, not from the first and last journey, and from
  // timetabled journeys where there are any (a road journey can leave at any minute: "later" from it
  // would move a minute at a time; with road journeys alone, later is an hour on).
  const key = (it: Itinerary) => (s.arriveBy ? it.endTime : it.startTime);
  const flexible = (it: Itinerary) => it.legs.every((l) => ['road', 'walk'].includes(modeOf(l)));
  const timetabled = a.itineraries.filter((it) => !flexible(it));
  const byKey = [...(timetabled.length ? timetabled : a.itineraries)].sort((x, y) => Date.parse(key(x)) - Date.parse(key(y)));
  const first = byKey[0];
  const last = byKey[byKey.length - 1];
  const laterBy = timetabled.length ? 1 : 60;
  out.push(h('nav', { class: 'earlier-later', 'aria-label': `${t('plan.earlier')} / ${t('plan.later')}` },
    h('button', { type: 'button', class: 'earlier', onclick: () => ctx.navigate({ ...s, ...shiftWallTime(key(first), -24 * 60) }) }, '← ' + t('plan.earlier')),
    h('button', { type: 'button', class: 'later', onclick: () => ctx.navigate({ ...s, ...shiftWallTime(key(last), laterBy) }) }, t('plan.later') + ' →')));
  const visaFree = visaFreeView(a, stops, s, lang);
  if (visaFree) out.push(visaFree);
  const best = Object.entries(a.bestByMode ?? {});
  if (best.some(([, it]) => !!it)) {  // "none" four times says nothing
    out.push(h('section', { class: 'best-by-mode', 'aria-labelledby': 'best-heading' },
      h('h3', { id: 'best-heading' }, t('plan.bestByMode')),
      h('ul', {}, best.map(([mode, it]) => h('li', { class: `best best-${mode}` },
        h('span', { class: 'best-mode' }, modeLabel(mode)),
        it ? journeyCard(it, stops, lang, 4, true) : h('span', { class: 'best-none' }, t('plan.noneByMode')))))));
  }
  return out;
}

const needsVisa = (it: Itinerary) => (it.entry ?? []).some((e) => e.travellers.some((v) => NEEDS_ACTION.has(v.verdict)));
const sameJourney = (x: Itinerary, y: Itinerary) => x.startTime === y.startTime && x.endTime === y.endTime && x.legs.length === y.legs.length
  && x.legs.every((l, i) => l.from.stopId === y.legs[i].from.stopId && l.to.stopId === y.legs[i].to.stopId && l.startTime === y.legs[i].startTime);

// With travellers, when some journey shown needs a visa: the API's journeys without one beside them (those
// not shown already), so the traveller need not search again with "only journeys without a visa".
function visaFreeView(a: PlanAnswer, stops: Stops, s: PlanSearch, lang: string): HTMLElement | null {
  if (!s.travellers.length || s.onlyVisaFree || !a.itineraries.some(needsVisa)) return null;
  const others = (a.visaFreeItineraries ?? []).filter((x) => !a.itineraries.some((y) => sameJourney(x, y)));
  const anyShown = a.itineraries.some((it) => !needsVisa(it));
  return h('section', { class: 'visa-free', 'aria-labelledby': 'visa-free-heading' },
    h('h3', { id: 'visa-free-heading' }, t('plan.withoutVisa')),
    others.length
      ? h('ol', { class: 'journeys' }, others.map((it) => h('li', {}, journeyCard(it, stops, lang, 4))))
      : h('p', { class: 'hint' }, t(anyShown ? 'plan.withoutVisaShown' : 'plan.withoutVisaNone')));
}

// A time for the eye ("11:30 GMT+8 Thu, 29 May") that says "departs" / "arrives" to screen readers too.
export function timeView(iso: string, stopId: string | undefined, stops: Stops, lang: string, cls: 'dep' | 'arr'): HTMLElement {
  const f = formatLocalTime(iso, lang, stopId ? stops.get(stopId)?.timezone : undefined);
  return h('span', { class: cls },
    h('span', { class: 'visually-hidden' }, t(cls === 'dep' ? 'plan.departs' : 'plan.arrives') + ': '),
    h('time', { datetime: f.dateTime, class: 'clock' }, f.time), ' ',
    h('span', { class: 'zone' }, f.zone), ' ',
    h('span', { class: 'day' }, f.date));
}

// "Thu, 29 May 11:30 Xi'an → Almaty": a journey's heading and the end of its buttons' names, so a screen
// reader's list of headings or buttons tells the journeys apart.
export function journeyName(it: Itinerary, stops: Stops, lang: string): string {
  const name = placeIn(stops, lang);
  const place = (p?: { name: string; stopId?: string }) => (p ? name(p) : '');
  const firstLeg = it.legs[0];
  const f = formatLocalTime(it.startTime, lang, firstLeg?.from.stopId ? stops.get(firstLeg.from.stopId)?.timezone : undefined);
  return t('plan.journeyName', { day: f.date, time: f.time, from: place(firstLeg?.from), to: place(it.legs[it.legs.length - 1]?.to) });
}

const namedFor = (name: string) => h('span', { class: 'visually-hidden' }, `: ${name}`);

function journeyCard(it: Itinerary, stops: Stops, lang: string, level: 3 | 4, compact = false, showOnMap?: () => void): HTMLElement {
  const firstLeg = it.legs[0];
  const lastLeg = it.legs[it.legs.length - 1];
  const modes = [...new Set(it.legs.map(modeOf).filter((m) => m !== 'walk'))];
  const estimated = it.legs.some((l) => l.estimated);
  const name = journeyName(it, stops, lang);
  const headingId = uniqueId('journey');
  const detailsId = uniqueId('journey-details');
  const details = h('div', { id: detailsId, class: 'timeline', hidden: true });
  const toggleText = h('span', {}, t('plan.details'));
  const toggle = h('button', { type: 'button', class: 'details-toggle', 'aria-expanded': 'false', 'aria-controls': detailsId }, toggleText, namedFor(name));
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    if (open && !details.firstChild) details.append(...timeline(it, stops, lang), ...entryView(it.entry ?? [], lang), journeyActions(it, stops, lang, name, showOnMap));
    details.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggleText.textContent = t(open ? 'plan.hideDetails' : 'plan.details');
  });
  return h('article', { class: compact ? 'journey compact' : 'journey', 'aria-labelledby': headingId },
    h(level === 3 ? 'h3' : 'h4', { id: headingId, class: 'visually-hidden' }, name),
    h('div', { class: 'journey-times' },
      timeView(it.startTime, firstLeg?.from.stopId, stops, lang, 'dep'),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
      timeView(it.endTime, lastLeg?.to.stopId, stops, lang, 'arr')),
    h('div', { class: 'journey-summary' },
      h('span', { class: 'duration' }, h('span', { class: 'visually-hidden' }, t('plan.duration') + ': '), formatDuration(it.duration, lang)),
      h('span', { class: 'changes' }, t('plan.changes', { count: it.transfers })),
      h('span', { class: 'journey-modes' }, modes.map((m) => h('span', { class: `mode mode-${m}` }, modeLabel(m)))),
      estimated ? h('span', { class: 'badge estimated', title: t('plan.estimatedTitle') }, t('plan.estimated')) : null),
    it.entry ? entrySummary(it.entry, lang) : null,
    toggle,
    details);
}

export function timeline(it: Itinerary, stops: Stops, lang: string): HTMLElement[] {
  const name = placeIn(stops, lang);
  const items: HTMLElement[] = [];
  it.legs.forEach((leg, i) => {
    if (i > 0 && leg.waitBefore > 0) {
      // A wait over local midnight is a night to spend there: said so, for the traveller to find a bed.
      const overnight = it.legs[i - 1].endTime.slice(0, 10) !== leg.startTime.slice(0, 10);
      items.push(h('li', { class: overnight ? 'wait overnight' : 'wait' },
        t(overnight ? 'plan.overnight' : 'plan.wait', { duration: formatDuration(leg.waitBefore, lang), place: name(leg.from) })));
    }
    // Nights on board: the local dates the leg spans, less one (times are local with their offsets).
    const nights = daysBetween(leg.startTime.slice(0, 10), leg.endTime.slice(0, 10));
    const route = [leg.routeShortName || leg.tripShortName, leg.routeLongName].filter(Boolean).join(' · ');
    const between = leg.intermediateStops?.length ?? 0;
    items.push(h('li', { class: `leg leg-${modeOf(leg)}` },
      h('div', { class: 'leg-head' },
        h('span', { class: `mode mode-${modeOf(leg)}` }, modeLabel(modeOf(leg))),
        route ? h('span', { class: 'route' }, route) : null,
        leg.estimated ? h('span', { class: 'badge estimated', title: t('plan.estimatedTitle') }, t('plan.estimated')) : null),
      h('div', { class: 'leg-stop' }, timeView(leg.startTime, leg.from.stopId, stops, lang, 'dep'), ' ', h('span', { class: 'stop-name' }, name(leg.from))),
      h('div', { class: 'leg-meta' }, formatDuration(leg.duration, lang),
        between ? ' · ' + t('plan.stopsBetween', { count: between }) : '',
        nights > 0 ? ' · ' + t('plan.nightsOnBoard', { count: nights }) : '',
        leg.agencyName ? ' · ' + t('plan.operatedBy', { agency: leg.agencyName }) : ''),
      h('div', { class: 'leg-stop' }, timeView(leg.endTime, leg.to.stopId, stops, lang, 'arr'), ' ', h('span', { class: 'stop-name' }, name(leg.to)))));
    for (const c of (it.borderCrossings ?? []).filter((b) => b.legIndex === i)) {
      const at = c.crossingName ?? (c.fromStopId ? name({ name: stops.get(c.fromStopId)?.name ?? c.fromStopId, stopId: c.fromStopId }) : '');
      items.push(h('li', { class: 'border' },
        t('plan.border', { from: t(`country.${c.fromCountry}`, { defaultValue: c.fromCountry }), to: t(`country.${c.toCountry}`, { defaultValue: c.toCountry }) }),
        at ? ' ' + t('plan.borderAt', { place: at }) : '',
        leg.crossing ? crossingHours(leg.crossing, lang) : null));
    }
  });
  return [h('ol', { class: 'legs' }, items)];
}

// Whole days from one YYYY-MM-DD to another.
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00Z`) - Date.parse(`${from}T00:00Z`)) / 86_400_000);
}

// A road crossing's hours on the day it is reached, in its own zone, the wait for it to open, and
// whether the hours are the sources' or estimated.
function crossingHours(c: NonNullable<Leg['crossing']>, lang: string): HTMLElement {
  const zone = zoneName(c.timezone, lang);
  const day = formatDay(c.date, lang);
  return h('span', { class: 'crossing-hours' },
    h('br'),
    c.hours ? t('plan.crossingOpen', { day, hours: c.hours.replace('-', '–'), zone }) : t('plan.crossingClosed', { day }),
    c.wait > 0 ? ' · ' + t('plan.crossingWait', { duration: formatDuration(c.wait, lang) }) : '',
    c.confidence === 'estimated' ? [' ', h('span', { class: 'badge estimated', title: t('map.crossing.estimatedTitle') }, t('plan.estimated'))] : null);
}

const NEEDS_ACTION = new Set(['arrange_before_travel', 'visa_needed', 'limit_exceeded', 'group_conditions_not_met', 'transit_conditions_not_met', 'no_rule_known']);

// One line per journey: what the travellers must arrange, or that no visa is needed.
export function entrySummary(entries: Entry[], lang: string): HTMLElement {
  const problems = new Map<string, Set<string>>(); // country -> verdicts
  for (const e of entries) for (const v of e.travellers) {
    if (NEEDS_ACTION.has(v.verdict)) {
      if (!problems.has(e.country)) problems.set(e.country, new Set());
      problems.get(e.country)!.add(v.verdict);
    }
  }
  if (entries.length === 0) return h('p', { class: 'entry-summary ok' }, t('entry.noBorder'));
  if (problems.size === 0) return h('p', { class: 'entry-summary ok' }, t('entry.noVisa'));
  return h('p', { class: 'entry-summary action' }, [...problems].map(([country, verdicts]) =>
    t('entry.summaryAction', { country: countryName(country, lang), verdict: [...verdicts].map((v) => t(`entry.verdict.${v}`)).join(', ') })).join('; '));
}

// Per country entered, each traveller's verdict in words: what to arrange before departure, the latest
// exit, the conditions, and the rule with its sources.
export function entryView(entries: Entry[], lang: string): HTMLElement[] {
  if (entries.length === 0) return [];
  return [h('section', { class: 'entries' }, h('h4', {}, t('entry.heading')), entries.map((e) => {
    const when = e.time ? formatLocalTime(e.time, lang) : null;
    // An entry from nowhere is where the trip starts (a heritage tour's first country).
    const head = (e.from ? t('entry.entering', { country: countryName(e.country, lang), from: countryName(e.from, lang) }) : t('entry.startIn', { country: countryName(e.country, lang) })) +
      (when ? ` · ${when.date} ${when.time}` : '') + (e.stopName ? ` · ${e.stopName}` : '');
    if (e.airsideTransit) return h('div', { class: 'entry' }, h('p', { class: 'entry-head' }, head), h('p', {}, t('entry.airside')), e.note ? h('p', { class: 'api-message' }, e.note) : null);
    return h('div', { class: 'entry' }, h('p', { class: 'entry-head' }, head),
      h('ul', { class: 'verdicts' }, e.travellers.map((v) => h('li', { class: `verdict verdict-${v.verdict}` },
        h('p', {},
          h('strong', {}, `${countryName(v.nationality, lang)} · ${t(`travellers.passport.${v.passport}`, { defaultValue: v.passport })}: `),
          h('span', { class: `verdict-word ${NEEDS_ACTION.has(v.verdict) ? 'action' : 'ok'}` }, t(`entry.verdict.${v.verdict}`, { defaultValue: v.verdict })),
          v.regime ? ` (${t(`entry.regime.${v.regime}`, { defaultValue: v.regime })})` : '',
          v.maxStayDays ? ' · ' + t('entry.maxStay', { count: v.maxStayDays }) : '',
          v.latestExit ? ' · ' + t('entry.latestExit', { date: formatDay(v.latestExit, lang) }) : ''),
        v.beforeDeparture?.length ? h('div', { class: 'before-departure' }, h('p', {}, t('entry.beforeDeparture')), h('ul', {}, ruleSentenceItems(v.beforeDepartureMessages, v.beforeDeparture, lang))) : null,
        v.conditions.length ? h('div', {}, h('p', {}, t('entry.conditions')), h('ul', {}, ruleSentenceItems(v.conditionMessages, v.conditions, lang))) : null,
        v.rule ? h('p', { class: 'rule' }, t('entry.rule', { id: v.rule.id }), ' ',
          (v.rule.sources ?? []).filter((src) => src.url).map((src, i) =>
            h('a', { href: src.url!, rel: 'noopener noreferrer', target: '_blank', title: src.title ?? src.url, 'aria-label': `${t('entry.source')} ${i + 1}: ${src.title ?? src.url}` }, `[${i + 1}]`))) : null))));
  }))];
}

// The journey as an .ics download (lib/ics.ts): each leg an event in its own time zone.
function calendarButton(it: Itinerary, stops: Stops, lang: string, journey: string): HTMLElement {
  const name = placeIn(stops, lang);
  const button = h('button', { type: 'button', class: 'link calendar' }, t('plan.addToCalendar'), namedFor(journey));
  button.addEventListener('click', () => {
    const ics = journeyToIcs(it, {
      legTitle: (i) => {
        const leg = it.legs[i];
        const route = leg.routeShortName || leg.tripShortName || modeLabel(modeOf(leg));
        return `${route}: ${name(leg.from)} → ${name(leg.to)}`;
      },
      legLocation: (i) => name(it.legs[i].from),
      estimated: t('plan.estimated'),
      zoneOf: (id) => (id ? stops.get(id)?.timezone : undefined),
    });
    const url = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
    const a = h('a', { href: url, download: `caravan-${it.startTime.slice(0, 10)}.ics` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  return button;
}

// Print this journey alone on one page (the print style sheet hides the rest).
function printButton(journey: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'link print' }, t('plan.print'), namedFor(journey));
  button.addEventListener('click', () => {
    const card = button.closest('.journey');
    document.querySelectorAll('.print-target').forEach((x) => x.classList.remove('print-target'));
    card?.classList.add('print-target');
    document.body.classList.add('printing');
    window.addEventListener('afterprint', () => document.body.classList.remove('printing'), { once: true });
    window.print();
  });
  return button;
}

// Each button's name ends with the journey's ("Print: Thu, 29 May 11:30 Xi'an → Almaty"), hidden to the eye.
function journeyActions(it: Itinerary, stops: Stops, lang: string, journey: string, showOnMap?: () => void): HTMLElement {
  return h('p', { class: 'journey-actions' }, calendarButton(it, stops, lang, journey), ' ', printButton(journey),
    showOnMap ? h('button', { type: 'button', class: 'link show-on-map', onclick: showOnMap }, t('plan.showOnMap'), namedFor(journey)) : null,
    checkTripLink(it, stops, lang as Language, journey));
}

// The journey's stays opened in the trip check with the search's travellers (the URL's: the search
// shown), where a stay can be lengthened; the router (main.ts) renders the view on popstate.
function checkTripLink(it: Itinerary, stops: Stops, lang: Language, journey: string): HTMLElement | null {
  const stays = staysOfJourney(it, stops.get(it.legs[0]?.from.stopId ?? '')?.country);
  if (!stays.length) return null;
  const travellers = parseState(location.pathname, location.search, lang).search?.travellers ?? [];
  const href = stateToUrl({ view: 'check', lang, search: null, check: { travellers, stays } });
  return h('a', { class: 'link check-trip', href, onclick: (e: Event) => {
    e.preventDefault();
    history.pushState({ fromJourney: true }, '', href); // the check's hint: "taken from the journey"
    window.dispatchEvent(new PopStateEvent('popstate'));
  } }, t('check.fromJourney'), namedFor(journey));
}
