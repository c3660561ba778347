// The map: the China - Central Asia network by mode (/api/v1/network), the heritage sites
// (/api/v1/sites), the stops and the border crossings with today's status (/api/v1/crossings), over a
// basemap made at build time from world-atlas (no tiles, no internet). MapLibre GL JS is loaded only
// when the map is opened, so the plan view stays small. Everything on the canvas is also in the
// "places on the map" list, for keyboard and screen-reader users.
import { BASEMAP_LAYERS, basemapSources } from './basemap-style';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { ApiError, nameIn, type ApiClient, type Crossing, type CrossingDay, type GeoCollection, type GeoFeature, type StopDetails } from '../lib/api.js';
import { formatDay, formatDuration, formatLocalTime, localToday, zoneName } from '../lib/format.js';
import { decodePolyline } from '../lib/polyline.js';
import type { PlanSearch } from '../lib/url-state.js';

type MapLibreMap = import('maplibre-gl').Map;

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

const CROSSING_OPEN = '#1b7a3a';
const CROSSING_CLOSED = '#b3261e';
const EMPTY: GeoCollection = { type: 'FeatureCollection', features: [] };

// What the map shows, as the API gave it (queryRenderedFeatures flattens nested properties to strings:
// details are read from here, by id).
interface Place {
  kind: 'site' | 'stop' | 'crossing';
  id: string;
  name: string; // in the chosen language where the data has it
  lonLat: [number, number] | null;
  also: string; // its other names (the data's, every translation, a site's local name), lower case: the filter finds "samark" in Russian
}

interface MapData {
  stops: Map<string, Record<string, unknown>>;
  sites: Map<string, Record<string, unknown>>;
  crossings: Map<string, Crossing>;
  places: Place[];
}

export async function renderMap(root: HTMLElement, ctx: MapContext): Promise<void> {
  const container = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': t('map.label') });
  const crossingsBox = h('input', { type: 'checkbox', checked: true, 'data-layer': 'crossings' });
  const legend = h('fieldset', { class: 'map-legend' }, h('legend', {}, t('map.legend')),
    NETWORK_LAYERS.map((l) => {
      const box = h('input', { type: 'checkbox', checked: true, 'data-layer': l.id });
      return h('label', { class: 'mode-choice' }, box, ' ', h('span', { class: `swatch swatch-${l.id}`, 'aria-hidden': 'true' }), t(`plan.mode.${l.id}`));
    }),
    h('span', { class: 'crossing-legend' },
      h('label', { class: 'mode-choice' }, crossingsBox, ' ', t('map.crossings')),
      h('span', { class: 'mode-choice' }, h('span', { class: 'swatch swatch-crossing-open', 'aria-hidden': 'true' }), t('map.crossingOpen')),
      h('span', { class: 'mode-choice' }, h('span', { class: 'swatch swatch-crossing-closed', 'aria-hidden': 'true' }), t('map.crossingClosed'))),
    h('span', { class: 'mode-choice' }, h('span', { class: 'swatch swatch-site', 'aria-hidden': 'true' }), t('map.sites')),
    h('span', { class: 'mode-choice' }, h('span', { class: 'swatch swatch-stop', 'aria-hidden': 'true' }), t('map.stops')));
  const status = h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('map.loading'));
  const problems = h('div', { class: 'map-problems' });
  const info = h('section', { class: 'map-info', 'aria-live': 'polite', id: 'map-info', tabindex: '-1' });
  const placesSection = h('section', { class: 'map-places', id: 'map-places', tabindex: '-1', 'aria-labelledby': 'map-places-heading' });
  root.replaceChildren(h('div', { class: 'map-layout' }, h('h1', { class: 'visually-hidden' }, t('map.label')), legend, status, problems,
    container, info, placesSection));

  const [{ default: maplibregl }] = await Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')]);
  const map = new maplibregl.Map({
    container,
    center: [80, 41],
    zoom: 3.2,
    attributionControl: { compact: true, customAttribution: 'Natural Earth (world-atlas) · lakes and rivers © OpenStreetMap contributors (ODbL, geo-maps) · Caravan data' },
    style: {
      version: 8,
      sources: {
        ...basemapSources(),
        network: { type: 'geojson', data: EMPTY as GeoJSON.GeoJSON },
        sites: { type: 'geojson', data: EMPTY as GeoJSON.GeoJSON },
        crossings: { type: 'geojson', data: EMPTY as GeoJSON.GeoJSON },
      },
      layers: [
        ...BASEMAP_LAYERS,
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

  const data: MapData = { stops: new Map(), sites: new Map(), crossings: new Map(), places: [] };
  const show = (...children: (Node | string | null)[]) => info.replaceChildren(...children.filter((c): c is Node | string => c !== null));
  const details = {
    site: (id: string) => showSite(ctx, data, id, show),
    stop: (id: string) => showStop(ctx, data, id, show),
    crossing: (id: string) => showCrossing(ctx, data, id, show),
  };
  const labels = new StationLabels(map, maplibregl.Marker);
  const placesList = new PlacesList(placesSection, (p) => {
    details[p.kind](p.id);
    if (p.lonLat) map.jumpTo({ center: p.lonLat, zoom: Math.max(map.getZoom(), 6) });
    info.focus();
  });

  const loaded = new Promise<void>((resolve) => map.on('load', () => resolve()));
  map.on('error', (e) => {
    problems.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('map.error', { message: String(e.error?.message ?? e.error) })));
  });

  // The three API calls, each on its own: a failure says which data is missing and offers to try again.
  const load = async (what: ('network' | 'sites' | 'crossings')[]) => {
    problems.replaceChildren();
    const answers = await Promise.allSettled(what.map((w) => w === 'network' ? ctx.api.network() : w === 'sites' ? ctx.api.sites() : ctx.api.crossings()));
    await loaded;
    const failed: typeof what = [];
    let message = '';
    answers.forEach((a, i) => {
      if (a.status === 'rejected') {
        failed.push(what[i]);
        message = a.reason instanceof ApiError ? a.reason.message : String(a.reason);
        return;
      }
      if (what[i] === 'network') setNetwork(map, data, a.value as GeoCollection, ctx.lang, labels);
      else if (what[i] === 'sites') setSites(map, data, a.value as GeoCollection);
      else setCrossings(map, data, (a.value as { crossings: Crossing[] }).crossings);
    });
    data.places = collectPlaces(data, ctx.lang);
    placesList.update(data.places);
    status.remove();
    if (failed.length) {
      problems.replaceChildren(h('div', { class: 'error', role: 'alert' },
        h('p', {}, t('map.dataFailed', { what: failed.map((f) => t(`map.data.${f}`)).join(', '), message })),
        h('button', { type: 'button', class: 'primary retry', onclick: () => void load(failed) }, t('error.retry'))));
    }
  };

  map.on('load', () => {
    addCrossingIcons(map);
    map.addLayer({ id: 'crossings', type: 'symbol', source: 'crossings',
      layout: { 'icon-image': ['case', ['==', ['get', 'status'], 'open'], 'crossing-open', 'crossing-closed'], 'icon-allow-overlap': true, 'icon-ignore-placement': true } });
    if (ctx.search) void drawJourney(map, ctx, ctx.search, show);
  });
  void load(['network', 'sites', 'crossings']);

  legend.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    if (box.dataset.layer && map.getLayer(box.dataset.layer)) map.setLayoutProperty(box.dataset.layer, 'visibility', box.checked ? 'visible' : 'none');
  });

  // One handler: the feature drawn nearest the click wins (a site within a few pixels no longer hides the
  // stop under the finger); places drawn on one spot (a site on its city's station) are offered as a
  // choice. Platforms share their station's point: the station stands for them.
  map.on('click', (e) => {
    const slack = 8;
    const box: [[number, number], [number, number]] = [[e.point.x - slack, e.point.y - slack], [e.point.x + slack, e.point.y + slack]];
    const layers = ['sites', 'stops', 'crossings'].filter((l) => map.getLayer(l) && map.getLayoutProperty(l, 'visibility') !== 'none');
    const hits = map.queryRenderedFeatures(box, { layers }).map((f) => {
      const at = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
      const p = f.properties as Record<string, string>;
      const kind: Place['kind'] = f.layer.id === 'sites' ? 'site' : f.layer.id === 'crossings' ? 'crossing' : 'stop';
      return { kind, id: kind === 'site' ? p.siteId : kind === 'crossing' ? p.id : p.stopId, station: p.locationType === 'station',
        distance: Math.hypot(at.x - e.point.x, at.y - e.point.y) };
    }).sort((a, b) => a.distance - b.distance || Number(b.station) - Number(a.station));
    if (!hits.length) return;
    let here = hits.filter((x) => x.distance - hits[0].distance <= 2);
    if (here.some((x) => x.station)) here = here.filter((x) => x.kind !== 'stop' || x.station);
    here = here.filter((x, i) => here.findIndex((y) => y.kind === x.kind && y.id === x.id) === i);
    if (here.length === 1) {
      details[here[0].kind](here[0].id);
      return;
    }
    const place = (x: (typeof here)[number]) => data.places.find((p) => p.kind === x.kind && p.id === x.id) ?? { kind: x.kind, id: x.id, name: x.id, lonLat: null };
    show(h('h2', {}, t('map.several')), h('ul', { class: 'places-list choices' }, here.map((x) => {
      const p = place(x);
      return h('li', {}, h('button', { type: 'button', class: `link place place-${p.kind}`, 'data-kind': p.kind, 'data-id': p.id, onclick: () => details[p.kind](p.id) },
        h('span', { class: `swatch swatch-${p.kind === 'crossing' ? 'crossing-open' : p.kind}`, 'aria-hidden': 'true' }), p.name),
        ' ', h('span', { class: 'place-kind' }, t(`map.kind.${p.kind}`)));
    })));
  });
  for (const layer of ['sites', 'stops', 'crossings']) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  if (!ctx.search) show(h('p', { class: 'hint' }, t('map.hint')));
}

// A stop's name in the language, from the network's translations.
function localName(props: Record<string, unknown> | undefined, lang: string, fallback: string): string {
  const names = props?.translations as Record<string, string> | undefined;
  return names?.[lang] ?? (props?.name as string | undefined) ?? fallback;
}

function setNetwork(map: MapLibreMap, data: MapData, network: GeoCollection, lang: string, labels: StationLabels): void {
  (map.getSource('network') as import('maplibre-gl').GeoJSONSource).setData(network as GeoJSON.GeoJSON);
  data.stops.clear();
  const stations: { name: string; lonLat: [number, number] }[] = [];
  for (const f of network.features) {
    if (f.properties.kind !== 'stop') continue;
    data.stops.set(f.properties.stopId as string, { ...f.properties, lonLat: f.geometry?.coordinates });
    if (f.properties.locationType === 'station') stations.push({ name: localName(f.properties, lang, ''), lonLat: f.geometry!.coordinates as [number, number] });
  }
  labels.set(stations);
}

function setSites(map: MapLibreMap, data: MapData, sites: GeoCollection): void {
  (map.getSource('sites') as import('maplibre-gl').GeoJSONSource).setData(sites as GeoJSON.GeoJSON);
  data.sites.clear();
  for (const f of sites.features) data.sites.set(f.properties.siteId as string, { ...f.properties, lonLat: f.geometry?.coordinates ?? null });
}

function setCrossings(map: MapLibreMap, data: MapData, crossings: Crossing[]): void {
  data.crossings = new Map(crossings.map((c) => [c.id, c]));
  const features: GeoFeature[] = crossings.filter((c) => c.lat !== null && c.lon !== null).map((c) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { id: c.id, name: c.name, status: c.status },
  }));
  (map.getSource('crossings') as import('maplibre-gl').GeoJSONSource).setData({ type: 'FeatureCollection', features } as GeoJSON.GeoJSON);
}

function collectPlaces(data: MapData, lang: string): Place[] {
  const places: Place[] = [];
  const names = (...xs: unknown[]) => xs.flatMap((x) => (typeof x === 'string' ? [x] : x && typeof x === 'object' ? Object.values(x) : []))
    .filter((x): x is string => typeof x === 'string').join(' ').toLocaleLowerCase();
  for (const [id, c] of data.crossings) places.push({ kind: 'crossing', id, name: c.name, lonLat: c.lon !== null && c.lat !== null ? [c.lon, c.lat] : null, also: names(c.name, id) });
  for (const [id, s] of data.stops) {
    // Stations stand for their platforms, airports and road stops in the list.
    if (s.locationType === 'station' || !s.parentStation) {
      places.push({ kind: 'stop', id, name: localName(s, lang, id), lonLat: s.lonLat as [number, number], also: names(s.name, s.translations, id) });
    }
  }
  for (const [id, s] of data.sites) {
    places.push({ kind: 'site', id, name: s.name as string, lonLat: (s.lonLat as [number, number] | null) ?? null, also: names(s.name, s.nameLocal) });
  }
  const collator = new Intl.Collator(lang);
  return places.sort((a, b) => collator.compare(a.name, b.name));
}

// Crossing symbols drawn once into images (no sprite server): open, a green diamond; closed, a red disc
// with a white bar (a "no entry" sign). Shape and colour both differ, for colour-blind readers.
function addCrossingIcons(map: MapLibreMap): void {
  const size = 36; // drawn at pixel ratio 2: 18 px on the screen
  const draw = (paint: (c: CanvasRenderingContext2D) => void) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const c = canvas.getContext('2d')!;
    paint(c);
    return c.getImageData(0, 0, size, size);
  };
  const open = draw((c) => {
    c.beginPath();
    c.moveTo(size / 2, 2); c.lineTo(size - 2, size / 2); c.lineTo(size / 2, size - 2); c.lineTo(2, size / 2); c.closePath();
    c.fillStyle = CROSSING_OPEN; c.fill();
    c.lineWidth = 3; c.strokeStyle = '#ffffff'; c.stroke();
  });
  const closed = draw((c) => {
    c.beginPath();
    c.arc(size / 2, size / 2, size / 2 - 3, 0, 2 * Math.PI);
    c.fillStyle = CROSSING_CLOSED; c.fill();
    c.lineWidth = 3; c.strokeStyle = '#ffffff'; c.stroke();
    c.fillStyle = '#ffffff';
    c.fillRect(9, size / 2 - 3, size - 18, 6);
  });
  if (!map.hasImage('crossing-open')) map.addImage('crossing-open', open, { pixelRatio: 2 });
  if (!map.hasImage('crossing-closed')) map.addImage('crossing-closed', closed, { pixelRatio: 2 });
}

// Station names as HTML labels (MapLibre markers): no glyph server is needed, the browser's fonts draw
// any script. Labels that would overlap one placed before them are hidden, again after each move.
class StationLabels {
  private markers: { el: HTMLElement; marker: import('maplibre-gl').Marker; lonLat: [number, number] }[] = [];

  constructor(private readonly map: MapLibreMap, private readonly Marker: typeof import('maplibre-gl').Marker) {
    map.on('moveend', () => this.declutter());
  }

  set(stations: { name: string; lonLat: [number, number] }[]): void {
    for (const m of this.markers) m.marker.remove();
    this.markers = stations.map((s) => {
      // Decoration: the places list names every station for screen readers.
      const el = h('div', { class: 'station-label', 'aria-hidden': 'true' }, s.name);
      const marker = new this.Marker({ element: el, anchor: 'left', offset: [6, 0] }).setLngLat(s.lonLat).addTo(this.map);
      return { el, marker, lonLat: s.lonLat };
    });
    this.declutter();
  }

  private declutter(): void {
    const placed: DOMRect[] = [];
    const fewer = this.map.getZoom() < 4; // the whole region: the names would cover the lines
    const view = this.map.getContainer().getBoundingClientRect();
    for (const m of this.markers) {
      m.el.hidden = false;
      const r = m.el.getBoundingClientRect();
      const outside = r.left < view.left || r.right > view.right || r.top < view.top || r.bottom > view.bottom;
      const overlaps = placed.some((p) => r.left < p.right + 2 && r.right + 2 > p.left && r.top < p.bottom && r.bottom > p.top);
      m.el.hidden = outside || overlaps || (fewer && placed.length >= 12);
      if (!m.el.hidden) placed.push(r);
    }
  }
}

// "Places on the map": every site, station and crossing as a button, filtered by a search field.
class PlacesList {
  private readonly list = h('ul', { class: 'places-list' });
  private readonly filter = h('input', { id: 'map-places-filter', type: 'search', autocomplete: 'off' });
  private readonly count = h('p', { class: 'hint', role: 'status' });
  private places: Place[] = [];

  constructor(section: HTMLElement, private readonly choose: (p: Place) => void) {
    section.replaceChildren(h('h2', { id: 'map-places-heading' }, t('map.places')),
      h('div', { class: 'field' }, h('label', { for: 'map-places-filter' }, t('map.placesFilter')), this.filter), this.count, this.list);
    this.filter.addEventListener('input', () => this.render());
  }

  update(places: Place[]): void {
    this.places = places;
    this.render();
  }

  private render(): void {
    const q = this.filter.value.trim().toLocaleLowerCase();
    const shown = this.places.filter((p) => !q || p.name.toLocaleLowerCase().includes(q) || p.also.includes(q));
    this.count.textContent = t('map.placesCount', { count: shown.length });
    this.list.replaceChildren(...shown.map((p) => h('li', {},
      h('button', { type: 'button', class: `link place place-${p.kind}`, 'data-kind': p.kind, 'data-id': p.id, onclick: () => this.choose(p) },
        h('span', { class: `swatch swatch-${p.kind === 'crossing' ? 'crossing-open' : p.kind}`, 'aria-hidden': 'true' }), p.name),
      ' ', h('span', { class: 'place-kind' }, t(`map.kind.${p.kind}`)))));
  }
}

function showSite(ctx: MapContext, data: MapData, id: string, show: (...c: (Node | string | null)[]) => void): void {
  const p = data.sites.get(id) as Record<string, string> | undefined;
  if (!p) return;
  // The data's names and descriptions are English, the local name in the country's language: marked
  // so, for screen readers and fonts, until the sites carry translations.
  const localLang = ({ CN: 'zh', KZ: 'kk', KG: 'ky', UZ: 'uz', TJ: 'tg', TM: 'tk' } as Record<string, string>)[(p.country ?? '').split(/[;,]/)[0]] ?? '';
  show(h('h2', { lang: 'en' }, p.name), p.nameLocal ? h('p', { class: 'site-local', ...(localLang ? { lang: localLang } : {}) }, p.nameLocal) : null,
    h('p', { lang: 'en' }, p.description ?? ''),
    p.unescoProperty ? h('p', { class: 'hint' }, t('map.unesco', { ref: p.unescoProperty })) : null,
    p.nearestStopId ? h('button', { type: 'button', class: 'primary plan-there', onclick: () => ctx.plan({ to: p.nearestStopId, toLabel: p.nearestStopId }) }, t('map.planThere')) : null);
}

function showStop(ctx: MapContext, data: MapData, id: string, show: (...c: (Node | string | null)[]) => void): void {
  const p = data.stops.get(id);
  const name = localName(p, ctx.lang, id);
  show(h('h2', {}, name),
    h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.plan({ from: id, fromLabel: name }) }, t('map.planFrom')), ' ',
      h('button', { type: 'button', class: 'link', onclick: () => ctx.plan({ to: id, toLabel: name }) }, t('map.planTo'))),
    departuresBoard(ctx, id));
}

function dayStatus(d: CrossingDay): string {
  if (d.status === 'open') return t('map.crossing.hours', { hours: (d.hours ?? '').replace('-', '–') });
  if (d.status === 'closed_listed') return d.reason ? t('map.crossing.closedFor', { reason: d.reason }) : t('map.crossing.closed');
  return t('map.crossing.closed');
}

function showCrossing(ctx: MapContext, data: MapData, id: string, show: (...c: (Node | string | null)[]) => void): void {
  const c = data.crossings.get(id);
  if (!c) return;
  const zone = zoneName(c.timezone, ctx.lang);
  const today = c.status === 'open'
    ? t('map.crossing.openToday', { hours: (c.hours ?? '').replace('-', '–'), zone })
    : c.status === 'closed_listed' ? t('map.crossing.closedListed', { reason: c.reason || t('map.crossing.noReason') })
    : t('map.crossing.closedWeekday', { day: formatDay(c.date, ctx.lang) });
  const estimated = c.confidence === 'estimated';
  show(h('h2', {}, c.name),
    h('p', { class: `crossing-status crossing-${c.status === 'open' ? 'open' : 'closed'}` },
      h('span', { class: `swatch swatch-crossing-${c.status === 'open' ? 'open' : 'closed'}`, 'aria-hidden': 'true' }), today,
      estimated ? h('span', { class: 'badge estimated', title: t('map.crossing.estimatedTitle') }, t('plan.estimated')) : null),
    c.nextOpening && c.status !== 'open'
      ? h('p', {}, t('map.crossing.next', { day: formatDay(c.nextOpening.date, ctx.lang), hours: (c.nextOpening.hours ?? '').replace('-', '–'), zone }))
      : c.status !== 'open' ? h('p', {}, t('map.crossing.noNext')) : null,
    h('table', { class: 'board crossing-week' },
      h('caption', {}, t('map.crossing.week', { zone })),
      h('tbody', {}, c.week.map((d) => h('tr', { class: d.date === c.date ? 'today' : undefined },
        h('th', { scope: 'row' }, formatDay(d.date, ctx.lang)), h('td', {}, dayStatus(d)))))),
    h('p', {}, t('map.crossing.formalities', { duration: formatDuration(c.formalitiesSeconds, ctx.lang) })),
    !c.closuresKnown ? h('p', { class: 'hint' }, t('map.crossing.closuresUnknown')) : null,
    c.lat === null ? h('p', { class: 'hint' }, t('map.crossing.noPosition')) : null,
    h('p', { class: 'source' }, h('strong', {}, t('entry.source')), ': ', c.source));
}

const JOURNEY_COLORS: Record<string, string> = { rail: '#2e7d32', air: '#1e56a0', bus: '#a05a00', road: '#6a3d8a' };

// The plan's journey drawn over the network: each leg's legGeometry, by mode, the view fitted to it.
async function drawJourney(map: MapLibreMap, ctx: MapContext, search: PlanSearch, show: (...c: (Node | string | null)[]) => void): Promise<void> {
  let it;
  try {
    it = (await ctx.api.plan(search)).itineraries[ctx.journey];
  } catch (e) {
    show(h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e)),
      h('button', { type: 'button', class: 'primary retry', onclick: () => void drawJourney(map, ctx, search, show) }, t('error.retry')));
    return;
  }
  if (!it) return;
  const features = it.legs.filter((l) => l.legGeometry?.points).map((l) => ({
    type: 'Feature' as const,
    properties: { mode: l.mode },
    geometry: { type: 'LineString' as const, coordinates: decodePolyline(l.legGeometry!.points, l.legGeometry!.precision ?? 5) },
  }));
  if (map.getSource('journey')) {
    (map.getSource('journey') as import('maplibre-gl').GeoJSONSource).setData({ type: 'FeatureCollection', features });
  } else {
    map.addSource('journey', { type: 'geojson', data: { type: 'FeatureCollection', features } });
    map.addLayer({ id: 'journey-casing', type: 'line', source: 'journey', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 9 } }, 'stops');
    map.addLayer({ id: 'journey', type: 'line', source: 'journey', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['match', ['get', 'mode'], ...Object.entries(JOURNEY_COLORS).flat(), '#8a3b12'] as never, 'line-width': 5 } }, 'stops');
  }
  const points = features.flatMap((f) => f.geometry.coordinates);
  if (points.length) {
    const lons = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 40, duration: 0 });
  }
  // Local times at each end, with their zones (the origin's and the destination's may differ).
  const first = it.legs[0];
  const last = it.legs[it.legs.length - 1];
  const [depZone, arrZone] = await Promise.all([first?.from.stopId ? ctx.api.stop(first.from.stopId) : null, last?.to.stopId ? ctx.api.stop(last.to.stopId) : null]);
  const dep = formatLocalTime(it.startTime, ctx.lang, depZone?.timezone);
  const arr = formatLocalTime(it.endTime, ctx.lang, arrZone?.timezone);
  // A shared link may carry ids alone (from=xian): the journey's end stops named in the language instead.
  const label = (given: string, id: string, d: StopDetails | null) => (given && given !== id ? given : nameIn(d, ctx.lang, d?.name ?? id));
  show(h('h2', {}, t('map.journey', { from: label(search.fromLabel, search.from, depZone), to: label(search.toLabel, search.to, arrZone) })),
    h('p', { class: 'journey-times' },
      h('time', { datetime: dep.dateTime }, `${dep.date} ${dep.time}`), ' ', h('span', { class: 'zone' }, dep.zone), ' → ',
      h('time', { datetime: arr.dateTime }, `${arr.date} ${arr.time}`), ' ', h('span', { class: 'zone' }, arr.zone),
      ` · ${formatDuration(it.duration, ctx.lang)}`));
}

// A stop's departures on a local day (today by default), as a table.
function departuresBoard(ctx: MapContext, stopId: string): HTMLElement {
  const dateId = `board-date-${stopId}`;
  const date = h('input', { id: dateId, type: 'date', value: localToday() });
  // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too (axe: scrollable-region-focusable).
  const body = h('div', { class: 'board-body', 'aria-live': 'polite', tabindex: 0, role: 'region', 'aria-label': t('board.heading') });
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
      body.replaceChildren(h('div', { class: 'error', role: 'alert' },
        h('p', {}, t('board.failed', { message: e instanceof ApiError ? e.message : String(e) })),
        h('button', { type: 'button', class: 'primary retry', onclick: () => void load() }, t('error.retry'))));
    }
  };
  date.addEventListener('change', () => void load());
  void load();
  return h('section', { class: 'departures', 'aria-label': t('board.heading') },
    h('h3', {}, t('board.heading')), h('div', { class: 'field board-date' }, h('label', { for: dateId }, t('plan.date')), date), body);
}
