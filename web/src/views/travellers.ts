// The travellers of a search (nationality, passport, birth date) and "only journeys without a visa":
// the API's `travellers` and `onlyVisaFree`. Country names come from Intl.DisplayNames in the language.
import { h, uniqueId } from '../dom.js';
import { ownText, t } from '../i18n/index.js';
import { localToday } from '../lib/format.js';
import { countryNameIn } from '../lib/names.js';
import { MAX_TRAVELLERS } from '../lib/url-state.js';

// The region's countries first, then those whose travellers the rules data covers most often.
export const NATIONALITIES = ['CN', 'KZ', 'KG', 'UZ', 'TJ', 'TM', 'RU', 'MN', 'AF', 'PK', 'IN', 'TR', 'AZ', 'GE', 'IR', 'DE', 'FR', 'GB', 'IT', 'ES', 'NL', 'PL', 'US', 'CA', 'AU', 'JP', 'KR', 'SG', 'MY', 'TH', 'AE'];
const PASSPORTS = ['ordinary', 'service', 'diplomatic'] as const;

export const REGION_COUNTRIES = NATIONALITIES.slice(0, 6);

// Where Intl's name is not the country's own official one: Russian CLDR says "Киргизия", the app's texts
// and Kyrgyzstan itself "Кыргызстан"; one name everywhere.
const OFFICIAL_NAMES: Record<string, Record<string, string>> = { ru: { KG: 'Кыргызстан' } };

// Intl.DisplayNames where the browser names countries in the language, else the texts' own names
// (lib/names.ts countryNameIn: Debian's chromium has no Kazakh, Kyrgyz or Uzbek names).
export function countryName(code: string, lang: string): string {
  return OFFICIAL_NAMES[lang]?.[code] ?? countryNameIn(code, lang, (c) => ownText(lang, `country.${c}`));
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
  // The limit is said beside the disabled button: the URL keeps MAX_TRAVELLERS, a further one would be lost.
  const limitNote = h('p', { class: 'hint traveller-limit', hidden: true, id: uniqueId('traveller-limit') }, t('travellers.limit', { count: MAX_TRAVELLERS }));
  const sync = () => {
    const any = list.children.length > 0;
    visaFree.disabled = !any;
    if (!any) visaFree.checked = false;
    const full = list.children.length >= MAX_TRAVELLERS;
    add.disabled = full;
    limitNote.hidden = !full;
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
    const birthDate = h('input', { id: birthId, name: 'birthDate', type: 'date', value: birth, max: localToday() });
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
  const add = h('button', { type: 'button', class: 'link add-traveller', 'aria-describedby': limitNote.id }, '+ ' + t('travellers.add'));
  add.addEventListener('click', () => {
    if (list.children.length < MAX_TRAVELLERS) addRow('CN').focus();
  });
  initial.forEach((spec, i) => addRow(spec, i));
  sync();
  const element = h('fieldset', { class: 'travellers' }, h('legend', {}, t('travellers.heading')),
    h('p', { class: 'hint' }, t('travellers.hint')), list, add, limitNote, withVisaFree ? visaFreeLabel : null);
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
