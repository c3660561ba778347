import { defineConfig } from 'vite';

// Built into dist/, served by `caravan serve` at / (docs/web.md). Hashed names under assets/ are cached
// for a year by the server; index.html is not cached.
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' } },
});
