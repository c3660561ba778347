// The plan view: the search form and the journeys found (docs/web.md). Everything shown comes from
// /api/v1/plan; stop zones and translated names from /api/v1/stops/{id}.
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n/index.js';
import { ApiError, nameIn, suggestionsFromMessage, type ApiClient, type Entry, type Itinerary, type Leg, type PlanAnswer, type StopDetails } from '../lib/api.js';
import { formatDay, formatDuration, formatLocalTime, localToday, shiftWallTime } from '../lib/format.js';
import { MODES, type AppState, type Mode, type PlanSearch } from '../lib/url-state.js';
import { journeyToIcs } from '../lib/ics.js';
import { stopField } from './stop-field.js';
import { countryName, travellersField } from './travellers.js';
import { ruleSentenceItems } from './rule-sentences.js';

export interface PlanContext {
  api: ApiClient;
  state: AppState;
  navigate(search: PlanSearch): void; // a new search: a new history entry
  placesNamed?(from: string, to: string): void; // the answer's place names, for fields that show ids
  showOnMap?(search: PlanSearch, journey: number): void; // the map view drawing that journey
}

type Stops = Map<string, StopDetails | null>;

// Main modes of the answer's legs, for the summary line ("Train, Flight").
const MODE_GROUP: Record<string, Mode | 'walk'> = {
  rail: 'rail', highspeed_rail: 'rail', long_distance: 'rail', night_rail: 'rail', regional_rail: 'rail', suburban: 'rail', subway: 'rail', tram: 'rail',
  air: 'air', airplane: 'air', flight: 'air',
  bus: 'bus', coach: 'bus',
  road: 'road', car: 'road', taxi: 'road',
  walk: 'walk', foot: 'walk', transfer: 'walk',
};
const modeOf = (leg: Leg) => MODE_GROUP[leg.mode.toLowerCase()] ?? leg.mode.toLowerCase();
const modeLabel = (m: string) => t(`plan.mode.${m}`, { defaultValue: m });


export function renderPlan(root: HTMLElement, ctx: PlanContext): void {
  const { api, state } = ctx;
  const s = state.search;
  const lang = state.lang;
  const d = s ?? state.draft;
  const from = stopField(api, 'from', t('plan.from'), { id: d?.from ?? '', label: d?.fromLabel ?? '' });
  const to = stopField(api, 'to', t('plan.to'), { id: d?.to ?? '', label: d?.toLabel ?? '' });
  // A place given by its id alone (a link, the map): show its name in the language.
  for (const [field, id, label] of [[from, d?.from, d?.fromLabel], [to, d?.to, d?.toLabel]] as const) {
    if (id && (!label || label === id)) {
      void api.stop(id).then((details) => details && field.value().label === id && field.set(id, nameIn(details, lang, details.name)));
    }
  }
  const dateId = uniqueId('date');
  const timeId = uniqueId('time');
  const date = h('input', { id: dateId, name: 'date', type: 'date', required: true, value: s?.date ?? localToday() });
  const time = h('input', { id: timeId, name: 'time', type: 'time', required: true, value: s?.time ?? '08:00' });
  const arriveBy = h('select', { name: 'arriveBy', 'aria-label': t('plan.departAt') + ' / ' + t('plan.arriveBy') },
    h('option', { value: 'false' }, t('plan.departAt')),
    h('option', { value: 'true' }, t('plan.arriveBy')));
  arriveBy.value = String(s?.arriveBy ?? false);
  const timeNote = h('p', { class: 'hint', id: uniqueId('time-note') }, t(s?.arriveBy ? 'plan.timeNoteArrive' : 'plan.timeNote'));
  arriveBy.addEventListener('change', () => (timeNote.textContent = t(arriveBy.value === 'true' ? 'plan.timeNoteArrive' : 'plan.timeNote')));
  time.setAttribute('aria-describedby', timeNote.id);
  const modeBoxes = MODES.map((m) => {
    const box = h('input', { type: 'checkbox', name: 'modes', value: m, checked: !s || s.modes.length === 0 || s.modes.includes(m) });
    return { m, box, label: h('label', { class: 'mode-choice' }, box, ' ', modeLabel(m)) };
  });
  const travellers = travellersField(lang, s?.travellers ?? [], s?.onlyVisaFree ?? false);
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const swap = h('button', { type: 'button', class: 'swap', 'aria-label': t('plan.swap'), title: t('plan.swap') }, '⇅');
  swap.addEventListener('click', () => {
    const a = from.value();
    const b = to.value();
    from.set(b.id, b.label);
    to.set(a.id, a.label);
  });

  const form = h('form', { class: 'plan-form', 'aria-labelledby': 'plan-heading', novalidate: true },
    h('h1', { id: 'plan-heading' }, t('plan.heading')),
    h('div', { class: 'places' }, from.element, swap, to.element),
    h('div', { class: 'when' },
      h('div', { class: 'field' }, h('label', { for: uniqueId('unused') }, ''), arriveBy),
      h('div', { class: 'field' }, h('label', { for: dateId }, t('plan.date')), date),
      h('div', { class: 'field' }, h('label', { for: timeId }, t('plan.time')), time)),
    timeNote,
    h('fieldset', { class: 'modes' }, h('legend', {}, t('plan.modes')), modeBoxes.map((x) => x.label)),
    travellers.element,
    formError,
    h('button', { type: 'submit', class: 'primary' }, t('plan.search')));
  // The arrive-by select has its own aria-label: drop the empty label the grid keeps for alignment.
  form.querySelector('.when .field label')?.remove();

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = from.value();
    const tt = to.value();
    if (!f.id || !tt.id || !date.value) {
      formError.textContent = t('error.missing');
      formError.hidden = false;
      return;
    }
    const chosen = modeBoxes.filter((x) => x.box.checked).map((x) => x.m);
    ctx.navigate({
      from: f.id, fromLabel: f.label, to: tt.id, toLabel: tt.label,
      date: date.value, time: time.value || '08:00', arriveBy: arriveBy.value === 'true',
      modes: chosen.length === MODES.length ? [] : chosen,
      ...travellers.value(),
    });
  });

  // A link may carry stop ids without labels (?from=xian): show the places' names once the answer has them.
  ctx.placesNamed = (fromName, toName) => {
    if (s && s.fromLabel === s.from) from.set(s.from, fromName);
    if (s && s.toLabel === s.to) to.set(s.to, toName);
  };
  const results = h('section', { class: 'results', id: 'results', 'aria-labelledby': 'results-heading', 'aria-live': 'polite', tabindex: '-1' });
  root.replaceChildren(h('div', { class: 'plan-layout' }, form, results));
  if (s) void search(results, ctx, s, lang);
}

async function search(results: HTMLElement, ctx: PlanContext, s: PlanSearch, lang: string): Promise<void> {
  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('plan.searching')));
  let answer: PlanAnswer;
  try {
    answer = await ctx.api.plan(s);
  } catch (e) {
    results.removeAttribute('aria-busy');
    results.replaceChildren(errorView(e, ctx, s));
    return;
  }
  const stops = await stopDetails(ctx.api, answer);
  ctx.placesNamed?.(
    nameIn(answer.from.stopId ? stops.get(answer.from.stopId) : null, lang, answer.from.name),
    nameIn(answer.to.stopId ? stops.get(answer.to.stopId) : null, lang, answer.to.name));
  results.removeAttribute('aria-busy');
  results.replaceChildren(...answerView(answer, stops, ctx, s, lang));
  // Milliseconds from the navigation to the painted result, read by the end-to-end tests (BENCHMARKS.md).
  requestAnimationFrame(() => (results.dataset.readyMs = String(Math.round(performance.now()))));
  results.dataset.ready = 'true';
}

async function stopDetails(api: ApiClient, a: PlanAnswer): Promise<Stops> {
  const ids = new Set<string>();
  if (a.from.stopId) ids.add(a.from.stopId);
  if (a.to.stopId) ids.add(a.to.stopId);
  const all = [...a.itineraries, ...Object.values(a.bestByMode ?? {}).filter((x): x is Itinerary => !!x)];
  for (const it of all) {
    for (const l of it.legs) {
      if (l.from.stopId) ids.add(l.from.stopId);
      if (l.to.stopId) ids.add(l.to.stopId);
    }
    for (const c of it.borderCrossings ?? []) if (c.fromStopId) ids.add(c.fromStopId);
  }
  const entries = await Promise.all([...ids].map(async (id) => [id, await api.stop(id)] as const));
  return new Map(entries);
}

function errorView(e: unknown, ctx: PlanContext, s: PlanSearch): HTMLElement {
  const box = h('div', { class: 'error', role: 'alert' }, h('h2', { id: 'results-heading' }, t('error.title')));
  if (!(e instanceof ApiError)) {
    box.append(h('p', {}, String((e as Error)?.message ?? e)));
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
    box.append(h('p', {}, t('error.invalid_time')), h('p', { class: 'api-message' }, e.message));
  } else if (e.retryable) {
    box.append(h('p', {}, t(e.status === 0 ? 'error.network' : 'error.busy')),
      h('button', { type: 'button', class: 'primary', onclick: () => ctx.navigate({ ...s }) }, t('error.retry')));
  } else {
    box.append(h('p', {}, t('error.other')), h('p', { class: 'api-message' }, e.message));
  }
  return box;
}

function answerView(a: PlanAnswer, stops: Stops, ctx: PlanContext, s: PlanSearch, lang: string): HTMLElement[] {
  const place = (p: { name: string; stopId?: string }) => nameIn(p.stopId ? stops.get(p.stopId) : null, lang, p.name);
  const out: HTMLElement[] = [
    h('h2', { id: 'results-heading', class: 'results-heading' }, t('plan.resultsFor', { from: place(a.from), to: place(a.to) })),
    h('p', { class: 'results-day' }, formatDay(s.date, lang)),
  ];
  // Before an empty answer too: with "only journeys without a visa", the closed countries are why none is left.
  if (a.closedCountries?.length) {
    out.push(h('p', { class: 'closed-countries' }, t('entry.closed', { countries: a.closedCountries.map((c) => countryName(c, lang)).join(', ') })));
  }
  if (a.itineraries.length === 0) {
    out.push(h('p', { class: 'empty' }, t('plan.none')));
    if (a.coverageNote) out.push(h('p', { class: 'coverage-note' }, a.coverageNote));
    return out;
  }
  out.push(h('ol', { class: 'journeys', 'aria-label': t('plan.results') }, a.itineraries.map((it, i) => h('li', {}, journeyCard(it, stops, lang, false, ctx.showOnMap && (() => ctx.showOnMap!(s, i)))))));
  // The answer is sorted by arrival, and a journey on road links alone leaves at the time asked: earlier and
  // later go from the earliest and the latest time shown, not from the first and last journey.
  const key = (it: Itinerary) => (s.arriveBy ? it.endTime : it.startTime);
  const byKey = [...a.itineraries].sort((x, y) => Date.parse(key(x)) - Date.parse(key(y)));
  const first = byKey[0];
  const last = byKey[byKey.length - 1];
  out.push(h('nav', { class: 'earlier-later', 'aria-label': `${t('plan.earlier')} / ${t('plan.later')}` },
    h('button', { type: 'button', class: 'earlier', onclick: () => ctx.navigate({ ...s, ...shiftWallTime(key(first), -24 * 60) }) }, '← ' + t('plan.earlier')),
    h('button', { type: 'button', class: 'later', onclick: () => ctx.navigate({ ...s, ...shiftWallTime(key(last), 1) }) }, t('plan.later') + ' →')));
  const best = Object.entries(a.bestByMode ?? {});
  if (best.length) {
    out.push(h('section', { class: 'best-by-mode', 'aria-labelledby': 'best-heading' },
      h('h3', { id: 'best-heading' }, t('plan.bestByMode')),
      h('ul', {}, best.map(([mode, it]) => h('li', { class: `best best-${mode}` },
        h('span', { class: 'best-mode' }, modeLabel(mode)),
        it ? journeyCard(it, stops, lang, true) : h('span', { class: 'best-none' }, t('plan.noneByMode')))))));
  }
  return out;
}

function timeView(iso: string, stopId: string | undefined, stops: Stops, lang: string, cls: string): HTMLElement {
  const f = formatLocalTime(iso, lang, stopId ? stops.get(stopId)?.timezone : undefined);
  return h('span', { class: cls },
    h('time', { datetime: f.dateTime, class: 'clock' }, f.time), ' ',
    h('span', { class: 'zone' }, f.zone), ' ',
    h('span', { class: 'day' }, f.date));
}

function journeyCard(it: Itinerary, stops: Stops, lang: string, compact = false, showOnMap?: () => void): HTMLElement {
  const firstLeg = it.legs[0];
  const lastLeg = it.legs[it.legs.length - 1];
  const modes = [...new Set(it.legs.map(modeOf).filter((m) => m !== 'walk'))];
  const estimated = it.legs.some((l) => l.estimated);
  const detailsId = uniqueId('journey-details');
  const details = h('div', { id: detailsId, class: 'timeline', hidden: true });
  const toggle = h('button', { type: 'button', class: 'details-toggle', 'aria-expanded': 'false', 'aria-controls': detailsId }, t('plan.details'));
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    if (open && !details.firstChild) details.append(...timeline(it, stops, lang), ...entryView(it.entry ?? [], lang), journeyActions(it, stops, lang, showOnMap));
    details.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = t(open ? 'plan.hideDetails' : 'plan.details');
  });
  return h('article', { class: compact ? 'journey compact' : 'journey' },
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

function timeline(it: Itinerary, stops: Stops, lang: string): HTMLElement[] {
  const name = (p: { name: string; stopId?: string }) => nameIn(p.stopId ? stops.get(p.stopId) : null, lang, p.name);
  const items: HTMLElement[] = [];
  it.legs.forEach((leg, i) => {
    if (i > 0 && leg.waitBefore > 0) {
      items.push(h('li', { class: 'wait' }, t('plan.wait', { duration: formatDuration(leg.waitBefore, lang), place: name(leg.from) })));
    }
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
        leg.agencyName ? ' · ' + t('plan.operatedBy', { agency: leg.agencyName }) : ''),
      h('div', { class: 'leg-stop' }, timeView(leg.endTime, leg.to.stopId, stops, lang, 'arr'), ' ', h('span', { class: 'stop-name' }, name(leg.to)))));
    for (const c of (it.borderCrossings ?? []).filter((b) => b.legIndex === i)) {
      const at = c.crossingName ?? (c.fromStopId ? name({ name: stops.get(c.fromStopId)?.name ?? c.fromStopId, stopId: c.fromStopId }) : '');
      items.push(h('li', { class: 'border' },
        t('plan.border', { from: t(`country.${c.fromCountry}`, { defaultValue: c.fromCountry }), to: t(`country.${c.toCountry}`, { defaultValue: c.toCountry }) }),
        at ? ' ' + t('plan.borderAt', { place: at }) : ''));
    }
  });
  return [h('ol', { class: 'legs' }, items)];
}

const NEEDS_ACTION = new Set(['arrange_before_travel', 'visa_needed', 'limit_exceeded', 'group_conditions_not_met', 'transit_conditions_not_met', 'no_rule_known']);

// One line per journey: what the travellers must arrange, or that no visa is needed.
function entrySummary(entries: Entry[], lang: string): HTMLElement {
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
function entryView(entries: Entry[], lang: string): HTMLElement[] {
  if (entries.length === 0) return [];
  return [h('section', { class: 'entries' }, h('h4', {}, t('entry.heading')), entries.map((e) => {
    const when = e.time ? formatLocalTime(e.time, lang) : null;
    const head = t('entry.entering', { country: countryName(e.country, lang), from: e.from ? countryName(e.from, lang) : '?' }) +
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
function calendarButton(it: Itinerary, stops: Stops, lang: string): HTMLElement {
  const name = (p: { name: string; stopId?: string }) => nameIn(p.stopId ? stops.get(p.stopId) : null, lang, p.name);
  const button = h('button', { type: 'button', class: 'link calendar' }, t('plan.addToCalendar'));
  button.addEventListener('click', () => {
    const ics = journeyToIcs(it, {
      legTitle: (i) => {
        const leg = it.legs[i];
        const route = leg.routeShortName || leg.tripShortName || modeLabel(modeOf(leg));
        return `${route}: ${name(leg.from)} → ${name(leg.to)}`;
      },
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
function printButton(): HTMLElement {
  const button = h('button', { type: 'button', class: 'link print' }, t('plan.print'));
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

function journeyActions(it: Itinerary, stops: Stops, lang: string, showOnMap?: () => void): HTMLElement {
  return h('p', { class: 'journey-actions' }, calendarButton(it, stops, lang), ' ', printButton(),
    showOnMap ? h('button', { type: 'button', class: 'link show-on-map', onclick: showOnMap }, t('plan.showOnMap')) : null);
}
