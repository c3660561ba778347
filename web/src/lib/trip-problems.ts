// A trip's problems before it is sent to the check (the check view's form, and a trip from a link): only
// the check's chunk loads this, not the plan's.
import { MAX_GROUP, type Stay, type TripCheck } from './url-state.js';

// A real calendar day (not 2025-02-30), as the API's parser wants it.
export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

// What is wrong with a trip before it is sent, each naming its stay (index into stays, or into
// earlierStays with `earlier`); empty when the API can check it. Dates compare as text (YYYY-MM-DD).
export type TripProblem =
  | { kind: 'no_stay' | 'no_traveller' }
  | { kind: 'missing_date' | 'impossible_date'; stay: number; field: 'entry' | 'exit'; earlier?: boolean }
  | { kind: 'exit_before_entry'; stay: number; earlier?: boolean }
  | { kind: 'out_of_order' | 'overlap'; stay: number } // this stay starts before the one before it ends
  | { kind: 'group_size'; stay: number };

export function tripProblems(trip: TripCheck): TripProblem[] {
  const out: TripProblem[] = [];
  if (!trip.stays.length) out.push({ kind: 'no_stay' });
  if (!trip.travellers.length) out.push({ kind: 'no_traveller' });
  const dates = (s: { entry: string; exit: string }, stay: number, earlier?: boolean): boolean => {
    let ok = true;
    for (const field of ['entry', 'exit'] as const) {
      if (!s[field]) out.push({ kind: 'missing_date', stay, field, ...(earlier ? { earlier } : {}) });
      else if (!isCalendarDay(s[field])) out.push({ kind: 'impossible_date', stay, field, ...(earlier ? { earlier } : {}) });
      else continue;
      ok = false;
    }
    if (ok && s.exit < s.entry) {
      out.push({ kind: 'exit_before_entry', stay, ...(earlier ? { earlier } : {}) });
      ok = false;
    }
    return ok;
  };
  let previous: Stay | null = null;
  trip.stays.forEach((s, i) => {
    const ok = dates(s, i);
    if (s.groupTour && !(Number.isInteger(s.groupTour.size) && s.groupTour.size >= 1 && s.groupTour.size <= MAX_GROUP)) out.push({ kind: 'group_size', stay: i });
    if (!ok) return;
    // The day of a crossing is in both stays (left one country, entered the next), so the next entry
    // may equal the last exit, not be before it.
    if (previous && s.entry < previous.exit) out.push({ kind: s.entry < previous.entry ? 'out_of_order' : 'overlap', stay: i });
    previous = s;
  });
  (trip.earlierStays ?? []).forEach((e, i) => dates(e, i, true));
  return out;
}
