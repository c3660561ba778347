// The tour form's "Plan the journey with Caravan" end to end, at a phone's width (390 px): the operator's
// staff plan Urumqi -> Bishkek by road with the stop autocomplete and add it (its two legs listed, the
// empty stays filled with China, Kazakhstan and Kyrgyzstan at local times with offsets and the entry
// ports), then Bishkek -> Almaty three days later (the tour has stays now: the journey's countries only
// when asked, continuing Kyrgyzstan), remove a leg and plan it again, save, and read the legs and stays
// back from GET /api/v1/tours/{id}; the tour's page lists the legs. axe-core on the form, a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, choosePlace, shots, useBrowser } from './harness.mjs';

const env = useBrowser({ register: true });
const staff = { email: 'planner@silkroad-tours.test', displayName: 'Aigerim Planner', password: 'staff-password-p' };

async function api(method, route, body, token) {
  const res = await fetch(env.server.url + route, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

async function tokenOf(who) {
  const r = await api('POST', '/api/v1/auth/signin', { email: who.email, password: who.password });
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}

const overflowing = (page) => page.evaluate(() => [document.documentElement, ...document.querySelectorAll('body *')]
  .filter((e) => (e.getBoundingClientRect().right > window.innerWidth + 1 || (e === document.documentElement && e.scrollWidth > window.innerWidth)) && !e.parentElement?.closest('.table-scroll'))
  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)} ${e.scrollWidth}`).slice(0, 12));

const stayValues = (form) => form.locator('.tour-stay').evaluateAll((els) => els.map((e) => ({
  country: e.querySelector('select[name=country]').value,
  entry: `${e.querySelector('input[name=entryDate]').value} ${e.querySelector('input[name=entryTime]').value}`,
  exit: `${e.querySelector('input[name=exitDate]').value} ${e.querySelector('input[name=exitTime]').value}`,
  entryPort: e.querySelector('input[name=entryPort]').value,
})));

// A leg as listed: route, times (with what screen readers hear), mode, name and estimated.
const legText = (li) => li.evaluate((e) => [...e.querySelectorAll(':scope > span')].map((x) => [...x.childNodes].map((n) => n.textContent.trim()).filter(Boolean).join(' ')));

async function findJourneys(form, date, time) {
  await form.locator('input[name=planDate]').fill(date);
  await form.locator('input[name=planTime]').fill(time);
  await form.locator('button.find-journeys').click();
  await form.locator('.planner-journey').first().waitFor({ timeout: 20_000 });
}

test('staff plan Urumqi -> Bishkek, then Bishkek -> Almaty, in the tour form; the legs and stays are saved', async () => {
  const admin = await tokenOf(env.server.admin);
  const made = await api('POST', '/api/v1/accounts', { ...staff, role: 'operator_staff' }, admin);
  assert.equal(made.status, 201, made.text);
  const token = await tokenOf(staff);
  const applied = await api('POST', '/api/v1/operators', {
    legalName: 'Tian Shan Journeys LLP', names: [], country: 'KZ', licenceNumber: 'KZ-TO-0777',
    issuer: 'Ministry of Tourism and Sports of Kazakhstan', validFrom: '2025-01-01', validTo: '2028-12-31',
    email: 'office@tianshan.test', phone: '+7 727 000 0001', website: 'https://tianshan.test', countries: ['KZ', 'KG'],
  }, token);
  assert.equal(applied.status, 201, applied.text);

  const { page, errors, close } = await env.newPage({ width: 390, height: 844 });
  await page.goto(`${env.server.url}/register?lang=en`);
  await page.locator('.sign-in input[name=email]').fill(staff.email);
  await page.locator('.sign-in input[name=password]').fill(staff.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('button.new-tour').click();
  const form = page.locator('form.tour-form');
  await form.waitFor();
  await form.locator('input[name=title]').fill('Tian Shan by road');
  assert.equal(await form.locator('.tour-planner legend').textContent(), 'Plan the journey with Caravan');
  assert.equal(await form.locator('.legs-none').textContent(), 'No legs yet: plan a journey above.');

  // Nothing chosen: said at the planner, the first empty field focused, the tour form not sent.
  await form.locator('button.find-journeys').click();
  assert.equal(await form.locator('.tour-planner .field-error').textContent(), 'Give both places and a day.');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'from');

  await choosePlace(page, 'from', 'Urumqi', 'urumqi');
  // A place typed and not known: said as the plan says it, the place meant one click away.
  await form.locator('.stop-field-to input').fill('Bishkekk');
  await form.locator('input[name=planDate]').fill('2026-06-05');
  await form.locator('input[name=planTime]').fill('08:00');
  await form.locator('input[name=planTime]').press('Enter');
  const failure = form.locator('.planner-error');
  await failure.waitFor();
  assert.match(await failure.innerText(), /does not know the place “Bishkekk”/);
  assert.equal(await page.locator('.tour-page, .tours .note').count(), 0, 'Enter in the planner does not send the tour');
  await failure.locator('.did-you-mean button', { hasText: 'Bishkek' }).first().click();
  await form.locator('.planner-journey').first().waitFor({ timeout: 20_000 });
  assert.match(await form.locator('.planner-found').textContent(), /^2 journeys: /);
  const journeys = form.locator('.planner-journey');
  await form.locator('.tour-planner').screenshot({ path: path.join(shots, 'tour-plan-journeys-phone.png') });
  // Each journey as the plan sums it up: times, duration, changes, modes, estimated.
  assert.equal(await journeys.locator('.badge.estimated').count(), 2);
  assert.match(await journeys.first().innerText(), /2 changes/);
  const byRoad = journeys.filter({ hasNot: page.locator('.mode-air') });
  assert.match(await byRoad.locator('.changes').textContent(), /1 change/);
  assert.match(await byRoad.locator('button.add-journey').getAttribute('aria-label'), /^Add the journey .*08:00 .*→ Bishkek/);
  await byRoad.locator('button.add-journey').click();

  // The legs are listed, the empty stays filled, and focus is on what was done.
  const note = form.locator('.legs-note');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('legs-note')), true);
  assert.equal(await note.textContent(), '2 legs added: Ürümqi (road links, city point) → Bishkek (road links, city point). The stays are filled from the journey: China, Kazakhstan, Kyrgyzstan.');
  const legs = form.locator('.tour-legs-edit .tour-leg');
  assert.equal(await legs.count(), 2);
  assert.deepEqual(await legText(legs.nth(0)), ['Ürümqi (road links, city point) → Almaty (road links, city point)',
    'Departs: Jun 5, 2026 08:00 (UTC+8) – Arrives: Jun 5, 2026 18:00 (UTC+5)', 'Road estimated']);
  assert.deepEqual(await stayValues(form), [
    { country: 'CN', entry: '2026-06-05 08:00', exit: '2026-06-05 08:00', entryPort: '' },
    { country: 'KZ', entry: '2026-06-05 18:00', exit: '2026-06-05 18:02', entryPort: 'khorgos_road' },
    { country: 'KG', entry: '2026-06-06 00:02', exit: '2026-06-06 00:02', entryPort: 'akzhol_korday' },
  ]);
  assert.equal(await form.locator('.tour-stay').nth(1).locator('[data-field=entryTime] .hint').textContent(), 'Local time, UTC+5');

  // The next journey starts where this one ended, on the day it arrived.
  assert.equal(await form.locator('.stop-field-from input').inputValue(), 'Bishkek');
  assert.equal(await form.locator('input[name=planDate]').inputValue(), '2026-06-06');
  await choosePlace(page, 'to', 'Almaty', 'almaty');
  await findJourneys(form, '2026-06-08', '08:00');
  await journeys.first().locator('button.add-journey').click();
  assert.equal(await legs.count(), 3);
  // The tour has stays now: they stay as they are until the staff ask for the journey's countries.
  assert.match(await note.innerText(), /^1 leg added: Bishkek \(road links, city point\) → Almaty \(road links, city point\)\. The tour has stays already: they are unchanged\./);
  assert.equal(await form.locator('.tour-stay').count(), 3);
  await note.locator('button.use-journey-stays').click();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('legs-note')), true);
  assert.equal(await note.textContent(), 'The stays are filled from the journey: Kyrgyzstan, Kazakhstan.');
  assert.deepEqual((await stayValues(form)).slice(2), [
    { country: 'KG', entry: '2026-06-06 00:02', exit: '2026-06-08 08:00', entryPort: 'akzhol_korday' },
    { country: 'KZ', entry: '2026-06-08 12:00', exit: '2026-06-08 12:00', entryPort: 'akzhol_korday' },
  ]);

  // A leg removed by keyboard: focus goes to the next leg's button.
  await legs.nth(2).locator('button.remove-leg').focus();
  assert.equal(await legs.nth(2).locator('button.remove-leg').getAttribute('aria-label'), 'Remove leg 3: Bishkek (road links, city point) → Almaty (road links, city point)');
  await page.keyboard.press('Enter');
  assert.equal(await legs.count(), 2);
  assert.equal(await note.textContent(), 'Leg 3 is removed.');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove leg 2: Almaty (road links, city point) → Bishkek (road links, city point)');
  // Planned again: the planner went on from Almaty, so both places are chosen anew.
  assert.equal(await form.locator('.stop-field-from input').inputValue(), 'Almaty');
  await choosePlace(page, 'from', 'Bishkek', 'bishkek');
  await choosePlace(page, 'to', 'Almaty', 'almaty');
  await findJourneys(form, '2026-06-08', '08:00');
  await journeys.first().locator('button.add-journey').click();
  assert.equal(await legs.count(), 3);

  assert.deepEqual(await overflowing(page), []);
  assert.deepEqual(await axe(page), []);
  await form.locator('.tour-legs-set').scrollIntoViewIfNeeded();
  await form.locator('.tour-legs-set').screenshot({ path: path.join(shots, 'tour-plan-legs-phone.png') });
  await form.locator('.tour-stay').nth(2).screenshot({ path: path.join(shots, 'tour-plan-stay-phone.png') });

  const shown = await stayValues(form);
  await form.locator('button[type=submit]').click();
  const tourPage = page.locator('.tour-page');
  await tourPage.waitFor();
  const id = Number(await tourPage.getAttribute('data-tour-id'));
  assert.equal(await tourPage.locator('.tour-legs .tour-leg').count(), 3);
  assert.deepEqual(await legText(tourPage.locator('.tour-legs .tour-leg').nth(2)), ['Bishkek (road links, city point) → Almaty (road links, city point)',
    'Departs: Jun 8, 2026 08:00 (UTC+6) – Arrives: Jun 8, 2026 12:00 (UTC+5)', 'Road estimated']);
  await tourPage.locator('.tour-programme').screenshot({ path: path.join(shots, 'tour-plan-page-phone.png') });

  const saved = await api('GET', `/api/v1/tours/${id}`, undefined, token);
  assert.equal(saved.status, 200, saved.text);
  assert.deepEqual(saved.body.legs, [
    { from: 'Ürümqi (road links, city point)', to: 'Almaty (road links, city point)', departure: '2026-06-05T08:00+08:00', arrival: '2026-06-05T18:00+05:00', mode: 'road', name: '', estimated: true },
    { from: 'Almaty (road links, city point)', to: 'Bishkek (road links, city point)', departure: '2026-06-05T18:02+05:00', arrival: '2026-06-06T00:02+06:00', mode: 'road', name: '', estimated: true },
    { from: 'Bishkek (road links, city point)', to: 'Almaty (road links, city point)', departure: '2026-06-08T08:00+06:00', arrival: '2026-06-08T12:00+05:00', mode: 'road', name: '', estimated: true },
  ]);
  assert.deepEqual(saved.body.stays, [
    { country: 'CN', entry: '2026-06-05T08:00+08:00', exit: '2026-06-05T08:00+08:00', entryPort: '', onwardTicket: false, regions: [] },
    { country: 'KZ', entry: '2026-06-05T18:00+05:00', exit: '2026-06-05T18:02+05:00', entryPort: 'khorgos_road', onwardTicket: false, regions: [] },
    { country: 'KG', entry: '2026-06-06T00:02+06:00', exit: '2026-06-08T08:00+06:00', entryPort: 'akzhol_korday', onwardTicket: false, regions: [] },
    { country: 'KZ', entry: '2026-06-08T12:00+05:00', exit: '2026-06-08T12:00+05:00', entryPort: 'akzhol_korday', onwardTicket: false, regions: [] },
  ]);
  assert.deepEqual(shown.map((s) => s.country), ['CN', 'KZ', 'KG', 'KZ']);

  // Editing keeps the legs and the offsets: saved again unchanged.
  await tourPage.locator('button.edit-tour').click();
  await form.waitFor();
  assert.equal(await form.locator('.tour-legs-edit .tour-leg').count(), 3);
  await form.locator('button[type=submit]').click();
  await page.locator('.tour-page .note').waitFor();
  const again = await api('GET', `/api/v1/tours/${id}`, undefined, token);
  assert.deepEqual(again.body.legs, saved.body.legs);
  assert.deepEqual(again.body.stays, saved.body.stays);
  assert.equal(again.body.version, saved.body.version + 1);
  // The unknown place's 400 is the browser's only complaint.
  assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  await close();
});

test('in Chinese on a phone: Kashgar -> Osh planned in a new tour, the stays in Chinese', async () => {
  const { page, errors, close } = await env.newPage({ width: 390, height: 844 });
  await page.goto(`${env.server.url}/register?lang=zh`);
  await page.locator('.sign-in input[name=email]').fill(staff.email);
  await page.locator('.sign-in input[name=password]').fill(staff.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('button.new-tour').click();
  const form = page.locator('form.tour-form');
  await form.waitFor();
  assert.equal(await form.locator('.tour-planner legend').textContent(), '用 Caravan 规划行程');
  await choosePlace(page, 'from', 'Kashgar', 'kashgar');
  await choosePlace(page, 'to', 'Osh', 'osh');
  await findJourneys(form, '2026-06-05', '15:00');
  assert.match(await form.locator('.planner-found').textContent(), /^\d+个行程：/);
  await form.locator('.planner-journey').first().locator('button.add-journey').click();
  assert.match(await form.locator('.legs-note').textContent(), /^已添加\d+个路段：.*。已根据行程填写停留：中国、吉尔吉斯斯坦。$/);
  assert.deepEqual((await stayValues(form)).map((s) => s.country), ['CN', 'KG']);
  // Another country for a stay: the journey's offset no longer holds, and is no longer said.
  const second = form.locator('.tour-stay').nth(1);
  assert.equal(await second.locator('[data-field=entryTime] .hint').textContent(), '当地时间，UTC+6');
  await second.locator('select[name=country]').selectOption('TJ');
  assert.equal(await second.locator('[data-field=entryTime] .hint').isHidden(), true);
  assert.deepEqual(await overflowing(page), []);
  assert.deepEqual(await axe(page), []);
  await form.locator('.tour-planner').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'tour-plan-zh-phone.png') });
  assert.deepEqual(errors, []);
  await close();
});
