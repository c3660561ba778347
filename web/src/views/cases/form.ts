// "Get help": a traveller's new case, phone first. The kind first (assistance, dispute, insurance
// claim), then what that kind asks: assistance its category, urgency ("urgent": health or safety,
// answered around the clock), where (a place's name, or the phone's location if it gives it), when,
// the country, what happened, and optionally the tour number and the insurer; a dispute the operator or
// the tour; a claim the insurer's code, the policy number and the lines claimed (description, amount,
// currency). What is missing is said beside each field before sending; the API's refusal beside the
// field it names (`parameter`), else above the button.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { CASE_COUNTRIES, lifecycleOf, MAX_LINES, MAX_TEXT_BYTES, MAX_TITLE_BYTES, parseAmount, utf8Length, type CaseKind, type NewCase, type NewLine, type Urgency } from '../../lib/cases-api.js';
import { RegisterError } from '../../lib/register-api.js';
import { ApiClient } from '../../lib/api.js';
import { field, type Field } from '../register/shared.js';
import { stopField } from '../stop-field.js';
import { countryName } from '../travellers.js';
import { categoryName, failureText, kindName, word, type CasesContext } from './shared.js';

const FALLBACK_CATEGORIES: Record<CaseKind, string[]> = {
  assistance: ['medical', 'lost_document', 'accident', 'stranded', 'safety', 'other'],
  dispute: ['refund', 'cancellation', 'service', 'safety', 'other'],
  claim: ['medical', 'baggage', 'cancellation', 'delay', 'accident', 'other'],
};
const FALLBACK_URGENCIES: Record<CaseKind, Urgency[]> = { assistance: ['normal', 'high', 'urgent'], dispute: ['normal', 'high'], claim: ['normal', 'high'] };

// "now" for a datetime-local field, in the reader's zone.
function localNow(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const api = new ApiClient();

// A field made elsewhere (the stop autocomplete) with an error beside it, as field() makes them.
function asField(element: HTMLElement, input: HTMLInputElement): Field {
  const error = h('p', { class: 'field-error', id: uniqueId(`${input.name}-error`), hidden: true });
  element.append(error);
  const described = input.getAttribute('aria-describedby') ?? '';
  return {
    element, input,
    setError(text) {
      error.hidden = !text;
      error.textContent = text ?? '';
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', [described, text ? error.id : ''].filter(Boolean).join(' '));
    },
  };
}

const textarea = (attrs: Record<string, string | number | boolean>) => h('textarea', attrs) as unknown as HTMLInputElement;

interface LineRow {
  element: HTMLElement;
  description: Field;
  amount: Field;
  currency: Field;
}

export function renderCaseForm(root: HTMLElement, ctx: CasesContext): void {
  let kind: CaseKind = 'assistance';
  const categoriesOf = (k: CaseKind) => lifecycleOf(ctx.lifecycles, k)?.categories ?? FALLBACK_CATEGORIES[k];
  const urgenciesOf = (k: CaseKind) => lifecycleOf(ctx.lifecycles, k)?.urgencies ?? FALLBACK_URGENCIES[k];

  // The kind, as large radio buttons with a sentence each.
  const kindName_ = uniqueId('case-kind');
  const kindBoxes = (['assistance', 'dispute', 'claim'] as const).map((k) => {
    const input = h('input', { type: 'radio', name: kindName_, value: k, checked: k === kind, id: `case-kind-${k}` });
    return { k, input, element: h('label', { class: 'choice-card', for: `case-kind-${k}` }, input,
      h('span', {}, h('strong', {}, kindName(k)), h('span', { class: 'choice-hint' }, t(`cases.form.kindHint.${k}`)))) };
  });
  const kinds = h('fieldset', { class: 'choice-cards case-kinds' }, h('legend', {}, t('cases.form.kind')), kindBoxes.map((b) => b.element));

  const title = field('title', t('cases.form.title'), h('input', { type: 'text', maxlength: 200, required: true, autocomplete: 'off' }), t('cases.form.titleHint'));
  const category = field('category', t('cases.form.category'), h('select', {}));
  const fillCategories = () => category.input.replaceChildren(...categoriesOf(kind).map((c) => h('option', { value: c }, categoryName(c))));

  // Urgency: radios with what each means; "urgent" said plainly.
  const urgencyGroup = uniqueId('case-urgency');
  const urgencySet = h('fieldset', { class: 'choice-cards urgencies', 'data-field': 'urgency' }, h('legend', {}, t('cases.form.urgency')));
  const fillUrgencies = () => {
    const levels = urgenciesOf(kind);
    urgencySet.replaceChildren(h('legend', {}, t('cases.form.urgency')), ...levels.map((u, i) => {
      const id = `${urgencyGroup}-${u}`;
      const input = h('input', { type: 'radio', name: urgencyGroup, value: u, id, checked: i === 0 });
      return h('label', { class: `choice-card urgency-${u}`, for: id }, input,
        h('span', {}, h('strong', {}, word('urgency', u)), h('span', { class: 'choice-hint' }, t(`cases.form.urgencyHint.${u}`))));
    }));
  };
  const urgency = () => (urgencySet.querySelector<HTMLInputElement>('input:checked')?.value ?? 'normal') as Urgency;

  // Where: a place with the plan's autocomplete (a stop chosen is sent with its id, so the next journeys
  // can be looked up from it; typed text as a name); the phone's position when it gives it (and said
  // when it does not).
  const placeStop = stopField(api, 'from', t('cases.form.where'), { id: '', label: '' }, ctx.lang);
  const placeHint = h('p', { class: 'hint', id: uniqueId('where-hint') }, t('cases.form.whereHint'));
  placeStop.input.before(placeHint);
  placeStop.input.setAttribute('aria-describedby', `${placeHint.id} ${placeStop.input.getAttribute('aria-describedby') ?? ''}`.trim());
  const placeName = asField(placeStop.element, placeStop.input);
  let position: { lat: number; lon: number } | null = null;
  const locationNote = h('p', { class: 'location-note', role: 'status' });
  const locate = h('button', { type: 'button', class: 'secondary use-location' }, t('cases.form.useLocation'));
  const forget = h('button', { type: 'button', class: 'link forget-location', hidden: true }, t('cases.form.forgetLocation'));
  forget.addEventListener('click', () => {
    position = null;
    forget.hidden = true;
    locationNote.textContent = '';
    locate.focus();
  });
  locate.addEventListener('click', () => {
    if (!('geolocation' in navigator)) {
      locationNote.textContent = t('cases.form.locationUnavailable');
      return;
    }
    locate.disabled = true;
    locate.setAttribute('aria-busy', 'true');
    locationNote.textContent = t('cases.form.locating');
    navigator.geolocation.getCurrentPosition((p) => {
      position = { lat: Math.round(p.coords.latitude * 1e5) / 1e5, lon: Math.round(p.coords.longitude * 1e5) / 1e5 };
      locationNote.textContent = t('cases.form.located', { lat: position.lat.toFixed(4), lon: position.lon.toFixed(4) });
      forget.hidden = false;
      locate.disabled = false;
      locate.removeAttribute('aria-busy');
    }, (err) => {
      position = null;
      locationNote.textContent = err.code === err.PERMISSION_DENIED ? t('cases.form.locationDenied') : t('cases.form.locationFailed');
      locate.disabled = false;
      locate.removeAttribute('aria-busy');
    }, { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 });
  });
  const where = h('div', { class: 'where' }, placeName.element, h('div', { class: 'location-buttons' }, locate, forget), locationNote);
  // Where a stranded traveller needs to go: the next journeys there are looked up on the case's page.
  const destinationStop = stopField(api, 'to', t('cases.form.destination'), { id: '', label: '' }, ctx.lang);
  const destinationHint = h('p', { class: 'hint', id: uniqueId('destination-hint') }, t('cases.form.destinationHint'));
  destinationStop.input.before(destinationHint);
  destinationStop.input.setAttribute('aria-describedby', `${destinationHint.id} ${destinationStop.input.getAttribute('aria-describedby') ?? ''}`.trim());
  const destination = asField(destinationStop.element, destinationStop.input);

  const when = field('happenedAt', t('cases.form.when'), h('input', { type: 'datetime-local', value: localNow(), max: localNow(new Date(Date.now() + 86_400_000)) }), t('cases.form.whenHint'));
  const country = field('country', t('cases.form.country'), h('select', {},
    h('option', { value: '' }, t('cases.form.chooseCountry')),
    CASE_COUNTRIES.map((c) => h('option', { value: c }, countryName(c, ctx.lang)))));
  const description = field('description', t('cases.form.description'), textarea({ rows: 5, maxlength: 8000, required: true }), t('cases.form.descriptionHint'));
  const tour = field('tourId', t('cases.form.tour'), h('input', { type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off' }), t('cases.form.tourHint'));
  const operator = field('operatorId', t('cases.form.operator'), h('input', { type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off' }), t('cases.form.operatorHint'));
  const insurer = field('insurer', t('cases.form.insurer'), h('input', { type: 'text', maxlength: 64, autocomplete: 'off', autocapitalize: 'characters' }), t('cases.form.insurerHint'));
  const policy = field('policyNumber', t('cases.form.policy'), h('input', { type: 'text', maxlength: 64, autocomplete: 'off' }));

  // A claim's lines: description, amount, currency; added and removed.
  const lines: LineRow[] = [];
  const lineList = h('ol', { class: 'claim-lines' });
  const linesError = h('p', { class: 'field-error', id: uniqueId('lines-error'), hidden: true });
  const addLine = h('button', { type: 'button', class: 'secondary add-line' }, t('cases.form.addLine'));
  const renumber = () => lines.forEach((l, i) => {
    l.element.querySelector('.line-number')!.textContent = t('cases.form.lineN', { n: i + 1 });
    const remove = l.element.querySelector<HTMLButtonElement>('.remove-line')!;
    remove.textContent = t('cases.form.removeLine', { n: i + 1 });
    remove.hidden = lines.length === 1;
    addLine.hidden = lines.length >= MAX_LINES;
  });
  const newLine = (focus: boolean) => {
    const row: LineRow = {
      element: h('li', { class: 'claim-line' }),
      description: field('lineDescription', t('cases.form.lineDescription'), h('input', { type: 'text', maxlength: 200, autocomplete: 'off' })),
      amount: field('lineAmount', t('cases.form.lineAmount'), h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: '0.00' })),
      currency: field('lineCurrency', t('cases.form.lineCurrency'), h('input', { type: 'text', maxlength: 3, value: 'USD', autocomplete: 'off', autocapitalize: 'characters', class: 'currency' })),
    };
    const remove = h('button', { type: 'button', class: 'link remove-line' });
    remove.addEventListener('click', () => {
      const at = lines.indexOf(row);
      lines.splice(at, 1);
      row.element.remove();
      renumber();
      ctx.announce(t('cases.form.lineRemoved', { n: at + 1 }));
      (lines[at] ?? lines[at - 1])?.description.input.focus();
    });
    row.element.append(h('p', { class: 'line-number' }), row.description.element,
      h('div', { class: 'line-amount' }, row.amount.element, row.currency.element), remove);
    lines.push(row);
    lineList.append(row.element);
    renumber();
    if (focus) row.description.input.focus();
  };
  addLine.addEventListener('click', () => newLine(true));
  newLine(false);
  const linesSet = h('fieldset', { class: 'claim-lines-set', 'data-field': 'lines' }, h('legend', {}, t('cases.form.lines')),
    h('p', { class: 'hint' }, t('cases.form.linesHint')), lineList, linesError, addLine);

  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('cases.form.submit'));
  const cancel = h('button', { type: 'button', class: 'link', onclick: () => ctx.show({ name: 'list' }, undefined, true) }, t('cases.form.cancel'));
  const form = h('form', { class: 'plan-form register-form case-form', 'aria-labelledby': 'case-form-heading', novalidate: true },
    h('h2', { id: 'case-form-heading', tabindex: '-1' }, t('cases.form.heading')),
    h('p', { class: 'hint' }, t('cases.form.hint')),
    kinds, title.element, category.element, urgencySet, where, destination.element, when.element, country.element, description.element,
    operator.element, tour.element, insurer.element, policy.element, linesSet, error,
    h('div', { class: 'form-buttons' }, submit, cancel));

  // What each kind shows.
  const layout = () => {
    fillCategories();
    fillUrgencies();
    const is = (k: CaseKind) => kind === k;
    urgencySet.hidden = urgenciesOf(kind).length < 2;
    operator.element.hidden = !is('dispute') && !is('assistance');
    policy.element.hidden = !is('claim');
    linesSet.hidden = !is('claim');
    (insurer.element.querySelector('label') as HTMLElement).textContent = is('claim') ? t('cases.form.insurerRequired') : t('cases.form.insurer');
    (operator.element.querySelector('label') as HTMLElement).textContent = is('dispute') ? t('cases.form.operatorDispute') : t('cases.form.operator');
    tour.element.hidden = is('claim');
    insurer.element.hidden = is('dispute');
    locate.hidden = !is('assistance');
    destination.element.hidden = !is('assistance') || category.input.value !== 'stranded';
  };
  category.input.addEventListener('change', () => {
    destination.element.hidden = kind !== 'assistance' || category.input.value !== 'stranded';
  });
  for (const b of kindBoxes) b.input.addEventListener('change', () => {
    if (!b.input.checked) return;
    kind = b.k;
    layout();
  });
  layout();

  // A stop chosen where the traveller is names its country: filled in when none is chosen yet.
  const fillCountry = async () => {
    const at = placeStop.value();
    if (country.input.value || !at.id || at.id === at.label) return;
    const details = await api.stop(at.id).catch(() => null);
    if (details && CASE_COUNTRIES.includes(details.country) && !country.input.value) country.input.value = details.country;
  };
  placeStop.element.addEventListener('focusout', () => void fillCountry());

  const allFields: Field[] = [title, category, placeName, destination, when, country, description, tour, operator, insurer, policy];
  const setLinesError = (text: string | null) => {
    linesError.hidden = !text;
    linesError.textContent = text ?? '';
  };
  const number = (f: Field) => {
    const v = f.input.value.trim();
    return v ? (/^\d{1,15}$/.test(v) ? Number(v) : NaN) : undefined;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    for (const f of allFields) f.setError(null);
    for (const l of lines) for (const f of [l.description, l.amount, l.currency]) f.setError(null);
    setLinesError(null);
    await fillCountry();
    const problems: Field[] = [];
    const need = (f: Field, key = 'cases.error.required') => {
      f.setError(t(key));
      problems.push(f);
    };
    if (!title.input.value.trim()) need(title);
    else if (utf8Length(title.input.value.trim()) > MAX_TITLE_BYTES) need(title, 'cases.error.tooLong');
    if (!country.input.value) need(country, 'cases.error.country');
    if (!description.input.value.trim()) need(description);
    else if (utf8Length(description.input.value.trim()) > MAX_TEXT_BYTES) need(description, 'cases.error.tooLong');
    for (const f of [tour, operator]) if (!f.element.hidden && Number.isNaN(number(f))) need(f, 'cases.error.number');
    if (kind === 'dispute' && number(operator) === undefined && number(tour) === undefined) need(operator, 'cases.error.operatorOrTour');
    const newLines: NewLine[] = [];
    if (kind === 'claim') {
      if (!insurer.input.value.trim()) need(insurer);
      if (!policy.input.value.trim()) need(policy);
      for (const l of lines) {
        const currency = l.currency.input.value.trim().toUpperCase();
        const amount = parseAmount(l.amount.input.value, currency);
        if (!l.description.input.value.trim()) need(l.description);
        else if (utf8Length(l.description.input.value.trim()) > MAX_TITLE_BYTES) need(l.description, 'cases.error.tooLong');
        if (!/^[A-Z]{3}$/.test(currency)) need(l.currency, 'cases.error.currency');
        else if (amount === null) need(l.amount, 'cases.error.amount');
        newLines.push({ description: l.description.input.value.trim(), amount: amount ?? 0, currency });
      }
    }
    if (when.input.value && Number.isNaN(Date.parse(when.input.value))) need(when, 'cases.error.happenedAt');
    if (problems.length) {
      error.hidden = false;
      error.textContent = t('cases.error.formProblems');
      problems[0].input.focus();
      return;
    }
    const body: NewCase = {
      kind,
      category: category.input.value,
      title: title.input.value.trim(),
      description: description.input.value.trim(),
      country: country.input.value,
      language: ctx.lang,
    };
    if (!urgencySet.hidden) body.urgency = urgency();
    const at = placeStop.value();
    const place = { ...(at.label ? { name: at.label } : {}), ...(at.id && at.id !== at.label ? { stopId: at.id } : {}), ...(position && kind === 'assistance' ? position : {}) };
    if (Object.keys(place).length) body.place = place;
    if (!destination.element.hidden && destinationStop.value().id) body.destination = destinationStop.value().id;
    // datetime-local is the reader's wall time: Date reads it in the browser's zone.
    if (when.input.value) body.happenedAt = new Date(when.input.value).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (!operator.element.hidden && number(operator) !== undefined) body.operatorId = number(operator);
    if (!tour.element.hidden && number(tour) !== undefined) body.tourId = number(tour);
    if (!insurer.element.hidden && insurer.input.value.trim()) body.insurer = insurer.input.value.trim().toUpperCase();
    if (kind === 'claim') {
      body.policyNumber = policy.input.value.trim();
      body.lines = newLines;
    }
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const made = await ctx.client.open(body);
      ctx.announce(t('cases.form.sent', { id: made.id }));
      ctx.show({ name: 'case', id: made.id }, t('cases.form.sent', { id: made.id }), true);
    } catch (err) {
      const p = err instanceof RegisterError ? err.parameter ?? '' : '';
      const lineMatch = /^lines\[(\d+)\]\.(description|amount|currency)$/.exec(p);
      const at = lineMatch ? lines[Number(lineMatch[1])]?.[lineMatch[2] as 'description' | 'amount' | 'currency']
        : allFields.find((f) => f.input.name === p || (p.startsWith('place') && f === placeName) || (p === 'destination' && f === destination));
      const said = err instanceof RegisterError && err.status === 400 ? t('cases.error.refused', { message: err.message }) : failureText(err);
      const known = ['title', 'description', 'country', 'insurer', 'policyNumber', 'operatorId', 'tourId', 'happenedAt'];
      if (at && err instanceof RegisterError) {
        at.setError(known.includes(p) ? t(`cases.error.field.${p}`, { message: err.message }) : said);
        at.input.focus();
      } else if (p === 'lines') {
        setLinesError(said);
        lines[0]?.description.input.focus();
      }
      error.hidden = false;
      error.textContent = at || p === 'lines' ? t('cases.error.formProblems') : said;
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });
  root.replaceChildren(form);
}
