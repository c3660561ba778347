// The basemap made at build time by vite.config.ts (world-atlas -> GeoJSON).
/// <reference types="vite/client" />
/// <reference types="geojson" />
declare module 'virtual:basemap' {
  const basemap: { countries: GeoJSON.FeatureCollection; borders: GeoJSON.Feature | GeoJSON.MultiLineString; waters: GeoJSON.FeatureCollection };
  export default basemap;
}
