// Group tours in the register (docs/register.md, api/openapi.yaml /api/v1/tours and /api/v1/manifests).
// The portal's Tours section (operator staff): its operator's tours, a draft's programme form, and a
// tour's page with the manifest (added by form, from a passport's MRZ or a CSV file, all or nothing with
// every row's error), the downloads, the check against the entry rules, the submission and the
// withdrawal. The authority's part of the queue: the submitted tours staying in its country, each
// reviewed with its programme, manifest and check, approved or rejected for its country with a reason
// and a confirmation. Every change names the tour's version as read: a 409 reads the tour again.
import { h, uniqueId } from '../../dom.js';
import { LANGUAGE_NAMES, t } from '../../i18n/index.js';
import { formatMediumDay, formatNumber, offsetLabel } from '../../lib/format.js';
import { ruleMessageText } from '../../lib/rule-messages.js';
import { LANGUAGES } from '../../lib/url-state.js';
import { RegisterError, type Member, type NewMember, type Tour, type TourCheck, type TourLeg, type TourProblem, type TourProgramme, type TourStatus, type TourStay } from '../../lib/register-api.js';
import { blankStay, continueStays, tourLegsOfJourney, tourStaysOfJourney } from '../../lib/tour-journey.js';
import { journeyPlanner, legView, localMoment, type ChosenJourney } from './tour-planner.js';
import { countryName, NATIONALITIES, REGION_COUNTRIES } from '../travellers.js';
import { failureText, field, operatorName, statusBadge, type Field, type RegisterContext } from './shared.js';
import type { OperatorRecord, PublicOperator } from '../../lib/register-api.js';

// The tour open in the portal and whose it is, kept over a redraw (a change of language draws the
// register again); another account signed in starts from the list.
let openTour: number | null = null;
let openFor: number | null = null;

export function tourStatusBadge(status: TourStatus): HTMLElement {
  return h('span', { class: `status-badge tour-status-${status}` }, t(`register.tours.status.${status}`));
}

const day = (d: string, lang: string) => (d ? formatMediumDay(d.slice(0, 10), lang) : '');
// A stay's entry or exit: the day, and the local time (with its offset) when one is given.
const moment = localMoment;
const dates = (tour: Tour, lang: string) => `${day(tour.firstDay, lang)} – ${day(tour.lastDay, lang)}`;

function errorBox(e: unknown, retry?: () => void): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, h('p', {}, failureText(e)),
    retry ? h('button', { type: 'button', class: 'link', onclick: retry }, t('register.retry')) : null);
}

// A text as a file the browser saves (the API's CSV needs the session's token, so no plain link).
function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// --- What the portal and the queue both show ---

function row(label: string, ...value: (Node | string | null)[]): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

export function programmeList(tour: Tour, lang: string): HTMLElement {
  const stays = h('ol', { class: 'tour-stays' }, tour.stays.map((s) => h('li', {},
    h('strong', {}, countryName(s.country, lang)), ` · ${moment(s.entry, lang)} – ${moment(s.exit, lang)}`,
    s.entryPort ? ` · ${t('register.tours.entryPortShort')}: ${s.entryPort}` : '',
    s.onwardTicket ? ` · ${t('register.tours.onwardTicketShort')}` : '')));
  const legs = tour.legs.length ? h('ol', { class: 'tour-legs' }, tour.legs.map((l) => h('li', { class: 'tour-leg' }, ...legView(l, lang)))) : null;
  const decisions = tour.decidingCountries.map((c) => {
    const d = tour.decisions.find((x) => x.country === c);
    return h('li', {}, `${countryName(c, lang)}: `, d ? t(`register.tours.decision.${d.decision}`, { date: day(d.at, lang) }) : t('register.tours.decision.waiting'),
      d?.reason ? ` (${d.reason})` : '');
  });
  return h('dl', { class: 'record tour-programme' },
    row(t('register.tours.field.dates'), dates(tour, lang)),
    row(t('register.tours.field.stays'), stays),
    legs ? row(t('register.tours.field.legs'), legs) : [],
    row(t('register.tours.field.groupSize'), t('register.tours.sizeRange', { min: tour.minSize, max: tour.maxSize })),
    tour.languages.length ? row(t('register.tours.field.languages'), tour.languages.map((l) => (l in LANGUAGE_NAMES ? LANGUAGE_NAMES[l as keyof typeof LANGUAGE_NAMES] : l)).join(', ')) : [],
    row(t('register.tours.field.decisions'), h('ul', { class: 'tour-decisions' }, decisions)),
    row(t('register.field.version'), String(tour.version)));
}

// The manifest as a table; `remove` (drafts) adds a button per traveller.
export function manifestTable(members: Member[], lang: string, remove?: (m: Member, button: HTMLButtonElement) => void): HTMLElement {
  if (!members.length) return h('p', { class: 'manifest-empty' }, t('register.tours.manifest.empty'));
  const th = (key: string) => h('th', { scope: 'col' }, t(`register.tours.member.${key}`));
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('register.tours.manifest.heading') },
    h('table', { class: 'manifest' },
      h('thead', {}, h('tr', {}, th('name'), th('nationality'), th('passportNumber'), th('passportExpiry'), th('birthDate'), th('sex'),
        remove ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('register.tours.manifest.actions'))) : null)),
      h('tbody', {}, members.map((m) => h('tr', { 'data-ref': m.ref },
        h('th', { scope: 'row' }, m.latinName, m.nativeName ? h('span', { class: 'native-name' }, ` ${m.nativeName}`) : null),
        h('td', {}, countryName(m.nationality, lang)),
        h('td', { class: 'passport' }, m.passportNumber),
        h('td', {}, day(m.passportExpiry, lang)),
        h('td', {}, day(m.birthDate, lang)),
        h('td', {}, t(`register.tours.sex.${m.sex}`, { defaultValue: m.sex })),
        remove ? h('td', {}, (() => {
          const b = h('button', { type: 'button', class: 'link remove-member', 'aria-label': t('register.tours.manifest.removeWho', { name: m.latinName }) }, t('register.tours.manifest.remove'));
          b.addEventListener('click', () => remove(m, b));
          return b;
        })()) : null)))));
}

function problemItem(p: TourProblem, tour: Tour, lang: string): HTMLElement {
  const where = p.country ? t('register.tours.check.where', { country: countryName(p.country, lang) }) : '';
  const gap = lang.startsWith('zh') ? '' : ' ';
  const sources = (p.sources ?? []).filter((u) => /^https?:\/\//i.test(u));
  return h('li', { class: 'tour-problem', 'data-code': p.message.code },
    where, ruleMessageText(p.message, lang, t),
    p.rule ? h('span', { class: 'problem-rule' }, ' · ', t('register.tours.check.rule'), ' ', h('code', {}, p.rule)) : null,
    sources.length ? h('span', { class: 'problem-sources' }, ' · ', t('register.tours.check.sources'), gap,
      sources.map((u, i) => [i ? ', ' : '', h('a', { href: u, rel: 'noopener noreferrer', target: '_blank' }, new URL(u).hostname)]).flat()) : null,
    tour.stays.length > 1 && p.stay !== undefined ? h('span', { class: 'visually-hidden' }, ` (${t('register.tours.check.stayNo', { n: p.stay + 1 })})`) : null);
}

// A check's problems grouped: the group's own first, then each traveller's under their name.
export function checkResult(check: TourCheck, tour: Tour, lang: string, headingLevel: 'h4' | 'h5' = 'h4'): HTMLElement {
  if (check.ok) return h('p', { class: 'note check-ok' }, t('register.tours.check.ok'));
  const groups = new Map<string, { name: string; problems: TourProblem[] }>();
  for (const p of check.problems) {
    const key = p.member ?? '';
    if (!groups.has(key)) groups.set(key, { name: p.member ? p.memberName ?? p.member : t('register.tours.check.group'), problems: [] });
    groups.get(key)!.problems.push(p);
  }
  const sub = headingLevel === 'h4' ? 'h5' : 'h6';
  return h('div', { class: 'check-problems' },
    h(headingLevel, {}, t('register.tours.check.problems', { count: check.problems.length })),
    [...groups.entries()].map(([key, g]) => h('section', { class: 'problem-group', 'data-member': key || 'group' },
      h(sub, {}, g.name),
      h('ul', {}, g.problems.map((p) => problemItem(p, tour, lang))))));
}

// --- The portal's Tours section ---

export async function renderToursSection(root: HTMLElement, ctx: RegisterContext, operator: OperatorRecord): Promise<void> {
  root.classList.add('tours');
  root.setAttribute('aria-labelledby', 'tours-heading');
  const body = h('div', { class: 'tours-body' });
  root.replaceChildren(h('h3', { id: 'tours-heading', tabindex: '-1' }, t('register.tours.heading')), body);

  const list = async (note?: string) => {
    openTour = null;
    body.replaceChildren(h('p', { class: 'loading' }, t('register.loading')));
    let tours: Tour[];
    try {
      tours = await ctx.client.tours();
    } catch (e) {
      body.replaceChildren(errorBox(e, () => void list()));
      return;
    }
    const create = h('button', { type: 'button', class: 'primary new-tour', onclick: () => edit(null) }, t('register.tours.new'));
    body.replaceChildren(
      note ? h('p', { class: 'note', role: 'status' }, note) : '',
      operator.status !== 'approved' ? h('p', { class: 'hint' }, t('register.tours.notApprovedYet')) : '',
      tours.length ? h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'tours-heading' }, h('table', { class: 'tour-list' },
        h('thead', {}, h('tr', {}, ['title', 'dates', 'status'].map((k) => h('th', { scope: 'col' }, t(`register.tours.list.${k}`))))),
        h('tbody', {}, tours.map((tour) => h('tr', { 'data-tour-id': String(tour.id) },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link open-tour', onclick: () => void page(tour.id, undefined, true) }, tour.title)),
          h('td', {}, dates(tour, ctx.lang)),
          h('td', {}, tourStatusBadge(tour.status)))))))
        : h('p', { class: 'queue-none' }, t('register.tours.none')),
      create);
  };

  const focusHeading = (id: string) => (document.getElementById(id) as HTMLElement | null)?.focus();

  // The programme's form: a new draft (`tour` null) or a draft's edit.
  const edit = (tour: Tour | null) => {
    body.replaceChildren(tourForm(ctx, tour, {
      saved: (saved) => void page(saved.id, tour ? t('register.tours.saved') : t('register.tours.created'), true),
      cancel: () => (tour ? void page(tour.id, undefined, true) : void list()),
    }));
    focusHeading('tour-form-heading');
  };

  // A tour's page: programme, actions, manifest; `note` said at the top.
  const page = async (id: number, note?: string | HTMLElement, focus = false, result?: HTMLElement) => {
    openTour = id;
    openFor = ctx.account.id;
    body.setAttribute('aria-busy', 'true');
    let tour: Tour;
    let members: Member[];
    try {
      [tour, members] = await Promise.all([ctx.client.tour(id), ctx.client.manifest(id).then((m) => m.members)]);
    } catch (e) {
      body.replaceChildren(errorBox(e, () => void page(id)), h('button', { type: 'button', class: 'link', onclick: () => void list() }, t('register.tours.back')));
      body.setAttribute('aria-busy', 'false');
      return;
    }
    const draft = tour.status === 'draft';
    const results = h('div', { class: 'tour-results', id: 'tour-results', tabindex: '-1' }, result ?? null);
    const showResult = (node: HTMLElement) => {
      body.querySelector('.tour-page > .note')?.remove(); // the last step's note no longer holds
      results.replaceChildren(node);
      results.focus();
    };
    const busy = (b: HTMLButtonElement, on: boolean) => {
      b.disabled = on;
      b.setAttribute('aria-busy', String(on));
    };
    const checkButton = h('button', { type: 'button', class: 'check-tour' }, t('register.tours.check.button'));
    checkButton.addEventListener('click', async () => {
      busy(checkButton, true);
      try {
        const check = await ctx.client.checkTour(id);
        showResult(h('section', { class: 'check-result', 'aria-labelledby': 'check-result-heading' },
          h('h4', { id: 'check-result-heading' }, t('register.tours.check.heading')), checkResult(check, tour, ctx.lang, 'h5')));
        ctx.announce(check.ok ? t('register.tours.check.ok') : t('register.tours.check.problems', { count: check.problems.length }));
      } catch (e) {
        showResult(errorBox(e));
      } finally {
        busy(checkButton, false);
      }
    });
    const submitButton = h('button', { type: 'button', class: 'primary submit-tour' }, t('register.tours.submit'));
    submitButton.addEventListener('click', async () => {
      busy(submitButton, true);
      try {
        const s = await ctx.client.submitTour(id, tour.version);
        if (s.submitted) {
          ctx.announce(t('register.tours.submitted'));
          await page(id, t('register.tours.submitted'), false);
          focusHeading('tour-heading');
          return;
        }
        showResult(h('section', { class: 'submit-result', 'aria-labelledby': 'submit-result-heading' },
          h('h4', { id: 'submit-result-heading' }, t('register.tours.notSubmitted')), checkResult(s.check, tour, ctx.lang, 'h5')));
      } catch (e) {
        if (e instanceof RegisterError && e.code === 'conflict') return void page(id, conflictNote(), true);
        showResult(errorBox(e));
      } finally {
        busy(submitButton, false);
      }
    });
    // Withdrawing takes the tour back to a draft (an approval is lost): asked again first.
    // A rejected tour goes back to a draft the same way, to be changed and submitted again.
    const withdrawButton = h('button', { type: 'button', class: 'withdraw-tour' }, t(tour.status === 'rejected' ? 'register.tours.reopen' : 'register.tours.withdraw'));
    const withdrawConfirm = h('div', { class: 'confirm', hidden: true, role: 'group', 'aria-labelledby': 'withdraw-confirm-text' });
    withdrawButton.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: 'primary confirm-yes' }, t('register.tours.withdrawYes'));
      const no = h('button', { type: 'button', class: 'link confirm-no' }, t('register.queue.cancel'));
      withdrawConfirm.replaceChildren(h('p', { id: 'withdraw-confirm-text' }, t('register.tours.withdrawConfirm', { title: tour.title })), h('div', { class: 'confirm-buttons' }, yes, no));
      withdrawConfirm.hidden = false;
      withdrawButton.disabled = true;
      no.addEventListener('click', () => {
        withdrawConfirm.hidden = true;
        withdrawButton.disabled = false;
        withdrawButton.focus();
      });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        no.disabled = true;
        try {
          await ctx.client.withdrawTour(id, tour.version);
          await page(id, t('register.tours.withdrawn'), true);
        } catch (e) {
          if (e instanceof RegisterError && e.code === 'conflict') return void page(id, conflictNote(), true);
          withdrawConfirm.hidden = true;
          withdrawButton.disabled = false;
          showResult(errorBox(e));
        }
      });
      yes.focus();
    });
    const download = (format: 'csv' | 'border') => {
      const b = h('button', { type: 'button', class: `link download-${format}` }, t(`register.tours.download.${format}`));
      b.addEventListener('click', async () => {
        busy(b, true);
        try {
          saveFile(`tour-${id}-${format === 'csv' ? 'manifest' : 'border'}.csv`, await ctx.client.manifestFile(id, format));
        } catch (e) {
          showResult(errorBox(e));
        } finally {
          busy(b, false);
        }
      });
      return b;
    };
    const removeMember = async (m: Member, b: HTMLButtonElement) => {
      busy(b, true);
      try {
        await ctx.client.removeMember(id, m.ref);
        ctx.announce(t('register.tours.manifest.removed', { name: m.latinName }));
        await page(id, t('register.tours.manifest.removed', { name: m.latinName }));
        (body.querySelector<HTMLElement>('#manifest-heading'))?.focus();
      } catch (e) {
        showResult(errorBox(e));
        busy(b, false);
      }
    };
    const changed = (text: string, heading = 'manifest-heading') => page(id, text).then(() => focusHeading(heading));

    body.replaceChildren(
      h('button', { type: 'button', class: 'link back-to-tours', onclick: () => void list().then(() => focusHeading('tours-heading')) }, `← ${t('register.tours.back')}`),
      h('article', { class: 'tour-page', 'aria-labelledby': 'tour-heading', 'data-tour-id': String(id) },
        h('h4', { id: 'tour-heading', tabindex: '-1' }, tour.title, ' ', tourStatusBadge(tour.status)),
        typeof note === 'string' ? h('p', { class: 'note', role: 'status' }, note) : note ?? null,
        h('p', { class: `status-note tour-status-note-${tour.status}` }, t(`register.tours.statusNote.${tour.status}`)),
        programmeList(tour, ctx.lang),
        h('div', { class: 'tour-actions' },
          draft ? h('button', { type: 'button', class: 'edit-tour', onclick: () => edit(tour) }, t('register.tours.edit')) : null,
          draft ? checkButton : null,
          draft ? submitButton : null,
          tour.status !== 'draft' ? withdrawButton : null),
        withdrawConfirm,
        results,
        feedbackPart(tour, ctx.lang),
        h('section', { class: 'manifest-part', 'aria-labelledby': 'manifest-heading' },
          h('h4', { id: 'manifest-heading', tabindex: '-1' }, t('register.tours.manifest.headingCount', { count: members.length })),
          manifestTable(members, ctx.lang, draft ? (m, b) => void removeMember(m, b) : undefined),
          h('p', { class: 'downloads' }, download('csv'), ' · ', download('border')),
          draft ? h('div', { class: 'manifest-forms' },
            memberForm(ctx, id, (m) => void changed(t('register.tours.manifest.added', { name: m.latinName }))),
            mrzForm(ctx, id, (m) => void changed(t('register.tours.manifest.added', { name: m.latinName }))),
            importForm(ctx, id, (n) => void changed(t('register.tours.import.added', { count: n })))) : h('p', { class: 'hint' }, t('register.tours.manifest.locked')))));
    // The last step's note no longer holds once another form is sent.
    body.querySelector('.tour-page')?.addEventListener('submit', () => body.querySelector('.tour-page > .note')?.remove(), true);
    body.setAttribute('aria-busy', 'false');
    if (focus) focusHeading('tour-heading');
  };

  if (openTour !== null && openFor === ctx.account.id) await page(openTour);
  else await list();
}

// An approved tour's feedback (issue 19), to its operator: the code the travellers rate it with and the
// public page's link to hand out with the tour's papers, the ratings' count and mean, and their comments
// (which only the operator reads; the statistics publish counts and means only). Nothing before approval.
function feedbackPart(tour: Tour, lang: string): HTMLElement | null {
  if (!tour.feedbackCode && !tour.ratings) return null;
  const part = h('section', { class: 'tour-feedback', 'aria-labelledby': 'tour-feedback-heading' },
    h('h4', { id: 'tour-feedback-heading' }, t('ratings.operator.heading')));
  if (tour.feedbackCode) {
    const link = `${location.origin}/rate?${new URLSearchParams({ tour: String(tour.id), code: tour.feedbackCode })}`;
    part.append(h('dl', { class: 'record' },
      h('dt', {}, t('ratings.code')), h('dd', {}, h('code', { class: 'feedback-code' }, tour.feedbackCode)),
      h('dt', {}, t('ratings.operator.link')), h('dd', {}, h('a', { href: link, class: 'feedback-link' }, link))),
    h('p', { class: 'hint' }, t('ratings.operator.hint')));
  }
  const r = tour.ratings;
  if (r) {
    part.append(h('p', { class: 'tour-ratings-summary' }, r.count
      ? t('ratings.operator.summary', { count: formatNumber(r.count, lang), mean: r.mean === null ? '–' : formatNumber(Math.round(r.mean * 10) / 10, lang) })
      : t('ratings.operator.none')));
    const withComment = r.ratings.filter((x) => x.comment);
    if (withComment.length) {
      part.append(h('ul', { class: 'tour-ratings' }, withComment.map((x) => h('li', {},
        h('span', { class: 'rating-glyphs', 'aria-hidden': 'true' }, '★'.repeat(x.rating) + '☆'.repeat(5 - x.rating)), ' ',
        h('span', { class: 'visually-hidden' }, t('ratings.yours', { rating: x.rating })), ' ',
        h('q', {}, x.comment), ' ', h('span', { class: 'hint' }, day(x.at.slice(0, 10), lang))))));
    }
  }
  return part;
}

const conflictNote = () => h('div', { class: 'error conflict', role: 'alert' }, h('p', {}, t('register.tours.conflict')));

// A field error of the tour's API in words: known fields their sentence, else the API's message.
function apiFieldText(e: RegisterError, known: string[]): string {
  const base = (e.parameter ?? '').replace(/^stays\[\d+\]\./, '');
  return known.includes(base) && e.code !== 'conflict' ? t(`register.tours.error.${base}`) : t('register.error.other', { message: e.message });
}

interface FormDone {
  saved(tour: Tour): void;
  cancel(): void;
}

function tourForm(ctx: RegisterContext, tour: Tour | null, done: FormDone): HTMLElement {
  const title = field('title', t('register.tours.field.title'), h('input', { type: 'text', required: true, maxlength: 300, value: tour?.title ?? '' }));
  const minSize = field('minSize', t('register.tours.field.minSize'), h('input', { type: 'number', min: 1, max: 1000, inputmode: 'numeric', value: String(tour?.minSize ?? 1) }));
  const maxSize = field('maxSize', t('register.tours.field.maxSize'), h('input', { type: 'number', min: 1, max: 1000, inputmode: 'numeric', value: String(tour?.maxSize ?? 25) }));
  const langBoxes = LANGUAGES.map((l) => h('input', { type: 'checkbox', name: 'languages', value: l, checked: !!tour?.languages.includes(l) }));
  const langError = h('p', { class: 'field-error', id: uniqueId('tour-languages-error'), hidden: true });
  const languages = h('fieldset', { class: 'modes tour-languages', 'data-field': 'languages' }, h('legend', {}, t('register.tours.field.languages')),
    langBoxes.map((b, i) => h('label', { class: 'mode-choice', lang: LANGUAGES[i] }, b, ' ', LANGUAGE_NAMES[LANGUAGES[i]])), langError);
  const groupField = (set: HTMLElement, error: HTMLElement, inputs: HTMLInputElement[]): Field => ({
    element: set, input: inputs[0],
    setError(text) {
      error.hidden = !text;
      error.textContent = text ?? '';
      for (const i of inputs) {
        if (text) i.setAttribute('aria-describedby', error.id);
        else i.removeAttribute('aria-describedby');
      }
    },
  });
  const languagesField = groupField(languages, langError, langBoxes);

  // A stay's entry and exit: the date, the time, and the UTC offset a planned journey gave (kept while the
  // time is; the form has no field for it).
  interface StayFields { element: HTMLElement; country: Field; entryDate: Field; entryTime: Field; exitDate: Field; exitTime: Field; entryPort: Field; onward: HTMLInputElement; regions: string[]; entryOffset: string; exitOffset: string }
  const parts = (v: string | undefined) => {
    const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2})?)?$/.exec(v ?? '');
    return m ? { date: m[1], time: m[2] ?? '', offset: m[3] ?? '' } : { date: v?.slice(0, 10) ?? '', time: '', offset: '' };
  };
  const offsetHint = (offset: string) => (offset ? t('register.tours.plan.offset', { offset: offsetLabel(offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))) }) : undefined);
  const stays: StayFields[] = [];
  const staysList = h('div', { class: 'stays-list' });
  const staysError = h('p', { class: 'field-error', id: uniqueId('tour-stays-error'), hidden: true, role: 'alert' });
  const addStay = (s?: Tour['stays'][number]) => {
    const country = field('country', t('register.tours.field.country'),
      h('select', {}, REGION_COUNTRIES.map((c) => h('option', { value: c, selected: c === (s?.country ?? 'KG') }, countryName(c, ctx.lang)))));
    const entry = parts(s?.entry);
    const exit = parts(s?.exit);
    const entryDate = field('entryDate', t('register.tours.field.entry'), h('input', { type: 'date', required: true, value: entry.date }));
    const entryTime = field('entryTime', t('register.tours.field.entryTime'), h('input', { type: 'time', value: entry.time }), offsetHint(entry.offset));
    const exitDate = field('exitDate', t('register.tours.field.exit'), h('input', { type: 'date', required: true, value: exit.date }));
    const exitTime = field('exitTime', t('register.tours.field.exitTime'), h('input', { type: 'time', value: exit.time }), offsetHint(exit.offset));
    const entryPort = field('entryPort', t('register.tours.field.entryPort'), h('input', { type: 'text', maxlength: 64, value: s?.entryPort ?? '' }), t('register.tours.field.entryPortHint'));
    const onward = h('input', { type: 'checkbox', name: 'onwardTicket', checked: !!s?.onwardTicket });
    const legend = h('legend', {});
    const remove = h('button', { type: 'button', class: 'link remove-stay' });
    const element = h('fieldset', { class: 'tour-stay' }, legend,
      country.element,
      h('div', { class: 'stay-times' }, entryDate.element, entryTime.element, exitDate.element, exitTime.element),
      entryPort.element,
      h('label', { class: 'mode-choice onward' }, onward, ' ', t('register.tours.field.onwardTicket')),
      remove);
    const stay: StayFields = { element, country, entryDate, entryTime, exitDate, exitTime, entryPort, onward, regions: s?.regions ?? [], entryOffset: entry.offset, exitOffset: exit.offset };
    // Another country is another clock: the journey's offsets no longer hold (the times are then local
    // as typed, without an offset).
    country.input.addEventListener('change', () => {
      stay.entryOffset = stay.exitOffset = '';
      for (const hint of [entryTime, exitTime].map((f) => f.element.querySelector<HTMLElement>('.hint'))) {
        if (!hint) continue;
        hint.textContent = '';
        hint.hidden = true;
      }
    });
    remove.addEventListener('click', () => {
      stays.splice(stays.indexOf(stay), 1);
      element.remove();
      number();
      stays[0]?.country.input.focus();
    });
    stays.push(stay);
    staysList.append(element);
    number();
    return stay;
  };
  // Legends and the API's names follow the order: stays[0] is "Stay 1".
  const number = () => stays.forEach((s, i) => {
    s.element.querySelector('legend')!.textContent = t('register.tours.stayN', { n: i + 1 });
    s.element.dataset.field = `stays[${i}]`;
    for (const [f, name] of [[s.country, 'country'], [s.entryDate, 'entry'], [s.exitDate, 'exit'], [s.entryPort, 'entryPort']] as const) f.element.dataset.field = `stays[${i}].${name}`;
    const remove = s.element.querySelector<HTMLButtonElement>('.remove-stay')!;
    remove.hidden = stays.length < 2;
    remove.textContent = t('register.tours.removeStay', { n: i + 1 });
  });
  for (const s of tour?.stays ?? [undefined]) addStay(s);
  const addStayButton = h('button', { type: 'button', class: 'link add-stay' }, t('register.tours.addStay'));
  addStayButton.addEventListener('click', () => addStay().country.input.focus());
  const staysSet = h('fieldset', { class: 'tour-stays-set', 'data-field': 'stays', 'aria-describedby': staysError.id },
    h('legend', {}, t('register.tours.field.stays')), staysList, addStayButton, staysError);
  // The stays as the form has them now, and the stays replaced (a planned journey's).
  const readStays = (): TourStay[] => stays.map((s) => ({ country: s.country.input.value, entry: when(s.entryDate, s.entryTime, s.entryOffset),
    exit: when(s.exitDate, s.exitTime, s.exitOffset), entryPort: s.entryPort.input.value.trim(), onwardTicket: s.onward.checked, regions: s.regions }));
  const setStays = (list: TourStay[]) => {
    stays.splice(0);
    staysList.replaceChildren();
    for (const s of list.length ? list : [undefined]) addStay(s);
  };

  // The legs: the tour's, and those of the journeys planned here, each removable.
  const legs: TourLeg[] = [...(tour?.legs ?? [])];
  const legsList = h('ol', { class: 'tour-legs-edit' });
  const legsNone = h('p', { class: 'hint legs-none' }, t('register.tours.plan.noLegs'));
  const legsError = h('p', { class: 'field-error', id: uniqueId('tour-legs-error'), hidden: true, role: 'alert' });
  // What the last journey did, said and focused (tabindex -1) so keyboard and screen reader users land there.
  const legsNote = h('div', { class: 'legs-note', tabindex: '-1', hidden: true });
  const legsHeadingId = uniqueId('tour-legs-heading');
  const drawLegs = () => {
    legsNone.hidden = legs.length > 0;
    legsList.hidden = !legs.length;
    legsList.replaceChildren(...legs.map((l, i) => {
      const remove = h('button', { type: 'button', class: 'link remove-leg', 'aria-label': t('register.tours.plan.removeLegNamed', { n: i + 1, from: l.from, to: l.to }) }, t('register.tours.plan.removeLeg'));
      remove.addEventListener('click', () => {
        legs.splice(i, 1);
        drawLegs();
        legsNote.hidden = false;
        legsNote.replaceChildren(h('p', { role: 'status' }, t('register.tours.plan.legRemoved', { n: i + 1 })));
        const next = legsList.querySelectorAll<HTMLButtonElement>('.remove-leg')[Math.min(i, legs.length - 1)];
        (next ?? legsNote).focus();
      });
      return h('li', { class: 'tour-leg', 'data-leg': String(i) }, ...legView(l, ctx.lang), remove);
    }));
  };
  drawLegs();
  const planned = ({ it, stops }: ChosenJourney) => {
    const added = tourLegsOfJourney(it);
    legs.push(...added);
    drawLegs();
    const journeyStays = tourStaysOfJourney(it, stops.get(it.legs[0]?.from.stopId ?? '')?.country ?? undefined);
    const first = added[0];
    const last = added[added.length - 1];
    const said = t('register.tours.plan.legsAdded', { count: added.length, from: first?.from ?? '', to: last?.to ?? '' });
    const fill = () => {
      setStays(continueStays(readStays(), journeyStays));
      return t('register.tours.plan.staysFilled', { countries: journeyStays.map((s) => countryName(s.country, ctx.lang)).join(ctx.lang.startsWith('zh') ? '、' : ', ') });
    };
    const gap = ctx.lang.startsWith('zh') ? '' : ' ';
    legsNote.hidden = false;
    if (!journeyStays.length) {
      legsNote.replaceChildren(h('p', { role: 'status' }, said));
    } else if (readStays().every(blankStay)) {
      legsNote.replaceChildren(h('p', { role: 'status' }, `${said}${gap}${fill()}`));
    } else {
      // The tour has stays: the journey's countries replace or continue them only when asked.
      const use = h('button', { type: 'button', class: 'use-journey-stays' }, t('register.tours.plan.useStays'));
      use.addEventListener('click', () => {
        legsNote.replaceChildren(h('p', { role: 'status' }, fill()));
        legsNote.focus();
      });
      legsNote.replaceChildren(h('p', { role: 'status' }, `${said}${gap}${t('register.tours.plan.staysKept')}`),
        h('p', { class: 'hint' }, t('register.tours.plan.useStaysHint')), use);
    }
    legsNote.focus();
  };
  const planner = journeyPlanner(ctx.lang,
    () => (legs.length ? legs[legs.length - 1].arrival.slice(0, 10) : stays.find((s) => s.entryDate.input.value)?.entryDate.input.value ?? ''),
    planned);
  const legsSet = h('fieldset', { class: 'tour-legs-set', 'data-field': 'legs', 'aria-describedby': legsError.id },
    h('legend', { id: legsHeadingId }, t('register.tours.plan.legsHeading')), legsNote, legsNone, legsList, legsError);

  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, tour ? t('register.tours.save') : t('register.tours.create'));
  const cancel = h('button', { type: 'button', class: 'link', onclick: () => done.cancel() }, t('register.queue.cancel'));
  const form = h('form', { class: 'plan-form register-form tour-form', 'aria-labelledby': 'tour-form-heading', novalidate: true },
    h('h4', { id: 'tour-form-heading', tabindex: '-1' }, tour ? t('register.tours.editHeading', { title: tour.title }) : t('register.tours.newHeading')),
    h('p', { class: 'hint' }, t('register.tours.formHint')),
    title.element, languages, h('div', { class: 'size-fields' }, minSize.element, maxSize.element), planner, legsSet, staysSet,
    error, h('div', { class: 'form-buttons' }, submit, cancel));

  const stayFields = () => stays.flatMap((s) => [s.country, s.entryDate, s.entryTime, s.exitDate, s.exitTime, s.entryPort]);
  const clear = () => {
    error.hidden = true;
    staysError.hidden = true;
    legsError.hidden = true;
    for (const f of [title, minSize, maxSize, languagesField, ...stayFields()]) f.setError(null);
  };
  const at = (text: string, f: Field) => {
    f.setError(text);
    error.hidden = false;
    error.textContent = t('register.error.formProblems');
    f.input.focus();
  };
  const when = (date: Field, time: Field, offset = '') => (time.input.value ? `${date.input.value}T${time.input.value}${offset}` : date.input.value);
  const read = (): TourProgramme => ({
    title: title.input.value.trim(),
    languages: langBoxes.filter((b) => b.checked).map((b) => b.value),
    minSize: Number(minSize.input.value),
    maxSize: Number(maxSize.input.value),
    stays: readStays(),
    legs: [...legs],
    regimes: tour?.regimes ?? [],
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear();
    const missing: Field[] = [];
    if (!title.input.value.trim()) missing.push(title);
    for (const s of stays) for (const f of [s.entryDate, s.exitDate]) if (!f.input.value) missing.push(f);
    for (const f of missing) f.setError(t(f === title ? 'register.error.required' : 'register.error.validFrom'));
    for (const f of [minSize, maxSize]) {
      const n = Number(f.input.value);
      if (!Number.isInteger(n) || n < 1) {
        f.setError(t(`register.tours.error.${f.input.name}`));
        missing.push(f);
      }
    }
    if (missing.length) return at(missing[0].element.querySelector('.field-error')!.textContent!, missing[0]);
    submit.disabled = true;
    try {
      done.saved(tour ? await ctx.client.updateTour(tour.id, read(), tour.version) : await ctx.client.createTour(read()));
    } catch (err) {
      if (!(err instanceof RegisterError)) {
        error.hidden = false;
        error.textContent = failureText(err);
        return;
      }
      if (err.code === 'conflict' && err.parameter === 'version') {
        error.hidden = false;
        error.textContent = t('register.tours.conflictForm');
        return;
      }
      const p = err.parameter ?? '';
      const stayMatch = /^stays\[(\d+)\]\.(\w+)$/.exec(p);
      const byName: Record<string, Field> = { title, minSize, maxSize, languages: languagesField };
      const known = ['title', 'minSize', 'maxSize', 'languages', 'country', 'entry', 'exit', 'entryPort'];
      let target: Field | undefined = byName[p.replace(/\[\d+\]$/, '')];
      if (stayMatch && stays[Number(stayMatch[1])]) {
        const s = stays[Number(stayMatch[1])];
        target = ({ country: s.country, entry: s.entryDate, exit: s.exitDate, entryPort: s.entryPort } as Record<string, Field>)[stayMatch[2]];
      }
      if (target) return at(apiFieldText(err, known), target);
      if (p.startsWith('legs')) {
        legsError.hidden = false;
        legsError.textContent = t('register.error.other', { message: err.message });
        error.hidden = false;
        error.textContent = t('register.error.formProblems');
        (legsList.querySelector<HTMLElement>('.remove-leg') ?? planner.querySelector<HTMLElement>('input'))?.focus();
        return;
      }
      if (p.startsWith('stays')) {
        staysError.hidden = false;
        staysError.textContent = t('register.error.other', { message: err.message });
        error.hidden = false;
        error.textContent = t('register.error.formProblems');
        stays[0]?.entryDate.input.focus();
        return;
      }
      error.hidden = false;
      error.textContent = err.status === 400 ? t('register.error.other', { message: err.message }) : failureText(err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// One traveller by the fields the API names (latinName ... sex).
function memberForm(ctx: RegisterContext, tourId: number, added: (m: Member) => void): HTMLElement {
  const text = (name: string, attrs: Record<string, string | number | boolean> = {}) => field(name, t(`register.tours.member.${name}`), h('input', { type: 'text', ...attrs }));
  const latinName = text('latinName', { required: true, maxlength: 200, autocomplete: 'off', autocapitalize: 'characters' });
  const nativeName = text('nativeName', { maxlength: 200, autocomplete: 'off' });
  const nationality = field('nationality', t('register.tours.member.nationality'),
    h('select', {}, NATIONALITIES.map((c) => h('option', { value: c }, `${countryName(c, ctx.lang)} (${c})`))));
  const passportNumber = text('passportNumber', { required: true, maxlength: 20, autocomplete: 'off', autocapitalize: 'characters' });
  const passportExpiry = field('passportExpiry', t('register.tours.member.passportExpiry'), h('input', { type: 'date', required: true }));
  const birthDate = field('birthDate', t('register.tours.member.birthDate'), h('input', { type: 'date', required: true }));
  // No sex chosen for the traveller until someone chooses it.
  const sex = field('sex', t('register.tours.member.sex'), h('select', { required: true },
    h('option', { value: '' }, t('register.tours.member.choose')), ['F', 'M', 'X'].map((s) => h('option', { value: s }, t(`register.tours.sex.${s}`)))));
  const fields = [latinName, nativeName, nationality, passportNumber, passportExpiry, birthDate, sex];
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit' }, t('register.tours.member.add'));
  const form = h('form', { class: 'register-form member-form', 'aria-labelledby': 'member-form-heading', novalidate: true },
    h('h5', { id: 'member-form-heading' }, t('register.tours.member.heading')),
    ...fields.map((f) => f.element), error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    for (const f of fields) f.setError(null);
    const missing = [latinName, passportNumber, passportExpiry, birthDate, sex].filter((f) => !f.input.value.trim());
    for (const f of missing) f.setError(t(f.input.type === 'date' ? 'register.error.validFrom' : 'register.error.required'));
    if (missing.length) {
      missing[0].input.focus();
      return;
    }
    const m: NewMember = {
      latinName: latinName.input.value.trim(), nativeName: nativeName.input.value.trim(), nationality: nationality.input.value,
      passportNumber: passportNumber.input.value.trim(), passportExpiry: passportExpiry.input.value, birthDate: birthDate.input.value, sex: sex.input.value,
    };
    submit.disabled = true;
    try {
      added(await ctx.client.addMember(tourId, m));
    } catch (err) {
      const f = err instanceof RegisterError ? fields.find((x) => x.input.name === err.parameter) : undefined;
      if (f && err instanceof RegisterError) {
        f.setError(t('register.error.other', { message: err.message }));
        f.input.focus();
      } else {
        error.hidden = false;
        error.textContent = err instanceof RegisterError && err.status === 400 ? t('register.error.other', { message: err.message }) : failureText(err);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// A traveller read from the two 44-character lines of a passport's machine-readable zone.
function mrzForm(ctx: RegisterContext, tourId: number, added: (m: Member) => void): HTMLElement {
  const mrzInput = h('textarea', { rows: 2, cols: 46, spellcheck: false, autocomplete: 'off', autocapitalize: 'characters', class: 'mrz-input' });
  const mrz = field('mrz', t('register.tours.mrz.label'), mrzInput as unknown as HTMLInputElement, t('register.tours.mrz.hint'));
  const nativeName = field('nativeName', t('register.tours.member.nativeName'), h('input', { type: 'text', maxlength: 200, autocomplete: 'off' }));
  const submit = h('button', { type: 'submit' }, t('register.tours.mrz.add'));
  const form = h('form', { class: 'register-form mrz-form', 'aria-labelledby': 'mrz-form-heading', novalidate: true },
    h('h5', { id: 'mrz-form-heading' }, t('register.tours.mrz.heading')), mrz.element, nativeName.element, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    mrz.setError(null);
    nativeName.setError(null);
    // Lines as typed or pasted: spaces and blank lines dropped, one line break between the two.
    const lines = mrzInput.value.toUpperCase().split(/\r?\n/).map((l) => l.replace(/\s+/g, '')).filter(Boolean);
    if (!lines.length) {
      mrz.setError(t('register.error.required'));
      mrzInput.focus();
      return;
    }
    submit.disabled = true;
    try {
      added(await ctx.client.addMember(tourId, { mrz: lines.join('\n'), nativeName: nativeName.input.value.trim() }));
    } catch (err) {
      const target = err instanceof RegisterError && err.parameter === 'nativeName' ? nativeName : mrz;
      target.setError(err instanceof RegisterError && err.status === 400 ? t('register.error.other', { message: err.message }) : failureText(err));
      target.input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// A CSV file sent as it is (text/csv): all added, or nothing with every row's error.
function importForm(ctx: RegisterContext, tourId: number, added: (count: number) => void): HTMLElement {
  const file = field('manifestFile', t('register.tours.import.file'), h('input', { type: 'file', accept: '.csv,text/csv' }), t('register.tours.import.hint'));
  const result = h('div', { class: 'import-errors', role: 'alert', hidden: true, tabindex: '-1' });
  const submit = h('button', { type: 'submit' }, t('register.tours.import.submit'));
  const form = h('form', { class: 'register-form import-form', 'aria-labelledby': 'import-form-heading', novalidate: true },
    h('h5', { id: 'import-form-heading' }, t('register.tours.import.heading')), file.element, result, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    file.setError(null);
    result.hidden = true;
    const chosen = (file.input as HTMLInputElement).files?.[0];
    if (!chosen) {
      file.setError(t('register.tours.import.choose'));
      file.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const answer = await ctx.client.importManifest(tourId, await chosen.text());
      added(answer.added);
    } catch (err) {
      result.hidden = false;
      if (err instanceof RegisterError && err.rows?.length) {
        result.replaceChildren(
          h('p', {}, t('register.tours.import.refused', { count: err.rows.length })),
          h('ul', { class: 'row-errors' }, err.rows.map((r) => h('li', {}, r.field
            ? t('register.tours.import.rowField', { line: r.line, field: r.field, message: r.message })
            : t('register.tours.import.row', { line: r.line, message: r.message })))));
      } else {
        result.replaceChildren(h('p', {}, err instanceof RegisterError && err.status === 400 ? t('register.error.other', { message: err.message }) : failureText(err)));
      }
      result.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// --- The authority's part of the queue ---

export async function renderTourQueue(root: HTMLElement, ctx: RegisterContext): Promise<void> {
  const admin = ctx.account.role === 'admin';
  const lists = h('div', { class: 'tour-queue-list', 'aria-busy': 'true' });
  const panel = h('section', { class: 'tour-review', id: 'tour-review', 'aria-labelledby': 'tour-review-heading', hidden: true, tabindex: '-1' });
  root.replaceChildren(h('section', { class: 'queue tour-queue', 'aria-labelledby': 'tour-queue-heading' },
    h('h2', { id: 'tour-queue-heading', tabindex: '-1' }, ctx.account.country
      ? t('register.tours.queue.headingCountry', { country: countryName(ctx.account.country, ctx.lang) }) : t('register.tours.queue.heading')),
    h('div', { class: 'queue-layout' }, lists, panel)));

  const load = async () => {
    lists.setAttribute('aria-busy', 'true');
    try {
      const tours = await ctx.client.tours('submitted');
      lists.replaceChildren(tours.length
        ? h('ul', { class: 'queue-list' }, tours.map((tour) => h('li', { class: 'queue-item', 'data-tour-id': String(tour.id) },
          h('div', {},
            h('span', { class: 'queue-name' }, tour.title),
            h('span', { class: 'queue-meta' }, `${dates(tour, ctx.lang)} · ${tour.stays.map((s) => countryName(s.country, ctx.lang)).join(', ')}`)),
          h('button', { type: 'button', class: 'link review-tour', 'aria-label': `${t('register.queue.review')}: ${tour.title}`, onclick: () => void open(tour.id) }, t('register.queue.review')))))
        : h('p', { class: 'queue-none' }, t('register.tours.queue.none')));
    } catch (e) {
      lists.replaceChildren(errorBox(e, () => void load()));
    } finally {
      lists.setAttribute('aria-busy', 'false');
    }
  };

  const open = async (id: number, message?: HTMLElement) => {
    for (const li of lists.querySelectorAll<HTMLElement>('.queue-item')) {
      if (li.dataset.tourId === String(id)) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
    }
    panel.hidden = false;
    panel.setAttribute('aria-busy', 'true');
    panel.replaceChildren(h('h3', { id: 'tour-review-heading' }, t('register.loading')));
    try {
      const [tour, manifest] = await Promise.all([ctx.client.tour(id), ctx.client.manifest(id)]);
      // The check as it stands today (rules and licences may have changed since the submission).
      const check = await ctx.client.checkTour(id).catch((e: unknown) => e);
      // The operator from the public lookup (an authority reads the full record of its own country's only).
      const operator = await ctx.client.lookup({ limit: 100 }).then((all) => all.find((o) => o.id === tour.operatorId)).catch(() => undefined);
      panel.replaceChildren(...review(tour, manifest.members, check, operator, message));
    } catch (e) {
      panel.replaceChildren(h('h3', { id: 'tour-review-heading' }, t('register.tours.queue.review')), errorBox(e));
    } finally {
      panel.setAttribute('aria-busy', 'false');
    }
    panel.focus();
  };

  const close = () => {
    panel.hidden = true;
    panel.replaceChildren();
    for (const li of lists.querySelectorAll('.queue-item')) li.removeAttribute('aria-current');
    (document.getElementById('tour-queue-heading') as HTMLElement | null)?.focus();
  };

  const review = (tour: Tour, members: Member[], check: TourCheck | unknown, operator: PublicOperator | undefined, message?: HTMLElement): Node[] => {
    const undecided = tour.decidingCountries.filter((c) => !tour.decisions.some((d) => d.country === c));
    const mine = admin ? undecided : undecided.filter((c) => c === ctx.account.country);
    const nodes: Node[] = [
      h('div', { class: 'review-head' },
        h('h3', { id: 'tour-review-heading' }, t('register.tours.queue.reviewOf', { title: tour.title }), ' ', tourStatusBadge(tour.status)),
        h('button', { type: 'button', class: 'link close-review', onclick: close }, t('register.queue.close'))),
      h('p', { class: 'tour-operator' }, operator
        ? [t('register.tours.queue.operatorNamed', { name: operatorName(operator, ctx.lang), licence: operator.licenceNumber, country: countryName(operator.country, ctx.lang) }), ' ', statusBadge(operator.status)]
        : t('register.tours.queue.operator', { id: tour.operatorId })),
    ];
    if (message) nodes.push(message);
    nodes.push(h('h4', {}, t('register.tours.programme')), programmeList(tour, ctx.lang),
      h('h4', {}, t('register.tours.manifest.headingCount', { count: members.length })), manifestTable(members, ctx.lang),
      h('h4', {}, t('register.tours.check.heading')),
      check && typeof check === 'object' && 'ok' in check ? checkResult(check as TourCheck, tour, ctx.lang, 'h5') : errorBox(check));
    if (tour.status !== 'submitted' || !mine.length) return nodes;

    const reasonId = `tour-reason-${tour.id}`;
    const reason = h('textarea', { id: reasonId, name: 'reason', rows: 3, maxlength: 2000, 'aria-describedby': `${reasonId}-error` });
    const reasonError = h('p', { class: 'field-error', id: `${reasonId}-error`, hidden: true });
    const countrySelect = mine.length > 1 ? h('select', { id: `tour-country-${tour.id}`, name: 'country' }, mine.map((c) => h('option', { value: c }, countryName(c, ctx.lang)))) : null;
    const country = () => countrySelect?.value ?? mine[0];
    const confirmBox = h('div', { class: 'confirm', hidden: true });
    const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const decisions = ['approve', 'reject'] as const;
    const buttons = decisions.map((d) => h('button', { type: 'button', class: `action action-${d}`, 'data-action': d, onclick: () => ask(d) }, t(`register.tours.queue.${d}`)));
    const ask = (d: 'approve' | 'reject') => {
      reasonError.hidden = true;
      reason.removeAttribute('aria-invalid');
      error.hidden = true;
      if (d === 'reject' && !reason.value.trim()) {
        reasonError.hidden = false;
        reasonError.textContent = t('register.queue.reasonRequired');
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      const sentence = t(`register.tours.queue.confirm.${d}`, { title: tour.title, country: countryName(country(), ctx.lang) });
      const yes = h('button', { type: 'button', class: `primary confirm-yes action-${d}` }, t(`register.tours.queue.confirmButton.${d}`));
      const no = h('button', { type: 'button', class: 'link confirm-no' }, t('register.queue.cancel'));
      confirmBox.replaceChildren(h('p', { id: `tour-confirm-${tour.id}` }, sentence), h('div', { class: 'confirm-buttons' }, yes, no));
      confirmBox.setAttribute('role', 'group');
      confirmBox.setAttribute('aria-labelledby', `tour-confirm-${tour.id}`);
      confirmBox.hidden = false;
      for (const b of buttons) b.disabled = true;
      no.addEventListener('click', () => {
        confirmBox.hidden = true;
        for (const b of buttons) b.disabled = false;
        buttons[decisions.indexOf(d)].focus();
      });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        no.disabled = true;
        try {
          const after = await ctx.client.decideTour(tour.id, country(), d, tour.version, reason.value.trim());
          const said = t('register.tours.queue.decided', { title: tour.title, status: t(`register.tours.status.${after.status}`) });
          ctx.announce(said);
          await load();
          await open(tour.id, h('p', { class: 'note decided' }, said));
        } catch (e) {
          if (e instanceof RegisterError && e.code === 'conflict') {
            await load();
            await open(tour.id, h('div', { class: 'error conflict', role: 'alert' }, h('p', {}, t('register.tours.queue.conflict'))));
            return;
          }
          confirmBox.hidden = true;
          for (const b of buttons) b.disabled = false;
          error.hidden = false;
          error.textContent = e instanceof RegisterError && e.code === 'forbidden' ? t('register.tours.queue.forbidden') : failureText(e);
        }
      });
      yes.focus();
    };
    nodes.push(h('div', { class: 'decision', role: 'group', 'aria-labelledby': `tour-decision-${tour.id}` },
      h('h4', { id: `tour-decision-${tour.id}` }, countrySelect ? t('register.queue.decide') : t('register.tours.queue.decideFor', { country: countryName(mine[0], ctx.lang) })),
      countrySelect ? h('div', { class: 'field' }, h('label', { for: countrySelect.id }, t('register.queue.country')), countrySelect) : null,
      h('div', { class: 'field' }, h('label', { for: reasonId }, t('register.queue.reason')), reason, reasonError),
      h('div', { class: 'decision-buttons' }, buttons),
      confirmBox, error));
    return nodes;
  };

  await load();
}
