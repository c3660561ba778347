// The travellers of a search (nationality, passport, birth date) and "only journeys without a visa":
// the API's `travellers` and `onlyVisaFree`. Country names come from Intl.DisplayNames in the language.
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n/index.js';

// The region's countries first, then those whose travellers the rules data covers most often.
const NATIONALITIES = ['CN', 'KZ', 'KG', 'UZ', 'TJ', 'TM', 'RU', 'MN', 'AF', 'PK', 'IN', 'TR', 'AZ', 'GE', 'IR', 'DE', 'FR', 'GB', 'IT', 'ES', 'NL', 'PL', 'US', 'CA', 'AU', 'JP', 'KR', 'SG', 'MY', 'TH', 'AE'];
const PASSPORTS = ['ordinary', 'service', 'diplomatic'] as const;

export const REGION_COUNTRIES = NATIONALITIES.slice(0, 6);

export function countryName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export interface TravellersField {
  element: HTMLElement;
  value(): { travellers: string[]; onlyVisaFree: boolean };
}

// rowExtra: more fields in a traveller's row (the check's earlier stays), removed with it; `initial` is
// the row's index in `initial`, -1 for a row added later.
export function travellersField(lang: string, initial: string[], onlyVisaFree: boolean, withVisaFree = true,
  rowExtra?: (initial: number) => Node | null): TravellersField {
  const list = h('ol', { class: 'traveller-list' });
  const visaFree = h('input', { type: 'checkbox', name: 'onlyVisaFree', checked: onlyVisaFree && initial.length > 0 });
  const visaFreeLabel = h('label', { class: 'mode-choice' }, visaFree, ' ', t('travellers.onlyVisaFree'));
  const sync = () => {
    const any = list.children.length > 0;
    visaFree.disabled = !any;
    if (!any) visaFree.checked = false;
  };
  const addRow = (spec: string, initialIndex = -1) => {
    const [nat = 'CN', passport = 'ordinary', birth = ''] = spec.split(':');
    const n = list.children.length + 1;
    const natId = uniqueId('nationality');
    const passId = uniqueId('passport');
    const birthId = uniqueId('birth');
    const nationality = h('select', { id: natId, name: 'nationality' },
      [...new Set([nat, ...NATIONALITIES])].map((c) => h('option', { value: c, selected: c === nat }, `${countryName(c, lang)} (${c})`)));
    const pass = h('select', { id: passId, name: 'passport' },
      PASSPORTS.map((p) => h('option', { value: p, selected: p === passport }, t(`travellers.passport.${p}`))));
    const birthDate = h('input', { id: birthId, name: 'birthDate', type: 'date', value: birth });
    const remove = h('button', { type: 'button', class: 'link remove-traveller', 'aria-label': t('travellers.remove', { n }) }, '×');
    const row = h('li', { class: 'traveller' },
      h('div', { class: 'field' }, h('label', { for: natId }, t('travellers.nationality')), nationality),
      h('div', { class: 'field' }, h('label', { for: passId }, t('travellers.passport.label')), pass),
      h('div', { class: 'field' }, h('label', { for: birthId }, t('travellers.birthDate')), birthDate),
      remove,
      rowExtra?.(initialIndex));
    remove.addEventListener('click', () => {
      row.remove();
      sync();
      add.focus();
    });
    list.append(row);
    sync();
    return nationality;
  };
  const add = h('button', { type: 'button', class: 'link add-traveller' }, '+ ' + t('travellers.add'));
  add.addEventListener('click', () => addRow('CN').focus());
  initial.forEach((spec, i) => addRow(spec, i));
  sync();
  const element = h('fieldset', { class: 'travellers' }, h('legend', {}, t('travellers.heading')),
    h('p', { class: 'hint' }, t('travellers.hint')), list, add, withVisaFree ? visaFreeLabel : null);
  return {
    element,
    value: () => {
      const travellers = [...list.querySelectorAll(':scope > li')].map((li) => {
        const nat = li.querySelector<HTMLSelectElement>('select[name=nationality]')!.value;
        const pass = li.querySelector<HTMLSelectElement>('select[name=passport]')!.value;
        const birth = li.querySelector<HTMLInputElement>('input[name=birthDate]')!.value;
        return birth ? `${nat}:${pass}:${birth}` : pass !== 'ordinary' ? `${nat}:${pass}` : nat;
      });
      return { travellers, onlyVisaFree: travellers.length > 0 && visaFree.checked };
    },
  };
}
