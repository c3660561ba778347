// Check a trip: dated stays (a country each) and travellers, against the entry rules
// (POST /api/v1/entry/check, the same answer as `caravan check --json`).
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n/index.js';
import { ApiError, type ApiClient, type StayVerdict, type TripCheckAnswer } from '../lib/api.js';
import { formatDay } from '../lib/format.js';
import { PURPOSES, type AppState, type EarlierStay, type Purpose, type Stay, type TripCheck } from '../lib/url-state.js';
import { tripProblems, type TripProblem } from '../lib/trip-problems.js';
import { countryName, REGION_COUNTRIES, travellersField } from './travellers.js';
import { ruleSentenceItems } from './rule-sentences.js';

export interface CheckContext {
  api: ApiClient;
  state: AppState;
  navigate(check: TripCheck): void;
}

const NEEDS_ACTION = new Set(['arrange_before_travel', 'visa_needed', 'limit_exceeded', 'group_conditions_not_met', 'transit_conditions_not_met', 'no_rule_known']);

export function renderCheck(root: HTMLElement, ctx: CheckContext): void {
  const lang = ctx.state.lang;
  const trip = ctx.state.check ?? ctx.state.checkDraft;
  const earlierOf = (traveller: number) => (trip?.earlierStays ?? []).filter((e) => e.traveller === traveller);
  const travellers = travellersField(lang, trip?.travellers.length ? trip.travellers : ['CN'], false, false,
    (initial) => earlierStaysField(lang, initial >= 0 ? earlierOf(initial) : []));
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const stayList = h('ol', { class: 'stay-list' });
  const add = h('button', { type: 'button', class: 'link add-stay' }, '+ ' + t('check.addStay'));
  const rows = () => [...stayList.children] as HTMLElement[];
  // The numbers in the rows and their buttons' names follow the rows' order after one is removed.
  const renumber = () => rows().forEach((row, i) => {
    row.querySelector('.stay-number')!.textContent = t('check.stayN', { n: i + 1 });
    row.querySelector('.remove-stay')!.setAttribute('aria-label', t('check.removeStay', { n: i + 1 }));
  });
  const addStay = (stay: Partial<Stay>) => {
    const ids = { country: uniqueId('stay-country'), entry: uniqueId('stay-entry'), exit: uniqueId('stay-exit') };
    const country = h('select', { id: ids.country, name: 'country' },
      REGION_COUNTRIES.map((c) => h('option', { value: c, selected: c === stay.country }, `${countryName(c, lang)} (${c})`)));
    const entry = h('input', { id: ids.entry, name: 'entry', type: 'date', required: true, value: stay.entry ?? '' });
    const exit = h('input', { id: ids.exit, name: 'exit', type: 'date', required: true, value: stay.exit ?? '' });
    const remove = h('button', { type: 'button', class: 'link remove-stay' }, '×');
    const more = stayMoreField(stay);
    const row = h('li', { class: 'stay' },
      h('span', { class: 'stay-number' }),
      h('div', { class: 'field' }, h('label', { for: ids.country }, t('check.country')), country),
      h('div', { class: 'field' }, h('label', { for: ids.entry }, t('check.entry')), entry),
      h('div', { class: 'field' }, h('label', { for: ids.exit }, t('check.exit')), exit),
      remove,
      more);
    remove.addEventListener('click', () => {
      const at = rows().indexOf(row);
      row.remove();
      renumber();
      status.textContent = t('check.stayRemoved', { n: at + 1 });
      // Focus stays where the removed row was: the stay now in its place, else the one before, else "add".
      const next = rows()[Math.min(at, rows().length - 1)];
      (next?.querySelector<HTMLElement>('select[name=country]') ?? add).focus();
    });
    stayList.append(row);
    renumber();
    return country;
  };
  (trip?.stays.length ? trip.stays : [{ country: 'KZ' }]).forEach(addStay);
  add.addEventListener('click', () => addStay({ country: 'KZ' }).focus());
  const formError = h('div', { class: 'form-error', role: 'alert', id: uniqueId('check-problems'), hidden: true });
  const form = h('form', { class: 'plan-form check-form', 'aria-labelledby': 'check-heading', novalidate: true },
    h('h1', { id: 'check-heading' }, t('check.heading')),
    h('p', { class: 'hint' }, t((history.state as { fromJourney?: boolean } | null)?.fromJourney ? 'check.fromJourneyHint' : 'check.hint')),
    h('fieldset', { class: 'stays' }, h('legend', {}, t('check.stays')), stayList, add),
    travellers.element,
    formError,
    status,
    h('button', { type: 'submit', class: 'primary' }, t('check.submit')));
  const readTrip = (): TripCheck => {
    const stays = rows().map(readStay);
    const who = travellers.value().travellers;
    const earlierStays = [...travellers.element.querySelectorAll('li.traveller')].flatMap((li, traveller) =>
      [...li.querySelectorAll<HTMLElement>('li.earlier-stay')].map((row) => ({ traveller, ...readDates(row) })));
    return { travellers: who, stays, ...(earlierStays.length ? { earlierStays } : {}) };
  };
  // Problems said before sending, each naming its stay, its inputs marked and the first one focused.
  const showProblems = (checked: TripCheck, problems: TripProblem[]): boolean => {
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    formError.hidden = !problems.length;
    if (!problems.length) return false;
    const earlierRows = [...travellers.element.querySelectorAll<HTMLElement>('li.earlier-stay')];
    const inputsOf = (p: TripProblem): HTMLElement[] => {
      if (!('stay' in p)) return [p.kind === 'no_stay' ? add : travellers.element.querySelector<HTMLElement>('.add-traveller')!].filter(Boolean);
      const row = 'earlier' in p && p.earlier ? earlierRows[p.stay] : rows()[p.stay];
      if (!row) return [];
      if (p.kind === 'group_size') return [row.querySelector<HTMLElement>('input[name=groupSize]')!];
      if ('field' in p) return [row.querySelector<HTMLElement>(`input[name=${p.field}]`)!];
      return p.kind === 'exit_before_entry' ? [row.querySelector<HTMLElement>('input[name=exit]')!] : [row.querySelector<HTMLElement>('input[name=entry]')!];
    };
    formError.replaceChildren(h('p', {}, t('check.problems')), h('ul', {}, problems.map((p) => h('li', {}, problemText(p, checked, lang)))));
    const targets = problems.flatMap(inputsOf);
    for (const el of targets) if (el.tagName === 'INPUT') el.setAttribute('aria-invalid', 'true');
    // A problem in a closed "more" or earlier-stays section opens it, or focus would go nowhere visible.
    const first = targets[0];
    for (let d = first?.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
    first?.focus();
    return true;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = readTrip();
    if (showProblems(checked, tripProblems(checked))) return;
    ctx.navigate(checked);
  });
  const results = h('section', { class: 'results', id: 'results', 'aria-labelledby': 'results-heading', 'aria-live': 'polite', tabindex: '-1' });
  root.replaceChildren(h('div', { class: 'plan-layout' }, form, results));
  // A trip from a link is checked as the form would check it before it is sent.
  if (ctx.state.check && !showProblems(ctx.state.check, tripProblems(ctx.state.check))) void run(results, ctx, ctx.state.check, lang);
}

function readDates(row: HTMLElement): { country: string; entry: string; exit: string } {
  return {
    country: row.querySelector<HTMLSelectElement>('select[name=country]')!.value,
    // A date input holds '' for a date that does not exist (2025-02-30): the form says "missing" then.
    entry: row.querySelector<HTMLInputElement>('input[name=entry]')!.value,
    exit: row.querySelector<HTMLInputElement>('input[name=exit]')!.value,
  };
}

function readStay(row: HTMLElement): Stay {
  const stay: Stay = readDates(row);
  const value = (name: string) => row.querySelector<HTMLInputElement | HTMLSelectElement>(`[name=${name}]`)!;
  const purpose = value('purpose').value as Purpose;
  if (purpose !== 'tourism') stay.purpose = purpose;
  if ((value('onwardTicket') as HTMLInputElement).checked) stay.onwardTicket = true;
  if (value('entryPort').value.trim()) stay.entryPort = value('entryPort').value.trim();
  const regions = value('regions').value.split(/[,，]/).map((x) => x.trim()).filter(Boolean);
  if (regions.length) stay.regions = regions;
  if ((value('groupTour') as HTMLInputElement).checked) {
    // An empty or broken size reads as NaN, which tripProblems() names.
    const size = value('groupSize').value.trim();
    stay.groupTour = { size: size ? Number(size) : NaN, operator: value('groupOperator').value.trim(), registered: (value('groupRegistered') as HTMLInputElement).checked };
  }
  return stay;
}

// A stay's purpose, ticket, port, regions and group tour: closed unless one is set, so the simple case
// (a country and two dates) stays simple. The summary says what is set.
function stayMoreField(stay: Partial<Stay>): HTMLElement {
  const id = (x: string) => uniqueId(`stay-${x}`);
  const ids = { purpose: id('purpose'), port: id('port'), portHint: id('port-hint'), regions: id('regions'), regionsHint: id('regions-hint'), size: id('group-size'), operator: id('group-operator') };
  const purpose = h('select', { id: ids.purpose, name: 'purpose' },
    PURPOSES.map((p) => h('option', { value: p, selected: p === (stay.purpose ?? 'tourism') }, t(`check.purpose.${p}`))));
  const ticket = h('input', { type: 'checkbox', name: 'onwardTicket', checked: !!stay.onwardTicket });
  const port = h('input', { id: ids.port, name: 'entryPort', type: 'text', value: stay.entryPort ?? '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': ids.portHint });
  const regions = h('input', { id: ids.regions, name: 'regions', type: 'text', value: (stay.regions ?? []).join(', '), autocomplete: 'off', 'aria-describedby': ids.regionsHint });
  const group = h('input', { type: 'checkbox', name: 'groupTour', checked: !!stay.groupTour });
  const size = h('input', { id: ids.size, name: 'groupSize', type: 'number', min: 1, max: 999, step: 1, inputmode: 'numeric', value: stay.groupTour ? String(stay.groupTour.size) : '' });
  const operator = h('input', { id: ids.operator, name: 'groupOperator', type: 'text', value: stay.groupTour?.operator ?? '', autocomplete: 'off' });
  const registered = h('input', { type: 'checkbox', name: 'groupRegistered', checked: !!stay.groupTour?.registered });
  const groupFields = h('div', { class: 'group-fields', hidden: !stay.groupTour },
    h('div', { class: 'field' }, h('label', { for: ids.size }, t('check.groupSize')), size),
    h('div', { class: 'field' }, h('label', { for: ids.operator }, t('check.groupOperator')), operator),
    h('label', { class: 'mode-choice' }, registered, ' ', t('check.groupRegistered')));
  group.addEventListener('change', () => (groupFields.hidden = !group.checked));
  const summary = h('summary', {});
  const describe = () => {
    const set = [
      purpose.value !== 'tourism' ? t(`check.purpose.${purpose.value}`) : '',
      ticket.checked ? t('check.onwardTicket') : '',
      port.value.trim(),
      group.checked ? t('check.groupTour') : '',
      regions.value.trim(),
    ].filter(Boolean);
    summary.textContent = set.length ? t('check.moreSet', { what: set.join(', ') }) : t('check.more');
  };
  const details = h('details', { class: 'stay-more', open: !!(stay.purpose || stay.onwardTicket || stay.entryPort || stay.groupTour || stay.regions?.length) },
    summary,
    h('div', { class: 'field' }, h('label', { for: ids.purpose }, t('check.purpose.label')), purpose),
    h('label', { class: 'mode-choice' }, ticket, ' ', t('check.onwardTicket')),
    h('div', { class: 'field' }, h('label', { for: ids.port }, t('check.entryPort')), port, h('p', { class: 'hint', id: ids.portHint }, t('check.entryPortHint'))),
    h('div', { class: 'field' }, h('label', { for: ids.regions }, t('check.regions')), regions, h('p', { class: 'hint', id: ids.regionsHint }, t('check.regionsHint'))),
    h('label', { class: 'mode-choice' }, group, ' ', t('check.groupTour')),
    groupFields);
  details.addEventListener('change', describe);
  details.addEventListener('input', describe);
  describe();
  return details;
}

// A traveller's stays before the trip (rolling windows count them), closed unless there are some.
function earlierStaysField(lang: string, initial: EarlierStay[]): HTMLElement {
  const list = h('ol', { class: 'earlier-list' });
  const summary = h('summary', {});
  const add = h('button', { type: 'button', class: 'link add-earlier' }, '+ ' + t('check.addEarlier'));
  const travellerNumber = () => [...(list.closest('.traveller-list')?.children ?? [])].indexOf(list.closest('li.traveller')!) + 1;
  const renumber = () => {
    const rows = [...list.children];
    rows.forEach((row, i) => {
      const names = { n: i + 1, traveller: travellerNumber() };
      row.querySelector('.earlier-number')!.textContent = t('check.earlierN', names);
      row.querySelector('.remove-earlier')!.setAttribute('aria-label', t('check.removeEarlier', names));
    });
    summary.textContent = rows.length ? t('check.earlierSet', { count: rows.length }) : t('check.earlier');
  };
  const addRow = (e: Partial<EarlierStay>) => {
    const ids = { country: uniqueId('earlier-country'), entry: uniqueId('earlier-entry'), exit: uniqueId('earlier-exit') };
    const countries = [...new Set([...(e.country ? [e.country] : []), ...REGION_COUNTRIES])];
    const country = h('select', { id: ids.country, name: 'country' },
      countries.map((c) => h('option', { value: c, selected: c === (e.country ?? 'KZ') }, `${countryName(c, lang)} (${c})`)));
    const remove = h('button', { type: 'button', class: 'link remove-earlier' }, '×');
    const row = h('li', { class: 'earlier-stay' },
      h('span', { class: 'earlier-number' }),
      h('div', { class: 'field' }, h('label', { for: ids.country }, t('check.country')), country),
      h('div', { class: 'field' }, h('label', { for: ids.entry }, t('check.entry')), h('input', { id: ids.entry, name: 'entry', type: 'date', value: e.entry ?? '' })),
      h('div', { class: 'field' }, h('label', { for: ids.exit }, t('check.exit')), h('input', { id: ids.exit, name: 'exit', type: 'date', value: e.exit ?? '' })),
      remove);
    remove.addEventListener('click', () => {
      const at = [...list.children].indexOf(row);
      row.remove();
      renumber();
      const next = list.children[Math.min(at, list.children.length - 1)];
      (next?.querySelector<HTMLElement>('select[name=country]') ?? add).focus();
    });
    list.append(row);
    renumber();
    return country;
  };
  initial.forEach(addRow);
  add.addEventListener('click', () => addRow({}).focus());
  // Opening renumbers too: a traveller removed above changes this one's number.
  const details = h('details', { class: 'earlier-stays', open: initial.length > 0 }, summary,
    h('p', { class: 'hint' }, t('check.earlierHint')), list, add);
  details.addEventListener('toggle', renumber);
  renumber();
  return details;
}

function problemText(p: TripProblem, trip: TripCheck, lang: string): string {
  if (!('stay' in p)) return t(`check.problem.${p.kind}`);
  const earlier = 'earlier' in p && p.earlier;
  let where: string;
  if (earlier) {
    const e = trip.earlierStays![p.stay];
    const n = trip.earlierStays!.slice(0, p.stay + 1).filter((x) => x.traveller === e.traveller).length;
    where = t('check.problem.earlier', { traveller: e.traveller + 1, n, country: countryName(e.country, lang) });
  } else {
    where = t('check.problem.stay', { n: p.stay + 1, country: countryName(trip.stays[p.stay].country, lang) });
  }
  const date = p.kind === 'overlap' ? formatDay(trip.stays[p.stay - 1].exit, lang) : '';
  return t(`check.problem.${p.kind}`, { where, date, field: 'field' in p ? t(`check.problem.field.${p.field}`) : '' });
}

async function run(results: HTMLElement, ctx: CheckContext, trip: TripCheck, lang: string): Promise<void> {
  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('check.checking')));
  let answer: TripCheckAnswer;
  try {
    answer = await ctx.api.checkTrip(trip);
  } catch (e) {
    results.removeAttribute('aria-busy');
    results.replaceChildren(checkErrorView(e, () => void run(results, ctx, trip, lang)));
    return;
  }
  try {
    results.removeAttribute('aria-busy');
    results.replaceChildren(h('h2', { id: 'results-heading', class: 'results-heading' }, t('check.results')),
      ...answer.travellers.map((tr) => h('article', { class: 'journey traveller-result' },
        h('h3', {}, `${countryName(tr.nationality, lang)} · ${t(`travellers.passport.${tr.passport}`, { defaultValue: tr.passport })}${tr.name ? ` · ${tr.name}` : ''}`),
        h('p', { class: `entry-summary ${tr.all_ok ? 'ok' : 'action'}` }, t(tr.all_ok ? 'check.allOk' : 'check.notOk')),
        tr.before_departure.length ? h('div', { class: 'before-departure' }, h('p', {}, t('entry.beforeDeparture')), h('ul', {}, ruleSentenceItems(tr.before_departure_messages, tr.before_departure, lang))) : null,
        h('ol', { class: 'verdicts' }, tr.stays.map((s) => stayView(s, lang))))));
    results.dataset.ready = 'true';
  } catch (e) {
    // An answer of another shape: said, with a retry, rather than "checking" for ever.
    results.removeAttribute('aria-busy');
    results.replaceChildren(checkErrorView(e, () => void run(results, ctx, trip, lang)));
  }
}

function stayView(s: StayVerdict, lang: string): HTMLElement {
  return h('li', { class: `verdict verdict-${s.verdict}` },
    h('p', {}, h('strong', {}, `${countryName(s.country, lang)}, ${formatDay(s.entry.slice(0, 10), lang)} – ${formatDay(s.exit.slice(0, 10), lang)}: `),
      h('span', { class: `verdict-word ${NEEDS_ACTION.has(s.verdict) ? 'action' : 'ok'}` }, t(`entry.verdict.${s.verdict}`, { defaultValue: s.verdict })),
      s.regime ? ` (${t(`entry.regime.${s.regime}`, { defaultValue: s.regime })})` : '',
      s.latest_exit ? ' · ' + t('entry.latestExit', { date: formatDay(s.latest_exit, lang) }) : '',
      s.over_by_days ? ' · ' + t('check.overBy', { count: s.over_by_days }) : ''),
    s.reasons.length ? h('ul', { class: 'reasons' }, ruleSentenceItems(s.reason_messages, s.reasons, lang)) : null,
    s.conditions.length ? h('div', {}, h('p', {}, t('entry.conditions')), h('ul', {}, ruleSentenceItems(s.condition_messages, s.conditions, lang))) : null,
    s.rule ? h('p', { class: 'rule' }, t('entry.rule', { id: s.rule }), ' ',
      (s.sources ?? []).map((url, i) => h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', 'aria-label': `${t('entry.source')} ${i + 1}: ${url}` }, `[${i + 1}]`))) : null);
}

// Why the check did not work, in the check's words: what to try (again later, or a smaller trip), and the
// API's own message (English) where it names the problem.
function checkErrorView(e: unknown, retry: () => void): HTMLElement {
  const heading = h('h2', { id: 'results-heading' }, t('check.error.title'));
  const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
  if (err.retryable) {
    return h('div', { class: 'error', role: 'alert' }, heading,
      h('p', {}, t(err.status === 0 ? 'error.network' : 'error.busy')),
      h('button', { type: 'button', class: 'primary retry', onclick: retry }, t('error.retry')));
  }
  if (err.code === 'query_too_expensive') return h('div', { class: 'error', role: 'alert' }, heading, h('p', {}, t('check.error.query_too_expensive')));
  const lead = ['invalid_body', 'invalid_parameter'].includes(err.code) ? `check.error.${err.code}` : 'check.error.other';
  return h('div', { class: 'error', role: 'alert' }, heading, h('p', {}, t(lead)), h('p', { class: 'api-message' }, err.message));
}
