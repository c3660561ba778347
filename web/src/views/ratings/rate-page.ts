// The public rating page (/rate?tour=ID&code=CODE, issue 19): a traveller of an approved group tour rates
// it with the tour's feedback code from its papers, without an account (POST
// /api/v1/tours/{id}/ratings {code, rating, comment}). The link fills in the tour and the code;
// both stay editable (a code typed from paper). Problems at their field; the server's refusals in words.
import './ratings.css';
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { RatingsClient, tourRatingProblem, type RateQuery } from '../../lib/ratings.js';
import { RegisterError } from '../../lib/register-api.js';
import { ratingForm } from './rating-form.js';

export interface RateContext {
  query: RateQuery;
}

export function renderRate(root: HTMLElement, ctx: RateContext, client = new RatingsClient()): void {
  const fieldError = (id: string) => h('p', { class: 'form-error', id, hidden: true });
  const tourError = fieldError('rate-tour-error');
  const codeError = fieldError('rate-code-error');
  const tour = h('input', { id: 'rate-tour', name: 'tour', type: 'text', inputmode: 'numeric', autocomplete: 'off', value: ctx.query.tour ?? '' });
  const codeHint = h('p', { class: 'hint', id: 'rate-code-hint' }, t('ratings.codeHint'));
  const code = h('input', { id: 'rate-code', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 64,
    value: ctx.query.code, 'aria-describedby': codeHint.id });
  const stars = ratingForm();
  const formError = h('div', { class: 'error', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', class: 'primary' }, t('ratings.send'));
  const form = h('form', { class: 'rate-form plan-form', novalidate: true, 'aria-labelledby': 'rate-heading' },
    h('h1', { id: 'rate-heading', tabindex: '-1' }, t('ratings.heading')),
    h('p', { class: 'hint' }, t('ratings.intro')),
    h('div', { class: 'rate-ids' },
      h('div', { class: 'field' }, h('label', { for: tour.id }, t('ratings.tour')), tour, tourError),
      h('div', { class: 'field' }, h('label', { for: code.id }, t('ratings.code')), codeHint, code, codeError)),
    stars.element, formError, send);

  const at = (input: HTMLInputElement, error: HTMLElement, message: string | null) => {
    error.hidden = !message;
    error.textContent = message ?? '';
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [input === code ? codeHint.id : '', error.id].filter(Boolean).join(' '));
      input.focus();
    } else {
      input.removeAttribute('aria-invalid');
      if (input === code) input.setAttribute('aria-describedby', codeHint.id);
      else input.removeAttribute('aria-describedby');
    }
  };
  const clear = () => {
    at(tour, tourError, null);
    at(code, codeError, null);
    stars.showProblem(null);
    formError.hidden = true;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (send.disabled) return; // one rating per click, however often it is clicked
    clear();
    const q: RateQuery = { tour: /^[1-9]\d{0,14}$/.test(tour.value.trim()) ? Number(tour.value.trim()) : null, code: code.value };
    const v = stars.read();
    const problem = tourRatingProblem(q, v.rating, v.comment);
    if (problem?.field === 'tour') return at(tour, tourError, t('ratings.error.noTour'));
    if (problem?.field === 'code') return at(code, codeError, t('ratings.error.noCode'));
    const body = stars.check();
    if (!body) return;
    send.disabled = true;
    send.textContent = t('ratings.sending');
    try {
      await client.rateTour(q.tour!, q.code, body);
    } catch (err) {
      send.disabled = false;
      send.textContent = t('ratings.send');
      const r = err instanceof RegisterError ? err : new RegisterError(0, 'network', String(err));
      if (r.parameter === 'code' || r.status === 403) return at(code, codeError, t('ratings.error.code'));
      if (r.parameter === 'rating' || r.parameter === 'comment') return stars.showProblem(r.parameter, t('ratings.error.refused', { message: r.message }));
      if (r.status === 404 && r.parameter !== undefined) return at(tour, tourError, t('ratings.error.refused', { message: r.message }));
      formError.hidden = false;
      formError.replaceChildren(h('p', {}, r.code === 'register_off' ? t('ratings.error.noRegister')
        : r.status >= 400 && r.status < 500 ? t('ratings.error.refused', { message: r.message }) : t('ratings.error.failed', { message: r.message })));
      return;
    }
    const thanks = h('div', { class: 'rate-thanks', role: 'status', tabindex: '-1' },
      h('h1', { id: 'rate-heading' }, t('ratings.heading')),
      h('p', {}, t('ratings.sent')), h('p', {}, t('ratings.yours', { rating: body.rating })));
    root.replaceChildren(thanks);
    thanks.focus();
  });
  root.replaceChildren(form);
}
