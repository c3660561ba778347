// The tour form's "Plan the journey with Caravan" (docs/web.md, The register): from and to with the
// plan's stop autocomplete (stop-field.ts), a day and an optional time; "Find journeys" asks the
// planner (GET /api/v1/plan) and lists its journeys as the plan view sums them up (times, duration,
// changes, modes, estimated); choosing one hands it to the form, which adds its legs and, when it may,
// its countries as stays. The next search starts where the journey ended, on the day it arrived.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { ApiClient, ApiError, suggestionsFromMessage, type Itinerary, type PlanAnswer } from '../../lib/api.js';
import { formatDuration, formatMediumDay, offsetLabel, parseApiTime } from '../../lib/format.js';
import type { TourLeg } from '../../lib/register-api.js';
import { journeyName, modeGroup, modeLabel, placeIn, stopDetails, timeView, type Stops } from '../plan.js';
import { stopField } from '../stop-field.js';

// The plan's API (the server that serves the register serves the planner too).
const api = new ApiClient();

export interface ChosenJourney {
  it: Itinerary;
  stops: Stops;
  name: string; // "Fri, 5 Jun 08:00 Urumqi → Bishkek", in the page's language
}

// A stay's or leg's local moment: "5 Jun 2026 16:07 (UTC+6)", the offset when it has one; a date alone
// as the day.
export function localMoment(v: string, lang: string): string {
  if (!v) return '';
  try {
    const w = parseApiTime(v);
    return `${formatMediumDay(w.date, lang)} ${w.time} (${offsetLabel(w.offsetMinutes)})`;
  } catch {
    return v.length > 10 ? `${formatMediumDay(v.slice(0, 10), lang)} ${v.slice(11, 16)}` : formatMediumDay(v.slice(0, 10), lang);
  }
}

// A leg as the form and the tour's page show it: from -> to, when, mode, name, estimated.
export function legView(l: TourLeg, lang: string): Node[] {
  const mode = l.mode ? modeGroup(l.mode) : '';
  return [
    h('span', { class: 'leg-route' }, `${l.from} → ${l.to}`),
    h('span', { class: 'leg-when' },
      h('span', { class: 'visually-hidden' }, `${t('plan.departs')}: `), localMoment(l.departure, lang), ' – ',
      h('span', { class: 'visually-hidden' }, `${t('plan.arrives')}: `), localMoment(l.arrival, lang)),
    h('span', { class: 'leg-meta' },
      mode ? h('span', { class: `mode mode-${mode}` }, modeLabel(mode)) : null,
      l.name ? h('span', { class: 'leg-name' }, l.name) : null,
      l.estimated ? h('span', { class: 'badge estimated', title: t('plan.estimatedTitle') }, t('plan.estimated')) : null),
  ];
}

export function journeyPlanner(lang: string, startDate: () => string, chosen: (j: ChosenJourney) => void): HTMLElement {
  const from = stopField(api, 'from', t('register.tours.plan.from'), { id: '', label: '' }, lang);
  const to = stopField(api, 'to', t('register.tours.plan.to'), { id: '', label: '' }, lang);
  const dateId = uniqueId('plan-date');
  const timeId = uniqueId('plan-time');
  const date = h('input', { id: dateId, name: 'planDate', type: 'date', value: startDate() });
  const time = h('input', { id: timeId, name: 'planTime', type: 'time' });
  const find = h('button', { type: 'button', class: 'find-journeys' }, t('register.tours.plan.find'));
  const errorId = uniqueId('plan-error');
  const error = h('p', { class: 'field-error', id: errorId, hidden: true, role: 'alert' });
  const results = h('div', { class: 'planner-results', 'aria-live': 'polite' });
  const legendId = uniqueId('planner-legend');

  let pending: AbortController | null = null;
  const search = async () => {
    error.hidden = true;
    for (const i of [from.input, to.input, date]) i.removeAttribute('aria-invalid');
    const a = from.value();
    const b = to.value();
    const empty = [!a.id && from.input, !b.id && to.input, !date.value && date].filter((x): x is HTMLInputElement => !!x);
    if (empty.length) {
      error.hidden = false;
      error.textContent = t('register.tours.plan.required');
      for (const i of empty) i.setAttribute('aria-invalid', 'true');
      empty[0].focus();
      return;
    }
    pending?.abort();
    pending = new AbortController();
    const mine = pending;
    find.disabled = true;
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('register.tours.plan.searching')));
    let answer: PlanAnswer;
    let stops: Stops;
    try {
      answer = await api.plan({ from: a.id, fromLabel: a.label, to: b.id, toLabel: b.label, date: date.value, time: time.value || '00:00',
        arriveBy: false, modes: [], travellers: [], onlyVisaFree: false }, mine.signal);
      stops = await stopDetails(api, answer);
    } catch (e) {
      if (mine.signal.aborted) return;
      results.replaceChildren(failure(e, a.label, b.label));
      return;
    } finally {
      if (pending === mine) {
        find.disabled = false;
        results.removeAttribute('aria-busy');
      }
    }
    const journeys = answer.itineraries.filter((it) => it.legs.length > 0).slice(0, 5);
    if (!journeys.length) {
      results.replaceChildren(h('p', { class: 'hint planner-none' }, t('register.tours.plan.none')));
      return;
    }
    const place = placeIn(stops, lang);
    results.replaceChildren(
      h('p', { class: 'planner-found' }, t('register.tours.plan.found', { count: journeys.length, from: place(answer.from), to: place(answer.to) })),
      h('ol', { class: 'planner-journeys' }, journeys.map((it) => {
        const name = journeyName(it, stops, lang);
        const modes = [...new Set(it.legs.map((l) => modeGroup(l.mode)).filter((m) => m !== 'walk'))];
        const first = it.legs[0];
        const last = it.legs[it.legs.length - 1];
        const add = h('button', { type: 'button', class: 'add-journey', 'aria-label': t('register.tours.plan.addNamed', { name }) }, t('register.tours.plan.add'));
        add.addEventListener('click', () => {
          chosen({ it, stops, name });
          // The next journey from where this one ends, on the day it arrives.
          from.set(b.id, b.label);
          to.set('', '');
          date.value = it.endTime.slice(0, 10);
          time.value = '';
          results.replaceChildren();
        });
        return h('li', { class: 'planner-journey' },
          h('div', { class: 'journey-times' },
            timeView(it.startTime, first.from.stopId, stops, lang, 'dep'),
            h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
            timeView(it.endTime, last.to.stopId, stops, lang, 'arr')),
          h('div', { class: 'journey-summary' },
            h('span', { class: 'duration' }, h('span', { class: 'visually-hidden' }, t('plan.duration') + ': '), formatDuration(it.duration, lang)),
            h('span', { class: 'changes' }, t('plan.changes', { count: it.transfers })),
            h('span', { class: 'journey-modes' }, modes.map((m) => h('span', { class: `mode mode-${m}` }, modeLabel(m)))),
            it.legs.some((l) => l.estimated) ? h('span', { class: 'badge estimated', title: t('plan.estimatedTitle') }, t('plan.estimated')) : null),
          add);
      })));
  };
  // What went wrong in the plan's words: a place not known (with the places meant, one click each), a
  // day outside the timetable, a network or a busy server; else the API's message.
  const failure = (e: unknown, fromText: string, toText: string): HTMLElement => {
    const box = h('div', { class: 'form-error planner-error', role: 'alert' });
    if (!(e instanceof ApiError)) {
      box.append(h('p', {}, t('register.tours.plan.failed', { message: e instanceof Error ? e.message : String(e) })));
    } else if (e.code === 'unknown_place') {
      const field = e.parameter === 'toPlace' ? to : from;
      box.append(h('p', {}, t('error.unknown_place', { text: e.parameter === 'toPlace' ? toText : fromText })));
      const suggestions = suggestionsFromMessage(e.message);
      if (suggestions.length) {
        box.append(h('p', {}, t('error.didYouMean')), h('ul', { class: 'did-you-mean' }, suggestions.map((x) =>
          h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => { field.set(x.stopId, x.name); void search(); } }, x.name)))));
      }
    } else if (e.code === 'invalid_time') {
      box.append(h('p', {}, t(/outside/.test(e.message) ? 'error.invalid_time' : 'error.badDate')), h('p', { class: 'api-message' }, e.message));
    } else if (e.retryable) {
      box.append(h('p', {}, t(e.status === 0 ? 'error.network' : 'error.busy')));
    } else {
      box.append(h('p', {}, t('register.tours.plan.failed', { message: e.message })));
    }
    return box;
  };
  find.addEventListener('click', () => void search());
  // Enter in the planner's fields searches (the tour form around it is not sent); the place fields keep
  // Enter for their lists while one is open.
  const enterSearches = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.defaultPrevented) return;
    e.preventDefault();
    void search();
  };
  for (const i of [from.input, to.input, date, time]) i.addEventListener('keydown', enterSearches);

  return h('fieldset', { class: 'tour-planner', 'aria-describedby': errorId },
    h('legend', { id: legendId }, t('register.tours.plan.heading')),
    h('p', { class: 'hint' }, t('register.tours.plan.hint')),
    h('div', { class: 'planner-places' }, from.element, to.element),
    h('div', { class: 'planner-when' },
      h('div', { class: 'field' }, h('label', { for: dateId }, t('register.tours.plan.date')), date),
      h('div', { class: 'field' }, h('label', { for: timeId }, t('register.tours.plan.time')), time)),
    error,
    find,
    results);
}
