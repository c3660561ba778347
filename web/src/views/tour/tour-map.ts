// The tour builder's map: the heritage sites as dots to tap (a tap adds or removes the site: the list
// beside it does the same by keyboard), and once a tour is built, its route (each journey's legs, by
// mode) and the visited sites numbered in their order. MapLibre and the basemap as the map view uses
// them (a chunk shared with it): no tiles, nothing fetched.
import { BASEMAP_LAYERS, basemapSources } from '../basemap-style';
import { h } from '../../dom.js';
import { boundsOf, type SiteInfo } from '../../lib/tour-plan.js';

type MapLibreMap = import('maplibre-gl').Map;

const MODE_COLORS: Record<string, string> = { rail: '#2e7d32', air: '#1e56a0', bus: '#a05a00', road: '#6a3d8a' };

export interface TourMap {
  setSelected(ids: string[]): void;
  showTour(lines: GeoJSON.FeatureCollection, numbered: { n: number; name: string; lonLat: [number, number] | null }[]): void;
  resize(): void;
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export async function createTourMap(container: HTMLElement, sites: SiteInfo[], selected: string[], onToggle: (id: string) => void): Promise<TourMap> {
  const [{ default: maplibregl }] = await Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')]);
  const map: MapLibreMap = new maplibregl.Map({
    container,
    center: [72, 42],
    zoom: 3,
    attributionControl: { compact: true, customAttribution: 'Natural Earth (world-atlas) · © OpenStreetMap contributors (ODbL, geo-maps) · Caravan data' },
    style: {
      version: 8,
      sources: {
        ...basemapSources(),
        route: { type: 'geojson', data: EMPTY },
        sites: { type: 'geojson', data: EMPTY },
      },
      layers: [
        ...BASEMAP_LAYERS,
        { id: 'route-casing', type: 'line', source: 'route', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 7 } },
        { id: 'route', type: 'line', source: 'route', layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': ['match', ['get', 'mode'], ...Object.entries(MODE_COLORS).flat(), '#8a3b12'] as never, 'line-width': 4 } },
        { id: 'sites', type: 'circle', source: 'sites',
          paint: {
            'circle-radius': ['case', ['get', 'selected'], 7, 5],
            'circle-color': ['case', ['get', 'selected'], '#8a3b12', '#ffffff'],
            'circle-stroke-color': '#8a3b12',
            'circle-stroke-width': 2,
          } },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  (window as unknown as { caravanTourMap?: unknown }).caravanTourMap = map; // read by the end-to-end tests
  const loaded = new Promise<void>((resolve) => map.on('load', () => resolve()));

  let chosen = new Set(selected);
  const siteData = (): GeoJSON.FeatureCollection => ({
    type: 'FeatureCollection',
    features: sites.filter((s) => s.lat !== null && s.lon !== null).map((s) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon!, s.lat!] }, properties: { siteId: s.id, selected: chosen.has(s.id) },
    })),
  });
  const setSites = () => (map.getSource('sites') as import('maplibre-gl').GeoJSONSource | undefined)?.setData(siteData());
  void loaded.then(() => {
    setSites();
    // The attribution folded into its (i) button: open, it covers a phone's small map.
    container.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
    const box = boundsOf(sites.flatMap((s) => (s.lat !== null && s.lon !== null ? [[s.lon, s.lat] as [number, number]] : [])));
    if (box && !routeShown) map.fitBounds(box, { padding: 20, duration: 0 });
  });

  // A tap picks the site drawn nearest to it within 10 px (a finger is wide).
  map.on('click', (e) => {
    const slack = 10;
    const hits = map.queryRenderedFeatures([[e.point.x - slack, e.point.y - slack], [e.point.x + slack, e.point.y + slack]], { layers: ['sites'] })
      .map((f) => {
        const at = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
        return { id: String(f.properties?.siteId), d: Math.hypot(at.x - e.point.x, at.y - e.point.y) };
      }).sort((a, b) => a.d - b.d);
    if (hits.length) onToggle(hits[0].id);
  });
  map.on('mouseenter', 'sites', () => (map.getCanvas().style.cursor = 'pointer'));
  map.on('mouseleave', 'sites', () => (map.getCanvas().style.cursor = ''));

  let markers: import('maplibre-gl').Marker[] = [];
  let routeShown = false;
  return {
    setSelected(ids) {
      chosen = new Set(ids);
      void loaded.then(setSites);
    },
    showTour(lines, numbered) {
      routeShown = true;
      // Drawn once the map's box is in the page with its size (the view moves it into the tour shown).
      const placed = () => new Promise<void>((resolve) => {
        const check = (tries: number) => (container.isConnected && container.clientWidth > 0) || tries === 0 ? resolve() : requestAnimationFrame(() => check(tries - 1));
        requestAnimationFrame(() => check(60));
      });
      void Promise.all([loaded, placed()]).then(() => {
        (map.getSource('route') as import('maplibre-gl').GeoJSONSource).setData(lines);
        for (const m of markers) m.remove();
        // Numbers as HTML markers (the browser's fonts, no glyph server); decoration: the timeline says it.
        markers = numbered.filter((s) => s.lonLat).map((s) => new maplibregl.Marker({ element: h('div', { class: 'tour-site-number', 'aria-hidden': 'true', title: s.name }, String(s.n)) })
          .setLngLat(s.lonLat!).addTo(map));
        const points = [...lines.features.flatMap((f) => (f.geometry as GeoJSON.LineString).coordinates as [number, number][]), ...numbered.flatMap((s) => (s.lonLat ? [s.lonLat] : []))];
        const box = boundsOf(points);
        map.resize();
        if (box) map.fitBounds(box, { padding: 30, duration: 0, maxZoom: 7 }); // one site: its region, not a blank field
      });
    },
    resize() {
      map.resize();
    },
  };
}
