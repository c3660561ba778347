// MOTIS's basemap tiles (/tiles/{z}/{x}/{y}.mvt, docs/server.md) from the built app's Natural Earth land,
// read back with Mapbox's own vector-tile parser: the sea where the sea is, land where land is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { startServer } from './server.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

// The share of the tile (0..1) that the `coastline` layer (the sea) covers: outlines add, holes subtract.
async function seaShare(z, x, y) {
  const r = await fetch(`${server.url}/tiles/${z}/${x}/${y}.mvt`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
  const tile = new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())));
  const layer = tile.layers.coastline;
  if (!layer) return null;  // the parser leaves out an empty layer
  assert.equal(layer.extent, 4096);
  let area = 0;
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    assert.equal(f.type, 3, 'polygons');
    for (const ring of f.loadGeometry()) {
      let a = 0;
      for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) a += ring[j].x * ring[k].y - ring[k].x * ring[j].y;
      area += a / 2;
    }
  }
  return area / (4096 * 4096);
}

test('the Indian Ocean is sea, Kazakhstan is land, the Caspian is water within land', async () => {
  assert.ok((await seaShare(3, 5, 4)) > 0.8, 'south of India: mostly sea');
  assert.ok(Math.abs(await seaShare(5, 22, 11)) < 0.01, 'Kazakhstan and Uzbekistan: no sea');
  const caspian = await seaShare(5, 20, 11);  // 45-56.25 E, 41-48.9 N: the middle and northern Caspian
  assert.ok(caspian > 0.02 && caspian < 0.6, `the Caspian's tile has some water, not all: ${caspian}`);
  assert.equal(await seaShare(0, 0, 0), null, 'zoom 0: the layer is empty');
  const bad = await fetch(`${server.url}/tiles/15/0/0.mvt`);
  assert.equal(bad.status, 404);
  assert.equal((await bad.json()).code, 'not_found');
});
