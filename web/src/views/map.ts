// The map: the China - Central Asia network by mode (/api/v1/network), the heritage sites
// (/api/v1/sites) and the stops, over a basemap made at build time from world-atlas (no tiles, no
// internet). MapLibre GL JS is loaded only when the map is opened, so the plan view stays small.
import basemap from 'virtual:basemap';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { ApiError, type ApiClient } from '../lib/api.js';
import { formatDuration, formatLocalTime, localToday } from '../lib/format.js';
import { decodePolyline } from '../lib/polyline.js';
import type { PlanSearch } from '../lib/url-state.js';

export interface MapContext {
  api: ApiClient;
  lang: string;
  search: PlanSearch | null; // a journey to draw: the plan's search ...
  journey: number; // ... and which of its itineraries
  plan(search: Partial<PlanSearch>): void; // "plan a trip there": the plan view with a place filled in
}

const NETWORK_LAYERS = [
  { id: 'rail', filter: ['all', ['==', ['get', 'kind'], 'pattern'], ['==', ['get', 'mode'], 'rail']], color: '#2e7d32', width: 3, dash: undefined },
  { id: 'air', filter: ['all', ['==', ['get', 'kind'], 'pattern'], ['==', ['get', 'mode'], 'air']], color: '#1e56a0', width: 1.2, dash: [2, 2] },
  { id: 'bus', filter: ['all', ['==', ['get', 'kind'], 'pattern'], ['==', ['get', 'mode'], 'bus']], color: '#a05a00', width: 2, dash: undefined },
  { id: 'road', filter: ['==', ['get', 'kind'], 'road'], color: '#6a3d8a', width: 1.5, dash: [3, 1.5] },
] as const;

export async function renderMap(root: HTMLElement, ctx: MapContext): Promise<void> {
  const container = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': t('map.label') });
  const legend = h('fieldset', { class: 'map-legend' }, h('legend', {}, t('map.legend')),
    NETWORK_LAYERS.map((l) => {
      const box = h('input', { type: 'checkbox', checked: true, 'data-layer': l.id });
      return h('label', { class: 'mode-choice' }, box, ' ', h('span', { class: `swatch swatch-${l.id}`, 'aria-hidden': 'true' }), t(`plan.mode.${l.id}`));
    }),
    h('span', { class: 'mode-choice' }, h('span', { class: 'swatch swatch-site', 'aria-hidden': 'true' }), t('map.sites')),
    h('span', { class: 'mode-choice' }, h('span', { class: 'swatch swatch-stop', 'aria-hidden': 'true' }), t('map.stops')));
  const status = h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('map.loading'));
  const info = h('section', { class: 'map-info', 'aria-live': 'polite', id: 'map-info' });
  root.replaceChildren(h('div', { class: 'map-layout' }, h('h1', { class: 'visually-hidden' }, t('map.label')), legend, status, container, info));

  const [{ default: maplibregl }] = await Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')]);
  const map = new maplibregl.Map({
    container,
    center: [80, 41],
    zoom: 3.2,
    attributionControl: { compact: true, customAttribution: 'Natural Earth (world-atlas) · Caravan data' },
    style: {
      version: 8,
      sources: {
        countries: { type: 'geojson', data: basemap.countries },
        borders: { type: 'geojson', data: basemap.borders as GeoJSON.GeoJSON },
        network: { type: 'geojson', data: '/api/v1/network' },
        sites: { type: 'geojson', data: '/api/v1/sites' },
      },
      layers: [
        { id: 'sea', type: 'background', paint: { 'background-color': '#cfe0ea' } },
        { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4efe4', 'fill-outline-color': '#b9ad98' } },
        { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': '#8c7f6b', 'line-width': 1, 'line-dasharray': [3, 2] } },
        ...NETWORK_LAYERS.map((l) => ({
          id: l.id, type: 'line' as const, source: 'network', filter: l.filter as never,
          layout: { 'line-cap': 'round' as const, 'line-join': 'round' as const },
          paint: { 'line-color': l.color, 'line-width': l.width, ...(l.dash ? { 'line-dasharray': [...l.dash] } : {}) },
        })),
        { id: 'stops', type: 'circle', source: 'network', filter: ['==', ['get', 'kind'], 'stop'],
          paint: { 'circle-radius': 3.5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1b1f24', 'circle-stroke-width': 1.2 } },
        { id: 'sites', type: 'circle', source: 'sites', paint: { 'circle-radius': 5, 'circle-color': '#8a3b12', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  (window as unknown as { caravanMap?: unknown }).caravanMap = map; // read by the end-to-end tests
  map.on('load', () => {
    status.remove();
    if (ctx.search) void drawJourney(map, ctx, ctx.search, show);
  });
  map.on('error', (e) => {
    status.textContent = t('map.error', { message: String(e.error?.message ?? e.error) });
  });

  legend.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    if (box.dataset.layer) map.setLayoutProperty(box.dataset.layer, 'visibility', box.checked ? 'visible' : 'none');
  });

  const show = (...children: (Node | string | null)[]) => info.replaceChildren(...children.filter((c): c is Node | string => c !== null));
  // One handler: a site wins over a stop drawn under it; a few pixels of slack for fingers.
  map.on('click', (e) => {
    const box: [[number, number], [number, number]] = [[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]];
    const found = map.queryRenderedFeatures(box, { layers: ['sites', 'stops'] });
    const site = found.find((f) => f.layer.id === 'sites');
    // Platforms share their station's point: the station (with all its departures) first.
    const stop = found.filter((f) => f.layer.id === 'stops').sort((a, b) =>
      Number(b.properties?.locationType === 'station') - Number(a.properties?.locationType === 'station'))[0];
    if (site) {
      const p = site.properties as Record<string, string>;
      show(h('h2', {}, p.name), p.nameLocal ? h('p', { class: 'site-local' }, p.nameLocal) : null,
        h('p', {}, p.description ?? ''),
        p.unescoProperty ? h('p', { class: 'hint' }, t('map.unesco', { ref: p.unescoProperty })) : null,
        p.nearestStopId ? h('button', { type: 'button', class: 'primary plan-there', onclick: () => ctx.plan({ to: p.nearestStopId, toLabel: p.nearestStopId }) }, t('map.planThere')) : null);
    } else if (stop) {
      const p = stop.properties as Record<string, string>;
      show(h('h2', {}, p.name),
        h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.plan({ from: p.stopId, fromLabel: p.name }) }, t('map.planFrom')), ' ',
          h('button', { type: 'button', class: 'link', onclick: () => ctx.plan({ to: p.stopId, toLabel: p.name }) }, t('map.planTo'))),
        departuresBoard(ctx, p.stopId));
    }
  });
  for (const layer of ['sites', 'stops']) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  if (!ctx.search) show(h('p', { class: 'hint' }, t('map.hint')));
}

const JOURNEY_COLORS: Record<string, string> = { rail: '#2e7d32', air: '#1e56a0', bus: '#a05a00', road: '#6a3d8a' };

// The plan's journey drawn over the network: each leg's legGeometry, by mode, the view fitted to it.
async function drawJourney(map: import('maplibre-gl').Map, ctx: MapContext, search: PlanSearch, show: (...c: (Node | string | null)[]) => void): Promise<void> {
  let it;
  try {
    it = (await ctx.api.plan(search)).itineraries[ctx.journey];
  } catch (e) {
    show(h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e)));
    return;
  }
  if (!it) return;
  const features = it.legs.filter((l) => l.legGeometry?.points).map((l) => ({
    type: 'Feature' as const,
    properties: { mode: l.mode },
    geometry: { type: 'LineString' as const, coordinates: decodePolyline(l.legGeometry!.points, l.legGeometry!.precision ?? 5) },
  }));
  map.addSource('journey', { type: 'geojson', data: { type: 'FeatureCollection', features } });
  map.addLayer({ id: 'journey-casing', type: 'line', source: 'journey', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 9 } }, 'stops');
  map.addLayer({ id: 'journey', type: 'line', source: 'journey', layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': ['match', ['get', 'mode'], ...Object.entries(JOURNEY_COLORS).flat(), '#8a3b12'] as never, 'line-width': 5 } }, 'stops');
  const points = features.flatMap((f) => f.geometry.coordinates);
  if (points.length) {
    const lons = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 40, duration: 0 });
  }
  const dep = formatLocalTime(it.startTime, ctx.lang);
  const arr = formatLocalTime(it.endTime, ctx.lang);
  show(h('h2', {}, t('map.journey', { from: search.fromLabel, to: search.toLabel })),
    h('p', {}, `${dep.date} ${dep.time} → ${arr.date} ${arr.time} · ${formatDuration(it.duration, ctx.lang)}`));
}

// A stop's departures on a local day (today by default), as a table.
function departuresBoard(ctx: MapContext, stopId: string): HTMLElement {
  const dateId = `board-date-${stopId}`;
  const date = h('input', { id: dateId, type: 'date', value: localToday() });
  const body = h('div', { class: 'board-body', 'aria-live': 'polite' });
  const load = async () => {
    body.replaceChildren(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('board.loading')));
    try {
      const board = await ctx.api.departures(stopId, date.value);
      if (board.departures.length === 0) {
        body.replaceChildren(h('p', {}, t('board.none')));
        return;
      }
      body.replaceChildren(h('table', { class: 'board' },
        h('caption', { class: 'visually-hidden' }, t('board.heading')),
        h('thead', {}, h('tr', {}, ['time', 'mode', 'route', 'towards'].map((c) => h('th', { scope: 'col' }, t(`board.${c}`))))),
        h('tbody', {}, board.departures.map((d) => {
          const f = formatLocalTime(d.time, ctx.lang, board.timezone);
          return h('tr', {},
            h('td', {}, h('time', { datetime: d.time }, f.time), ' ', h('span', { class: 'zone' }, f.zone)),
            h('td', {}, t(`plan.mode.${d.mode}`, { defaultValue: d.mode })),
            h('td', {}, [d.routeShortName || d.tripShortName, d.routeLongName].filter(Boolean).join(' · '),
              d.confidence === 'estimated' ? h('span', { class: 'badge estimated' }, t('plan.estimated')) : null),
            h('td', {}, d.headsign ?? ''));
        }))));
    } catch (e) {
      body.replaceChildren(h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e)));
    }
  };
  date.addEventListener('change', () => void load());
  void load();
  return h('section', { class: 'departures', 'aria-label': t('board.heading') },
    h('h3', {}, t('board.heading')), h('div', { class: 'field board-date' }, h('label', { for: dateId }, t('plan.date')), date), body);
}
