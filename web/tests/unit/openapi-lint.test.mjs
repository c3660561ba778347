// The OpenAPI linter (Redocly, `npm run lint:api`, run by scripts/test.sh) on the real spec, and on a copy
// with the kind of mistake it caught once (an unquoted comma in a flow-style description, which YAML read
// as a second key): the real one passes, the broken one fails naming the place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repoDir = path.resolve(webDir, '..');
const redocly = path.join(webDir, 'node_modules/.bin/redocly');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

function lint(file) {
  return spawnSync(redocly, ['lint', file, '--config', path.join(repoDir, 'redocly.yaml'), '--format=summary'],
    { encoding: 'utf8', env, cwd: webDir });
}

test('the spec passes the linter', () => {
  const r = lint(path.join(repoDir, 'api/openapi.yaml'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('a spec with a stray key and an undefined reference fails it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'caravan-lint-'));
  try {
    const spec = readFileSync(path.join(repoDir, 'api/openapi.yaml'), 'utf8')
      .replace("{description: 'The operator''s record, status applied',", "{description: The operator's record, status applied,")
      .replace("$ref: '#/components/schemas/TourCheck'", "$ref: '#/components/schemas/NoSuchSchema'");
    const file = path.join(dir, 'openapi.yaml');
    writeFileSync(file, spec);
    const r = lint(file);
    assert.notEqual(r.status, 0, 'the broken spec passed');
    assert.match(r.stdout + r.stderr, /struct/);
    assert.match(r.stdout + r.stderr, /no-unresolved-refs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
