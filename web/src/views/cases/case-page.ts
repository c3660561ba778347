// A case's page, the same for every party with what each may do: the state and who answers now, the due
// times in the reader's zone ("overdue" said plainly; paused while it waits on the traveller), the
// details, a claim's lines, the thread (messages and each action's note, files), writing a message,
// attaching a photo or PDF, the actions the API lists for the reader (`actions`: a note when the
// lifecycle says noteRequired, an outcome when it has outcomes), the insurer's assessment line by line,
// and for a traveller stranded the next journeys from where they are with the entry verdict for staying
// longer. Every action names the version read: a 409 reads the case again and says so.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n/index.js';
import {
  actionNeeds, actionProblem, amountText, FILE_TYPES, fileSize, formatAmount, LINE_REASONS, lifecycleOf, MAX_FILE_BYTES, MAX_TEXT_BYTES, parseAmount, utf8Length,
  type CaseLine, type CaseView, type HelpAnswer, type HistoryEntry, type LineDecision,
} from '../../lib/cases-api.js';
import { formatDuration, formatLocalTime, formatMediumDay } from '../../lib/format.js';
import type { RuleMessage } from '../../lib/rule-messages.js';
import { ruleSentenceItems } from '../rule-sentences.js';
import { ApiClient, nameIn, type Itinerary } from '../../lib/api.js';
import { RegisterError } from '../../lib/register-api.js';
import { modeGroup, modeLabel } from '../plan.js';
import { countryName, NATIONALITIES } from '../travellers.js';
import '../ratings/ratings.css';
import { ratingForm } from '../ratings/rating-form.js';
import { actionName, categoryName, dueEl, errorBox, failureText, kindName, partyName, stateBadge, stateName, timeEl, word, type CasesContext } from './shared.js';

export async function renderCase(root: HTMLElement, ctx: CasesContext, id: number, note?: string, conflict = false): Promise<void> {
  const back = h('button', { type: 'button', class: 'link back-to-list', onclick: () => ctx.show({ name: 'list' }) },
    ctx.account.role === 'traveller' ? t('cases.page.backMine') : t('cases.page.backQueue'));
  root.replaceChildren(back, h('h2', { id: 'case-heading', tabindex: '-1' }, t('cases.loading')));
  root.setAttribute('aria-busy', 'true');
  let c: CaseView;
  try {
    c = await ctx.client.case(id);
  } catch (e) {
    root.replaceChildren(back, h('h2', { id: 'case-heading', tabindex: '-1' }, t('cases.number', { id })), errorBox(e, () => void renderCase(root, ctx, id, note)));
    root.setAttribute('aria-busy', 'false');
    return;
  }
  root.setAttribute('aria-busy', 'false');
  root.replaceChildren(back, ...casePage(c, ctx, root, note, conflict));
}

function casePage(c: CaseView, ctx: CasesContext, root: HTMLElement, note?: string, conflict = false): Node[] {
  const lang = ctx.lang;
  const lifecycle = lifecycleOf(ctx.lifecycles, c.kind);
  // The case read again after a change; the focus on the heading (the state changed), on the conflict's
  // message, or where the reader goes on (the message field after a message or a file).
  const reload = (text?: string, isConflict = false, focus = '#case-heading') => renderCase(root, ctx, c.id, text, isConflict).then(() => {
    root.querySelector<HTMLElement>(isConflict ? '.conflict' : focus)?.focus();
  });
  const nodes: Node[] = [];
  nodes.push(h('h2', { id: 'case-heading', tabindex: '-1' }, `${t('cases.number', { id: c.id })} · ${c.title}`));
  if (conflict) nodes.push(h('div', { class: 'error conflict', role: 'alert', tabindex: '-1' }, h('p', {}, t('cases.page.conflict'))));
  if (note) nodes.push(h('p', { class: 'note', role: 'status' }, note));

  // The state, who answers now, the clocks.
  const paused = c.clocks.status === 'paused' || c.stateClass === 'waiting';
  const closed = c.stateClass === 'closed';
  const status = h('section', { class: `case-status case-status-${c.stateClass}`, 'aria-labelledby': 'case-status-heading' },
    h('h3', { id: 'case-status-heading' }, t('cases.page.status')),
    h('p', { class: 'case-state-line' }, stateBadge(c.state, c.stateClass), ' ',
      h('span', { class: 'case-kind' }, `${kindName(c.kind)} · ${categoryName(c.category)} · ${word('urgency', c.urgency)}`)));
  if (!closed) {
    if (paused) {
      status.append(h('p', { class: c.as === 'traveller' ? 'waiting-for-you' : 'waiting' },
        c.answers === c.as ? t('cases.page.waitingForYou') : t('cases.page.waitingFor', { who: partyName(c.answers, c.as) })));
    } else {
      status.append(h('p', { class: 'answers-now' }, t('cases.answersNow', { who: partyName(c.answers, c.as) })));
    }
    if (c.escalatedTo) status.append(h('p', { class: 'escalated-badge' }, t('cases.escalatedTo', { who: word('party', c.escalatedTo) })));
    const clocks = h('dl', { class: 'record clocks' });
    const now = Date.now();
    const row = (label: string, value: Node | null) => value && clocks.append(h('dt', {}, label), h('dd', {}, value));
    // While the case waits on the traveller the server gives no due time (the clock is stopped): said so,
    // with since when.
    const stopped = () => h('span', { class: 'due paused' }, t('cases.due.stopped'),
      c.clocks.onHoldSince ? [' ', t('cases.due.since'), ' ', timeEl(c.clocks.onHoldSince, lang)] : []);
    if (c.clocks.respondedAt) row(t('cases.page.respondedAt'), timeEl(c.clocks.respondedAt, lang));
    else row(t('cases.page.responseDue'), c.clocks.responseDue ? dueEl(c.clocks.responseDue, lang, now, paused) : paused ? stopped() : null);
    if (c.clocks.resolvedAt) row(t('cases.page.resolvedAt'), timeEl(c.clocks.resolvedAt, lang));
    else row(t('cases.page.resolutionDue'), c.clocks.resolutionDue ? dueEl(c.clocks.resolutionDue, lang, now, paused) : paused ? stopped() : null);
    if (c.clocks.responseBreached || c.clocks.resolutionBreached) {
      status.append(h('p', { class: 'overdue-line' }, h('strong', { class: 'overdue-badge' }, t('cases.due.overdue')), ' ',
        t(c.clocks.responseBreached ? 'cases.page.responseBreached' : 'cases.page.resolutionBreached')));
    }
    if (clocks.childElementCount) status.append(clocks);
    if (c.clocks.businessHours) status.append(h('p', { class: 'hint' }, t('cases.page.businessHours')));
    else if (c.urgency === 'urgent') status.append(h('p', { class: 'hint' }, t('cases.form.urgencyHint.urgent')));
  }
  if (c.outcome) status.append(h('p', { class: 'outcome' }, t('cases.page.outcome', { outcome: word('outcome', c.outcome) })));
  nodes.push(status);

  // The details as a list.
  const details = h('dl', { class: 'record case-details' });
  const add = (label: string, value: string | Node | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    details.append(h('dt', {}, label), h('dd', {}, value));
  };
  add(t('cases.page.description'), h('span', { class: 'case-description' }, c.description));
  add(t('cases.page.country'), countryName(c.country, lang));
  const place = c.place ? [c.place.name, c.place.lat !== undefined && c.place.lon !== undefined ? `${c.place.lat.toFixed(4)}, ${c.place.lon.toFixed(4)}` : ''].filter(Boolean).join(' · ') : '';
  add(t('cases.page.where'), place);
  if (c.happenedAt) add(t('cases.page.when'), timeEl(c.happenedAt, lang));
  add(t('cases.page.tour'), c.tourId ? String(c.tourId) : '');
  add(t('cases.page.operator'), c.operatorId ? String(c.operatorId) : '');
  add(t('cases.page.insurer'), c.insurer ?? '');
  add(t('cases.page.policy'), c.policyNumber ?? '');
  add(t('cases.page.destination'), c.destination ? placeLabel(c.destination, lang) : '');
  add(t('cases.page.opened'), timeEl(c.created, lang));
  nodes.push(h('section', { class: 'case-details-part', 'aria-labelledby': 'case-details-heading' },
    h('h3', { id: 'case-details-heading' }, t('cases.page.details')), details));

  // A claim's lines (and, for the insurer, their assessment).
  const assessing = c.actions.includes('assess') && actionNeeds(lifecycle, 'assess').lineDecisions !== false;
  if (c.lines.length) nodes.push(linesPart(c, lang, assessing ? assessForm(c, ctx, reload) : null));

  // The actions the reader may take now (but the assessment, drawn with the lines).
  const actions = c.actions.filter((a) => !(a === 'assess' && assessing));
  if (actions.length) nodes.push(actionsPart(c, ctx, actions, reload));

  // A traveller stranded: the next journeys from where they are.
  if (c.kind === 'assistance' && c.category === 'stranded' && !closed) nodes.push(helpPart(c, ctx));

  nodes.push(threadPart(c, ctx, reload));
  // A closed case: its traveller may rate how it was handled (issue 19).
  // Its other parties read the rating once given (the case's answer carries it to them too).
  if (closed && (c.as === 'traveller' || c.rating)) nodes.push(ratingPart(c, ctx));
  return nodes;
}

// The rating of a closed case by its traveller: the form, or the rating given; to the case's other
// parties, the rating given.
function ratingPart(c: CaseView, ctx: CasesContext): HTMLElement {
  const mine = c.as === 'traveller';
  const section = h('section', { class: 'case-rating', 'aria-labelledby': 'case-rating-heading' },
    h('h3', { id: 'case-rating-heading', tabindex: '-1' }, t(mine ? 'ratings.caseHeading' : 'ratings.caseRatedHeading')),
    mine ? h('p', { class: 'hint' }, t('ratings.caseIntro')) : null);
  // Rated already: the rating and its comment, as the case's parties see them.
  if (c.rating) {
    section.append(h('p', { class: 'rating-given' }, t(mine ? 'ratings.yours' : 'ratings.given', { rating: c.rating.rating })));
    if (c.rating.comment) section.append(h('p', {}, h('q', {}, c.rating.comment)));
    return section;
  }
  const stars = ratingForm();
  const formError = h('div', { class: 'error', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', class: 'primary' }, t('ratings.send'));
  const form = h('form', { novalidate: true, 'aria-labelledby': 'case-rating-heading' }, stars.element, formError, send);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (send.disabled) return;
    formError.hidden = true;
    const body = stars.check();
    if (!body) return;
    send.disabled = true;
    try {
      await ctx.client.rate(c.id, body);
    } catch (err) {
      send.disabled = false;
      const r = err instanceof RegisterError ? err : null;
      if (r && (r.parameter === 'rating' || r.parameter === 'comment')) return stars.showProblem(r.parameter, t('ratings.error.refused', { message: r.message }));
      formError.hidden = false;
      formError.replaceChildren(h('p', {}, r && r.status >= 400 && r.status < 500 ? t('ratings.error.refused', { message: r.message }) : failureText(err)));
      return;
    }
    const thanks = h('p', { class: 'rating-given', role: 'status', tabindex: '-1' }, `${t('ratings.sent')} ${t('ratings.yours', { rating: body.rating })}`);
    form.replaceWith(thanks);
    thanks.focus();
  });
  section.append(form);
  return section;
}

// A place the case names by a stop's id (its destination), shown by the stop's name in the language
// once known; the text as it is until then, or when it names no stop.
const places = new ApiClient();
function placeLabel(idOrName: string, lang: string): HTMLElement {
  const el = h('span', { class: 'place-label' }, idOrName);
  void places.stop(idOrName).then((d) => {
    if (d) el.textContent = nameIn(d, lang, d.name);
  });
  return el;
}

// ---- Claim lines ----

function lineState(l: CaseLine, lang: string): string {
  if (l.state === 'approved') {
    return l.approvedAmount !== undefined && l.approvedAmount !== null && l.approvedAmount < l.amount
      ? t('cases.lines.approvedPart', { amount: formatAmount(l.approvedAmount, l.currency, lang) }) : t('cases.lines.approved');
  }
  return l.state === 'rejected' ? t('cases.lines.rejected') : t('cases.lines.pending');
}

function linesPart(c: CaseView, lang: string, assessment: HTMLElement | null): HTMLElement {
  return h('section', { class: 'claim-lines-part', 'aria-labelledby': 'claim-lines-heading' },
    h('h3', { id: 'claim-lines-heading' }, t('cases.lines.heading')),
    h('ol', { class: 'claim-line-list' }, c.lines.map((l) => h('li', { class: `claim-line-view line-${l.state}`, 'data-line': String(l.line) },
      h('p', { class: 'line-head' }, h('span', { class: 'line-description' }, l.description), ' ', h('span', { class: 'line-amount' }, formatAmount(l.amount, l.currency, lang))),
      h('p', { class: 'line-state' }, lineState(l, lang)),
      l.reason ? h('p', { class: 'line-reason' }, t('cases.lines.reason', { reason: word('reason', l.reason) })) : null,
      l.note ? h('p', { class: 'line-note' }, t('cases.lines.note', { note: l.note })) : null))),
    assessment);
}

// The insurer's assessment: per pending line approve (all or part) or reject with a reason and a note.
function assessForm(c: CaseView, ctx: CasesContext, reload: (text?: string, conflict?: boolean) => Promise<void>): HTMLElement {
  const reasons = ctx.lifecycles?.lineReasons?.length ? ctx.lifecycles.lineReasons : LINE_REASONS;
  const pending = c.lines.filter((l) => l.state === 'pending');
  const rows = pending.map((l) => {
    const group = uniqueId(`assess-${l.line}`);
    const approve = h('input', { type: 'radio', name: group, value: 'approve', id: `${group}-approve`, checked: true });
    const reject = h('input', { type: 'radio', name: group, value: 'reject', id: `${group}-reject` });
    const amountId = `${group}-amount`;
    const amount = h('input', { type: 'text', inputmode: 'decimal', id: amountId, name: 'approvedAmount', value: amountText(l.amount, l.currency), autocomplete: 'off' });
    const reasonId = `${group}-reason`;
    const reason = h('select', { id: reasonId, name: 'reason' }, h('option', { value: '' }, t('cases.assess.noReason')), reasons.map((r) => h('option', { value: r }, word('reason', r))));
    const noteId = `${group}-note`;
    const note = h('input', { type: 'text', id: noteId, name: 'lineNote', maxlength: 1000, autocomplete: 'off' });
    const error = h('p', { class: 'field-error', hidden: true, id: `${group}-error` });
    const amountField = h('div', { class: 'field' }, h('label', { for: amountId }, t('cases.assess.amount', { currency: l.currency })), amount);
    const sync = () => (amountField.hidden = reject.checked);
    approve.addEventListener('change', sync);
    reject.addEventListener('change', sync);
    // A line's error goes once the reason it asked for is chosen.
    reason.addEventListener('change', () => {
      if (reason.value && !error.hidden) setError(null);
    });
    const element = h('fieldset', { class: 'assess-line', 'data-line': String(l.line) },
      h('legend', {}, `${l.description} · ${formatAmount(l.amount, l.currency, ctx.lang)}`),
      h('div', { class: 'assess-choice' },
        h('label', { class: 'choice-inline', for: approve.id }, approve, ' ', t('cases.assess.approve')),
        h('label', { class: 'choice-inline', for: reject.id }, reject, ' ', t('cases.assess.reject'))),
      amountField,
      h('div', { class: 'field' }, h('label', { for: reasonId }, t('cases.assess.reason')), reason),
      h('div', { class: 'field' }, h('label', { for: noteId }, t('cases.assess.note')), note),
      error);
    const read = (): LineDecision | 'amount' => {
      const d: LineDecision = { line: l.line, approve: approve.checked };
      if (approve.checked) {
        const minor = parseAmount(amount.value, l.currency);
        if (minor === null || minor > l.amount) return 'amount';
        if (minor !== l.amount) d.approvedAmount = minor;
      }
      if (reason.value) d.reason = reason.value;
      if (note.value.trim()) d.note = note.value.trim();
      return d;
    };
    const setError = (text: string | null, at: HTMLElement = reason) => {
      error.hidden = !text;
      error.textContent = text ?? '';
      for (const x of [amount, reason]) x.removeAttribute('aria-invalid');
      if (text) {
        at.setAttribute('aria-invalid', 'true');
        at.setAttribute('aria-describedby', error.id);
      }
    };
    return { l, element, read, setError, amount, reason };
  });
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'primary action-assess', 'data-action': 'assess' }, t('cases.assess.submit'));
  const form = h('form', { class: 'assess-form', 'aria-labelledby': 'assess-heading', novalidate: true },
    h('h4', { id: 'assess-heading' }, t('cases.assess.heading')),
    h('p', { class: 'hint' }, t('cases.assess.hint')),
    rows.map((r) => r.element), error, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const decisions: LineDecision[] = [];
    let first: HTMLElement | null = null;
    for (const r of rows) {
      r.setError(null);
      const d = r.read();
      if (d === 'amount') {
        r.setError(t('cases.assess.badAmount'), r.amount);
        first ??= r.amount;
        continue;
      }
      const part = d.approve && d.approvedAmount !== undefined;
      if ((!d.approve || part) && !d.reason) {
        r.setError(t(d.approve ? 'cases.assess.reasonForPart' : 'cases.assess.reasonRequired'));
        first ??= r.reason;
        continue;
      }
      decisions.push(d);
    }
    if (first || actionProblem(actionNeeds(lifecycleOf(ctx.lifecycles, c.kind), 'assess'), { lines: decisions }, c.lines)) {
      error.hidden = false;
      error.textContent = t('cases.error.formProblems');
      first?.focus();
      return;
    }
    button.disabled = true;
    try {
      const after = await ctx.client.act(c.id, { action: 'assess', version: c.version, lines: decisions });
      const text = t('cases.assess.done', { outcome: word('outcome', after.outcome ?? '') });
      ctx.announce(text);
      await reload(text);
    } catch (err) {
      if (err instanceof RegisterError && err.code === 'conflict' && err.parameter !== 'file') return void reload(undefined, true);
      error.hidden = false;
      error.textContent = err instanceof RegisterError && err.status === 400 ? t('cases.error.refused', { message: err.message }) : failureText(err);
      button.disabled = false;
    }
  });
  return form;
}

// ---- Actions ----

function actionsPart(c: CaseView, ctx: CasesContext, actions: string[], reload: (text?: string, conflict?: boolean) => Promise<void>): HTMLElement {
  const lifecycle = lifecycleOf(ctx.lifecycles, c.kind);
  const needs = new Map(actions.map((a) => [a, actionNeeds(lifecycle, a)]));
  const noteNeeded = actions.filter((a) => needs.get(a)!.noteRequired);
  const outcomes = [...new Set(actions.flatMap((a) => needs.get(a)!.outcomes))];
  const noteId = uniqueId('action-note');
  const note = h('textarea', { id: noteId, name: 'note', rows: 3, maxlength: 8000 });
  const noteError = h('p', { class: 'field-error', id: `${noteId}-error`, hidden: true });
  const noteHint = h('p', { class: 'hint', id: `${noteId}-hint` }, noteNeeded.length
    ? t('cases.actions.noteNeededFor', { actions: noteNeeded.map(actionName).join(', ') }) : t('cases.actions.noteOptional'));
  note.setAttribute('aria-describedby', noteHint.id);
  const outcomeId = uniqueId('action-outcome');
  const outcome = outcomes.length ? h('select', { id: outcomeId, name: 'outcome' }, h('option', { value: '' }, t('cases.actions.chooseOutcome')),
    outcomes.map((o) => h('option', { value: o }, word('outcome', o)))) : null;
  const outcomeError = h('p', { class: 'field-error', id: `${outcomeId}-error`, hidden: true });
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const buttons = actions.map((a) => h('button', {
    type: 'button', class: `action action-${a}${['cancel', 'withdraw'].includes(a) ? ' action-danger' : ''}`, 'data-action': a,
  }, actionName(a)));
  const setError = (el: HTMLElement, errorEl: HTMLElement, text: string | null, hintId?: string) => {
    errorEl.hidden = !text;
    errorEl.textContent = text ?? '';
    if (text) {
      el.setAttribute('aria-invalid', 'true');
      el.setAttribute('aria-describedby', [hintId, errorEl.id].filter(Boolean).join(' '));
    } else {
      el.removeAttribute('aria-invalid');
      el.setAttribute('aria-describedby', hintId ?? '');
    }
  };
  const take = async (action: string, button: HTMLButtonElement) => {
    error.hidden = true;
    setError(note, noteError, null, noteHint.id);
    if (outcome) setError(outcome, outcomeError, null);
    const need = needs.get(action)!;
    const request = { note: note.value.trim(), outcome: outcome?.value ?? '' };
    if (utf8Length(request.note) > MAX_TEXT_BYTES) {
      setError(note, noteError, t('cases.error.tooLong'), noteHint.id);
      note.focus();
      return;
    }
    const problem = actionProblem(need, request, c.lines);
    if (problem === 'note') {
      setError(note, noteError, t('cases.actions.noteRequired', { action: actionName(action) }), noteHint.id);
      note.focus();
      return;
    }
    if (problem === 'outcome' && outcome) {
      setError(outcome, outcomeError, t('cases.actions.outcomeRequired'));
      outcome.focus();
      return;
    }
    for (const b of buttons) b.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await ctx.client.act(c.id, {
        action, version: c.version,
        ...(request.note ? { note: request.note } : {}),
        ...(need.outcomes.length ? { outcome: request.outcome } : {}),
      });
      const text = t('cases.actions.done', { action: actionName(action) });
      ctx.announce(text);
      await reload(text);
    } catch (err) {
      if (err instanceof RegisterError && err.code === 'conflict' && err.parameter !== 'file') return void reload(undefined, true);
      for (const b of buttons) b.disabled = false;
      button.removeAttribute('aria-busy');
      if (err instanceof RegisterError && err.parameter === 'note') {
        setError(note, noteError, t('cases.error.refused', { message: err.message }), noteHint.id);
        note.focus();
        return;
      }
      error.hidden = false;
      error.textContent = err instanceof RegisterError && (err.status === 400 || err.status === 409) ? t('cases.error.refused', { message: err.message }) : failureText(err);
    }
  };
  buttons.forEach((b, i) => b.addEventListener('click', () => void take(actions[i], b)));
  return h('section', { class: 'case-actions', 'aria-labelledby': 'case-actions-heading' },
    h('h3', { id: 'case-actions-heading' }, t('cases.actions.heading')),
    h('div', { class: 'field' }, h('label', { for: noteId }, t('cases.actions.note')), noteHint, note, noteError),
    outcome ? h('div', { class: 'field' }, h('label', { for: outcomeId }, t('cases.actions.outcome')), outcome, outcomeError) : null,
    h('div', { class: 'decision-buttons' }, buttons),
    error);
}

// ---- The thread ----

function entryText(e: HistoryEntry, lang: string): (Node | string)[] {
  const data = (e.data ?? {}) as Record<string, unknown>;
  switch (e.action) {
    case 'open': return [t('cases.thread.opened')];
    case 'message': return [];
    case 'attach': return [t('cases.thread.attached', { name: String(data.name ?? '') })];
    // The traveller's rating of a closed case (issue 19): its figure; the comment is shown with the rating.
    case 'rate': return [t('cases.thread.rated', { rating: Number(data.rating ?? 0) })];
    case 'breach': return [t(data.clock === 'response' ? 'cases.thread.breachResponse' : 'cases.thread.breachResolution',
      { who: word('party', String(data.escalatedTo ?? 'authority')) })];
    default: {
      const parts: (Node | string)[] = [actionName(e.action)];
      if (e.from && e.to && e.from !== e.to) parts.push(` (${stateName(e.from)} → ${stateName(e.to)})`);
      if (typeof data.outcome === 'string') parts.push(`. ${t('cases.page.outcome', { outcome: word('outcome', data.outcome) })}`);
      void lang;
      return parts;
    }
  }
}

function threadPart(c: CaseView, ctx: CasesContext, reload: (text?: string, conflict?: boolean, focus?: string) => Promise<void>): HTMLElement {
  const lang = ctx.lang;
  const files = new Map(c.attachments.map((a) => [a.digest, a]));
  const download = async (digest: string, name: string, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      const blob = await ctx.client.attachment(c.id, digest);
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      ctx.announce(failureText(e));
      button.after(h('p', { class: 'form-error', role: 'alert' }, failureText(e)));
    } finally {
      button.disabled = false;
    }
  };
  const fileButton = (digest: string, name: string) => {
    const b = h('button', { type: 'button', class: 'link download-file', 'data-digest': digest }, t('cases.thread.download', { name }));
    b.addEventListener('click', () => void download(digest, name, b));
    return b;
  };
  const items = c.history.map((e) => {
    const data = (e.data ?? {}) as Record<string, unknown>;
    const mine = e.actor.party === c.as;
    const who = !e.actor.id ? t('cases.thread.system') : `${e.actor.name || word('party', e.actor.party)} (${word('party', e.actor.party)})`;
    const file = e.action === 'attach' && typeof data.digest === 'string' ? files.get(data.digest) ?? { digest: data.digest, name: String(data.name ?? 'file'), mediaType: String(data.mediaType ?? ''), size: Number(data.size ?? 0) } : null;
    return h('li', { class: `thread-entry thread-${e.action === 'message' ? 'message' : 'event'}${mine ? ' mine' : ''}`, 'data-action': e.action },
      h('p', { class: 'thread-meta' }, h('span', { class: 'thread-author' }, who), ' · ', timeEl(e.at, lang)),
      e.action !== 'message' ? h('p', { class: 'thread-action' }, ...entryText(e, lang)) : null,
      e.text ? h('p', { class: 'thread-text' }, e.text) : null,
      file ? h('p', { class: 'thread-file' }, fileButton(file.digest, file.name), ' ', h('span', { class: 'case-meta' }, `${file.mediaType} · ${fileSize(file.size, lang)}`)) : null);
  });
  const section = h('section', { class: 'case-thread', 'aria-labelledby': 'case-thread-heading' },
    h('h3', { id: 'case-thread-heading' }, t('cases.thread.heading')),
    h('ol', { class: 'thread' }, items));
  if (c.stateClass === 'closed') {
    section.append(h('p', { class: 'hint' }, t('cases.thread.closed')));
    return section;
  }

  // Write a message.
  const messageId = uniqueId('message');
  const message = h('textarea', { id: messageId, name: 'message', rows: 3, maxlength: 8000 });
  const messageError = h('p', { class: 'field-error', id: `${messageId}-error`, hidden: true });
  const send = h('button', { type: 'submit', class: 'primary send-message' }, t('cases.thread.send'));
  const messageForm = h('form', { class: 'message-form', novalidate: true, 'aria-labelledby': `${messageId}-label` },
    h('div', { class: 'field' }, h('label', { for: messageId, id: `${messageId}-label` }, t('cases.thread.write')), message, messageError), send);
  const messageProblem = (text: string | null) => {
    messageError.hidden = !text;
    messageError.textContent = text ?? '';
    if (text) {
      message.setAttribute('aria-invalid', 'true');
      message.setAttribute('aria-describedby', messageError.id);
    } else {
      message.removeAttribute('aria-invalid');
      message.removeAttribute('aria-describedby');
    }
  };
  messageForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    messageProblem(null);
    if (!message.value.trim() || utf8Length(message.value.trim()) > MAX_TEXT_BYTES) {
      messageProblem(t(message.value.trim() ? 'cases.error.tooLong' : 'cases.thread.empty'));
      message.focus();
      return;
    }
    send.disabled = true;
    try {
      await ctx.client.message(c.id, message.value.trim());
      ctx.announce(t('cases.thread.sent'));
      await reload(t('cases.thread.sent'), false, 'textarea[name=message]');
    } catch (err) {
      send.disabled = false;
      messageProblem(err instanceof RegisterError && err.status === 400 ? t('cases.error.refused', { message: err.message }) : failureText(err));
      message.focus();
    }
  });

  // Attach a photo or a PDF.
  const fileId = uniqueId('attach');
  const fileInput = h('input', { type: 'file', id: fileId, name: 'file', accept: FILE_TYPES });
  const fileError = h('p', { class: 'field-error', id: `${fileId}-error`, role: 'alert', hidden: true });
  const upload = h('button', { type: 'submit', class: 'secondary attach-file' }, t('cases.files.attach'));
  const fileHint = h('p', { class: 'hint', id: `${fileId}-hint` }, t('cases.files.hint'));
  fileInput.setAttribute('aria-describedby', fileHint.id);
  const fileForm = h('form', { class: 'attach-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: fileId }, t('cases.files.label')), fileHint, fileInput, fileError), upload);
  const fileProblem = (text: string | null) => {
    fileError.hidden = !text;
    fileError.textContent = text ?? '';
    if (text) {
      fileInput.setAttribute('aria-invalid', 'true');
      fileInput.setAttribute('aria-describedby', `${fileHint.id} ${fileError.id}`);
    } else {
      fileInput.removeAttribute('aria-invalid');
      fileInput.setAttribute('aria-describedby', fileHint.id);
    }
  };
  fileForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    fileProblem(null);
    const file = fileInput.files?.[0];
    if (!file) {
      fileProblem(t('cases.files.none'));
      fileInput.focus();
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      fileProblem(t('cases.files.tooLarge', { size: fileSize(file.size, lang) }));
      fileInput.focus();
      return;
    }
    if (file.type && !FILE_TYPES.split(',').includes(file.type)) {
      fileProblem(t('cases.files.wrongType'));
      fileInput.focus();
      return;
    }
    upload.disabled = true;
    upload.setAttribute('aria-busy', 'true');
    try {
      const a = await ctx.client.attach(c.id, file.name, file);
      const text = t('cases.files.attached', { name: a.name });
      ctx.announce(text);
      await reload(text, false, 'input[type=file]');
    } catch (err) {
      upload.disabled = false;
      upload.removeAttribute('aria-busy');
      fileProblem(err instanceof RegisterError && (err.status === 400 || err.status === 409 || err.status === 413)
        ? t('cases.files.refused', { message: err.message }) : failureText(err));
      fileInput.focus();
    }
  });
  section.append(messageForm, fileForm);
  return section;
}

// ---- Stranded: the next journeys from here ----

function helpPart(c: CaseView, ctx: CasesContext): HTMLElement {
  const lang = ctx.lang;
  const natId = uniqueId('help-nationality');
  const daysId = uniqueId('help-days');
  const nationality = h('select', { id: natId, name: 'nationality' }, NATIONALITIES.map((n) => h('option', { value: n }, countryName(n, lang))));
  const days = h('input', { type: 'number', id: daysId, name: 'days', min: 1, max: 90, value: 7, inputmode: 'numeric' });
  const find = h('button', { type: 'submit', class: 'secondary find-help' }, t('cases.help.find'));
  const out = h('div', { class: 'help-answer', 'aria-live': 'polite' });
  const form = h('form', { class: 'help-form', novalidate: true },
    h('div', { class: 'help-fields' },
      h('div', { class: 'field' }, h('label', { for: natId }, t('cases.help.nationality')), nationality),
      h('div', { class: 'field' }, h('label', { for: daysId }, t('cases.help.days')), days)),
    find);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    find.disabled = true;
    out.setAttribute('aria-busy', 'true');
    out.replaceChildren(h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('cases.loading')));
    try {
      const n = Math.min(90, Math.max(1, Math.round(Number(days.value) || 7)));
      out.replaceChildren(...helpAnswer(await ctx.client.help(c.id, nationality.value, n), lang, n));
    } catch (err) {
      out.replaceChildren(errorBox(err));
    } finally {
      find.disabled = false;
      out.setAttribute('aria-busy', 'false');
    }
  });
  return h('section', { class: 'case-help', 'aria-labelledby': 'case-help-heading' },
    h('h3', { id: 'case-help-heading' }, t('cases.help.heading')),
    h('p', { class: 'hint' }, t('cases.help.hint')), form, out);
}

function journeyItem(j: Itinerary, lang: string): HTMLElement {
  const dep = formatLocalTime(j.startTime, lang);
  const arr = formatLocalTime(j.endTime, lang);
  const modes = [...new Set((j.legs ?? []).map((l) => modeGroup(l.mode ?? '')).filter((m) => m && m !== 'walk'))];
  const first = j.legs?.[0]?.from?.name;
  const last = j.legs?.[j.legs.length - 1]?.to?.name;
  // An estimated schedule is said as on the plan page: the traveller must not take it for a timetable.
  const estimated = (j.legs ?? []).some((l) => l.estimated);
  return h('li', { class: 'help-journey' },
    h('p', { class: 'journey-times' }, h('span', { class: 'clock' }, dep.time), ' ', h('span', { class: 'day' }, `${dep.date} ${dep.zone}`),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '), h('span', { class: 'clock' }, arr.time), ' ', h('span', { class: 'day' }, `${arr.date} ${arr.zone}`)),
    first && last ? h('p', {}, `${first} → ${last}`) : null,
    h('p', { class: 'journey-summary' }, h('span', { class: 'duration' }, formatDuration(j.duration, lang)), ' · ',
      t('plan.changes', { count: j.transfers ?? 0 }), modes.length ? ` · ${modes.map(modeLabel).join(', ')}` : '',
      estimated ? [' ', h('span', { class: 'badge estimated', title: t('plan.estimatedTitle') }, t('plan.estimated'))] : null));
}

// The entry check's answer for staying longer: its first traveller's first stay, or a verdict as is.
function stayVerdict(verdict: unknown): { verdict?: string; latestExit?: string; overBy?: number; reasons: string[]; reasonMessages?: RuleMessage[]; conditions: string[]; conditionMessages?: RuleMessage[] } {
  const v = verdict as Record<string, unknown> | null;
  const stay = ((v?.travellers as Record<string, unknown>[] | undefined)?.[0]?.stays as Record<string, unknown>[] | undefined)?.[0] ?? v ?? {};
  return {
    verdict: typeof stay.verdict === 'string' ? stay.verdict : undefined,
    latestExit: typeof stay.latest_exit === 'string' ? stay.latest_exit : typeof stay.latestExit === 'string' ? stay.latestExit : undefined,
    overBy: typeof stay.over_by_days === 'number' ? stay.over_by_days : undefined,
    reasons: Array.isArray(stay.reasons) ? (stay.reasons as unknown[]).map(String) : [],
    reasonMessages: Array.isArray(stay.reason_messages) ? (stay.reason_messages as RuleMessage[]) : undefined,
    conditions: Array.isArray(stay.conditions) ? (stay.conditions as unknown[]).map(String) : [],
    conditionMessages: Array.isArray(stay.condition_messages) ? (stay.condition_messages as RuleMessage[]) : undefined,
  };
}

// A sentence with an element where its \u0000 is.
function splitAround(text: string, el: HTMLElement): (string | HTMLElement)[] {
  const [before, after = ''] = text.split('\u0000');
  return [before, el, after];
}

function helpAnswer(a: HelpAnswer, lang: string, days: number): Node[] {
  const nodes: Node[] = [];
  const to = a.to ? placeLabel(a.to.name, lang) : null;
  nodes.push(h('p', { class: 'help-from' }, ...(to ? splitAround(t('cases.help.fromTo', { from: a.from.name, to: '\u0000' }), to) : [t('cases.help.from', { from: a.from.name })])));
  // The plan's itineraries, as /api/v1/plan gives them.
  const raw = a.journeys;
  const journeys = (Array.isArray(raw) ? raw : []) as Itinerary[];
  nodes.push(h('h4', {}, t('cases.help.journeys')));
  nodes.push(journeys.length ? h('ol', { class: 'help-journeys' }, journeys.slice(0, 5).map((j) => journeyItem(j, lang))) : h('p', {}, t('cases.help.noJourneys')));
  if (a.stay) {
    const s = stayVerdict(a.stay.verdict);
    nodes.push(h('h4', {}, t('cases.help.stay', { country: countryName(a.stay.country, lang), count: days })));
    const verdictWord = s.verdict ? t(`entry.verdict.${s.verdict}`) : t('cases.help.noVerdict');
    nodes.push(h('p', { class: `stay-verdict verdict-${s.verdict ?? 'unknown'}` }, verdictWord));
    if (s.latestExit) nodes.push(h('p', {}, t('cases.help.latestExit', { date: /^\d{4}-\d{2}-\d{2}$/.test(s.latestExit) ? formatMediumDay(s.latestExit, lang) : s.latestExit })));
    if (s.overBy) nodes.push(h('p', {}, t('cases.help.overBy', { count: s.overBy })));
    // The rules' sentences in the page's language (lib/rule-messages.ts), the English where a code is unknown.
    const sentences = [...ruleSentenceItems(s.reasonMessages, s.reasons, lang), ...ruleSentenceItems(s.conditionMessages, s.conditions, lang)];
    if (sentences.length) nodes.push(h('ul', { class: 'reasons' }, sentences));
  }
  if (a.notes?.length) nodes.push(h('ul', { class: 'help-notes' }, a.notes.map((n) => h('li', {}, n))));
  return nodes;
}
