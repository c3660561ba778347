// The Network section's map (issue 19's "maps"): the period's direct city pairs (network.cityPairs) as
// lines between the places, wider for more services per week, dashed when every service of the pair is
// estimated; the places as dots; the border crossings coloured by their share of open days
// (network.crossings). maplibre-gl and the shared basemap (../basemap-style.ts) are imported only here,
// when the dashboard draws its Network section. The map is a still picture (not interactive): nothing
// to trap a keyboard or a phone's scrolling finger; the city pairs' table below is its equivalent.
import { BASEMAP_LAYERS, basemapSources } from '../basemap-style';
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { textOf, type StatsRow } from '../../lib/stats.js';
import { openShares, pairLines, stopPoints, type LonLat, type PlaceAnswer } from '../../lib/stats-map.js';

export interface NetworkMapData {
  pairs: StatsRow[]; // network.cityPairs' rows
  crossings: StatsRow[]; // network.crossings' rows (a row per crossing and month)
}

interface CrossingAnswer { crossings: { id: string; lon: number | null; lat: number | null }[] }

// The map drawn last: let go when the dashboard is drawn again (a new period, a new language).
let live: import('maplibre-gl').Map | null = null;
export function destroyNetworkMap(): void {
  live?.remove();
  live = null;
}

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return (await r.json()) as T;
}

const SCHEDULED = '#8a3b12';
const ESTIMATED = '#b07a5a';
// Open-days shares in three steps (Okabe and Ito's green and orange, a dark red); colour alone tells them
// apart, so the crossings' table says the same in figures.
const SHARE_STEPS = [{ key: 'mostly', min: 0.9, color: '#009e73' }, { key: 'often', min: 0.5, color: '#e69f00' }, { key: 'seldom', min: 0, color: '#6b0f0f' }] as const;

// The map's figure (drawn when maplibre has loaded; `done` settles then) and its legend.
// `current` says whether the dashboard asking is still the one shown (a newer one draws its own map).
export function networkMap(data: NetworkMapData, tableTitle: string, current: () => boolean): { figure: HTMLElement; done: Promise<void> } {
  const box = h('div', { class: 'stats-map' });
  const status = h('p', { class: 'hint stats-map-status' });
  const swatch = (cls: string) => h('span', { class: `stats-map-swatch ${cls}`, 'aria-hidden': 'true' });
  const legend = h('ul', { class: 'stats-map-legend' },
    h('li', {}, swatch('line-scheduled'), t('stats.map.scheduled')),
    h('li', {}, swatch('line-estimated'), t('stats.map.estimated')),
    h('li', {}, swatch('line-width'), t('stats.map.width')),
    h('li', {}, swatch('place'), t('stats.map.place')),
    SHARE_STEPS.map((s) => h('li', {}, h('span', { class: 'stats-map-swatch crossing', style: `background:${s.color}`, 'aria-hidden': 'true' }), t(`stats.map.crossing.${s.key}`))));
  const figure = h('figure', { class: 'stats-figure-map', 'data-map': 'network.cityPairs' }, box,
    h('figcaption', {}, t('stats.map.caption', { table: tableTitle }), status, legend));
  const done = draw(box, figure, status, data, current).catch(() => {
    box.replaceChildren(h('p', { class: 'hint' }, t('stats.map.failed')));
    box.classList.add('stats-map-failed');
  });
  return { figure, done };
}

async function draw(box: HTMLElement, figure: HTMLElement, status: HTMLElement, data: NetworkMapData, current: () => boolean): Promise<void> {
  const [network, crossings, [{ default: maplibregl }]] = await Promise.all([
    getJson<PlaceAnswer>('/api/v1/network'),
    getJson<CrossingAnswer>('/api/v1/crossings').catch(() => ({ crossings: [] })), // the crossings are a bonus
    Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')]),
  ]);
  if (!current()) return;
  const points = stopPoints(network);
  const { lines, unplaced } = pairLines(data.pairs, points);
  const shares = openShares(data.crossings);
  const ends = new Set<string>();
  for (const r of data.pairs) for (const k of ['fromId', 'toId']) if (points.has(textOf(r, k))) ends.add(textOf(r, k));
  const places: GeoJSON.Feature[] = [...ends].map((id) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: points.get(id)! }, properties: { id } }));
  const crossingDots: GeoJSON.Feature[] = crossings.crossings.filter((c) => c.lon !== null && c.lat !== null && shares.has(c.id)).map((c) => {
    const share = shares.get(c.id)!;
    const step = SHARE_STEPS.find((s) => share >= s.min)!;
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon!, c.lat!] }, properties: { id: c.id, color: step.color } };
  });
  figure.dataset.lines = String(lines.length);
  figure.dataset.crossings = String(crossingDots.length);
  status.textContent = unplaced ? t('stats.map.unplaced', { n: unplaced }) : '';

  // The view holds every line, place and crossing (China and Central Asia when there are none).
  const all = [...lines, ...places, ...crossingDots].flatMap((f) => (f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.type === 'Point' ? [f.geometry.coordinates] : [])) as LonLat[];
  const lon = all.length ? all.map((c) => c[0]) : [50, 125];
  const lat = all.length ? all.map((c) => c[1]) : [22, 52];
  const map = new maplibregl.Map({
    container: box,
    bounds: [[Math.min(...lon), Math.min(...lat)], [Math.max(...lon), Math.max(...lat)]],
    fitBoundsOptions: { padding: 20, maxZoom: 6 },
    interactive: false,
    attributionControl: { compact: true, customAttribution: 'Natural Earth (world-atlas) · lakes and rivers © OpenStreetMap contributors (ODbL, geo-maps) · Caravan data' },
    style: {
      version: 8,
      sources: {
        ...basemapSources(),
        pairs: { type: 'geojson', data: { type: 'FeatureCollection', features: lines } },
        places: { type: 'geojson', data: { type: 'FeatureCollection', features: places } },
        crossings: { type: 'geojson', data: { type: 'FeatureCollection', features: crossingDots } },
      },
      layers: [
        ...BASEMAP_LAYERS,
        { id: 'pairs-scheduled', type: 'line', source: 'pairs', filter: ['!', ['get', 'estimatedOnly']], layout: { 'line-cap': 'round' },
          paint: { 'line-color': SCHEDULED, 'line-opacity': 0.8, 'line-width': ['interpolate', ['linear'], ['get', 'perWeek'], 0, 1, 7, 2, 30, 5, 100, 9] } },
        { id: 'pairs-estimated', type: 'line', source: 'pairs', filter: ['get', 'estimatedOnly'],
          paint: { 'line-color': ESTIMATED, 'line-opacity': 0.9, 'line-dasharray': [2, 1.5], 'line-width': ['interpolate', ['linear'], ['get', 'perWeek'], 0, 1, 7, 2, 30, 5, 100, 9] } },
        { id: 'places', type: 'circle', source: 'places', paint: { 'circle-radius': 3.5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1b1f24', 'circle-stroke-width': 1.2 } },
        { id: 'crossings', type: 'circle', source: 'crossings', paint: { 'circle-radius': 5, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } },
      ],
    },
  });
  destroyNetworkMap();
  live = map;
  // A picture of the table: an image with the map's name (maplibre's own "Map" region would be empty).
  const canvas = map.getCanvas();
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', t('stats.map.label'));
  canvas.removeAttribute('tabindex');
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  // The attribution folded to its (i) button: open, it would cover a phone's map.
  box.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
  box.dataset.ready = 'true';
}
