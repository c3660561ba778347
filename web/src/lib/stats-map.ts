// The statistics map's data (views/stats/network-map.ts), pure so it is unit-tested: each stop's point
// from GET /api/v1/network, the city pairs (network.cityPairs) as lines between them, and each border
// crossing's share of open days (network.crossings) over the period.
import { numberOf, textOf, type StatsRow } from './stats.js';

export type LonLat = [number, number];

export interface PlaceAnswer { features: { geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }[] }

// Each stop's point, by its id (stations and their platforms alike), from GET /api/v1/network.
export function stopPoints(network: PlaceAnswer): Map<string, LonLat> {
  const points = new Map<string, LonLat>();
  for (const f of network.features) {
    if (f.properties.kind !== 'stop' || f.geometry?.type !== 'Point') continue;
    const c = f.geometry.coordinates;
    if (!Array.isArray(c)) continue;
    if (typeof f.properties.stopId === 'string' && Number.isFinite(c[0]) && Number.isFinite(c[1])) points.set(f.properties.stopId, [c[0], c[1]]);
  }
  return points;
}

// A city pair as a GeoJSON line between its ends.
export interface PairLine {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: LonLat[] };
  properties: { perWeek: number; estimatedOnly: boolean };
}

// The city pairs as GeoJSON lines: only those whose both ends have a point (the others are counted).
export function pairLines(pairs: StatsRow[], points: Map<string, LonLat>): { lines: PairLine[]; unplaced: number } {
  const lines: PairLine[] = [];
  let unplaced = 0;
  for (const r of pairs) {
    const a = points.get(textOf(r, 'fromId'));
    const b = points.get(textOf(r, 'toId'));
    if (!a || !b) { unplaced++; continue; }
    const services = numberOf(r, 'services') ?? 0;
    const estimated = numberOf(r, 'estimatedServices') ?? 0;
    lines.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [a, b] },
      properties: { perWeek: numberOf(r, 'servicesPerWeek') ?? 0, estimatedOnly: services > 0 && estimated >= services } });
  }
  return { lines, unplaced };
}

// A crossing's share of open days over the period (all its months together); null without days.
export function openShares(rows: StatsRow[]): Map<string, number> {
  const sums = new Map<string, { open: number; days: number }>();
  for (const r of rows) {
    const id = textOf(r, 'crossingId');
    const s = sums.get(id) ?? { open: 0, days: 0 };
    s.open += numberOf(r, 'openDays') ?? 0;
    s.days += numberOf(r, 'days') ?? 0;
    sums.set(id, s);
  }
  const shares = new Map<string, number>();
  for (const [id, s] of sums) if (s.days > 0) shares.set(id, s.open / s.days);
  return shares;
}

