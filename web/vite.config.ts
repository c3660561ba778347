import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import { feature, mesh } from 'topojson-client';

// The map's basemap, made at build time from Natural Earth's 1:50m countries as packaged on npm
// (world-atlas, TopoJSON): the countries of the region as GeoJSON polygons and their borders as lines,
// and the region's lakes and wide rivers (geo-maps, from OpenStreetMap), coordinates rounded to ~1 km.
// No tile server: the map works without the internet.
const REGION = [25, 5, 145, 62]; // west, south, east, north: China, Central Asia and their neighbours

function basemap(): Plugin {
  const id = 'virtual:basemap';
  return {
    name: 'caravan-basemap',
    resolveId: (source) => (source === id ? '\0' + id : null),
    load(resolved) {
      if (resolved !== '\0' + id) return null;
      const require = createRequire(import.meta.url);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const topology: any = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
      const all = topology.objects.countries;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const inRegion = (g: any) => {
        const f = feature(topology, g) as unknown as { geometry: { coordinates: unknown } | null };
        const xs: number[] = [];
        const ys: number[] = [];
        const walk = (c: unknown): void => {
          if (Array.isArray(c) && typeof c[0] === 'number') {
            xs.push(c[0] as number);
            ys.push(c[1] as number);
          } else if (Array.isArray(c)) c.forEach(walk);
        };
        walk(f.geometry?.coordinates);
        return xs.length > 0 && Math.max(...xs) >= REGION[0] && Math.min(...xs) <= REGION[2] && Math.max(...ys) >= REGION[1] && Math.min(...ys) <= REGION[3];
      };
      const region = { ...all, geometries: all.geometries.filter(inRegion) };
      const round = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);
      const countries = feature(topology, region);
      const borders = mesh(topology, region, (a: unknown, b: unknown) => a !== b);
      // Lakes and the widest rivers: Natural Earth's are not packaged on npm, so OpenStreetMap's water
      // polygons at 10 km as geo-maps packages them (ODbL: credited on the map), the region's only.
      const water = ['@geo-maps/earth-lakes-10km', '@geo-maps/earth-rivers-10km'].flatMap((pkg) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const collection: any = JSON.parse(readFileSync(require.resolve(`${pkg}/map.geo.json`), 'utf8'));
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return collection.geometries.flatMap((g: any) => (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]))
          .filter((polygon: number[][][]) => polygon[0].some(([x, y]) => x >= REGION[0] && x <= REGION[2] && y >= REGION[1] && y <= REGION[3]))
          .map((polygon: number[][][]) => ({ type: 'Feature', properties: { kind: pkg.includes('rivers') ? 'river' : 'lake' }, geometry: { type: 'Polygon', coordinates: polygon } }));
      });
      const waters = { type: 'FeatureCollection', features: water };
      return `export default ${JSON.stringify({ countries, borders, waters }, round)};`;
    },
    // The world's land, for the server's basemap vector tiles (MOTIS's /tiles/{z}/{x}/{y}.mvt, docs/server.md):
    // the same Natural Earth data, the whole world (MOTIS's web UI may look anywhere), ~1 km precision.
    generateBundle() {
      const require = createRequire(import.meta.url);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const topology: any = JSON.parse(readFileSync(require.resolve('world-atlas/land-50m.json'), 'utf8'));
      const land = feature(topology, topology.objects.land);
      const round = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);
      this.emitFile({ type: 'asset', fileName: 'basemap/land.geojson', source: JSON.stringify(land, round) });
    },
  };
}

// Built into dist/, served by `caravan serve` at / (docs/web.md). Hashed names under assets/ are cached
// for a year by the server; index.html is not cached.
export default defineConfig({
  base: '/',
  plugins: [basemap()],
  build: {
    outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: true, chunkSizeWarningLimit: 1200,
    // The texts, one chunk per language (i18n/*.ts: texts-en-[hash].js, …; the register's, i18n/register/*.ts:
    // register-texts-en-[hash].js, …; the cases', i18n/cases/*.ts: cases-texts-en-[hash].js, …).
    rollupOptions: {
      output: {
        chunkFileNames: (chunk) => (chunk.facadeModuleId?.includes('/i18n/register/') ? 'assets/register-texts-[name]-[hash].js'
          : chunk.facadeModuleId?.includes('/i18n/cases/') ? 'assets/cases-texts-[name]-[hash].js'
          : /\/i18n\/(en|zh|ru|kk|ky|uz)\.ts$/.test(chunk.facadeModuleId ?? '') ? 'assets/texts-[name]-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' } },
});
