// A journey of Caravan's planner as a group tour's programme (docs/web.md, The register): its legs as the
// tour's legs (from, to, local departure and arrival with offsets, mode, the train's or flight's name,
// whether the times are estimated) and its countries as stays (lib/journey-stays.ts), continuing the
// stays the tour already has.
import type { Itinerary, Leg } from './api.js';
import type { TourLeg, TourStay } from './register-api.js';
import { staysOfJourney } from './journey-stays.js';

// Walks between platforms and stops of one place are no legs of a tour.
const WALK = new Set(['walk', 'foot', 'transfer']);

// "CZ 6021 · Ürümqi – Almaty": the route's or trip's short name, then its long name, as the plan shows it.
export function legName(leg: Leg): string {
  return [leg.routeShortName || leg.tripShortName, leg.routeLongName].filter(Boolean).join(' · ');
}

export function tourLegsOfJourney(it: Itinerary): TourLeg[] {
  return it.legs.filter((l) => !WALK.has(l.mode.toLowerCase())).map((l) => ({
    from: l.from.name,
    to: l.to.name,
    departure: l.startTime,
    arrival: l.endTime,
    mode: l.mode.toLowerCase(),
    name: legName(l).slice(0, 300),
    estimated: !!l.estimated,
  }));
}

// The journey's countries as stays: entry and exit local date-times with offsets, the entry port when
// the journey crosses at a known crossing.
export function tourStaysOfJourney(it: Itinerary, originCountry?: string): TourStay[] {
  return staysOfJourney(it, originCountry, true).map((s) => ({
    country: s.country, entry: s.entry, exit: s.exit, entryPort: s.entryPort ?? '', onwardTicket: false, regions: [],
  }));
}

// A stay with no dates at all: the form's empty stay, nothing to keep.
export const blankStay = (s: TourStay) => !s.entry && !s.exit;

// The journey's stays after the tour's: the stays entered before the journey's first day are kept; the
// last of them, in the country the journey leaves from, is continued until the journey leaves it; stays
// from the journey's first day on are the journey's (Urumqi -> Bishkek, then Bishkek -> Almaty three days
// later: China, Kazakhstan, Kyrgyzstan until the second journey leaves, then Kazakhstan).
export function continueStays(existing: TourStay[], journey: TourStay[]): TourStay[] {
  const kept = existing.filter((s) => !blankStay(s));
  if (!journey.length) return kept;
  const start = journey[0].entry.slice(0, 10);
  const before = kept.filter((s) => s.entry.slice(0, 10) < start).map((s) => ({ ...s }));
  const last = before[before.length - 1];
  if (last && last.country === journey[0].country) {
    last.exit = journey[0].exit;
    return [...before, ...journey.slice(1)];
  }
  return [...before, ...journey];
}
