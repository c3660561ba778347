// The tour builder (/tour, issue 18) end to end (harness.mjs: a real server, Debian's chromium, axe-core):
// on a phone (390 px) the Kazakh corridor's sites (a theme) from Almaty on 2026-06-01 for a Chinese
// traveller in 5 days: day 1, the route's lines on the map, the estimated badges, the exports answering
// with their types, the share link reopening the same tour, the same in Chinese, a tour too short (1 day)
// with its shortfall applied, the site list by keyboard, axe-core on the form and the result; operator
// staff signed in save the tour as a draft group tour programme, read back from GET /api/v1/tours/{id}.
// TOUR_FIXTURE=1 answers /api/v1/tours/plan with the unit tests' hand-written answer (for a server
// without the endpoint yet); the tests are meant for the real one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, choosePlace, shots, useBrowser } from './harness.mjs';

// A register too: "save as a group tour programme" is for operator staff signed in.
const env = useBrowser({ register: true });
const fixture = process.env.TOUR_FIXTURE ? await import('../unit/tour-fixture.test.mjs') : null;

async function phone(lang = 'en') {
  const p = await env.newPage({ width: 390, height: 844 });
  if (fixture) {
    await p.page.route('**/api/v1/tours/plan?**', (route) => {
      const q = new URL(route.request().url()).searchParams;
      const format = q.get('format') ?? 'json';
      const types = { json: 'application/json', ics: 'text/calendar; charset=utf-8', geojson: 'application/geo+json', html: 'text/html; charset=utf-8' };
      const answer = q.get('days') === '1' ? fixture.SHORT : fixture.ANSWER;
      route.fulfill({ status: 200, contentType: types[format], body: format === 'json' ? JSON.stringify(answer) : `${format}\n` });
    });
  }
  p.lang = lang;
  return p;
}

// The results drawn (or an error said), the solver given time.
const built = (page) => page.waitForSelector('#tour-builder-results[data-ready="true"], #tour-builder-results .error', { timeout: 90_000 });
const routeDrawn = (page) => page.waitForFunction(() => {
  const m = window.caravanTourMap;
  return m?.loaded() && m.getSource('route') && m.querySourceFeatures('route').length > 0;
}, null, { timeout: 30_000 });
const noSidewaysScroll = async (page) => assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing wider than the phone');

const KAZAKH = '/tour?lang=en&start=almaty&date=2026-06-01&time=08:00&theme=corridor%3AKZ&days=5&travellers=CN';
let shared = '';

test('on a phone: the Kazakh corridor from Almaty on 2026-06-01, a Chinese traveller, 5 days', async () => {
  const { page, errors, close } = await phone();
  await page.goto(`${env.server.url}/tour?lang=en`);
  assert.equal(await page.locator('nav.views a[aria-current=page]').textContent(), 'Heritage tour');
  const theme = page.locator('.tour-theme[data-theme="corridor:KZ"]');
  await theme.and(page.locator(':not([disabled])')).waitFor({ timeout: 15_000 });
  await choosePlace(page, 'from', 'Almaty', 'almaty');
  await page.fill('input[name=date]', '2026-06-01');
  await page.fill('input[name=time]', '08:00');
  await page.fill('input[name=days]', '5');
  await theme.click();
  assert.equal(await theme.getAttribute('aria-pressed'), 'true');
  assert.match(await page.locator('.tour-chosen').textContent(), /^\d+ sites chosen$/);
  assert.equal(await page.locator('details.tour-country[data-country=KZ]').evaluate((d) => d.open), true, 'the chosen sites\' country is opened');
  await page.click('.add-traveller');
  assert.equal(await page.locator('select[name=nationality]').inputValue(), 'CN');
  await page.screenshot({ path: path.join(shots, 'tour-phone-form.png'), fullPage: true });
  await page.click('.tour-builder-form button[type=submit]');
  await built(page);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/tour');
  for (const [k, v] of Object.entries({ start: 'almaty', date: '2026-06-01', time: '08:00', theme: 'corridor:KZ', days: '5', travellers: 'CN' })) {
    assert.equal(url.searchParams.get(k), v, k);
  }
  assert.equal(await page.locator('#tour-builder-results .error').count(), 0, await page.locator('#tour-builder-results').innerText());
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tour-builder-results-heading', 'the focus moves to the results');
  assert.match(await page.locator('#tour-builder-results-heading').innerText(), /^(Your tour|Tours) from /);
  assert.match(await page.locator('.tour-method').innerText(), /Proven best|Best found \(heuristic\)/);
  const day1 = page.locator('.tour-day').first();
  assert.match(await day1.locator('h4').innerText(), /^Day 1 · Monday, (1 June|June 1),? 2026$/);
  assert.ok(await day1.locator('.tour-item').count() > 0);
  assert.match(await page.locator('.tour-figures').first().innerText(), /\d+ days?/);
  // Visit lengths are estimated (docs/tours.md): the badge says so wherever an item is.
  assert.ok(await page.locator('.tour-panel .badge.estimated').count() > 0, 'estimated badges');
  assert.ok(await page.locator('.tour-item-visit .badge.estimated').count() > 0, 'an estimated visit is marked');
  await routeDrawn(page);
  assert.ok(await page.locator('.tour-site-number:not(.inline)').count() > 0, 'the sites numbered on the map');
  // The map fitted to the tour: every numbered site inside the map's box.
  await page.waitForFunction(() => {
    const box = document.querySelector('.tour-panel .tour-map')?.getBoundingClientRect();
    const numbers = [...document.querySelectorAll('.tour-map .tour-site-number')].map((e) => e.getBoundingClientRect());
    return box && box.width > 0 && numbers.length && numbers.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
  }, null, { timeout: 10_000 });
  // A journey's legs, by keyboard.
  const legs = page.locator('.tour-journey .details-toggle').first();
  if (await legs.count()) {
    await legs.focus();
    await page.keyboard.press('Enter');
    assert.equal(await legs.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('.tour-journey .timeline:not([hidden]) .leg').count() > 0);
  }
  // The exports: the same query with format=..., answered with their types.
  const links = await page.locator('.tour-export').evaluateAll((as) => as.map((a) => ({ format: a.dataset.format, href: a.getAttribute('href') })));
  assert.deepEqual(links.map((l) => l.format), ['ics', 'geojson', 'html']);
  for (const l of links) {
    const q = new URL(l.href, env.server.url).searchParams;
    assert.equal(q.get('format'), l.format);
    assert.equal(q.get('tour'), '0');
    assert.equal(q.get('theme'), 'corridor:KZ');
    const r = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.text()).slice(0, 200) };
    }, l.href);
    assert.equal(r.status, 200, `${l.format}: ${r.body}`);
    assert.match(r.type, { ics: /^text\/calendar/, geojson: /^application\/(geo\+)?json/, html: /^text\/html/ }[l.format], l.format);
  }
  shared = await page.locator('.tour-share-url').inputValue();
  assert.ok(shared.startsWith(`${env.server.url}/tour?lang=en&`), shared);
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(shots, 'tour-phone-result.png'), fullPage: true });
  await page.locator('.tour-day').first().screenshot({ path: path.join(shots, 'tour-phone-day1.png') });
  assert.deepEqual(errors, []);
  await close();
});

test('the share link reopens and recomputes the same tour; the same in Chinese', async () => {
  const link = shared || `${env.server.url}${KAZAKH}`;
  const first = await phone();
  await first.page.goto(link);
  await built(first.page);
  const summary = await first.page.locator('.tour-figures').first().innerText();
  const order = await first.page.locator('.tour-order').first().innerText();
  const days = await first.page.locator('.tour-day h4').allInnerTexts();
  assert.equal(await first.page.locator('.tour-theme[data-theme="corridor:KZ"]').getAttribute('aria-pressed'), 'true', 'the form as it was');
  assert.equal(await first.page.locator('input[name=days]').inputValue(), '5');
  await first.close();

  const again = await phone();
  await again.page.goto(link);
  await built(again.page);
  assert.equal(await again.page.locator('.tour-figures').first().innerText(), summary);
  assert.equal(await again.page.locator('.tour-order').first().innerText(), order);
  assert.deepEqual(await again.page.locator('.tour-day h4').allInnerTexts(), days);
  await again.close();

  const zh = await phone('zh');
  await zh.page.goto(link.replace('lang=en', 'lang=zh'));
  await built(zh.page);
  assert.equal(await zh.page.locator('#tour-builder-heading').innerText(), '遗产之旅规划');
  assert.match(await zh.page.locator('#tour-builder-results-heading').innerText(), /从.+出发的行程/);
  assert.match(await zh.page.locator('.tour-day h4').first().innerText(), /^第 1 天 · 2026年6月1日星期一$/);
  assert.equal(await zh.page.locator('.tour-exports h4').first().innerText(), '带上行程');
  assert.equal(await zh.page.locator('.tour-builder-form button[type=submit]').innerText(), '生成行程');
  assert.equal(await zh.page.locator('nav.views a[aria-current=page]').textContent(), '遗产之旅');
  assert.ok(await zh.page.locator('.tour-panel .badge.estimated', { hasText: '估计' }).count() > 0);
  await zh.page.screenshot({ path: path.join(shots, 'tour-phone-zh.png'), fullPage: true });
  assert.deepEqual(zh.errors, []);
  await zh.close();
});

test('a tour too short (1 day): the shortfall says what fits, and its button plans again with it', async () => {
  const { page, errors, close } = await phone();
  await page.goto(`${env.server.url}${KAZAKH.replace('days=5', 'days=1')}`);
  await built(page);
  const shortfall = page.locator('.tour-shortfall');
  await shortfall.waitFor();
  const text = await shortfall.innerText();
  assert.match(text, /Not all the sites fit/);
  assert.match(text, /need \d+ days|leave out: /);
  // The tours then: the best of the sites that fit (saying which it leaves out), all of them over more days.
  if (await page.locator('.tour-panel').count()) {
    assert.match(await page.locator('.tour-caveats').first().innerText(), /Leaves out: |more than the 1 available/);
  }
  await page.locator('#tour-builder-results').screenshot({ path: path.join(shots, 'tour-phone-shortfall.png') });
  const apply = shortfall.locator('button.apply-days, button.apply-drop').first();
  assert.equal(await apply.count(), 1, 'a button applies it');
  const isDays = await apply.evaluate((b) => b.classList.contains('apply-days'));
  await apply.click();
  await page.waitForURL((u) => (isDays ? u.searchParams.get('days') !== '1' : !!u.searchParams.get('sites')));
  await built(page);
  const url = new URL(page.url());
  if (isDays) assert.ok(Number(url.searchParams.get('days')) > 1);
  else assert.equal(url.searchParams.get('theme'), null, 'the theme turned into the sites that fit');
  assert.deepEqual(errors, []);
  await close();
});

test('the site list by keyboard, and the form\'s problems said at their field', async () => {
  const { page, close } = await phone();
  await page.goto(`${env.server.url}/tour?lang=en`);
  await page.locator('details.tour-country[data-country=KG] summary').waitFor();
  const summary = page.locator('details.tour-country[data-country=KG] summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const box = page.locator('details.tour-country[data-country=KG] input[name=site]').first();
  await box.focus();
  await page.keyboard.press('Space');
  assert.equal(await box.isChecked(), true);
  assert.equal(await page.locator('.tour-chosen').textContent(), '1 site chosen');
  assert.match(await summary.innerText(), /, 1 chosen/);
  await page.keyboard.press('Space');
  assert.equal(await page.locator('.tour-chosen').textContent(), 'No site chosen yet.');
  // Nothing chosen: the start is asked for first, then a site.
  await page.click('.tour-builder-form button[type=submit]');
  assert.equal(await page.locator('.tour-builder-form .form-error a').innerText(), 'Choose where the tour starts.');
  assert.equal(await page.locator('.stop-field-from .field-error').innerText(), 'Choose where the tour starts.');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'from');
  await choosePlace(page, 'from', 'Almaty', 'almaty');
  await page.click('.tour-builder-form button[type=submit]');
  assert.equal(await page.locator('.tour-builder-form .form-error a').innerText(), 'Choose at least one site, or a theme.');
  assert.equal(await page.locator('.tour-sites .field-error').innerText(), 'Choose at least one site, or a theme.');
  assert.equal(await page.locator('.stop-field-from .field-error').count(), 0, 'the start\'s message gone once mended');
  assert.deepEqual(await axe(page), [], 'axe-core on the form with an error');
  await noSidewaysScroll(page);
  await close();
});

test('a change of language keeps the form\'s unsent edits and builds nothing from them', async () => {
  const { page, errors, close } = await phone();
  await page.goto(`${env.server.url}/tour?lang=en`);
  await page.locator('.tour-theme[data-theme="country:UZ"]:not([disabled])').waitFor();
  await choosePlace(page, 'from', 'Almaty', 'almaty');
  await page.fill('input[name=days]', '7');
  await page.click('.tour-theme[data-theme="country:UZ"]');
  await page.selectOption('#language', 'ru');
  // The view drawn again in Russian (the pressed theme alone may still be the English view's).
  await page.locator('#tour-builder-heading', { hasText: 'Конструктор тура по наследию' }).waitFor();
  await page.locator('.tour-theme[data-theme="country:UZ"][aria-pressed=true]').waitFor();
  assert.equal(await page.locator('#tour-builder-heading').innerText(), 'Конструктор тура по наследию');
  assert.equal(await page.locator('input[name=days]').inputValue(), '7');
  assert.notEqual(await page.locator('.stop-field-from input').inputValue(), '');
  assert.equal(await page.locator('.tour-panel, .tour-builder-results .loading').count(), 0, 'no tour built from unsent edits');
  assert.equal(new URL(page.url()).searchParams.get('days'), null);
  assert.deepEqual(errors, []);
  await close();
});

test('axe-core: the result (a tour with its legs open) and the shortfall, in English and Russian', async () => {
  const { page, close } = await phone();
  await page.goto(`${env.server.url}${KAZAKH}`);
  await built(page);
  await page.locator('.tour-journey .details-toggle').first().click().catch(() => undefined);
  assert.deepEqual(await axe(page), []);
  await page.goto(`${env.server.url}${KAZAKH.replace('days=5', 'days=1').replace('lang=en', 'lang=ru')}`);
  await built(page);
  assert.equal(await page.locator('#tour-builder-heading').innerText(), 'Конструктор тура по наследию');
  assert.deepEqual(await axe(page), []);
  await close();
});

async function api(method, route, body, token) {
  const res = await fetch(env.server.url + route, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

test('operator staff signed in save the tour as a draft group tour programme (its legs and stays)', async () => {
  const staff = { email: 'heritage@silkroad-tours.test', displayName: 'Dana Heritage', password: 'staff-password-h' };
  const signIn = async (who) => (await api('POST', '/api/v1/auth/signin', { email: who.email, password: who.password })).body?.token;
  const admin = await signIn(env.server.admin);
  assert.equal((await api('POST', '/api/v1/accounts', { ...staff, role: 'operator_staff' }, admin)).status, 201);
  const token = await signIn(staff);
  const applied = await api('POST', '/api/v1/operators', {
    legalName: 'Heritage Caravans LLP', names: [], country: 'KZ', licenceNumber: 'KZ-TO-1442',
    issuer: 'Ministry of Tourism and Sports of Kazakhstan', validFrom: '2025-01-01', validTo: '2028-12-31',
    email: 'office@heritage.test', phone: '+7 727 000 1442', website: 'https://heritage.test', countries: ['KZ', 'KG'],
  }, token);
  assert.equal(applied.status, 201, applied.text);

  const { page, errors, close } = await phone();
  // Not signed in: no "save".
  await page.goto(`${env.server.url}${KAZAKH}`);
  await built(page);
  assert.equal(await page.locator('.tour-save:not([hidden])').count(), 0);
  await page.goto(`${env.server.url}/register?lang=en`);
  await page.locator('.sign-in input[name=email]').fill(staff.email);
  await page.locator('.sign-in input[name=password]').fill(staff.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.whoami').waitFor();
  await page.goto(`${env.server.url}${KAZAKH.replace('travellers=CN', 'travellers=CN&group=12&groupOperator=KZ-TO-1442&groupRegistered=true')}`);
  await built(page);
  const save = page.locator('.tour-save');
  await save.locator('input[name=title]').waitFor();
  assert.equal(await save.locator('input[name=maxSize]').inputValue(), '12', 'the group\'s size');
  await save.locator('input[name=title]').fill('The Kazakh corridor in five days');
  await save.locator('button[type=submit]').click();
  await save.locator('[role=status] p').waitFor();
  const said = await save.locator('[role=status] p').innerText();
  const m = /draft group tour (\d+)/.exec(said);
  assert.ok(m, said);
  await save.screenshot({ path: path.join(shots, 'tour-phone-saved.png') });
  const tour = await api('GET', `/api/v1/tours/${m[1]}`, undefined, token);
  assert.equal(tour.status, 200, tour.text);
  assert.equal(tour.body.title, 'The Kazakh corridor in five days');
  assert.equal(tour.body.status, 'draft');
  assert.deepEqual(tour.body.languages, ['en']);
  assert.equal(tour.body.maxSize, 12);
  assert.ok(tour.body.stays.length >= 1, 'stays');
  assert.equal(tour.body.stays[0].country, 'KZ');
  assert.match(tour.body.stays[0].entry, /^2026-06-01/);
  const legs = (await page.locator('.tour-journey').count()) > 0;
  if (legs) assert.ok(tour.body.legs.length > 0, 'the journeys\' legs');
  assert.deepEqual(errors, []);
  await close();
});

// Where an element is on the screen: wholly inside the phone's viewport, or not.
const inView = (locator) => locator.evaluate((el) => {
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
});

test('on a phone, each form problem is seen beside its field, with a summary at the top linking to it', async () => {
  const { page, errors, close } = await phone();
  await page.goto(`${env.server.url}/tour?lang=en`);
  await page.locator('.tour-theme[data-theme="corridor:KZ"]:not([disabled])').waitFor({ timeout: 15_000 });
  // The empty form, sent from its button at the bottom (y ~ 2000 at 390 px).
  await page.locator('.tour-builder-form button[type=submit]').scrollIntoViewIfNeeded();
  await page.click('.tour-builder-form button[type=submit]');
  const fieldError = page.locator('.stop-field-from .field-error');
  assert.equal(await fieldError.innerText(), 'Choose where the tour starts.');
  assert.ok(await inView(fieldError), 'the start\'s message is on the screen after the submit');
  assert.ok(await inView(page.locator('.tour-builder-form .form-error')), 'the summary is on the screen too');
  const input = page.locator('.stop-field-from input');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.ok((await input.getAttribute('aria-describedby')).split(' ').includes(await fieldError.getAttribute('id')), 'the message describes the field');
  await page.screenshot({ path: path.join(shots, 'tour-phone-error.png') });
  // Days 0, 31, -1: the focus and the message at the days, on the screen.
  await choosePlace(page, 'from', 'Almaty', 'almaty');
  await page.click('.tour-theme[data-theme="corridor:KZ"]');
  for (const days of ['0', '31', '-1']) {
    await page.fill('input[name=days]', days);
    await page.locator('.tour-builder-form button[type=submit]').scrollIntoViewIfNeeded();
    await page.click('.tour-builder-form button[type=submit]');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'days', `days ${days}: focused`);
    const msg = page.locator('.tour-when .field-error');
    assert.equal(await msg.innerText(), 'The days available are 1 to 30.', `days ${days}`);
    assert.ok(await inView(msg), `days ${days}: the message is on the screen`);
    assert.equal(await page.locator('input[name=days]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.tour-builder-form .field-error').count(), 1, 'one message at a time');
  }
  // A problem at the bottom of the form (no transport, in the closed preferences): opened, on the screen.
  await page.fill('input[name=days]', '5');
  await page.locator('details.tour-prefs summary').click();
  for (const box of await page.locator('input[name=modes]').all()) await box.uncheck();
  await page.locator('details.tour-prefs summary').click();
  await page.click('.tour-builder-form button[type=submit]');
  const modesMsg = page.locator('.tour-prefs .field-error');
  await modesMsg.waitFor();
  assert.ok(await inView(modesMsg), 'the transport\'s message is on the screen');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'modes');
  for (const box of await page.locator('input[name=modes]').all()) await box.check();
  await page.fill('input[name=days]', '0');
  await page.click('.tour-builder-form button[type=submit]');
  // The summary's link moves to the field.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.locator('.tour-builder-form .form-error a').scrollIntoViewIfNeeded();
  await page.click('.tour-builder-form .form-error a');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'days');
  assert.deepEqual(await axe(page), [], 'axe-core on the form with a field\'s message');
  assert.deepEqual(errors, []);
  await close();
});

test('a server\'s 400 naming a parameter marks its field: an unknown start', async () => {
  const { page, close } = await phone();
  await page.goto(`${env.server.url}/tour?lang=en&start=Atlantis&date=2026-06-01&time=08:00&theme=corridor%3AKZ&days=5`);
  await built(page);
  await page.locator('.stop-field-from .field-error').waitFor();
  assert.match(await page.locator('.stop-field-from .field-error').innerText(), /Atlantis/);
  assert.equal(await page.locator('.stop-field-from input').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#tour-builder-results .error').innerText(), /Atlantis/, 'said in the results too');
  await close();
});

test('a hired car (car=true in the link): the Kazakh corridor in 8 days reaches Kayalyk by an estimated drive', async () => {
  const { page, errors, close } = await phone();
  await page.goto(`${env.server.url}/tour?lang=en&start=almaty&date=2026-06-01&time=08:00&theme=corridor%3AKZ&days=8&car=true`);
  assert.equal(await page.locator('input[name=car]').isChecked(), true, 'the control reopens checked');
  assert.equal(await page.locator('details.tour-prefs').evaluate((d) => d.open), true, 'the preferences open where one is set');
  await built(page);
  assert.equal(await page.locator('#tour-builder-results .error').count(), 0);
  const order = await page.locator('.tour-panel .tour-order li').allInnerTexts();
  assert.ok(order.some((x) => /Kayalyk/.test(x)), `Kayalyk visited: ${order.join(' | ')}`);
  const cars = page.locator('.tour-panel .tour-item-car');
  assert.ok(await cars.count() > 0, 'a drive by the hired car');
  const drive = await cars.first().innerText();
  assert.match(drive, /By hired car to Taldykorgan/);
  assert.match(drive, /Hired car/);
  assert.match(drive, /estimated/);
  assert.equal(new URL(await page.locator('.tour-export-ics').getAttribute('href'), env.server.url).searchParams.get('car'), 'true', 'the exports ask with the car too');
  await cars.first().scrollIntoViewIfNeeded();
  await page.locator('.tour-day').first().screenshot({ path: path.join(shots, 'tour-phone-car.png') });
  // Unticked and built again: the link drops it.
  await page.locator('input[name=car]').uncheck();
  await page.click('.tour-builder-form button[type=submit]');
  await page.waitForURL((u) => !u.searchParams.has('car'));
  assert.deepEqual(errors, []);
  await close();
  // The same in Chinese: the drive said as a hired car's, its chip and badge translated.
  const zh = await phone('zh');
  await zh.page.goto(`${env.server.url}/tour?lang=zh&start=almaty&date=2026-06-01&time=08:00&theme=corridor%3AKZ&days=8&car=true`);
  await built(zh.page);
  const zhDrive = await zh.page.locator('.tour-panel .tour-item-car').first().innerText();
  assert.match(zhDrive, /租车前往/);
  assert.match(zhDrive, /估算|估计/, zhDrive);
  await zh.page.locator('.tour-day').first().screenshot({ path: path.join(shots, 'tour-phone-car-zh.png') });
  assert.deepEqual(zh.errors, []);
  await zh.close();
});

test('keepOrder: the chosen order kept in the link, moved in the form, and visited so', async () => {
  const { page, errors, close } = await phone();
  await page.goto(`${env.server.url}/tour?lang=en&start=almaty&date=2026-06-01&time=08:00&sites=kz_aktobe,kz_talgar&days=6&keepOrder=true`);
  assert.equal(await page.locator('input[name=keepOrder]').isChecked(), true);
  await built(page);
  const order = page.locator('.tour-visit-order li');
  await order.first().waitFor();
  assert.deepEqual((await order.allInnerTexts()).map((x) => x.split('\n')[0].replace(/[↑↓\s]+$/, '')), ['Site of Aktobe (Stepninskoye)', 'Site of Talgar']);
  assert.match((await page.locator('.tour-panel .tour-order li').allInnerTexts())[0], /Aktobe/, 'visited in the order given');
  // Talgar moved earlier by keyboard, then built: the link says so.
  await page.getByRole('button', { name: 'Move Site of Talgar earlier' }).focus();
  await page.keyboard.press('Enter');
  assert.match(await order.first().innerText(), /Talgar/);
  await page.locator('.tour-sites').screenshot({ path: path.join(shots, 'tour-phone-keep-order.png') });
  await page.locator('details.tour-prefs').screenshot({ path: path.join(shots, 'tour-phone-prefs.png') });
  await page.click('.tour-builder-form button[type=submit]');
  await page.waitForURL((u) => u.searchParams.get('sites') === 'kz_talgar,kz_aktobe' && u.searchParams.get('keepOrder') === 'true');
  await page.locator('#tour-builder-results[data-ready="true"]').waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => /Talgar/.test(document.querySelector('.tour-panel .tour-order li')?.textContent ?? ''));
  // Back: the earlier order again, checked.
  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get('sites') === 'kz_aktobe,kz_talgar');
  assert.equal(await page.locator('input[name=keepOrder]').isChecked(), true);
  assert.deepEqual(errors, []);
  await close();
});

test('onwardTicket: checked in the group section, in the link and back', async () => {
  const { page, close } = await phone();
  await page.goto(`${env.server.url}${KAZAKH}&onwardTicket=true`);
  assert.equal(await page.locator('.tour-group input[name=onwardTicket]').isChecked(), true);
  await built(page);
  assert.equal(new URL(await page.locator('.tour-share-url').inputValue()).searchParams.get('onwardTicket'), 'true');
  await close();
});

test('an item\'s endTz: its end shown in that zone (the answer rewritten here: a journey said to arrive in UTC+6)', async () => {
  const { page, errors, close } = await phone();
  let changed = null;
  await page.route('**/api/v1/tours/plan?**', async (route) => {
    const res = await route.fetch();
    const answer = await res.json();
    const item = answer.tours[0].dayByDay.flatMap((d) => d.items).find((i) => i.kind === 'journey');
    if (item) {
      item.endTz = 'Asia/Bishkek';
      changed = item;
    }
    await route.fulfill({ response: res, json: answer });
  });
  await page.goto(`${env.server.url}${KAZAKH}`);
  await built(page);
  assert.ok(changed, 'the tour has a journey');
  // The journey's end, an instant, as Bishkek's wall clock (UTC+6 all year).
  const end = new Date(Date.parse(changed.endTime) + 6 * 3600_000).toISOString().slice(11, 16);
  const times = await page.locator('.tour-panel .tour-item-journey .tour-span-times').first().innerText();
  assert.match(times, new RegExp(`– ${end}\\b.*GMT\\+6`), times);
  assert.deepEqual(errors, []);
  await close();
});
