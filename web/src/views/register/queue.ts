// The authority's queue (role authority: its country's operators; admin: any country's): the operators
// by status, applications first, from the public lookup's filters; each reviewed with its full record
// (contacts and version, GET /api/v1/operators/{id}) and decided with a reason and a confirmation. A
// decision names the version read: when someone else decided meanwhile the API answers 409 and the
// record is read again and shown with a message.
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { actionsFor, RegisterError, type Action, type OperatorRecord, type OperatorStatus, type PublicOperator } from '../../lib/register-api.js';
import { countryName, REGION_COUNTRIES } from '../travellers.js';
import { failureText, operatorName, recordList, validity, type RegisterContext } from './shared.js';
import { renderTourQueue } from './tours.js';

// The statuses in the queue's order: what waits for a decision first.
const QUEUE_ORDER: OperatorStatus[] = ['applied', 'approved', 'expired', 'suspended', 'revoked'];
const PAGE = 100;
// Reasons are asked for every step against an operator; approving and reinstating may go without one.
const REASON_REQUIRED = new Set<Action>(['reject', 'suspend', 'revoke']);

export async function renderQueue(root: HTMLElement, ctx: RegisterContext): Promise<void> {
  const admin = ctx.account.role === 'admin';
  let country = admin ? '' : ctx.account.country ?? '';
  let selected: number | null = null;
  const heading = h('h2', { id: 'queue-heading', tabindex: '-1' }, country ? t('register.queue.headingCountry', { country: countryName(country, ctx.lang) }) : t('register.queue.heading'));
  const lists = h('div', { class: 'queue-lists', 'aria-busy': 'true' });
  const panel = h('section', { class: 'review', id: 'review', 'aria-labelledby': 'review-heading', hidden: true, tabindex: '-1' });
  const picker = admin ? h('select', { id: 'queue-country' },
    h('option', { value: '' }, t('register.queue.allCountries')),
    REGION_COUNTRIES.map((c) => h('option', { value: c }, `${countryName(c, ctx.lang)} (${c})`))) : null;
  root.replaceChildren(h('section', { class: 'queue', 'aria-labelledby': 'queue-heading' },
    heading,
    picker ? h('div', { class: 'field queue-country' }, h('label', { for: 'queue-country' }, t('register.queue.country')), picker) : null,
    h('div', { class: 'queue-layout' }, lists, panel)));

  const loadLists = async () => {
    lists.setAttribute('aria-busy', 'true');
    try {
      const all = await Promise.all(QUEUE_ORDER.map((status) => ctx.client.lookup({ country, status, limit: PAGE })));
      lists.replaceChildren(...QUEUE_ORDER.map((status, i) => statusList(status, all[i])));
    } catch (e) {
      lists.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('p', {}, failureText(e)),
        h('button', { type: 'button', class: 'link', onclick: () => void loadLists() }, t('register.retry'))));
    } finally {
      lists.setAttribute('aria-busy', 'false');
    }
  };

  const statusList = (status: OperatorStatus, operators: PublicOperator[]): HTMLElement => {
    const id = `queue-${status}`;
    return h('section', { class: `queue-status queue-${status}`, 'aria-labelledby': id },
      h('h3', { id }, `${t(`register.status.${status}`)} (${operators.length})`),
      operators.length
        ? h('ul', { class: 'queue-list' }, operators.map((o) => h('li', { class: 'queue-item', 'data-operator-id': String(o.id), 'aria-current': o.id === selected ? 'true' : undefined },
          h('div', {},
            h('span', { class: 'queue-name' }, operatorName(o, ctx.lang)),
            h('span', { class: 'queue-meta' }, `${o.licenceNumber} · ${countryName(o.country, ctx.lang)} · ${validity(o, ctx.lang)}`)),
          h('button', { type: 'button', class: 'link review-button', 'aria-label': `${t('register.queue.review')}: ${operatorName(o, ctx.lang)}`, onclick: () => void open(o.id) },
            t('register.queue.review')))))
        : h('p', { class: 'queue-none' }, t('register.queue.none')),
      operators.length >= PAGE ? h('p', { class: 'hint' }, t('register.queue.more', { count: PAGE })) : null);
  };

  // The record read afresh, with its actions; `message` (a conflict) said above it.
  const open = async (id: number, message?: HTMLElement, focus = true) => {
    selected = id;
    for (const li of lists.querySelectorAll<HTMLElement>('.queue-item')) {
      if (li.dataset.operatorId === String(id)) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
    }
    panel.hidden = false;
    panel.setAttribute('aria-busy', 'true');
    panel.replaceChildren(h('h3', { id: 'review-heading' }, t('register.loading')));
    try {
      const record = await ctx.client.record(id);
      panel.replaceChildren(...review(record, message));
    } catch (e) {
      panel.replaceChildren(h('h3', { id: 'review-heading' }, t('register.queue.decide')), h('div', { class: 'error', role: 'alert' }, h('p', {}, failureText(e))));
    } finally {
      panel.setAttribute('aria-busy', 'false');
    }
    if (focus) panel.focus();
  };

  const close = () => {
    selected = null;
    panel.hidden = true;
    panel.replaceChildren();
    for (const li of lists.querySelectorAll('.queue-item')) li.removeAttribute('aria-current');
  };

  const review = (o: OperatorRecord, message?: HTMLElement): Node[] => {
    const name = operatorName(o, ctx.lang);
    const actions = actionsFor(o.status);
    const nodes: Node[] = [
      h('div', { class: 'review-head' },
        h('h3', { id: 'review-heading' }, t('register.queue.recordOf', { name })),
        h('button', { type: 'button', class: 'link close-review', onclick: close }, t('register.queue.close'))),
    ];
    if (message) nodes.push(message);
    nodes.push(recordList(o, ctx.lang));
    if (!actions.length) return nodes;
    const reasonId = `reason-${o.id}`;
    const reason = h('textarea', { id: reasonId, name: 'reason', rows: 3, maxlength: 2000, 'aria-describedby': `${reasonId}-error` });
    const reasonError = h('p', { class: 'field-error', id: `${reasonId}-error`, hidden: true });
    const confirmBox = h('div', { class: 'confirm', hidden: true });
    const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const buttons = actions.map((action) => h('button', { type: 'button', class: `action action-${action}`, 'data-action': action, onclick: () => ask(action) }, t(`register.action.${action}`)));
    const ask = (action: Action) => {
      reasonError.hidden = true;
      reason.removeAttribute('aria-invalid');
      error.hidden = true;
      if (REASON_REQUIRED.has(action) && !reason.value.trim()) {
        reasonError.hidden = false;
        reasonError.textContent = t('register.queue.reasonRequired');
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      const verb = t(`register.actionVerb.${action}`);
      const yes = h('button', { type: 'button', class: `primary confirm-yes action-${action}` }, t('register.queue.confirmButton', { action: verb }));
      const no = h('button', { type: 'button', class: 'link confirm-no' }, t('register.queue.cancel'));
      confirmBox.replaceChildren(h('p', { id: `confirm-${o.id}` }, t('register.queue.confirm', { action: verb, name })), h('div', { class: 'confirm-buttons' }, yes, no));
      confirmBox.setAttribute('role', 'group');
      confirmBox.setAttribute('aria-labelledby', `confirm-${o.id}`);
      confirmBox.hidden = false;
      for (const b of buttons) b.disabled = true;
      no.addEventListener('click', () => {
        confirmBox.hidden = true;
        for (const b of buttons) b.disabled = false;
        buttons[actions.indexOf(action)].focus();
      });
      yes.addEventListener('click', () => void decide(action, yes, no));
      yes.focus();
    };
    const decide = async (action: Action, yes: HTMLButtonElement, no: HTMLButtonElement) => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const after = await ctx.client.decide(o.id, action, o.version, reason.value.trim());
        ctx.announce(t('register.queue.decided', { name, status: t(`register.status.${after.status}`) }));
        await loadLists();
        await open(o.id, h('p', { class: 'note decided' }, t('register.queue.decided', { name, status: t(`register.status.${after.status}`) })));
      } catch (e) {
        if (e instanceof RegisterError && e.code === 'conflict') {
          // Someone decided meanwhile: the record as it is now, the lists too (its status may differ).
          await loadLists();
          await open(o.id, h('div', { class: 'error conflict', role: 'alert' }, h('p', {}, t('register.queue.conflict'))));
          return;
        }
        confirmBox.hidden = true;
        for (const b of buttons) b.disabled = false;
        error.hidden = false;
        error.textContent = e instanceof RegisterError && e.code === 'forbidden' ? t('register.queue.forbidden')
          : e instanceof RegisterError && e.parameter === 'status' ? t('register.queue.notAllowed')
            : e instanceof RegisterError && e.parameter === 'reason' ? t('register.error.other', { message: e.message })
              : failureText(e);
      }
    };
    nodes.push(h('div', { class: 'decision', role: 'group', 'aria-labelledby': `decision-${o.id}` },
      h('h4', { id: `decision-${o.id}` }, t('register.queue.decide')),
      h('div', { class: 'field' }, h('label', { for: reasonId }, t('register.queue.reason')), reason, reasonError),
      h('div', { class: 'decision-buttons' }, buttons),
      confirmBox, error));
    return nodes;
  };

  picker?.addEventListener('change', () => {
    country = picker.value;
    heading.textContent = country ? t('register.queue.headingCountry', { country: countryName(country, ctx.lang) }) : t('register.queue.heading');
    close();
    void loadLists();
  });
  await loadLists();
  // The group tours waiting for its decision, below the operators.
  const tours = h('div', { class: 'tour-queue-part' });
  root.append(tours);
  await renderTourQueue(tours, ctx);
}
