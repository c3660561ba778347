// A real `caravan serve` for the end-to-end tests: the Silk Road data imported into a temporary folder
// (or CARAVAN_TIMETABLE), the built app (dist/), a free loopback port read from the `ready on` line.
// startServer({ register: true }) serves with a register (SQLite in the temporary folder) whose first
// admin `caravan admin create` makes (docs/register.md): `server.admin` is its email and password. The
// register gives the cases too (docs/cases.md), with the repository's business calendars.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoDir = path.resolve(webDir, '..');
const binary = process.env.CARAVAN_BINARY ?? path.join(repoDir, 'build/release/apps/caravan/caravan');

export const registerAdmin = { email: 'admin@caravan.test', name: 'E2E Admin', password: 'admin-password-e2e' };

export async function startServer({ register = false } = {}) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: build it first (scripts/build.sh)`);
  if (!existsSync(path.join(webDir, 'dist/index.html'))) throw new Error('web/dist is missing: npm run build');
  const scratch = mkdtempSync(path.join(tmpdir(), 'caravan-web-e2e-'));
  let timetable = process.env.CARAVAN_TIMETABLE;
  if (!timetable) {
    timetable = path.join(scratch, 'timetable.bin');
    const r = spawnSync(binary, ['import', path.join(repoDir, 'data/silkroad'), '-o', timetable, '-q'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('caravan import failed');
  }
  const registerArgs = [];
  // The cases come with the register (its key file made beside the SQLite file); their deadlines count in
  // the bundled business calendars, which `caravan serve` looks for relative to its working folder: named
  // here by the environment (an older binary ignores it).
  const calendars = path.join(repoDir, 'data/cases/calendars.json');
  const caseCalendars = register && existsSync(calendars) && !process.env.CARAVAN_CASE_CALENDARS ? { CARAVAN_CASE_CALENDARS: calendars } : {};
  // The sites' visit lengths and hours for heritage tours, which `caravan serve` also looks for relative to
  // its working folder (docs/tours.md).
  const visits = path.join(repoDir, 'data/tours/site_visits.csv');
  const siteVisits = existsSync(visits) && !process.env.CARAVAN_SITE_VISITS ? { CARAVAN_SITE_VISITS: visits } : {};
  // The published figures the statistics list (docs/stats.md), which `caravan serve` also looks for
  // relative to its working folder; an older binary ignores the variable.
  const publishedCsv = path.join(repoDir, 'data/stats/published.csv');
  const published = existsSync(publishedCsv) && !process.env.CARAVAN_PUBLISHED ? { CARAVAN_PUBLISHED: publishedCsv } : {};
  if (register) {
    const db = path.join(scratch, 'register.db');
    // The password from the environment, never an argument (docs/register.md).
    const r = spawnSync(binary, ['admin', 'create', '--register', db, '--email', registerAdmin.email, '--name', registerAdmin.name],
      { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CARAVAN_ADMIN_PASSWORD: registerAdmin.password } });
    if (r.status !== 0) throw new Error('caravan admin create failed');
    registerArgs.push('--register', db);
  }
  const child = spawn(binary, ['serve', '--timetable', timetable, '--port', '0', '--threads', '2', '-q',
    '--web', path.join(webDir, 'dist'), '--rules', path.join(repoDir, 'data/rules'),
    '--sites', path.join(repoDir, 'data/silkroad/caravan_heritage_sites.txt'), ...registerArgs], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...caseCalendars, ...siteVisits, ...published } });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`caravan serve did not start: ${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`caravan serve exited with ${code}`)));
  });
  return {
    url,
    ...(register ? { admin: registerAdmin } : {}),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
