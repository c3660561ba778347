// The list screen: a traveller's own cases (cards, phone first) under "Get help"; for operator staff,
// insurers, authorities and admins the queue (GET /api/v1/cases) as a table sorted by due time, breached
// first and highlighted, escalated marked, with filters by kind and open or closed.
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { CASE_KINDS, lifecycleOf, sortQueue, stateDef, type CaseKind, type CaseSummary, type QueueFilter } from '../../lib/cases-api.js';
import { countryName } from '../travellers.js';
import { categoryName, dueEl, errorBox, kindName, partyName, sideOf, stateBadge, timeEl, word, type CasesContext } from './shared.js';

// The filters, kept while the page lives.
let filter: { kind: CaseKind | ''; open: 'true' | 'false' | '' } = { kind: '', open: 'true' };

export async function renderCaseList(root: HTMLElement, ctx: CasesContext, note?: string): Promise<void> {
  if (ctx.account.role === 'traveller') return travellerList(root, ctx, note);
  return queue(root, ctx, note);
}

async function travellerList(root: HTMLElement, ctx: CasesContext, note?: string): Promise<void> {
  const list = h('div', { class: 'my-cases-body', 'aria-busy': 'true' });
  root.replaceChildren(
    h('section', { class: 'get-help', 'aria-labelledby': 'my-cases-heading' },
      h('h2', { id: 'my-cases-heading', tabindex: '-1' }, t('cases.mine.heading')),
      note ? h('p', { class: 'note', role: 'status' }, note) : null,
      h('p', { class: 'hint' }, t('cases.mine.hint')),
      h('button', { type: 'button', class: 'primary get-help-button', onclick: () => ctx.show({ name: 'form' }) }, t('cases.mine.getHelp')),
      list));
  try {
    const rows = sortQueue(await ctx.client.queue({ limit: 100 }));
    if (!rows.length) {
      list.replaceChildren(h('p', { class: 'queue-none' }, t('cases.mine.none')));
      return;
    }
    list.replaceChildren(h('ul', { class: 'case-cards' }, rows.map((c) => {
      const answers = stateDef(lifecycleOf(ctx.lifecycles, c.kind), c.state)?.answers ?? null;
      return h('li', { class: `case-card${c.breached && c.open ? ' breached' : ''}`, 'data-case-id': String(c.id) },
        h('button', { type: 'button', class: 'case-open', onclick: () => ctx.show({ name: 'case', id: c.id }) },
          h('span', { class: 'case-title' }, `${t('cases.number', { id: c.id })} · ${c.title}`),
          h('span', { class: 'case-meta' }, stateBadge(c.state, c.open ? undefined : 'closed'), ' ', `${kindName(c.kind)} · ${categoryName(c.category)}`),
          c.open && answers ? h('span', { class: 'case-meta' }, t('cases.answersNow', { who: partyName(answers, 'traveller') })) : null,
          c.open && c.nextDue ? h('span', { class: 'case-meta' }, t('cases.due.next'), ' ', dueEl(c.nextDue, ctx.lang)) : null,
          h('span', { class: 'case-meta' }, t('cases.updated'), ' ', timeEl(c.updated, ctx.lang))));
    })));
  } catch (e) {
    list.replaceChildren(errorBox(e, () => void travellerList(root, ctx, note)));
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

async function queue(root: HTMLElement, ctx: CasesContext, note?: string): Promise<void> {
  const a = ctx.account;
  const side = sideOf(a);
  const title = a.role === 'authority' && a.country ? t('cases.queue.headingCountry', { country: countryName(a.country, ctx.lang) })
    : a.role === 'insurer' && a.organisation ? t('cases.queue.headingInsurer', { code: a.organisation })
      : a.role === 'operator_staff' ? t('cases.queue.headingOperator') : t('cases.queue.heading');
  const kind = h('select', { id: 'queue-kind', name: 'kind' },
    h('option', { value: '' }, t('cases.queue.allKinds')),
    CASE_KINDS.map((k) => h('option', { value: k, selected: filter.kind === k }, kindName(k))));
  const open = h('select', { id: 'queue-open', name: 'open' },
    (['true', 'false', ''] as const).map((v) => h('option', { value: v, selected: filter.open === v }, t(`cases.queue.open_${v || 'all'}`))));
  const body = h('div', { class: 'queue-body', 'aria-busy': 'true' });
  const count = h('p', { class: 'queue-count', role: 'status' });
  root.replaceChildren(h('section', { class: 'case-queue', 'aria-labelledby': 'case-queue-heading' },
    h('h2', { id: 'case-queue-heading', tabindex: '-1' }, title),
    note ? h('p', { class: 'note', role: 'status' }, note) : null,
    a.role === 'operator_staff' && !a.operatorId ? h('p', { class: 'hint' }, t('cases.queue.noOperator')) : null,
    h('div', { class: 'queue-filters' },
      h('div', { class: 'field' }, h('label', { for: 'queue-kind' }, t('cases.queue.kind')), kind),
      h('div', { class: 'field' }, h('label', { for: 'queue-open' }, t('cases.queue.state')), open)),
    count, body));

  const load = async () => {
    body.setAttribute('aria-busy', 'true');
    const f: QueueFilter = { limit: 100 };
    if (filter.kind) f.kind = filter.kind;
    if (filter.open) f.open = filter.open === 'true';
    try {
      const rows = sortQueue(await ctx.client.queue(f));
      count.textContent = t('cases.queue.count', { count: rows.length });
      body.replaceChildren(rows.length ? table(rows) : h('p', { class: 'queue-none' }, t('cases.queue.none')));
    } catch (e) {
      count.textContent = '';
      body.replaceChildren(errorBox(e, () => void load()));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  };

  const table = (rows: CaseSummary[]) => h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'case-queue-heading' },
    h('table', { class: 'case-queue-table' },
      h('thead', {}, h('tr', {}, ['case', 'kind', 'urgency', 'state', 'answers', 'due', 'where'].map((c) => h('th', { scope: 'col' }, t(`cases.queue.col.${c}`))))),
      h('tbody', {}, rows.map((c) => {
        const answers = stateDef(lifecycleOf(ctx.lifecycles, c.kind), c.state)?.answers ?? null;
        return h('tr', { class: `${c.breached && c.open ? 'breached' : ''}${c.escalatedTo ? ' escalated' : ''}`.trim() || undefined, 'data-case-id': String(c.id) },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link case-open', onclick: () => ctx.show({ name: 'case', id: c.id }) },
            `${t('cases.number', { id: c.id })} · ${c.title}`)),
          h('td', {}, kindName(c.kind), h('br'), h('span', { class: 'case-meta' }, categoryName(c.category))),
          h('td', {}, h('span', { class: `urgency urgency-${c.urgency}` }, word('urgency', c.urgency))),
          h('td', {}, stateBadge(c.state, c.open ? undefined : 'closed'),
            c.escalatedTo ? h('span', { class: 'escalated-badge' }, t('cases.escalatedTo', { who: word('party', c.escalatedTo) })) : null),
          h('td', {}, c.open ? partyName(answers, side) : '—'),
          h('td', {}, c.open && c.nextDue ? dueEl(c.nextDue, ctx.lang) : '—'),
          h('td', {}, [c.placeName, countryName(c.country, ctx.lang)].filter(Boolean).join(', ')));
      }))));

  kind.addEventListener('change', () => {
    filter = { ...filter, kind: kind.value as CaseKind | '' };
    void load();
  });
  open.addEventListener('change', () => {
    filter = { ...filter, open: open.value as 'true' | 'false' | '' };
    void load();
  });
  await load();
}
