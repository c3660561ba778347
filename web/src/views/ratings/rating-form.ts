// A rating form: 1 to 5 stars as radio buttons in a fieldset (arrow keys move between them), an optional
// comment with its count of characters, and a button; problems said at their field (aria-invalid,
// aria-describedby) and focused. Used by the public page (/rate) and a closed case's page.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { characters, MAX_RATING_COMMENT, ratingProblem, type RatingBody, type RatingProblem } from '../../lib/ratings.js';

export interface RatingForm {
  element: HTMLElement; // the fieldset and the comment (the caller adds its own form, fields and button)
  read(): { rating: number | null; comment: string };
  // Says `message` at the field (or clears every field's message with null) and focuses it.
  showProblem(field: 'rating' | 'comment' | null, message?: string): void;
  check(): RatingBody | null; // the body, or null after saying the problem
}

export function ratingForm(): RatingForm {
  const name = uniqueId('rating');
  const radios = [1, 2, 3, 4, 5].map((n) => h('input', { type: 'radio', name, value: n, id: `${name}-${n}` }));
  const starsError = h('p', { class: 'form-error', id: `${name}-error`, hidden: true });
  const fieldset = h('fieldset', { class: 'rating-stars', 'aria-describedby': starsError.id },
    h('legend', {}, t('ratings.legend')),
    radios.map((r, i) => h('label', { class: 'rating-star', for: r.id }, r,
      h('span', { class: 'rating-glyphs', 'aria-hidden': 'true' }, '★'.repeat(i + 1) + '☆'.repeat(4 - i)),
      h('span', {}, t(`ratings.star_${i + 1}`)))),
    starsError);
  const commentId = uniqueId('rating-comment');
  const hint = h('p', { class: 'hint', id: `${commentId}-hint` }, t('ratings.commentHint', { max: MAX_RATING_COMMENT }));
  const used = h('p', { class: 'hint rating-used', id: `${commentId}-used`, 'aria-live': 'polite' });
  const commentError = h('p', { class: 'form-error', id: `${commentId}-error`, hidden: true });
  const comment = h('textarea', { id: commentId, name: 'comment', rows: 4, 'aria-describedby': `${hint.id} ${used.id}` });
  const count = () => {
    const n = characters(comment.value.trim());
    // Said near the limit only: a count on every key would be noise for a screen reader.
    used.textContent = n > MAX_RATING_COMMENT - 100 ? t('ratings.used', { used: n, max: MAX_RATING_COMMENT }) : '';
  };
  comment.addEventListener('input', count);
  const element = h('div', { class: 'rating-form' }, fieldset,
    h('div', { class: 'field' }, h('label', { for: commentId }, t('ratings.comment')), hint, comment, used, commentError));
  const read = () => {
    const chosen = radios.find((r) => r.checked);
    return { rating: chosen ? Number(chosen.value) : null, comment: comment.value };
  };
  const showProblem = (field: 'rating' | 'comment' | null, message = '') => {
    starsError.hidden = field !== 'rating';
    starsError.textContent = field === 'rating' ? message : '';
    commentError.hidden = field !== 'comment';
    commentError.textContent = field === 'comment' ? message : '';
    for (const r of radios) {
      if (field === 'rating') r.setAttribute('aria-invalid', 'true');
      else r.removeAttribute('aria-invalid');
    }
    if (field === 'comment') {
      comment.setAttribute('aria-invalid', 'true');
      comment.setAttribute('aria-describedby', `${hint.id} ${used.id} ${commentError.id}`);
    } else {
      comment.removeAttribute('aria-invalid');
      comment.setAttribute('aria-describedby', `${hint.id} ${used.id}`);
    }
    if (field === 'rating') radios[0].focus();
    if (field === 'comment') comment.focus();
  };
  const problemText = (p: RatingProblem) => t(`ratings.error.${p.problem}`, { max: MAX_RATING_COMMENT });
  const check = (): RatingBody | null => {
    const v = read();
    const p = ratingProblem(v.rating, v.comment);
    if (p && (p.field === 'rating' || p.field === 'comment')) {
      showProblem(p.field, problemText(p));
      return null;
    }
    showProblem(null);
    return { rating: v.rating!, comment: v.comment.trim() };
  };
  return { element, read, showProblem, check };
}
