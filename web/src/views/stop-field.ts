// A place field with autocomplete over /api/v1/stops (any language and script): the WAI-ARIA combobox
// pattern (arrow keys, Enter, Escape; the list announced to screen readers). The chosen stop's id is
// what the search sends; typed text alone is sent as a name, which the API resolves or answers with
// suggestions.
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n/index.js';
import type { ApiClient, StopMatch } from '../lib/api.js';

export interface StopField {
  element: HTMLElement;
  input: HTMLInputElement;
  value(): { id: string; label: string };
  set(id: string, label: string): void;
}

export function stopField(api: ApiClient, name: 'from' | 'to', label: string, initial: { id: string; label: string }): StopField {
  const inputId = uniqueId(`stop-${name}`);
  const listId = uniqueId(`stop-${name}-list`);
  const statusId = uniqueId(`stop-${name}-status`);
  let chosenId = initial.id !== initial.label ? initial.id : '';
  let matches: StopMatch[] = [];
  let active = -1;
  let pending: AbortController | null = null;
  let timer: number | undefined;

  const input = h('input', {
    id: inputId,
    name,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': statusId,
    placeholder: t('plan.placeholder'),
  });
  input.value = initial.label;
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': label });
  const status = h('span', { id: statusId, class: 'visually-hidden', 'aria-live': 'polite' });

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const choose = (m: StopMatch) => {
    chosenId = m.stopId;
    input.value = m.name;
    close();
  };
  const highlight = (i: number) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `${listId}-${i}`);
  };
  const show = () => {
    list.replaceChildren(
      ...matches.map((m, i) =>
        h(
          'li',
          { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', 'data-stop-id': m.stopId, onmousedown: (e: Event) => { e.preventDefault(); choose(m); } },
          h('span', { class: 'suggestion-name' }, m.name),
          m.matchedName && m.matchedName !== m.name ? h('span', { class: 'suggestion-alt', lang: m.language }, m.matchedName) : null,
        ),
      ),
    );
    status.textContent = t('plan.suggestionsCount', { count: matches.length });
    list.hidden = matches.length === 0;
    input.setAttribute('aria-expanded', String(matches.length > 0));
    active = -1;
  };
  const lookUp = () => {
    const text = input.value.trim();
    pending?.abort();
    if (!text) {
      matches = [];
      close();
      return;
    }
    pending = new AbortController();
    api.searchStops(text, 8, pending.signal).then(
      (m) => {
        matches = m;
        show();
      },
      () => {
        // A failed or aborted lookup leaves the field as typed: the search itself reports errors.
      },
    );
  };

  input.addEventListener('input', () => {
    chosenId = '';
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden) {
      if (e.key === 'ArrowDown' && input.value.trim()) lookUp();
      return;
    }
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      highlight(Math.min(active + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      choose(matches[active]);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 100));

  const element = h('div', { class: `field stop-field stop-field-${name}` }, h('label', { for: inputId }, label), input, list, status);
  return {
    element,
    input,
    value: () => ({ id: chosenId || input.value.trim(), label: input.value.trim() }),
    set: (id, lbl) => {
      chosenId = id;
      input.value = lbl;
    },
  };
}
