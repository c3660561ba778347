// The tour builder (/tour, issue 18; docs/web.md "Tour builder", docs/tours.md): a form of where and
// when to start, the days, the travellers, a group tour and preferences, and the heritage sites to visit
// (themes, a list by country, taps on a map); then GET /api/v1/tours/plan's tours, best first: a summary,
// the day-by-day timeline, every traveller's entry verdicts, the route and the numbered sites on the map,
// the shortfall with a button to apply it, the exports (ics, GeoJSON, a printable page), the link that
// reopens it, and for operator staff signed in, "save as a group tour programme" (POST /api/v1/tours).
// The form lives in the URL (lib/tour-plan.ts): a copied link reopens and recomputes the same tour.
import './tour.css';
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { ApiError, type ApiClient } from '../../lib/api.js';
import { formatDay, formatDuration, formatList, formatLocalTime, localToday } from '../../lib/format.js';
import { RegisterClient } from '../../lib/register-api.js';
import {
  chooseTheme, daySummary, DEFAULT_TOUR_FORM, entriesOf, EXPORT_FORMATS, fieldOfParameter, isCarDrive, MAX_DAYS, MAX_TOURS, moveSite, numberedSites,
  parseTourForm, selectedSites, sitesByCountry, sitesFromGeoJson, THEMES, themeSites, timelineDays, toggleSite, tourApiPath, tourFormProblem,
  tourFormToQuery, tourLines, tourProgramme, visitOrder, withDaysNeeded, withoutSites,
  type SiteInfo, type TourField, type TourAnswer, type TourForm, type TourItem, type TourPlan, type TourProblem,
} from '../../lib/tour-plan.js';
import { MODES, type Language } from '../../lib/url-state.js';
import { entrySummary, entryView, modeGroup, modeLabel, placeIn, stopDetails, timeline, type Stops } from '../plan.js';
import type { PlanAnswer } from '../../lib/api.js';
import { stopField } from '../stop-field.js';
import { countryName, travellersField } from '../travellers.js';
import type { TourMap } from './tour-map.js';

export interface TourViewContext {
  api: ApiClient;
  lang: Language;
  query: string; // the form, as the URL has it (without lang)
  focusResults: boolean; // asked for in this page (not a link): move to the results
  navigate(query: string, how?: 'push' | 'replace'): void;
  keepQuery(read: () => string): void; // the form's unsent edits, over a change of language
}

// The sites' list, asked once per page (it does not change while the server runs).
let sitesLoading: Promise<SiteInfo[]> | null = null;
let carried: TourForm | null = null; // the form's unsent edits over a change of language
const register = new RegisterClient();

export async function renderTour(root: HTMLElement, ctx: TourViewContext): Promise<void> {
  const { api, lang } = ctx;
  // The tour shown is the URL's; the form starts from it, or from the edits carried over a change of
  // language (which draws the view again without building a tour from unsent edits).
  const shown: TourForm = parseTourForm(ctx.query);
  let form: TourForm = carried ?? shown;
  carried = null;
  const asked = !!ctx.query && !!shown.start && !!shown.date;

  // ---- The form ----
  const start = stopField(api, 'from', t('tour.start'), { id: form.start, label: form.startLabel }, lang);
  const end = stopField(api, 'to', t('tour.end'), { id: form.end, label: form.endLabel }, lang);
  for (const f of [start, end]) if (f.value().id) f.nameInLanguage(f.value().id);
  const endHint = h('p', { class: 'hint', id: uniqueId('end-hint') }, t('tour.endHint'));
  end.input.setAttribute('aria-describedby', `${end.input.getAttribute('aria-describedby') ?? ''} ${endHint.id}`.trim());
  end.input.removeAttribute('placeholder');
  const field = (label: string, input: HTMLElement, extra?: HTMLElement | null) => {
    const id = input.id || uniqueId('tour-field');
    input.id = id;
    return h('div', { class: 'field' }, h('label', { for: id }, label), input, extra ?? null);
  };
  const date = h('input', { type: 'date', name: 'date', required: true, value: form.date || localToday() });
  const time = h('input', { type: 'time', name: 'time', required: true, value: form.time });
  const daysHint = h('p', { class: 'hint', id: uniqueId('days-hint') }, t('tour.daysHint'));
  const days = h('input', { type: 'number', name: 'days', min: 1, max: MAX_DAYS, step: 1, inputmode: 'numeric', required: true, value: form.days, 'aria-describedby': daysHint.id });
  const travellers = travellersField(lang, form.travellers, false, false);

  const groupOn = h('input', { type: 'checkbox', name: 'groupOn', checked: !!form.group });
  const groupSize = h('input', { type: 'number', name: 'group', min: 1, max: 999, step: 1, inputmode: 'numeric', value: form.group?.size ?? 10 });
  const groupOperator = h('input', { type: 'text', name: 'groupOperator', maxlength: 200, value: form.group?.operator ?? '', autocomplete: 'off' });
  const groupRegistered = h('input', { type: 'checkbox', name: 'groupRegistered', checked: !!form.group?.registered });
  const groupMore = h('div', { class: 'group-more', hidden: !form.group },
    field(t('tour.group.size'), groupSize), field(t('tour.group.operator'), groupOperator),
    h('label', { class: 'mode-choice' }, groupRegistered, ' ', t('tour.group.registered')));
  groupOn.addEventListener('change', () => (groupMore.hidden = !groupOn.checked));
  // A ticket out of the last country: every traveller's, group or not (group regimes ask for it).
  const onwardHint = h('p', { class: 'hint', id: uniqueId('onward-hint') }, t('tour.group.onwardTicketHint'));
  const onwardTicket = h('input', { type: 'checkbox', name: 'onwardTicket', checked: form.onwardTicket, 'aria-describedby': onwardHint.id });
  const groupField = h('fieldset', { class: 'tour-group' }, h('legend', {}, t('tour.group.legend')),
    h('label', { class: 'mode-choice' }, groupOn, ' ', t('tour.group.on')), groupMore,
    h('label', { class: 'mode-choice tour-onward' }, onwardTicket, ' ', t('tour.group.onwardTicket')), onwardHint);

  const modeBoxes = MODES.map((m) => ({ m, box: h('input', { type: 'checkbox', name: 'modes', value: m, checked: !form.modes.length || form.modes.includes(m) }) }));
  const dayStart = h('input', { type: 'time', name: 'dayStart', value: form.dayStart });
  const dayEnd = h('input', { type: 'time', name: 'dayEnd', value: form.dayEnd });
  const overnight = h('input', { type: 'checkbox', name: 'overnight', checked: form.overnight });
  const carHint = h('p', { class: 'hint', id: uniqueId('car-hint') }, t('tour.prefs.carHint'));
  const car = h('input', { type: 'checkbox', name: 'car', checked: form.car, 'aria-describedby': carHint.id });
  const keepOrderHint = h('p', { class: 'hint', id: uniqueId('keep-order-hint') }, t('tour.prefs.keepOrderHint'));
  const keepOrder = h('input', { type: 'checkbox', name: 'keepOrder', checked: form.keepOrder, 'aria-describedby': keepOrderHint.id });
  const tours = h('select', { name: 'tours' }, Array.from({ length: MAX_TOURS }, (_, i) => h('option', { value: i + 1, selected: i + 1 === form.tours }, String(i + 1))));
  const prefs = h('details', { class: 'tour-prefs', open: form.modes.length > 0 || !form.overnight || form.car || form.keepOrder || form.dayStart !== DEFAULT_TOUR_FORM.dayStart || form.dayEnd !== DEFAULT_TOUR_FORM.dayEnd },
    h('summary', {}, t('tour.prefs.legend')),
    h('fieldset', { class: 'modes' }, h('legend', {}, t('plan.modes')), modeBoxes.map((x) => h('label', { class: 'mode-choice' }, x.box, ' ', modeLabel(x.m)))),
    h('div', { class: 'tour-day-times' }, field(t('tour.prefs.dayStart'), dayStart), field(t('tour.prefs.dayEnd'), dayEnd)),
    h('label', { class: 'mode-choice' }, overnight, ' ', t('tour.prefs.overnight')),
    h('label', { class: 'mode-choice tour-car' }, car, ' ', t('tour.prefs.car')), carHint,
    h('label', { class: 'mode-choice tour-keep-order' }, keepOrder, ' ', t('tour.prefs.keepOrder')), keepOrderHint,
    field(t('tour.prefs.tours'), tours));

  // The sites: themes, the map, the list by country. `form.theme` and `form.sites` are the state; the
  // boxes, the theme buttons, the count and the map follow it.
  let sites: SiteInfo[] = [];
  let tourMap: TourMap | null = null;
  const themeButtons = h('div', { class: 'tour-themes', role: 'group', 'aria-label': t('tour.sites.themes') });
  const chosenCount = h('p', { class: 'tour-chosen', role: 'status' });
  const siteList = h('div', { class: 'tour-site-list' }, h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('tour.sites.loading')));
  const mapBox = h('div', { class: 'tour-map', role: 'region', 'aria-label': t('tour.sites.map') });
  const mapSlot = h('div', { class: 'tour-map-slot' }, mapBox);
  const clear = h('button', { type: 'button', class: 'link tour-clear' }, t('tour.sites.clear'));
  const syncSites = () => {
    const now = selectedSites(form, sites);
    chosenCount.textContent = t('tour.sites.chosen', { count: now.length });
    for (const box of siteList.querySelectorAll<HTMLInputElement>('input[name=site]')) box.checked = now.includes(box.value);
    for (const d of siteList.querySelectorAll<HTMLDetailsElement>('details.tour-country')) {
      const boxes = [...d.querySelectorAll<HTMLInputElement>('input[name=site]')];
      const n = boxes.filter((b) => b.checked).length;
      d.querySelector('.tour-country-count')!.textContent = t('tour.sites.countryCount', { count: boxes.length, chosen: n });
      if (n) d.open = true;
    }
    for (const b of themeButtons.querySelectorAll<HTMLButtonElement>('button')) b.setAttribute('aria-pressed', String(form.theme === b.dataset.theme && !form.sites.length));
    clear.hidden = !now.length;
    tourMap?.setSelected(now);
    drawOrder();
  };
  // With "visit in the order chosen", the order as it will be sent, each site movable earlier or later.
  const orderBox = h('div', { class: 'tour-visit-order', hidden: true });
  const drawOrder = () => {
    const order = visitOrder(form, sites);
    orderBox.hidden = !keepOrder.checked || !order.length;
    if (orderBox.hidden) return orderBox.replaceChildren();
    const name = (id: string) => sites.find((x) => x.id === id)?.name ?? id;
    const focused = document.activeElement instanceof HTMLElement && orderBox.contains(document.activeElement) ? document.activeElement.dataset.move : undefined;
    orderBox.replaceChildren(h('h3', { class: 'tour-list-heading' }, t('tour.prefs.orderHeading')),
      h('ol', {}, order.map((id, i) => h('li', {}, h('div', { class: 'tour-order-row' }, h('span', { lang: 'en' }, name(id)), ' ',
        ...([[-1, '↑', 'tour.prefs.moveUp'], [1, '↓', 'tour.prefs.moveDown']] as const).map(([by, arrow, key]) =>
          h('button', { type: 'button', class: 'link tour-move', 'data-move': `${id}:${by}`, disabled: by < 0 ? i === 0 : i === order.length - 1,
            'aria-label': t(key, { site: name(id) }), onclick: () => {
              form = moveSite(form, id, by, sites);
              syncSites();
            } }, arrow)))))));
    // The focus follows the moved site's button, as a keyboard user expects.
    if (focused) orderBox.querySelector<HTMLElement>(`[data-move="${focused}"]:not([disabled])`)?.focus();
  };
  keepOrder.addEventListener('change', drawOrder);
  const toggle = (id: string) => {
    form = toggleSite(form, id, sites);
    syncSites();
  };
  clear.addEventListener('click', () => {
    form = { ...form, theme: '', sites: [] };
    syncSites();
  });
  const sitesField = h('fieldset', { class: 'tour-sites' }, h('legend', {}, t('tour.sites.legend')),
    h('p', { class: 'hint' }, t('tour.sites.hint')), themeButtons, chosenCount, clear, orderBox, mapSlot, siteList);

  // What stops the tour, said twice: at the top of the form (a summary linking to the field, seen on a
  // phone whatever was scrolled) and next to the field itself (its aria-describedby, aria-invalid).
  const formError = h('div', { class: 'form-error tour-form-error', role: 'alert', id: uniqueId('tour-form-error'), hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('tour.build'));
  const formEl = h('form', { class: 'plan-form tour-builder-form', 'aria-labelledby': 'tour-builder-heading', novalidate: true },
    h('h1', { id: 'tour-builder-heading', tabindex: '-1' }, t('tour.heading')),
    h('p', { class: 'hint tour-intro' }, t('tour.intro')),
    formError,
    start.element,
    h('div', { class: 'tour-when' }, field(t('tour.date'), date), field(t('tour.time'), time), field(t('tour.days'), days, daysHint)),
    h('div', { class: 'tour-end' }, end.element, endHint),
    sitesField,
    travellers.element,
    groupField,
    prefs,
    submit);

  const read = (): TourForm => {
    const s = start.value();
    const e = end.value();
    const chosen = modeBoxes.filter((x) => x.box.checked).map((x) => x.m);
    return {
      ...form,
      start: s.id, startLabel: s.label, end: e.id, endLabel: e.id ? e.label : '',
      date: date.value, time: time.value || '08:00', days: Number(days.value),
      travellers: travellers.value().travellers,
      group: groupOn.checked ? { size: Number(groupSize.value), operator: groupOperator.value.trim(), registered: groupRegistered.checked } : null,
      modes: chosen.length === MODES.length ? [] : chosen,
      dayStart: dayStart.value || DEFAULT_TOUR_FORM.dayStart, dayEnd: dayEnd.value || DEFAULT_TOUR_FORM.dayEnd,
      ...(keepOrder.checked && form.theme && sites.length ? { theme: '', sites: visitOrder(form, sites) } : {}),
      overnight: overnight.checked, car: car.checked, keepOrder: keepOrder.checked, onwardTicket: onwardTicket.checked, tours: Number(tours.value),
    };
  };
  ctx.keepQuery(() => {
    carried = read();
    return ctx.query;
  });

  const fieldOf = (f: TourField | TourProblem | 'noMode'): HTMLElement | null => ({
    start: start.input, missingStart: start.input, end: end.input, date, badDate: date, badTime: time, days, badDays: days,
    sites: themeButtons.querySelector('button') ?? siteList, noSites: themeButtons.querySelector('button') ?? siteList, tooManySites: siteList,
    travellers: formEl.querySelector<HTMLElement>('select[name=nationality]') ?? travellers.element,
    group: groupSize, badGroup: groupSize, groupOperator, dayStart, dayEnd, badDayTimes: dayStart, modes: modeBoxes[0].box, noMode: modeBoxes[0].box, tours,
    futureBirthDate: [...formEl.querySelectorAll<HTMLInputElement>('input[name=birthDate]')].find((b) => b.value > localToday()) ?? formEl.querySelector<HTMLElement>('input[name=birthDate]'),
  } as Record<string, HTMLElement | null>)[f] ?? null;
  // Where a field's message goes: after the field's box (a labelled input's .field, a stop field, the
  // theme buttons, a checkbox's label), so it is seen beside the field the focus moves to.
  const messageAnchor = (el: HTMLElement): HTMLElement => (el === start.input ? start.element : el === end.input ? end.element
    : themeButtons.contains(el) ? themeButtons : el.closest<HTMLElement>('.field, label, fieldset.modes') ?? el);
  const fieldErrors: { el: HTMLElement; error: HTMLElement; describedBy: string | null }[] = [];
  const clearProblem = () => {
    for (const el of formEl.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const x of fieldErrors.splice(0)) {
      x.error.remove();
      if (x.describedBy) x.el.setAttribute('aria-describedby', x.describedBy);
      else x.el.removeAttribute('aria-describedby');
    }
    formError.hidden = true;
    formError.replaceChildren();
  };
  // `message` is the text (the form's own, or the server's English with `lang`), `el` the field.
  const markField = (el: HTMLElement | null, message: string, msgLang: string | null, focus: boolean) => {
    clearProblem();
    formError.hidden = false;
    const target = el && el.isConnected && !el.hidden ? el : null;
    if (target && !target.id) target.id = uniqueId('tour-field');
    const text = (tag: 'a' | 'p', attrs: Record<string, unknown>) => h(tag, { ...attrs, ...(msgLang ? { lang: msgLang } : {}) }, message);
    formError.append(h('p', { class: 'tour-form-error-title' }, t('tour.problem.title')),
      target ? text('a', { href: `#${target.id}`, onclick: (e: Event) => {
        e.preventDefault();
        target.focus({ preventScroll: true });
        messageAnchor(target).scrollIntoView({ block: 'center' });
      } }) : text('p', {}));
    if (!target) {
      if (focus) formError.scrollIntoView({ block: 'center' });
      return;
    }
    if (target.closest('details.tour-prefs')) prefs.open = true;
    const error = text('p', { class: 'field-error tour-field-error', id: uniqueId('tour-field-error') });
    const anchor = messageAnchor(target);
    if (anchor.matches('.field, .stop-field') || anchor === start.element || anchor === end.element) anchor.append(error);
    else anchor.after(error);
    const describedBy = target.getAttribute('aria-describedby');
    target.setAttribute('aria-describedby', `${describedBy ?? ''} ${error.id}`.trim());
    if (target.matches('input, select, textarea')) target.setAttribute('aria-invalid', 'true');
    fieldErrors.push({ el: target, error, describedBy });
    if (focus) {
      target.focus({ preventScroll: true });
      // The field and its message in view (a phone's keyboard and the page's header take room).
      const box = anchor.getBoundingClientRect();
      const bottom = error.getBoundingClientRect().bottom;
      if (box.top < 0 || bottom > window.innerHeight) {
        if (bottom - box.top < window.innerHeight * 0.8) window.scrollBy({ top: (box.top + bottom) / 2 - window.innerHeight / 2 });
        else anchor.scrollIntoView({ block: 'start' });
      }
    }
  };
  const showProblem = (p: TourProblem | 'noMode' | null, focus = true) => {
    if (!p) return clearProblem();
    markField(fieldOf(p), t(p === 'noMode' ? 'error.noMode' : `tour.problem.${p}`), null, focus);
  };
  let sent = false;
  formEl.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (sent) return;
    const f = read();
    const noMode = !modeBoxes.some((x) => x.box.checked);
    const problem = date.validity.badInput ? 'badDate' : tourFormProblem(f, localToday()) ?? (noMode ? 'noMode' : null);
    showProblem(problem);
    if (problem) return;
    sent = true;
    ctx.navigate(tourFormToQuery(f), 'push');
  });

  // ---- The page ----
  const results = h('section', { class: 'results tour-builder-results', id: 'tour-builder-results', 'aria-labelledby': 'tour-builder-results-heading', tabindex: '-1' });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  root.replaceChildren(h('div', { class: 'plan-layout tour-layout' }, formEl, results, status));

  // The sites (list and map) load beside the tour's answer.
  const sitesReady = (sitesLoading ??= api.sites().then(sitesFromGeoJson).catch((e) => {
    sitesLoading = null;
    throw e;
  })).then((list) => {
    sites = list;
    drawSiteControls();
    syncSites();
    void import('./tour-map.js').then(({ createTourMap }) => createTourMap(mapBox, sites, selectedSites(form, sites), toggle)).then((m) => {
      tourMap = m;
      syncSites();
      if (shownTour) shownTour();
    }).catch(() => mapBox.replaceChildren(h('p', { class: 'hint' }, t('tour.sites.mapFailed'))));
  }, (e) => {
    siteList.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('p', {}, t('tour.sites.failed', { message: e instanceof ApiError ? e.message : String(e) })),
      h('button', { type: 'button', class: 'primary', onclick: () => location.reload() }, t('tour.retry'))));
  });

  const drawSiteControls = () => {
    themeButtons.replaceChildren(...THEMES.map((th) => {
      const count = themeSites(th.theme, sites).length;
      const b = h('button', { type: 'button', class: 'tour-theme', 'data-theme': th.theme, 'aria-pressed': 'false', disabled: count === 0 },
        h('span', { class: 'tour-theme-name' }, t(`tour.sites.theme.${th.key}`)), ' ', h('span', { class: 'tour-theme-count' }, t('tour.sites.themeCount', { count })));
      b.addEventListener('click', () => {
        form = chooseTheme(form, th.theme);
        syncSites();
      });
      return b;
    }));
    const collator = new Intl.Collator(lang);
    // A country per closed section (46 sites are long on a phone), opened where a site is chosen.
    siteList.replaceChildren(h('h2', { class: 'tour-list-heading' }, t('tour.sites.list')), ...sitesByCountry(sites, collator.compare).map(([country, list]) => {
      const name = country === 'multi' ? t('tour.sites.multi') : countryName(country, lang);
      return h('details', { class: 'tour-country', 'data-country': country },
        h('summary', {}, h('span', { class: 'tour-country-name' }, name), ' ', h('span', { class: 'tour-country-count' })),
        h('div', { role: 'group', 'aria-label': name }, h('ul', {}, list.map((s) => h('li', {}, h('label', { class: 'site-choice' },
          h('input', { type: 'checkbox', name: 'site', value: s.id, onchange: () => toggle(s.id) }),
          h('span', {}, h('span', { lang: 'en' }, s.name), s.nameLocal ? h('span', { class: 'site-local' }, ` · ${s.nameLocal}`) : null)))))));
    }));
  };

  // ---- The answer ----
  let shownTour: (() => void) | null = null;
  if (!asked) return;
  const problem = tourFormProblem(shown, localToday());
  if (problem) {
    results.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('h2', { id: 'tour-builder-results-heading' }, t('tour.problem.title')), h('p', {}, t(`tour.problem.${problem}`))));
    showProblem(problem, false);
    return;
  }
  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('tour.building')));
  status.textContent = t('tour.building');
  let answer: TourAnswer;
  try {
    answer = await api.getJson<TourAnswer>(tourApiPath(shown));
  } catch (e) {
    results.removeAttribute('aria-busy');
    results.replaceChildren(errorBox(e, () => ctx.navigate(tourFormToQuery(shown), 'replace')));
    status.textContent = t('tour.error.title');
    // A refusal naming a parameter marks its field with the server's message (and moves there after a
    // search from the form): "no stop with id or name `Atlantis`" at the start.
    const named = e instanceof ApiError && e.status >= 400 && e.status < 500 ? fieldOfParameter(e.parameter) : null;
    if (named && e instanceof ApiError) {
      await sitesReady.catch(() => undefined);
      markField(fieldOf(named), e.message, 'en', ctx.focusResults);
    }
    return;
  }
  await sitesReady.catch(() => undefined);
  const names = await namesOf(api, answer, sites, lang);
  results.removeAttribute('aria-busy');
  const startName = (start.value().id === shown.start && start.value().label) || names.place(answer.start.name);
  const view = answerView(answer, shown, sites, names, ctx, startName, (draw) => {
    shownTour = draw;
    if (tourMap) draw();
  }, () => tourMap, mapSlot);
  results.replaceChildren(...view);
  results.dataset.ready = 'true';
  status.textContent = answer.tours.length
    ? t('tour.result.status', { count: answer.tours.length, start: startName, days: answer.tours[0].days })
    : t('tour.result.none');
  if (ctx.focusResults) {
    const heading = document.getElementById('tour-builder-results-heading');
    heading?.focus({ preventScroll: true });
    heading?.scrollIntoView({ block: 'start' });
  }
}

function errorBox(e: unknown, retry: () => void): HTMLElement {
  const box = h('div', { class: 'error', role: 'alert' }, h('h2', { id: 'tour-builder-results-heading', tabindex: '-1' }, t('tour.error.title')));
  const again = () => h('button', { type: 'button', class: 'primary', onclick: retry }, t('tour.retry'));
  if (!(e instanceof ApiError)) {
    box.append(h('p', {}, t('error.unexpected')), h('p', { class: 'api-message' }, String((e as Error)?.message ?? e)), again());
  } else if (e.status === 404 && !['unknown_place', 'unknown_site', 'invalid_parameter'].includes(e.code)) {
    box.append(h('p', {}, t('tour.error.notHere')));
  } else if (e.code === 'bad_answer') {
    box.append(h('p', {}, t(e.retryable ? 'error.badGateway' : 'error.badAnswer', { status: e.status })));
    if (e.retryable) box.append(again());
  } else if (e.retryable) {
    box.append(h('p', {}, t(e.status === 0 ? 'error.network' : 'error.busy')), again());
  } else {
    box.append(h('p', {}, t('tour.error.other')), h('p', { class: 'api-message', lang: 'en' }, e.message));
    if (e.status >= 500) box.append(again());
  }
  return box;
}

const estimatedBadge = () => h('span', { class: 'badge estimated', title: t('plan.estimatedTitle') }, t('tour.estimated'));

// Names in the page's language where the feed has them: the stops of the tour's journeys (their
// translations, as the plan view names them; the town of a wait or a night is one of them), the sites'
// (the data's English). `stops` also gives the legs' zones their names.
interface Names {
  stops: Stops;
  site(id: string): string;
  place(name: string): string;
}

async function namesOf(api: ApiClient, answer: TourAnswer, sites: SiteInfo[], lang: string): Promise<Names> {
  const journeys = answer.tours.flatMap((tour) => timelineDays(tour).flatMap((d) => d.items)).filter((i) => i.journey).map((i) => i.journey!);
  const start = answer.start.stopId ? [{ name: answer.start.name, stopId: answer.start.stopId }] : [];
  const stops = await stopDetails(api, { from: start[0] ?? { name: '' }, to: { name: '' }, time: '', itineraries: journeys, bestByMode: {} } as PlanAnswer);
  const byName = new Map<string, string>();
  for (const p of [...start, ...journeys.flatMap((j) => j.legs.flatMap((l) => [l.from, l.to]))]) if (p.stopId && !byName.has(p.name)) byName.set(p.name, p.stopId);
  const named = placeIn(stops, lang);
  return {
    stops,
    site: (id) => answer.sites.find((s) => s.id === id)?.name ?? sites.find((s) => s.id === id)?.name ?? id,
    place: (name) => (byName.has(name) ? named({ name, stopId: byName.get(name) }) : name),
  };
}

function answerView(answer: TourAnswer, form: TourForm, sites: SiteInfo[], names: Names, ctx: TourViewContext, startName: string,
  onDraw: (draw: () => void) => void, getMap: () => TourMap | null, mapSlot: HTMLElement): HTMLElement[] {
  const { lang } = ctx;
  const siteName = names.site;
  const out: HTMLElement[] = [
    h('h2', { id: 'tour-builder-results-heading', class: 'results-heading', tabindex: '-1' }, t(answer.tours.length > 1 ? 'tour.result.headingMany' : 'tour.result.heading', { start: startName })),
  ];
  const methodLine = h('p', { class: 'tour-method' },
    answer.provenBest
      ? h('span', { class: 'badge proven', title: t('tour.result.provenBestTitle') }, t('tour.result.provenBest'))
      : h('span', { class: 'badge heuristic', title: t('tour.result.heuristicTitle') }, t('tour.result.heuristic')),
    answer.method ? h('span', { class: 'hint', lang: 'en' }, ' ' + t('tour.result.method', { method: answer.method })) : null);
  if (answer.tours.length) out.push(methodLine);

  // The shortfall: what would fit, with buttons that plan again with it.
  const sf = answer.shortfall;
  if (sf && (sf.daysNeeded || sf.drop.length || sf.unreachable.length)) {
    const more = withDaysNeeded(form, sf);
    const fewer = withoutSites(form, sf.drop, sites);
    out.push(h('section', { class: 'tour-shortfall', 'aria-labelledby': 'tour-shortfall-heading' },
      h('h3', { id: 'tour-shortfall-heading' }, t('tour.shortfall.heading')),
      sf.daysNeeded ? h('p', {}, t('tour.shortfall.daysNeeded', { count: sf.daysNeeded })) : null,
      more ? h('button', { type: 'button', class: 'primary apply-days', onclick: () => ctx.navigate(tourFormToQuery(more), 'push') }, t('tour.shortfall.useDays', { count: more.days })) : null,
      sf.drop.length ? h('p', {}, t('tour.shortfall.drop', { count: form.days, sites: formatList(sf.drop.map(siteName), lang) })) : null,
      fewer ? h('button', { type: 'button', class: 'primary apply-drop', onclick: () => ctx.navigate(tourFormToQuery(fewer), 'push') }, t('tour.shortfall.applyDrop')) : null,
      sf.unreachable.length ? h('p', {}, t('tour.shortfall.unreachable', { sites: formatList(sf.unreachable.map(siteName), lang) })) : null));
  }
  if (!answer.tours.length) {
    out.push(h('p', { class: 'empty' }, t('tour.result.none')));
    out.push(...notesView(answer));
    return out;
  }

  // The tours, best first: buttons choose the one shown (each a panel drawn when first chosen).
  const panel = h('div', { class: 'tour-panel', id: uniqueId('tour-panel') });
  const pick = (i: number) => {
    for (const [j, b] of [...chooser.querySelectorAll('button')].entries()) b.setAttribute('aria-pressed', String(i === j));
    panel.replaceChildren(...tourView(answer, answer.tours[i], i, form, ctx, names));
    // The map moves into the shown tour, with its route drawn.
    panel.querySelector('.tour-map-here')?.replaceWith(mapSlot);
    onDraw(() => {
      const tour = answer.tours[i];
      getMap()?.showTour(tourLines(tour) as GeoJSON.FeatureCollection, numberedSites(answer, tour, sites));
    });
  };
  const chooser = h('div', { class: 'tour-chooser', role: 'group', 'aria-label': t('tour.result.headingMany', { start: startName }) },
    answer.tours.map((tour, i) => h('button', { type: 'button', class: 'tour-choice', 'aria-pressed': 'false', 'aria-controls': panel.id, onclick: () => pick(i) },
      h('strong', {}, t('tour.result.tour', { n: i + 1 })), i === 0 && tour.fits !== false ? ` (${t('tour.result.best')})` : '',
      h('br'), t('tour.result.days', { count: tour.days }), ' · ', formatDuration(tour.travelMinutes * 60, lang),
      tour.leftOut?.length ? [h('br'), t('tour.result.choiceLeftOut', { count: tour.leftOut.length })] : null,
      tour.fits === false ? [h('br'), t('tour.result.choiceOver')] : null)));
  if (answer.tours.length > 1) out.push(chooser);
  out.push(panel);
  out.push(...notesView(answer));
  pick(0);
  return out;
}

function notesView(answer: TourAnswer): HTMLElement[] {
  if (!answer.notes?.length) return [];
  return [h('section', { class: 'tour-notes', 'aria-labelledby': 'tour-notes-heading' },
    h('h3', { id: 'tour-notes-heading' }, t('tour.notes')),
    h('p', { class: 'hint' }, t('tour.notesEnglish')),
    h('ul', { lang: 'en' }, answer.notes.map((n) => h('li', {}, n))))];
}

// The local time of an item with its zone's short name ("09:40 GMT+5"): in the item's zone when that
// is the time's own wall clock, else at the time's own offset (a journey ends in another zone).
function local(iso: string, tz: string | undefined, lang: string) {
  const f = formatLocalTime(iso, lang, tz);
  return f.time === iso.slice(11, 16) ? f : formatLocalTime(iso, lang);
}

// "09:00–11:00 GMT+5", or "09:00 GMT+5 – 13:00 GMT+6" across zones. `endZone` is the answer's `endTz`:
// the end is shown in that zone whatever offset its time was written with (the plan view's formatting).
function span(startIso: string, endIso: string, tz: string | undefined, lang: string, endTz = tz, endZone?: string): HTMLElement {
  const a = local(startIso, tz, lang);
  const b = endZone ? formatLocalTime(endIso, lang, endZone) : local(endIso, endTz, lang);
  const time = (f: typeof a) => h('time', { datetime: f.dateTime }, f.time);
  // An end on a later day (a night train) names its day: the days compared in their own zones.
  const endDay = (endZone ? a.date !== b.date : endIso.slice(0, 10) !== startIso.slice(0, 10)) ? h('span', { class: 'day' }, ` ${b.date}`) : null;
  return h('span', { class: 'tour-span-times' }, a.zone === b.zone
    ? [time(a), '–', time(b), endDay, ' ', h('span', { class: 'zone' }, a.zone)]
    : [time(a), ' ', h('span', { class: 'zone' }, a.zone), ' – ', time(b), endDay, ' ', h('span', { class: 'zone' }, b.zone)]);
}

function tourView(answer: TourAnswer, tour: TourPlan, index: number, form: TourForm, ctx: TourViewContext, names: Names): HTMLElement[] {
  const { lang } = ctx;
  const siteName = names.site;
  const name = t('tour.result.tour', { n: index + 1 });
  const entries = entriesOf(tour.entry);
  const startF = local(tour.startTime, answer.start.tz, lang);
  const endF = local(tour.endTime, answer.end.tz, lang);
  const out: (HTMLElement | null)[] = [
    h('h3', { class: 'tour-name' }, name, index === 0 && tour.fits !== false ? ` (${t('tour.result.best')})` : ''),
    // What this tour does not do: the sites it leaves out, the days it takes beyond those available.
    tour.leftOut?.length || tour.fits === false ? h('div', { class: 'tour-caveats' },
      tour.leftOut?.length ? h('p', { class: 'tour-left-out' }, t('tour.result.leftOut', { sites: formatList(tour.leftOut.map(siteName), lang) })) : null,
      tour.fits === false ? h('p', { class: 'tour-over' }, t('tour.result.overDays', { count: tour.days, available: answer.daysAvailable })) : null) : null,
    h('div', { class: 'tour-summary' },
      h('p', { class: 'tour-figures' },
        h('strong', {}, t('tour.result.days', { count: tour.days })), ' · ',
        t('tour.result.travel', { duration: formatDuration(tour.travelMinutes * 60, lang) }), ' · ',
        t('tour.result.nightsInTowns', { count: tour.nightsInTowns }),
        tour.nightsOnBoard ? ' · ' + t('tour.result.nightsOnBoard', { count: tour.nightsOnBoard }) : '',
        tour.estimated ? [' ', estimatedBadge()] : null),
      h('p', { class: 'tour-span' }, `${t('tour.result.from')}: ${startF.date} ${startF.time} ${startF.zone} · ${t('tour.result.to')}: ${endF.date} ${endF.time} ${endF.zone}`),
      tour.estimated ? h('p', { class: 'hint' }, t('tour.result.estimatedAll')) : null,
      h('p', { class: 'tour-order-line' }, `${t('tour.result.order')}: `),
      h('ol', { class: 'tour-order' }, tour.order.map((id) => {
        // Each site's visit as the answer counts it: its length and opening hours, estimated or not (and why).
        const site = answer.sites.find((x) => x.id === id);
        const visit = site?.visitMinutes ? [formatDuration(site.visitMinutes * 60, lang), site.opens && site.closes ? `${site.opens}–${site.closes}` : ''].filter(Boolean).join(', ') : '';
        return h('li', {}, h('span', { lang: 'en' }, siteName(id)), visit ? h('span', { class: 'tour-visit-length' }, ` · ${t('tour.result.visitLength', { visit })}`) : null,
          site?.estimated ? [' ', h('span', { class: 'badge estimated', title: site.visitSource || t('plan.estimatedTitle') }, t('tour.estimated'))] : null);
      })),
      form.travellers.length ? h('p', { class: `entry-summary ${tour.visaFree === false ? 'action' : 'ok'}` },
        t(tour.visaFree === false ? 'tour.result.visaNeeded' : 'tour.result.visaFree')) : null),
    h('section', { class: 'tour-map-section', 'aria-labelledby': `tour-map-heading-${index}` },
      h('h4', { id: `tour-map-heading-${index}` }, t('tour.map.heading')),
      h('p', { class: 'hint' }, t('tour.map.route')),
      h('div', { class: 'tour-map-here' })),
    ...timelineDays(tour).map((day) => dayView(day, answer, lang, names)),
  ];
  if (entries.length) {
    const rules = entryView(entries, lang);
    out.push(h('section', { class: 'tour-entry' }, entrySummary(entries, lang), ...rules));
  }
  out.push(exportsView(form, index, ctx));
  out.push(saveView(answer, tour, form, ctx));
  return out.filter((x): x is HTMLElement => !!x);
}

function dayView(day: { day: number; date: string; items: TourItem[] }, answer: TourAnswer, lang: string, names: Names): HTMLElement {
  const s = daySummary(day);
  const headingId = uniqueId('tour-day');
  return h('section', { class: 'tour-day', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, t('tour.day.heading', { n: day.day, date: formatDay(day.date, lang) })),
    h('p', { class: 'tour-day-summary hint' }, s.travelMinutes ? t('tour.day.summary', { duration: formatDuration(s.travelMinutes * 60, lang) }) : t('tour.day.noTravel'),
      s.night ? ' · ' + (s.night.onBoard ? t('tour.item.nightOnBoard') : t('tour.item.night', { place: names.place(s.night.place) })) : ''),
    h('ol', { class: 'tour-items' }, day.items.map((item) => itemView(item, answer, lang, names))));
}

function itemView(item: TourItem, answer: TourAnswer, lang: string, names: Names): HTMLElement {
  const place = item.kind === 'visit' && item.siteId ? names.site(item.siteId) : names.place(item.place ?? '');
  // A drive by the hired car between towns (car=true) is said as one, with its length: always estimated.
  const car = isCarDrive(item);
  const what = item.kind === 'journey' ? t('tour.item.journey', { place })
    : car ? t('tour.item.car', { place })
    : item.kind === 'transfer' ? t('tour.item.transfer', { place })
      : item.kind === 'visit' ? t('tour.item.visit', { place })
        : item.kind === 'wait' ? t('tour.item.wait', { place })
          : item.onBoard ? t('tour.item.nightOnBoard') : t('tour.item.night', { place });
  const n = item.kind === 'visit' && item.siteId ? answer.tours.find((x) => x.order.includes(item.siteId!))?.order.indexOf(item.siteId) : undefined;
  const journey = item.kind === 'journey' ? item.journey : undefined;
  // An item ends in `endTz` when the answer says (a journey arriving in another zone), else in its last
  // stop's zone (named from the stop's details, as its legs are), else in `tz`.
  const lastStop = journey?.legs[journey.legs.length - 1]?.to.stopId;
  const endTz = item.endTz || (lastStop ? names.stops.get(lastStop)?.timezone : undefined) || item.tz;
  const times = item.kind === 'night' ? null : span(item.startTime, item.endTime, item.tz, lang, endTz, item.endTz || undefined);
  let legs: HTMLElement | null = null;
  if (journey) {
    const id = uniqueId('tour-legs');
    const box = h('div', { id, class: 'timeline', hidden: true });
    const label = h('span', {}, t('tour.item.legs'));
    const modes = [...new Set(journey.legs.map((l) => modeGroup(l.mode)).filter((m) => m !== 'walk'))];
    const button = h('button', { type: 'button', class: 'details-toggle', 'aria-expanded': 'false', 'aria-controls': id }, label, h('span', { class: 'visually-hidden' }, `: ${what}`));
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      if (open && !box.firstChild) box.append(...timeline(journey, names.stops, lang));
      box.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      label.textContent = t(open ? 'tour.item.hideLegs' : 'tour.item.legs');
    });
    legs = h('div', { class: 'tour-journey' },
      h('span', { class: 'duration' }, formatDuration(journey.duration, lang)), ' ',
      h('span', { class: 'journey-modes' }, modes.map((m) => h('span', { class: `mode mode-${m}` }, modeLabel(m)))),
      button, box);
  }
  if (car) {
    const minutes = Math.round((Date.parse(item.endTime) - Date.parse(item.startTime)) / 60_000);
    legs = h('div', { class: 'tour-journey tour-car-drive' },
      Number.isFinite(minutes) && minutes > 0 ? [h('span', { class: 'duration' }, formatDuration(minutes * 60, lang)), ' '] : null,
      h('span', { class: 'journey-modes' }, h('span', { class: 'mode mode-car' }, t('tour.item.carMode'))));
  }
  return h('li', { class: `tour-item tour-item-${item.kind}${car ? ' tour-item-car' : ''}${item.onBoard ? ' on-board' : ''}`, 'data-kind': item.kind, ...(car ? { 'data-car': 'true' } : {}) },
    times,
    h('div', { class: 'tour-item-head' },
      n !== undefined && n >= 0 ? h('span', { class: 'tour-site-number inline', 'aria-hidden': 'true' }, String(n + 1)) : null,
      h('span', { class: 'tour-what' }, what),
      item.estimated || car ? estimatedBadge() : null),
    legs,
    item.note ? h('p', { class: 'tour-note hint', lang: 'en' }, item.note) : null);
}

// The exports: the same query with format=ics, geojson, html (the server makes them), and the link.
function exportsView(form: TourForm, index: number, ctx: TourViewContext): HTMLElement {
  const url = `${location.origin}/tour?${new URLSearchParams({ lang: ctx.lang })}&${tourFormToQuery(form)}`;
  const shareId = uniqueId('tour-share');
  const share = h('input', { id: shareId, type: 'text', readonly: true, value: url, class: 'tour-share-url', 'aria-describedby': `${shareId}-hint` });
  const copied = h('span', { class: 'hint', role: 'status' });
  const copy = h('button', { type: 'button', class: 'link tour-copy' }, t('tour.exports.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      share.select();
      document.execCommand?.('copy');
    }
    copied.textContent = t('tour.exports.copied');
  });
  const files: Record<string, string> = { ics: 'caravan-tour.ics', geojson: 'caravan-tour.geojson', html: '' };
  return h('section', { class: 'tour-exports', 'aria-labelledby': `tour-exports-${index}` },
    h('h4', { id: `tour-exports-${index}` }, t('tour.exports.heading')),
    h('ul', { class: 'tour-export-links' }, EXPORT_FORMATS.map((f) => h('li', {},
      h('a', { href: tourApiPath(form, f, index), class: `tour-export tour-export-${f}`, 'data-format': f,
        ...(files[f] ? { download: files[f] } : { target: '_blank', rel: 'noopener' }) }, t(`tour.exports.${f}`))))),
    h('div', { class: 'field' }, h('label', { for: shareId }, t('tour.exports.share')), share,
      h('p', { class: 'hint', id: `${shareId}-hint` }, t('tour.exports.shareHint'))),
    h('p', {}, copy, ' ', copied));
}

// "Save as a group tour programme": only for operator staff signed in (the register's session).
function saveView(answer: TourAnswer, tour: TourPlan, form: TourForm, ctx: TourViewContext): HTMLElement {
  const box = h('section', { class: 'tour-save', hidden: true, 'aria-labelledby': uniqueId('tour-save') });
  if (!register.signedIn) return box;
  void register.me().then((account) => {
    if (account.role !== 'operator_staff' || !account.operatorId) return;
    const headingId = box.getAttribute('aria-labelledby')!;
    const startName = answer.start.name;
    const title = h('input', { type: 'text', name: 'title', maxlength: 200, value: t('tour.save.titleDefault', { start: startName, date: tour.startTime.slice(0, 10) }) });
    const size = form.group?.size ?? 10;
    const minSize = h('input', { type: 'number', name: 'minSize', min: 1, max: 999, value: Math.min(size, 5) });
    const maxSize = h('input', { type: 'number', name: 'maxSize', min: 1, max: 999, value: Math.max(size, 5) });
    const result = h('div', { role: 'status' });
    const submit = h('button', { type: 'submit', class: 'primary' }, t('tour.save.submit'));
    const f = h('form', { class: 'tour-save-form', novalidate: true },
      ...[[t('tour.save.title'), title], [t('tour.save.minSize'), minSize], [t('tour.save.maxSize'), maxSize]].map(([label, input]) => {
        const el = input as HTMLElement;
        el.id = uniqueId('tour-save-field');
        return h('div', { class: 'field' }, h('label', { for: el.id }, label as string), el);
      }), submit, result);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      submit.disabled = true;
      try {
        const saved = await register.createTour(tourProgramme(answer, tour, { title: title.value || startName, languages: [ctx.lang], minSize: Number(minSize.value) || 1, maxSize: Number(maxSize.value) || 1 }));
        result.replaceChildren(h('p', {}, t('tour.save.saved', { id: saved.id })), h('a', { href: `/register?lang=${ctx.lang}` }, t('tour.save.open')));
      } catch (err) {
        result.replaceChildren(h('p', { class: 'form-error' }, t('tour.save.failed', { message: err instanceof Error ? err.message : String(err) })));
        submit.disabled = false;
      }
    });
    box.replaceChildren(h('h4', { id: headingId }, t('tour.save.heading')), h('p', { class: 'hint' }, t('tour.save.hint')), f);
    box.hidden = false;
  }).catch(() => undefined);
  return box;
}
