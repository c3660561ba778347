// Travellers' satisfaction ratings (issue 19): a whole number from 1 to 5 and an optional comment, after a
// closed case (its traveller, signed in) or an approved group tour (anyone with the tour's feedback code,
// no account). Pure and unit-tested (tests/unit/ratings.test.mjs): the public page's link
// (/rate?tour=ID&code=CODE), the checks before sending (the server's: libs/registry text_checks.h
// check_rating), and the client's two requests.
import { RegisterClient } from './register-api.js';

export const MAX_RATING_COMMENT = 1000; // characters (code points), as the server counts them

export interface RatingBody {
  rating: number;
  comment: string;
}

export type RatingField = 'rating' | 'comment' | 'code' | 'tour';
export interface RatingProblem {
  field: RatingField;
  problem: 'noRating' | 'commentTooLong' | 'noCode' | 'noTour';
}

// Characters as the server counts them: code points, not UTF-16 units (an emoji is one).
export const characters = (text: string): number => [...text].length;

export function ratingProblem(rating: number | null, comment: string): RatingProblem | null {
  if (rating === null || !Number.isInteger(rating) || rating < 1 || rating > 5) return { field: 'rating', problem: 'noRating' };
  if (characters(comment.trim()) > MAX_RATING_COMMENT) return { field: 'comment', problem: 'commentTooLong' };
  return null;
}

// The public page's link: /rate?tour=12&code=K7Q2-9XPA. A tour id is a positive whole number; the code is
// kept as typed (the server compares it without case, spaces or dashes).
export interface RateQuery {
  tour: number | null;
  code: string;
}

export function parseRateQuery(query: string): RateQuery {
  const p = new URLSearchParams(query);
  const tour = (p.get('tour') ?? '').trim();
  return { tour: /^[1-9]\d{0,14}$/.test(tour) ? Number(tour) : null, code: (p.get('code') ?? '').trim().slice(0, 64) };
}

export function rateQueryToString(q: RateQuery): string {
  const p = new URLSearchParams();
  if (q.tour !== null) p.set('tour', String(q.tour));
  if (q.code) p.set('code', q.code);
  return p.toString();
}

export function tourRatingProblem(q: RateQuery, rating: number | null, comment: string): RatingProblem | null {
  if (q.tour === null) return { field: 'tour', problem: 'noTour' };
  if (!q.code.trim()) return { field: 'code', problem: 'noCode' };
  return ratingProblem(rating, comment);
}

// The body sent: the comment trimmed, none when empty.
export const ratingBody = (rating: number, comment: string): RatingBody => ({ rating, comment: comment.trim() });

// The two requests. A case's rating goes with the traveller's session (Bearer); a tour's needs none (its
// feedback code is the proof), though a session, when there is one, is sent too and ignored.
export class RatingsClient extends RegisterClient {
  rateCase(caseId: number, body: RatingBody): Promise<unknown> {
    return this.call<unknown>('POST', `/api/v1/cases/${caseId}/rating`, body);
  }

  rateTour(tourId: number, code: string, body: RatingBody): Promise<unknown> {
    return this.call<unknown>('POST', `/api/v1/tours/${tourId}/ratings`, { code: code.trim(), ...body });
  }
}
