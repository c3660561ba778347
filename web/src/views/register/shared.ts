// What the register's screens share: the context they are drawn with, an operator's record as a list,
// its status, and the API's refusals in words (a field's beside the field, by `details.parameter`).
import { h, uniqueId } from '../../dom.js';
import { LANGUAGE_NAMES, t } from '../../i18n/index.js';
import { formatList, formatMediumDay } from '../../lib/format.js';
import { RegisterError, type Account, type OperatorRecord, type OperatorStatus, type PublicOperator, type RegisterClient } from '../../lib/register-api.js';
import { isLanguage } from '../../lib/url-state.js';
import { countryName } from '../travellers.js';

export interface RegisterContext {
  client: RegisterClient;
  lang: string;
  account: Account;
  // Draws the register view again (after an application, a sign-out), the status line saying `note`.
  refresh(note?: string): void;
  // Says `text` in the view's status line (role=status) for screen readers.
  announce(text: string): void;
}

export function statusBadge(status: OperatorStatus): HTMLElement {
  return h('span', { class: `status-badge status-${status}` }, t(`register.status.${status}`));
}

// The operator's name in the page's language when it has one, else its legal name.
export function operatorName(o: PublicOperator, lang: string): string {
  return o.names.find((n) => n.lang === lang)?.name ?? o.legalName;
}

// The licence's first and last valid days ("1 Jan 2025 – 31 Dec 2027").
export function validity(o: PublicOperator, lang: string): string {
  return `${formatMediumDay(o.validFrom, lang)} – ${formatMediumDay(o.validTo, lang)}`;
}

function row(label: string, ...value: (Node | string)[]): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

// The full record (contacts and version when it is one) as a description list; the status left out
// where the heading above shows it (the portal).
export function recordList(o: PublicOperator | OperatorRecord, lang: string, withStatus = true): HTMLElement {
  const full = 'version' in o;
  const names = o.names.map((n) => h('span', { class: 'other-name', lang: n.lang }, n.name, ' ', h('span', { class: 'lang-code' }, `(${isLanguage(n.lang) ? LANGUAGE_NAMES[n.lang] : n.lang})`)));
  return h('dl', { class: 'record' },
    withStatus ? row(t('register.field.status'), statusBadge(o.status)) : [],
    row(t('register.field.legalName'), o.legalName),
    names.length ? row(t('register.field.otherNames'), ...names) : [],
    row(t('register.field.country'), countryName(o.country, lang)),
    row(t('register.field.licenceNumber'), o.licenceNumber),
    row(t('register.field.issuer'), o.issuer),
    row(t('register.field.validity'), validity(o, lang)),
    full && o.email ? row(t('register.field.email'), o.email) : [],
    full && o.phone ? row(t('register.field.phone'), o.phone) : [],
    // Only http(s) websites are accepted by the register, so the link cannot run script.
    o.website ? row(t('register.field.website'), /^https?:\/\//i.test(o.website) ? h('a', { href: o.website, rel: 'noopener noreferrer', target: '_blank' }, o.website) : o.website) : [],
    o.countries.length ? row(t('register.field.countries'), formatList(o.countries.map((c) => countryName(c, lang)), lang)) : [],
    full ? row(t('register.field.version'), String(o.version)) : []);
}

// A failure of the register in words: the server without a register, unreachable, or the API's message.
export function failureText(e: unknown): string {
  if (e instanceof RegisterError && e.code === 'register_off') return t('register.off');
  return t('register.failed', { message: e instanceof Error ? e.message : String(e) });
}

// A field with its label and the place for its error (aria-describedby), named as the API names it.
export interface Field {
  element: HTMLElement;
  input: HTMLInputElement | HTMLSelectElement;
  setError(text: string | null): void;
}

export function field(name: string, label: string, input: HTMLInputElement | HTMLSelectElement, hint?: string): Field {
  input.id = uniqueId(`reg-${name}`);
  input.name = name;
  const error = h('p', { class: 'field-error', id: uniqueId(`reg-${name}-error`), hidden: true });
  const hintEl = hint ? h('p', { class: 'hint', id: uniqueId(`reg-${name}-hint`) }, hint) : null;
  const describe = (withError: boolean) => {
    const ids = [hintEl?.id, withError ? error.id : undefined].filter(Boolean).join(' ');
    if (ids) input.setAttribute('aria-describedby', ids);
    else input.removeAttribute('aria-describedby');
  };
  describe(false);
  return {
    element: h('div', { class: 'field', 'data-field': name }, h('label', { for: input.id }, label), hintEl, input, error),
    input,
    setError(text) {
      error.hidden = !text;
      error.textContent = text ?? '';
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      describe(!!text);
    },
  };
}

// The API's refusal of a field in the page's language: known parameters have their sentence, else the
// API's own (English) message.
export function fieldErrorText(e: RegisterError): string {
  if (e.code === 'conflict' && e.parameter === 'licenceNumber') return t('register.error.licenceTaken');
  if (e.code === 'conflict' && e.parameter === 'email') return t('register.signUp.emailTaken');
  const known = ['legalName', 'names', 'country', 'licenceNumber', 'issuer', 'validFrom', 'validTo', 'email', 'phone', 'website', 'countries', 'displayName', 'password'];
  return e.parameter && known.includes(e.parameter) ? t(`register.error.${e.parameter}`) : t('register.error.other', { message: e.message });
}
