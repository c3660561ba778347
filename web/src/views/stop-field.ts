// A place field with autocomplete over /api/v1/stops (any language and script): the WAI-ARIA combobox
// pattern (arrow keys, Enter, Escape; the list announced to screen readers). The chosen stop's id is
// what the search sends; typed text alone is sent as a name, which the API resolves or answers with
// suggestions. A chosen place shows its name in the page's language (the feed's translations), as the
// results do.
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n/index.js';
import type { ApiClient, StopMatch } from '../lib/api.js';
import { placeName } from '../lib/names.js';
import { MAX_PLACE_LENGTH } from '../lib/url-state.js';

export interface StopField {
  element: HTMLElement;
  input: HTMLInputElement;
  value(): { id: string; label: string };
  set(id: string, label: string): void;
  // Shows the stop `id`'s name in the language, unless the field changed meanwhile.
  nameInLanguage(id: string): void;
}

export function stopField(api: ApiClient, name: 'from' | 'to', label: string, initial: { id: string; label: string }, lang: string): StopField {
  const inputId = uniqueId(`stop-${name}`);
  const listId = uniqueId(`stop-${name}-list`);
  const statusId = uniqueId(`stop-${name}-status`);
  const limitId = uniqueId(`stop-${name}-limit`);
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
    'aria-describedby': `${statusId} ${limitId}`,
    maxlength: MAX_PLACE_LENGTH,
    placeholder: t('plan.placeholder'),
  });
  input.value = initial.label;
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': label });
  const status = h('span', { id: statusId, class: 'visually-hidden', 'aria-live': 'polite' });
  // Said when the text reaches the limit: typing on would silently do nothing.
  const limit = h('p', { id: limitId, class: 'hint field-limit', hidden: true }, t('plan.placeTooLong', { count: MAX_PLACE_LENGTH }));
  const showLimit = () => (limit.hidden = input.value.length < MAX_PLACE_LENGTH);
  // When the place search fails (not when it is cut short by typing on), the form still searches by the
  // name typed: said, so the empty list is not taken for "no such place".
  const failed = h('p', { class: 'hint lookup-failed', hidden: true, role: 'status' }, t('plan.suggestionsFailed'));

  const nameInLanguage = (id: string) => {
    const shown = input.value;
    void api.stop(id).then((details) => {
      // The field may hold the id itself (a link without names): then it becomes the chosen stop.
      if (details && (chosenId || input.value.trim()) === id && input.value === shown) {
        chosenId = id;
        input.value = placeName(id, (x) => (x === id ? details : null), lang, details.name);
      }
    });
  };

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const choose = (m: StopMatch) => {
    chosenId = m.stopId;
    // The match's name is the feed's own; the name typed when it was in this language, else the translation.
    input.value = m.translated && m.language === lang ? m.matchedName : m.name;
    close();
    showLimit();
    nameInLanguage(m.stopId);
  };
  const highlight = (i: number) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `${listId}-${i}`);
  };
  const show = () => {
    // A newer answer (typing went on) keeps the place highlighted, so Enter chooses what was seen.
    const highlighted = active >= 0 ? list.children[active]?.getAttribute('data-stop-id') : null;
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
    const again = matches.findIndex((m) => m.stopId === highlighted);
    if (again >= 0) highlight(again);
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
    const mine = pending;
    api.searchStops(text, 8, pending.signal).then(
      (m) => {
        failed.hidden = true;
        matches = m;
        list.dataset.query = text; // which text the list answers (the tests wait for the last one)
        show();
      },
      () => {
        // An aborted lookup (typing went on) says nothing; a failed one says the list is unavailable.
        if (!mine.signal.aborted) failed.hidden = false;
      },
    );
  };

  input.addEventListener('input', () => {
    chosenId = '';
    showLimit();
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

  const element = h('div', { class: `field stop-field stop-field-${name}` }, h('label', { for: inputId }, label), input, list, status, limit, failed);
  showLimit();
  return {
    element,
    input,
    value: () => ({ id: chosenId || input.value.trim(), label: input.value.trim() }),
    set: (id, lbl) => {
      chosenId = id;
      input.value = lbl;
      showLimit();
    },
    nameInLanguage,
  };
}
