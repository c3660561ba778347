// The operator portal (role operator_staff): the application for the register while the account is tied
// to no operator, then its operator's record with the status and validity. The portal is a list of
// sections (PORTAL_SECTIONS) drawn under the record: its group tours and their manifests (tours.ts).
import { h } from '../../dom.js';
import { LANGUAGE_NAMES, t } from '../../i18n/index.js';
import { LANGUAGES } from '../../lib/url-state.js';
import { RegisterError, type OperatorApplication, type OperatorRecord } from '../../lib/register-api.js';
import { countryName, REGION_COUNTRIES } from '../travellers.js';
import { failureText, field, fieldErrorText, recordList, statusBadge, type Field, type RegisterContext } from './shared.js';
import { renderToursSection } from './tours.js';

// A section of the portal for an operator's staff, drawn under the operator's record.
export type PortalSection = (root: HTMLElement, ctx: RegisterContext, operator: OperatorRecord) => void | Promise<void>;
const PORTAL_SECTIONS: PortalSection[] = [renderToursSection];

export async function renderPortal(root: HTMLElement, ctx: RegisterContext): Promise<void> {
  const section = h('section', { class: 'portal', 'aria-labelledby': 'portal-heading' }, h('h2', { id: 'portal-heading', tabindex: '-1' }, t('register.portal.heading')));
  root.replaceChildren(section);
  const operatorId = ctx.account.operatorId;
  if (!operatorId) {
    section.append(applicationForm(ctx));
    return;
  }
  const body = h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('register.loading'));
  section.append(body);
  let record: OperatorRecord;
  try {
    record = await ctx.client.record(operatorId);
  } catch (e) {
    body.replaceWith(h('div', { class: 'error', role: 'alert' }, h('p', {}, failureText(e)),
      h('button', { type: 'button', class: 'link', onclick: () => void renderPortal(root, ctx) }, t('register.retry'))));
    return;
  }
  body.replaceWith(operatorRecord(record, ctx.lang));
  for (const draw of PORTAL_SECTIONS) {
    const part = h('section', { class: 'portal-part' });
    section.append(part);
    await draw(part, ctx, record);
  }
}

function operatorRecord(o: OperatorRecord, lang: string): HTMLElement {
  return h('article', { class: 'operator-record', 'aria-labelledby': 'operator-record-heading' },
    h('h3', { id: 'operator-record-heading' }, o.legalName, ' ', statusBadge(o.status)),
    h('p', { class: `status-note status-note-${o.status}` }, t(`register.statusNote.${o.status}`, { country: countryName(o.country, lang) })),
    recordList(o, lang, false));
}

function applicationForm(ctx: RegisterContext): HTMLElement {
  const text = (name: string, label: string, type = 'text', attrs: Record<string, string | boolean | number> = {}) =>
    field(name, t(label), h('input', { type, ...attrs }));
  const legalName = text('legalName', 'register.field.legalName', 'text', { required: true, maxlength: 300, autocomplete: 'organization' });
  const country = field('country', t('register.field.country'),
    h('select', {}, REGION_COUNTRIES.map((c) => h('option', { value: c, selected: c === 'KZ' }, `${countryName(c, ctx.lang)} (${c})`))));
  const licence = text('licenceNumber', 'register.field.licenceNumber', 'text', { required: true, maxlength: 64 });
  const issuer = text('issuer', 'register.field.issuer', 'text', { required: true, maxlength: 300 });
  const validFrom = text('validFrom', 'register.field.validFrom', 'date', { required: true });
  const validTo = text('validTo', 'register.field.validTo', 'date', { required: true });
  const email = text('email', 'register.field.email', 'email', { autocomplete: 'email' });
  const phone = text('phone', 'register.field.phone', 'tel', { autocomplete: 'tel' });
  const website = text('website', 'register.field.website', 'url', { placeholder: 'https://', autocomplete: 'url' });
  // A name per language of the app (the legal name may be in any of them).
  const nameInputs = LANGUAGES.map((l) => ({ lang: l, input: h('input', { type: 'text', name: `name-${l}`, maxlength: 300, lang: l, id: `reg-name-${l}` }) }));
  const namesError = h('p', { class: 'field-error', id: 'reg-names-error', hidden: true });
  const names = h('fieldset', { class: 'names', 'data-field': 'names' }, h('legend', {}, t('register.field.names')),
    nameInputs.map(({ lang, input }) => h('div', { class: 'field' }, h('label', { for: input.id, lang }, LANGUAGE_NAMES[lang]), input)), namesError);
  const countryBoxes = REGION_COUNTRIES.map((c) => h('input', { type: 'checkbox', name: 'countries', value: c }));
  const countriesError = h('p', { class: 'field-error', id: 'reg-countries-error', hidden: true });
  const countries = h('fieldset', { class: 'modes countries', 'data-field': 'countries' }, h('legend', {}, t('register.field.countries')),
    countryBoxes.map((box, i) => h('label', { class: 'mode-choice' }, box, ' ', countryName(REGION_COUNTRIES[i], ctx.lang))), countriesError);
  const fields: Field[] = [legalName, country, licence, issuer, validFrom, validTo, email, phone, website];
  // The fieldsets' errors, named by the API as "names" and "countries", set like a field's.
  const groupError = (set: HTMLElement, error: HTMLElement, inputs: HTMLInputElement[]): Field => ({
    element: set, input: inputs[0],
    setError(text) {
      error.hidden = !text;
      error.textContent = text ?? '';
      for (const i of inputs) {
        if (text) {
          i.setAttribute('aria-invalid', 'true');
          i.setAttribute('aria-describedby', error.id);
        } else {
          i.removeAttribute('aria-invalid');
          i.removeAttribute('aria-describedby');
        }
      }
    },
  });
  const namesField = groupError(names, namesError, nameInputs.map((n) => n.input));
  const countriesField = groupError(countries, countriesError, countryBoxes);
  const byName = (p?: string) => [...fields, namesField, countriesField].find((f) => f.element.dataset.field === p);
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('register.portal.submit'));
  const form = h('form', { class: 'plan-form register-form application', 'aria-labelledby': 'apply-heading', novalidate: true },
    h('h3', { id: 'apply-heading' }, t('register.portal.applyHeading')),
    h('p', { class: 'hint' }, t('register.portal.applyHint')),
    legalName.element, names, country.element, licence.element, issuer.element,
    h('div', { class: 'licence-dates' }, validFrom.element, validTo.element),
    email.element, phone.element, website.element, countries, error, submit);
  const read = (): OperatorApplication => ({
    legalName: legalName.input.value.trim(),
    names: nameInputs.filter((n) => n.input.value.trim()).map((n) => ({ lang: n.lang, name: n.input.value.trim() })),
    country: country.input.value,
    licenceNumber: licence.input.value.trim(),
    issuer: issuer.input.value.trim(),
    validFrom: validFrom.input.value,
    validTo: validTo.input.value,
    email: email.input.value.trim(),
    phone: phone.input.value.trim(),
    website: website.input.value.trim(),
    countries: countryBoxes.filter((b) => b.checked).map((b) => b.value),
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    for (const f of [...fields, namesField, countriesField]) f.setError(null);
    // What is missing is said at once, beside each field; the rest is the register's to check.
    const missing = [legalName, licence, issuer, validFrom, validTo].filter((f) => !f.input.value.trim());
    for (const f of missing) f.setError(t(f.input.type === 'date' ? 'register.error.validFrom' : 'register.error.required'));
    if (missing.length) {
      error.hidden = false;
      error.textContent = t('register.error.formProblems');
      missing[0].input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await ctx.client.apply(read());
      // The account is now tied to the operator: the portal shows its record.
      ctx.refresh(t('register.portal.sent'));
    } catch (err) {
      const at = err instanceof RegisterError ? byName(err.parameter) : undefined;
      if (err instanceof RegisterError && at) {
        at.setError(fieldErrorText(err));
        error.hidden = false;
        error.textContent = t('register.error.formProblems');
        at.input.focus();
      } else {
        error.hidden = false;
        error.textContent = err instanceof RegisterError && err.status === 400 ? fieldErrorText(err) : failureText(err);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
