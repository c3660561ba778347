// A planned journey as the stays of a trip to check (the plan's "Check this trip"): one stay per
// country on the way, from the local dates at the last stop before each border and the first stop after
// it. As the rules' stays_from_legs() (libs/rules itinerary.h), but on the plan's answer.
import type { Itinerary, Leg } from './api.js';
import type { Stay } from './url-state.js';

// The local date of an API time ("2025-05-31T17:45+05:00": the stop's own wall clock).
const localDay = (time: string) => time.slice(0, 10);

// When the leg is at a stop: leaving it (`departure`) or reaching it (`arrival`); the leg's own start or
// end when the stop is not on it.
function timeAt(leg: Leg, stopId: string | undefined, side: 'departure' | 'arrival'): string {
  const places = [leg.from, ...(leg.intermediateStops ?? []), leg.to];
  const place = stopId ? places.find((p) => p.stopId === stopId) : undefined;
  const fallback = side === 'departure' ? leg.startTime : leg.endTime;
  return (side === 'departure' ? place?.departure ?? place?.arrival : place?.arrival ?? place?.departure) ?? fallback;
}

// originCountry: the first stop's country, needed only for a journey that crosses no border.
// withTimes: entries and exits as the API's local date-times with their offsets ("2026-06-05T16:07+06:00",
// a tour's stays) rather than local dates (a trip to check).
export function staysOfJourney(it: Itinerary, originCountry?: string, withTimes = false): Stay[] {
  const localDate = withTimes ? (time: string) => time : localDay;
  const crossings = it.borderCrossings ?? [];
  const first = crossings[0]?.fromCountry || originCountry;
  if (!first || !it.legs.length) return [];
  const stays: Stay[] = [{ country: first, entry: localDate(it.startTime), exit: localDate(it.endTime) }];
  const entries = [...(it.entry ?? [])];
  for (const c of crossings) {
    const leg = it.legs[c.legIndex];
    if (!leg) continue;
    stays[stays.length - 1].exit = localDate(timeAt(leg, c.fromStopId, 'departure'));
    // The plan's entry section (with travellers) names the port as the rules do, and says when a
    // change of flights enters no country.
    const entryAt = entries.findIndex((e) => e.country === c.toCountry);
    const entry = entryAt >= 0 ? entries.splice(entryAt, 1)[0] : undefined;
    const port = entry?.port || c.crossingId;
    const stay: Stay = { country: c.toCountry, entry: localDate(timeAt(leg, c.toStopId, 'arrival')), exit: localDate(it.endTime) };
    if (port) stay.entryPort = port;
    if (entry?.airsideTransit) continue;
    stays.push(stay);
  }
  return stays;
}
