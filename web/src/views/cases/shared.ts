// What the case screens share: the context they are drawn with, parties, states and times in words, the
// API's refusals in the page's language.
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { dueState, localTime, type CaseKind, type CasesClient, type Lifecycles, type Party } from '../../lib/cases-api.js';
import { formatDuration } from '../../lib/format.js';
import { RegisterError, type Account } from '../../lib/register-api.js';

export interface CasesContext {
  client: CasesClient;
  lang: string;
  account: Account;
  lifecycles: Lifecycles | null;
  // Says `text` in the view's status line (role=status) for screen readers.
  announce(text: string): void;
  // Moves between the view's screens: the list (a traveller's cases or a queue), the form, a case;
  // `replace`: in place of the screen shown in the history (the form once sent).
  show(screen: Screen, note?: string, replace?: boolean): void;
}

export type Screen = { name: 'list' } | { name: 'form' } | { name: 'case'; id: number };

// The side an account is on (the API's `as` for its cases).
export function sideOf(account: Account): Party {
  switch (account.role) {
    case 'traveller': return 'traveller';
    case 'operator_staff': return 'operator';
    case 'insurer': return 'insurer';
    default: return 'authority';
  }
}

// A text of `cases.<group>.<key>`, the key itself when the texts have none (a newer server's state).
export function word(group: string, key: string): string {
  const full = `cases.${group}.${key}`;
  const text = t(full);
  return text === full ? key.replace(/_/g, ' ') : text;
}

export const kindName = (k: CaseKind | string) => word('kind', k);
export const stateName = (s: string) => word('state', s);
export const categoryName = (c: string) => word('category', c);
export const actionName = (a: string) => word('action', a);

// Who answers, from the reader's side: "you" when it is them.
export function partyName(p: Party | null | undefined, as: Party): string {
  if (!p) return t('cases.party.nobody');
  return p === as ? t('cases.party.you') : word('party', p);
}

export function stateBadge(state: string, stateClass?: string): HTMLElement {
  return h('span', { class: `case-state case-state-${stateClass ?? 'active'}` }, stateName(state));
}

// A time in the reader's zone with its offset, as <time>.
export function timeEl(iso: string, lang: string): HTMLElement {
  const f = localTime(iso, lang);
  return h('time', { datetime: iso }, f.text);
}

// A due time: the local time, then "overdue" plainly or the time left.
export function dueEl(iso: string | null | undefined, lang: string, now = Date.now(), paused = false): HTMLElement | null {
  const s = dueState(iso, now);
  if (!s || !iso) return null;
  return h('span', { class: `due${s.overdue ? ' overdue' : ''}` }, timeEl(iso, lang), ' ',
    s.overdue ? h('strong', { class: 'overdue-badge' }, t('cases.due.overdue'))
      : h('span', { class: 'due-left' }, paused ? t('cases.due.paused') : t('cases.due.left', { duration: formatDuration(s.leftSeconds, lang) })));
}

// A refusal of the cases' API in words.
export function failureText(e: unknown): string {
  if (e instanceof RegisterError) {
    if (e.code === 'register_off' || (e.status === 503 && /cases are off|register/.test(e.message))) return t('cases.off');
    if (e.code === 'network') return t('cases.network');
    if (e.code === 'forbidden') return t('cases.forbidden');
    if (e.code === 'not_found') return t('cases.notFound');
    return t('cases.failed', { message: e.message });
  }
  return t('cases.failed', { message: e instanceof Error ? e.message : String(e) });
}

export function errorBox(e: unknown, retry?: () => void): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, h('p', {}, failureText(e)),
    retry ? h('button', { type: 'button', class: 'link', onclick: retry }, t('cases.retry')) : null);
}
