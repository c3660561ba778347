// Check a trip: dated stays (a country each) and travellers, against the entry rules
// (POST /api/v1/entry/check, the same answer as `caravan check --json`).
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n/index.js';
import { ApiError, type ApiClient, type StayVerdict, type TripCheckAnswer } from '../lib/api.js';
import { formatDay } from '../lib/format.js';
import type { AppState, Stay, TripCheck } from '../lib/url-state.js';
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
  const trip = ctx.state.check;
  const travellers = travellersField(lang, trip?.travellers ?? ['CN'], false, false);
  const stayList = h('ol', { class: 'stay-list' });
  const addStay = (stay: Partial<Stay>) => {
    const ids = { country: uniqueId('stay-country'), entry: uniqueId('stay-entry'), exit: uniqueId('stay-exit') };
    const country = h('select', { id: ids.country, name: 'country' },
      REGION_COUNTRIES.map((c) => h('option', { value: c, selected: c === stay.country }, `${countryName(c, lang)} (${c})`)));
    const entry = h('input', { id: ids.entry, name: 'entry', type: 'date', required: true, value: stay.entry ?? '' });
    const exit = h('input', { id: ids.exit, name: 'exit', type: 'date', required: true, value: stay.exit ?? '' });
    const remove = h('button', { type: 'button', class: 'link remove-stay', 'aria-label': t('check.removeStay', { n: stayList.children.length + 1 }) }, '×');
    const row = h('li', { class: 'stay' },
      h('div', { class: 'field' }, h('label', { for: ids.country }, t('check.country')), country),
      h('div', { class: 'field' }, h('label', { for: ids.entry }, t('check.entry')), entry),
      h('div', { class: 'field' }, h('label', { for: ids.exit }, t('check.exit')), exit),
      remove);
    remove.addEventListener('click', () => row.remove());
    stayList.append(row);
    return country;
  };
  (trip?.stays.length ? trip.stays : [{ country: 'KZ' }]).forEach(addStay);
  const add = h('button', { type: 'button', class: 'link add-stay' }, '+ ' + t('check.addStay'));
  add.addEventListener('click', () => addStay({ country: 'KZ' }).focus());
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'plan-form check-form', 'aria-labelledby': 'check-heading', novalidate: true },
    h('h1', { id: 'check-heading' }, t('check.heading')),
    h('p', { class: 'hint' }, t('check.hint')),
    h('fieldset', { class: 'stays' }, h('legend', {}, t('check.stays')), stayList, add),
    travellers.element,
    formError,
    h('button', { type: 'submit', class: 'primary' }, t('check.submit')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const stays = [...stayList.querySelectorAll('li')].map((li) => ({
      country: li.querySelector<HTMLSelectElement>('select[name=country]')!.value,
      entry: li.querySelector<HTMLInputElement>('input[name=entry]')!.value,
      exit: li.querySelector<HTMLInputElement>('input[name=exit]')!.value,
    }));
    const who = travellers.value().travellers;
    if (!stays.length || stays.some((s) => !s.entry || !s.exit) || !who.length) {
      formError.textContent = t('check.missing');
      formError.hidden = false;
      return;
    }
    ctx.navigate({ travellers: who, stays });
  });
  const results = h('section', { class: 'results', id: 'results', 'aria-labelledby': 'results-heading', 'aria-live': 'polite', tabindex: '-1' });
  root.replaceChildren(h('div', { class: 'plan-layout' }, form, results));
  if (trip) void run(results, ctx, trip, lang);
}

async function run(results: HTMLElement, ctx: CheckContext, trip: TripCheck, lang: string): Promise<void> {
  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('check.checking')));
  let answer: TripCheckAnswer;
  try {
    answer = await ctx.api.checkTrip(trip);
  } catch (e) {
    results.removeAttribute('aria-busy');
    results.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('h2', { id: 'results-heading' }, t('error.title')),
      h('p', { class: 'api-message' }, e instanceof ApiError ? e.message : String(e))));
    return;
  }
  results.removeAttribute('aria-busy');
  results.replaceChildren(h('h2', { id: 'results-heading', class: 'results-heading' }, t('check.results')),
    ...answer.travellers.map((tr) => h('article', { class: 'journey traveller-result' },
      h('h3', {}, `${countryName(tr.nationality, lang)} · ${t(`travellers.passport.${tr.passport}`, { defaultValue: tr.passport })}${tr.name ? ` · ${tr.name}` : ''}`),
      h('p', { class: `entry-summary ${tr.all_ok ? 'ok' : 'action'}` }, t(tr.all_ok ? 'check.allOk' : 'check.notOk')),
      tr.before_departure.length ? h('div', { class: 'before-departure' }, h('p', {}, t('entry.beforeDeparture')), h('ul', {}, ruleSentenceItems(tr.before_departure_messages, tr.before_departure, lang))) : null,
      h('ol', { class: 'verdicts' }, tr.stays.map((s) => stayView(s, lang))))));
  results.dataset.ready = 'true';
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
