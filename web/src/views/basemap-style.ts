// The basemap under every map of the app (the map view, the tour builder): sea, land, lakes and borders
// from the build-time basemap (vite.config.ts), as maplibre sources and layers; each map adds its own.
import basemap from 'virtual:basemap';
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

export const basemapSources = (): Record<string, SourceSpecification> => ({
  countries: { type: 'geojson', data: basemap.countries },
  borders: { type: 'geojson', data: basemap.borders as GeoJSON.GeoJSON },
  waters: { type: 'geojson', data: basemap.waters },
});

export const BASEMAP_LAYERS: LayerSpecification[] = [
  { id: 'sea', type: 'background', paint: { 'background-color': '#cfe0ea' } },
  { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4efe4', 'fill-outline-color': '#b9ad98' } },
  { id: 'water', type: 'fill', source: 'waters', paint: { 'fill-color': '#cfe0ea', 'fill-outline-color': '#a9c4d4' } },
  { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': '#8c7f6b', 'line-width': 1, 'line-dasharray': [3, 2] } },
];
