// The cases (/cases, issue 17) end to end on a server with a register (harness.mjs, startServer's
// `register`: the register's SQLite file gives the cases too, their key file made beside it). A traveller
// on a phone signs up, asks for help stranded in Osh (a missing field said first, the phone's location
// added) and sees the case; the operator's staff acknowledge, write, resolve (a note asked for first);
// the traveller reads the reply and closes it; the staff's stale page meets the change (409) and says so.
// A traveller files an insurance claim of two expenses (an unknown insurer refused at its field first),
// attaches a receipt (a file that is no photo refused by the server), the insurer approves one and
// rejects the other ("no receipt"); the traveller reads the partial outcome and the reason. The form in
// Chinese. axe-core on the form, the case page and the queue; phone layout: no sideways scrolling, tap
// targets of 44 px. Accounts and the operator are made through the API, as register.test.mjs does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, choosePlace, shots, useBrowser } from './harness.mjs';

const env = useBrowser({ register: true });
const newPage = (...a) => env.newPage(...a);
const phoneSize = { width: 390, height: 844 };

const staff = { email: 'help@silkroad-tours.test', displayName: 'Aibek Helpdesk', password: 'staff-password-c' };
const authorityKg = { email: 'tourism@gov.kg.test', displayName: 'KG Tourism Department', password: 'authority-pass-c' };
const insurer = { email: 'claims@silkins.test', displayName: 'Silk Insurance Claims', password: 'insurer-pass-c1' };
const traveller = { email: 'li.wei@example.test', displayName: 'Li Wei', password: 'traveller-pass-1' };
const claimant = { email: 'anna@example.test', displayName: 'Anna Schmidt', password: 'traveller-pass-2' };

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

// Elements reaching past the window's right edge (a phone must not scroll sideways); the queue's table
// scrolls inside its own box.
const overflowing = (page) => page.evaluate(() => [document.documentElement, ...document.querySelectorAll('body *')]
  .filter((e) => (e.getBoundingClientRect().right > window.innerWidth + 1 || (e === document.documentElement && e.scrollWidth > window.innerWidth)) && !e.parentElement?.closest('.table-scroll'))
  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)} ${e.scrollWidth}`).slice(0, 12));

// Controls in the page's main part lower than 44 px (the tap targets of a phone), radios and checkboxes
// aside (their whole label is the target and is measured instead).
const smallTargets = (page) => page.evaluate(() => [...document.querySelectorAll('#main button, #main select, #main textarea, #main a[href], #main input:not([type=radio]):not([type=checkbox]), #main label.choice-card, #main label.choice-inline')]
  .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .filter((e) => e.getBoundingClientRect().height < 43.5)
  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().height)}px`));

let accounts;
const setup = () => (accounts ??= makeAccounts());
async function makeAccounts() {
  const admin = await tokenOf(env.server.admin);
  for (const [who, extra] of [[staff, { role: 'operator_staff' }], [authorityKg, { role: 'authority', country: 'KG' }],
    [insurer, { role: 'insurer', organisation: 'SILKINS', country: 'KZ' }]]) {
    const r = await api('POST', '/api/v1/accounts', { ...who, ...extra }, admin);
    assert.equal(r.status, 201, r.text);
  }
  const staffToken = await tokenOf(staff);
  // The operator applies (licensed in Kyrgyzstan); Kyrgyzstan's authority approves.
  const applied = await api('POST', '/api/v1/operators', {
    legalName: 'Silk Road Tours LLC', names: [], country: 'KG', licenceNumber: 'KG-TO-0117',
    issuer: 'Department of Tourism of the Kyrgyz Republic', validFrom: '2025-01-01', validTo: '2028-12-31',
    email: 'office@silkroad-tours.test', phone: '+996 312 000 000', website: 'https://silkroad-tours.test', countries: ['KG'],
  }, staffToken);
  assert.equal(applied.status, 201, applied.text);
  const approved = await api('POST', `/api/v1/operators/${applied.body.id}/decision`, { status: 'approved', version: applied.body.version }, await tokenOf(authorityKg));
  assert.equal(approved.status, 200, approved.text);
  return { operatorId: applied.body.id };
}

// Signs up on /cases (the register's sign-up beside its sign-in), then signs in.
async function signUpAndIn(page, who, lang = 'en') {
  await page.goto(`${env.server.url}/cases?lang=${lang}`);
  await page.locator('.sign-up input[name=displayName]').fill(who.displayName);
  await page.locator('.sign-up input[name=email]').fill(who.email);
  await page.locator('.sign-up input[name=password]').fill(who.password);
  await page.locator('.sign-up button[type=submit]').click();
  await page.locator('.sign-up .note:not(:empty)').waitFor();
  await page.locator('.sign-in input[name=password]').fill(who.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.whoami').waitFor();
}

async function signIn(page, who, lang = 'en') {
  await page.goto(`${env.server.url}/cases?lang=${lang}`);
  await page.locator('.sign-in input[name=email]').fill(who.email);
  await page.locator('.sign-in input[name=password]').fill(who.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.whoami').waitFor();
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.id);
const heading = (page) => page.locator('#case-heading');
const caseIdOf = async (page) => Number(/Case (\d+)/.exec(await heading(page).textContent())?.[1]);

// Waits for the case page to show `state` (the state badge of the status part).
async function stateIs(page, state) {
  await page.locator('.case-status .case-state', { hasText: state }).waitFor();
}

let strandedId;

test('a traveller on a phone asks for help stranded in Osh; the operator answers; the traveller closes it', async () => {
  const { operatorId } = await setup();
  const phone = await newPage(phoneSize);
  await phone.page.context().grantPermissions(['geolocation'], { origin: env.server.url });
  await phone.page.context().setGeolocation({ latitude: 40.52828, longitude: 72.7985 });
  const { page } = phone;
  await signUpAndIn(page, traveller);
  assert.equal(await page.locator('nav.views a[aria-current=page]').textContent(), 'Help');
  assert.equal(await page.locator('#my-cases-heading').textContent(), 'My cases');
  await page.locator('.queue-none').waitFor();
  assert.deepEqual(await overflowing(page), []);

  await page.locator('button.get-help-button').click();
  await page.locator('#case-form-heading').waitFor();
  assert.equal(await focusedId(page), 'case-form-heading', 'the form\'s heading takes the focus');
  // Assistance is the first kind; its categories and urgencies come from the lifecycles.
  assert.equal(await page.locator('input[value=assistance]').isChecked(), true);
  assert.deepEqual(await page.locator('select[name=category] option').evaluateAll((os) => os.map((o) => o.value)),
    ['medical', 'lost_document', 'accident', 'stranded', 'safety', 'other']);
  assert.match(await page.locator('label.urgency-urgent').textContent(), /Urgent.*Health or safety: answered around the clock/);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(await overflowing(page), []);
  assert.deepEqual(await smallTargets(page), []);

  await page.locator('input[name=title]').fill('Stranded in Osh: Irkeshtam closed');
  await page.locator('select[name=category]').selectOption('stranded');
  await page.locator('label.urgency-urgent').click();
  // Where: Osh, chosen in the plan's autocomplete (its stop id goes with it); where to: Bishkek.
  await choosePlace(page, 'from', 'Osh', 'osh');
  assert.equal(await page.locator('.stop-field-to').isVisible(), true, 'a stranded traveller is asked where to');
  await choosePlace(page, 'to', 'Bishkek', 'bishkek');
  // Osh's stop names its country: Kyrgyzstan is filled in.
  await page.waitForFunction(() => document.querySelector('select[name=country]')?.value === 'KG');
  await page.locator('button.use-location').click();
  await page.locator('.location-note', { hasText: 'Your location is added: 40.5283, 72.7985.' }).waitFor();
  await page.locator('input[name=operatorId]').fill(String(operatorId));
  // The description is missing: said beside it, focused, nothing sent.
  await page.locator('form.case-form button[type=submit]').click();
  await page.locator('[data-field=description] .field-error:not([hidden])').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'description');
  assert.equal(await page.locator('textarea[name=description]').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'cases-phone-form.png'), fullPage: true });
  await page.locator('textarea[name=description]').fill('The Irkeshtam crossing is closed until Monday. Our group of 12 waits at the bus station; we need a way to Bishkek.');
  await page.locator('form.case-form button[type=submit]').click();

  await page.locator('.case-status').waitFor();
  assert.match(await heading(page).textContent(), /^Case \d+ · Stranded in Osh: Irkeshtam closed$/);
  assert.equal(await focusedId(page), 'case-heading');
  strandedId = await caseIdOf(page);
  await stateIs(page, 'Open');
  assert.equal(await page.locator('.answers-now').textContent(), 'Who answers now: the tour operator');
  // Due times in the reader's zone (Europe/London in December: UTC+0), each with the time left.
  const clocks = await page.locator('.clocks').textContent();
  assert.match(clocks, /First answer due.*UTC\+0 \(\d.* left\).*Resolution due.*UTC\+0/s);
  assert.match(await page.locator('.case-details').textContent(), /WhereOsh · 40\.5283, 72\.7985/);
  await page.locator('.case-details .place-label', { hasText: 'Bishkek' }).waitFor();
  assert.deepEqual(await page.locator('.case-actions button.action').evaluateAll((bs) => bs.map((b) => b.dataset.action)), ['cancel'],
    'the traveller may only cancel an open case');
  assert.match(await page.locator('.note').first().textContent(), /Case \d+ is sent\./);
  // Stranded: the next journeys from here.
  assert.equal(await page.locator('#case-help-heading').textContent(), 'Next journeys from here');
  await page.locator('.help-form select[name=nationality]').selectOption('CN');
  await page.locator('button.find-help').click();
  await page.locator('.help-answer[aria-busy=false] .help-from').waitFor();
  assert.match(await page.locator('.help-answer .help-from').textContent(), /^From Osh to Bishkek$/);
  // Staying 7 days longer in Kyrgyzstan with a Chinese passport: the entry rules' verdict in words.
  assert.match(await page.locator('.help-answer').textContent(), /Staying 7 days longer in Kyrgyzstan/);
  assert.equal(await page.locator('.help-answer .stay-verdict').count(), 1);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(await overflowing(page), []);
  assert.deepEqual(await smallTargets(page), []);
  await page.screenshot({ path: path.join(shots, 'cases-phone-case.png'), fullPage: true });

  // The operator's staff: the case in their queue, acknowledged, a message, resolved with a note.
  const desk = await newPage();
  await signIn(desk.page, staff);
  const row = desk.page.locator(`tr[data-case-id="${strandedId}"]`);
  await row.waitFor();
  assert.equal(await desk.page.locator('#case-queue-heading').textContent(), 'Your operator’s cases');
  assert.match(await row.textContent(), /Stranded in Osh.*Assistance.*Urgent.*Open.*you.*Osh, Kyrgyzstan/s);
  assert.deepEqual(await axe(desk.page), []);
  await desk.page.screenshot({ path: path.join(shots, 'cases-queue-operator.png'), fullPage: true });
  await row.locator('button.case-open').click();
  await stateIs(desk.page, 'Open');
  assert.equal(await focusedId(desk.page), 'case-heading');
  const actions = await desk.page.locator('.case-actions button.action').evaluateAll((bs) => bs.map((b) => b.dataset.action));
  assert.deepEqual(actions, ['acknowledge', 'start', 'ask_traveller', 'resolve']);
  await desk.page.locator('button[data-action=acknowledge]').click();
  await stateIs(desk.page, 'Acknowledged');
  await desk.page.locator('textarea[name=message]').fill('We have booked seats on the 14:00 bus to Bishkek for the group. Meet the driver at gate 3.');
  await desk.page.locator('button.send-message').click();
  await desk.page.locator('.thread-message', { hasText: 'gate 3' }).waitFor();
  // A question to the traveller: the case waits on them, the clocks paused.
  await desk.page.locator('textarea[name=note]').fill('How many of the group hold Chinese passports?');
  await desk.page.locator('button[data-action=ask_traveller]').click();
  await stateIs(desk.page, 'Waiting for the traveller');
  assert.equal(await desk.page.locator('.waiting').textContent(), 'Waiting for the traveller: the clocks are paused.');

  // The traveller reads "waiting for you" and answers with a message, which takes the case back to work.
  await page.locator('button.back-to-list').click();
  await page.locator(`.case-card[data-case-id="${strandedId}"] button.case-open`).click();
  await stateIs(page, 'Waiting for the traveller');
  assert.match(await page.locator('.waiting-for-you').textContent(), /^Waiting for you: the clocks are paused until you answer/);
  assert.match(await page.locator('.thread').textContent(), /Ask the traveller.*How many of the group hold Chinese passports\?/s);
  assert.match(await page.locator('.clocks').textContent(), /Resolution duePaused since .*UTC\+0/);
  await page.screenshot({ path: path.join(shots, 'cases-phone-waiting.png'), fullPage: true });
  await page.locator('textarea[name=message]').fill('Ten of us; two have Kazakh passports.');
  await page.locator('button.send-message').click();
  await stateIs(page, 'In progress');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'message', 'the focus stays at the message field');
  assert.equal(await page.locator('.answers-now').textContent(), 'Who answers now: the tour operator');

  // The staff's page is read again (back to the queue and in).
  await desk.page.locator('button.back-to-list').click();
  await desk.page.locator(`tr[data-case-id="${strandedId}"] button.case-open`).click();
  await stateIs(desk.page, 'In progress');
  assert.match(await desk.page.locator('.thread').textContent(), /Li Wei \(the traveller\).*Ten of us; two have Kazakh passports\./s);
  // Resolving asks for a note.
  await desk.page.locator('button[data-action=resolve]').click();
  await desk.page.locator('.case-actions .field-error:not([hidden])').waitFor();
  assert.match(await desk.page.locator('.case-actions .field-error').textContent(), /“Resolve” needs a note/);
  assert.equal(await desk.page.evaluate(() => document.activeElement?.getAttribute('name')), 'note');
  assert.deepEqual(await axe(desk.page), []);
  await desk.page.locator('textarea[name=note]').fill('Seats booked; the group travels today.');
  await desk.page.locator('button[data-action=resolve]').click();
  await stateIs(desk.page, 'Resolved');
  assert.match(await desk.page.locator('.thread').textContent(), /Resolve.*Seats booked; the group travels today\./s);
  await desk.page.screenshot({ path: path.join(shots, 'cases-operator-resolved.png'), fullPage: true });

  // The traveller reads the reply and closes the case.
  await page.locator('button.back-to-list').click();
  await page.locator(`.case-card[data-case-id="${strandedId}"]`).waitFor();
  assert.equal(await focusedId(page), 'my-cases-heading');
  await page.locator(`.case-card[data-case-id="${strandedId}"] button.case-open`).click();
  await stateIs(page, 'Resolved');
  const thread = await page.locator('.thread').textContent();
  assert.match(thread, /Aibek Helpdesk \(the tour operator\).*We have booked seats on the 14:00 bus/s);
  assert.match(thread, /Seats booked; the group travels today\./);
  assert.deepEqual(await page.locator('.case-actions button.action').evaluateAll((bs) => bs.map((b) => b.dataset.action)), ['reopen', 'close']);
  await page.locator('button[data-action=close]').click();
  await stateIs(page, 'Closed');
  assert.equal(await page.locator('.message-form').count(), 0, 'a closed case takes no message');
  assert.match(await page.locator('.case-thread .hint').textContent(), /This case is closed/);
  assert.equal(await page.locator('.case-actions').count(), 0);
  await page.screenshot({ path: path.join(shots, 'cases-phone-closed.png'), fullPage: true });

  // The staff's page still shows "resolved": closing it there meets the change and says so.
  await desk.page.locator('button[data-action=close]').click();
  await desk.page.locator('.conflict').waitFor();
  assert.match(await desk.page.locator('.conflict').textContent(), /Someone changed this case meanwhile/);
  await stateIs(desk.page, 'Closed');
  await desk.close();
  await phone.close();
});

test('an insurance claim of two expenses: the insurer approves one and rejects the other (no receipt); the traveller reads why', async () => {
  await setup();
  const t = await newPage();
  const { page } = t;
  await signUpAndIn(page, claimant);
  await page.locator('button.get-help-button').click();
  await page.locator('label[for=case-kind-claim]').click();
  assert.deepEqual(await page.locator('select[name=category] option').evaluateAll((os) => os.map((o) => o.value)),
    ['medical', 'baggage', 'cancellation', 'delay', 'accident', 'other']);
  assert.equal(await page.locator('button.use-location').isVisible(), false);
  await page.locator('input[name=title]').fill('Clinic in Samarkand');
  await page.locator('select[name=category]').selectOption('medical');
  await page.locator('.stop-field-from input').fill('Samarkand');
  assert.equal(await page.locator('.stop-field-to').isVisible(), false, 'only a stranded traveller is asked where to');
  await page.locator('select[name=country]').selectOption('UZ');
  await page.locator('textarea[name=description]').fill('Food poisoning: a visit to a private clinic and a taxi there.');
  await page.locator('input[name=insurer]').fill('NOSUCH');
  await page.locator('input[name=policyNumber]').fill('SI-2026-004417');
  await page.locator('.claim-line input[name=lineDescription]').fill('Clinic visit and medicine');
  await page.locator('.claim-line input[name=lineAmount]').fill('120.00');
  await page.locator('button.add-line').click();
  assert.equal(await page.locator('.claim-line').count(), 2);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'lineDescription', 'the new line is focused');
  await page.locator('.claim-line').nth(1).locator('input[name=lineDescription]').fill('Taxi to the clinic');
  await page.locator('.claim-line').nth(1).locator('input[name=lineAmount]').fill('35,50');
  // A third line, added and removed again.
  await page.locator('button.add-line').click();
  await page.locator('.claim-line').nth(2).locator('button.remove-line').click();
  assert.equal(await page.locator('.claim-line').count(), 2);
  assert.deepEqual(await axe(page), []);
  // An insurer that does not work with Caravan: refused by the server, said at the insurer's field.
  await page.locator('form.case-form button[type=submit]').click();
  await page.locator('[data-field=insurer] .field-error:not([hidden])').waitFor();
  assert.match(await page.locator('[data-field=insurer] .field-error').textContent(), /No insurer with this code/);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'insurer');
  await page.screenshot({ path: path.join(shots, 'cases-claim-insurer-error.png'), fullPage: true });
  await page.locator('input[name=insurer]').fill('silkins');
  await page.locator('form.case-form button[type=submit]').click();
  await stateIs(page, 'Submitted');
  const claimId = await caseIdOf(page);
  assert.equal(await page.locator('.answers-now').textContent(), 'Who answers now: the insurer');
  assert.deepEqual(await page.locator('.claim-line-view .line-amount').allTextContents(), ['$120.00', '$35.50']);
  assert.match(await page.locator('.case-details').textContent(), /SILKINS.*SI-2026-004417/s);

  // A receipt attached; a text file named .png refused by the server (it tells the type by the bytes).
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
  await page.locator('.attach-form input[type=file]').setInputFiles({ name: 'not-a-photo.png', mimeType: 'image/png', buffer: Buffer.from('just text, no picture') });
  await page.locator('button.attach-file').click();
  await page.locator('.attach-form .field-error:not([hidden])').waitFor();
  assert.match(await page.locator('.attach-form .field-error').textContent(), /The file was refused: .*photo/);
  await page.locator('.attach-form input[type=file]').setInputFiles({ name: 'clinic-receipt.png', mimeType: 'image/png', buffer: png });
  await page.locator('button.attach-file').click();
  await page.locator('.thread-entry[data-action=attach]', { hasText: 'clinic-receipt.png' }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.download-file').first().click()]);
  assert.equal(download.suggestedFilename(), 'clinic-receipt.png');
  const saved = await download.createReadStream();
  const chunks = [];
  for await (const c of saved) chunks.push(c);
  assert.deepEqual(Buffer.concat(chunks), png);

  // The insurer's queue and assessment.
  const ins = await newPage();
  await signIn(ins.page, insurer);
  assert.equal(await ins.page.locator('#case-queue-heading').textContent(), 'Claims to insurer SILKINS');
  const row = ins.page.locator(`tr[data-case-id="${claimId}"]`);
  await row.waitFor();
  assert.deepEqual(await axe(ins.page), []);
  await ins.page.locator('select[name=kind]').selectOption('claim');
  await row.waitFor();
  await row.locator('button.case-open').click();
  await stateIs(ins.page, 'Submitted');
  assert.equal(await ins.page.locator('.assess-line').count(), 2);
  // Rejecting without a reason is said at the line first.
  await ins.page.locator('.assess-line[data-line="1"] input[value=reject]').check();
  await ins.page.locator('.assess-form button[type=submit]').click();
  await ins.page.locator('.assess-line[data-line="1"] .field-error:not([hidden])').waitFor();
  assert.equal(await ins.page.locator('.assess-line[data-line="1"] .field-error').textContent(), 'A rejection needs a reason.');
  assert.deepEqual(await ins.page.locator('.assess-line[data-line="1"] select[name=reason] option').evaluateAll((os) => os.map((o) => o.value)),
    ['', 'not_covered', 'excluded_condition', 'no_receipt', 'over_limit', 'duplicate', 'outside_policy_period', 'other']);
  assert.equal(await ins.page.locator('.assess-line[data-line="1"] input[name=approvedAmount]').isVisible(), false, 'a rejected line has no amount');
  await ins.page.locator('.assess-line[data-line="1"] select[name=reason]').selectOption('no_receipt');
  assert.equal(await ins.page.locator('.assess-line[data-line="1"] .field-error').isVisible(), false, 'the reason chosen, its error goes');
  await ins.page.locator('.assess-line[data-line="1"] input[name=lineNote]').fill('No receipt for the taxi.');
  assert.deepEqual(await axe(ins.page), []);
  await ins.page.screenshot({ path: path.join(shots, 'cases-insurer-assess.png'), fullPage: true });
  await ins.page.locator('.assess-form button[type=submit]').click();
  await stateIs(ins.page, 'Assessed');
  assert.match(await ins.page.locator('.note').textContent(), /The claim is assessed: partly approved\./);
  await ins.close();

  // The traveller sees the partial outcome and the reason.
  // The case's page is in the URL: a reload reads it again.
  assert.match(page.url(), new RegExp(`/cases\\?lang=en&case=${claimId}$`));
  await page.reload();
  await stateIs(page, 'Assessed');
  assert.match(await page.locator('.outcome').textContent(), /Outcome: partly approved/);
  assert.deepEqual(await page.locator('.claim-line-view .line-state').allTextContents(), ['Approved in full', 'Rejected']);
  assert.equal(await page.locator('.claim-line-view[data-line="1"] .line-reason').textContent(), 'Reason: No receipt');
  assert.equal(await page.locator('.claim-line-view[data-line="1"] .line-note').textContent(), 'Note: No receipt for the taxi.');
  assert.deepEqual(await page.locator('.case-actions button.action').evaluateAll((bs) => bs.map((b) => b.dataset.action)), ['contest', 'close']);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'cases-claim-assessed.png'), fullPage: true });
  await t.close();
});

test('the form in Chinese on a phone; the queue of an authority and its case page pass axe-core', async () => {
  await setup();
  const { page, close } = await newPage(phoneSize);
  await signIn(page, traveller, 'zh');
  assert.equal(await page.locator('#cases-heading').textContent(), '求助与案件');
  assert.equal(await page.locator('#my-cases-heading').textContent(), '我的案件');
  await page.locator('button.get-help-button').click();
  await page.locator('#case-form-heading').waitFor();
  assert.equal(await page.locator('#case-form-heading').textContent(), '求助');
  assert.equal(await page.locator('label.urgency-urgent strong').textContent(), '紧急');
  assert.match(await page.locator('label.urgency-urgent').textContent(), /健康或安全/);
  assert.equal(await page.locator('select[name=category] option[value=stranded]').textContent(), '滞留（边境或道路关闭）');
  assert.equal(await page.locator('select[name=country] option[value=KG]').textContent(), '吉尔吉斯斯坦');
  assert.equal(await page.locator('form.case-form button[type=submit]').textContent(), '发送');
  // No English left in the form.
  const text = await page.locator('form.case-form').innerText();
  assert.doesNotMatch(text, /\b(the|your|Send|Where|What)\b/, text);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(await overflowing(page), []);
  await page.screenshot({ path: path.join(shots, 'cases-phone-form-zh.png'), fullPage: true });
  await close();

  // The Kyrgyz authority sees the Osh case (closed) in its country's queue.
  const auth = await newPage();
  await signIn(auth.page, authorityKg);
  assert.equal(await auth.page.locator('#case-queue-heading').textContent(), 'Cases in Kyrgyzstan');
  await auth.page.locator('select[name=open]').selectOption('');
  await auth.page.locator(`tr[data-case-id="${strandedId}"]`).waitFor();
  assert.deepEqual(await axe(auth.page), []);
  await auth.page.locator(`tr[data-case-id="${strandedId}"] button.case-open`).click();
  await stateIs(auth.page, 'Closed');
  assert.deepEqual(await axe(auth.page), []);
  await auth.close();
});

test('a dispute: the operator answers, the traveller asks the authority to mediate, the authority decides (an outcome asked for first)', async () => {
  const { operatorId } = await setup();
  const t = await newPage();
  await signIn(t.page, claimant);
  await t.page.locator('button.get-help-button').click();
  await t.page.locator('label[for=case-kind-dispute]').click();
  assert.deepEqual(await t.page.locator('input[name^=case-urgency]').evaluateAll((is) => is.map((i) => i.value)), ['normal', 'high']);
  assert.equal(await t.page.locator('input[name=insurer]').isVisible(), false);
  await t.page.locator('input[name=title]').fill('Refund for the cancelled Issyk-Kul day');
  await t.page.locator('select[name=category]').selectOption('refund');
  await t.page.locator('select[name=country]').selectOption('KG');
  await t.page.locator('textarea[name=description]').fill('The boat trip on Issyk-Kul was cancelled by the operator; I paid 80 USD for it.');
  // Neither the operator nor the tour: said at the operator's field.
  await t.page.locator('form.case-form button[type=submit]').click();
  await t.page.locator('[data-field=operatorId] .field-error:not([hidden])').waitFor();
  assert.equal(await t.page.locator('[data-field=operatorId] .field-error').textContent(), 'Give the tour operator’s number or the tour number.');
  await t.page.locator('input[name=operatorId]').fill(String(operatorId));
  await t.page.locator('form.case-form button[type=submit]').click();
  await stateIs(t.page, 'Filed');
  const id = await caseIdOf(t.page);
  assert.equal(await t.page.locator('.answers-now').textContent(), 'Who answers now: the tour operator');

  // The operator answers, with the note the answer needs.
  const desk = await newPage();
  await signIn(desk.page, staff);
  await desk.page.locator(`tr[data-case-id="${id}"] button.case-open`).click();
  await stateIs(desk.page, 'Filed');
  assert.deepEqual(await desk.page.locator('.case-actions button.action').evaluateAll((bs) => bs.map((b) => b.dataset.action)), ['answer', 'ask_mediation']);
  await desk.page.locator('textarea[name=note]').fill('We offer a refund of half: the trip was replaced by a visit to Karakol.');
  await desk.page.locator('button[data-action=answer]').click();
  await stateIs(desk.page, 'Answered');
  await desk.close();

  // The traveller asks the authority to mediate.
  await t.page.reload();
  await stateIs(t.page, 'Answered');
  assert.match(await t.page.locator('.thread').textContent(), /We offer a refund of half/);
  await t.page.locator('textarea[name=note]').fill('Karakol was not what I paid for: I ask for the full 80 USD.');
  await t.page.locator('button[data-action=ask_mediation]').click();
  await stateIs(t.page, 'In mediation');
  assert.equal(await t.page.locator('.answers-now').textContent(), 'Who answers now: the authority');

  // The Kyrgyz authority decides: the outcome is asked for first.
  const auth = await newPage();
  await signIn(auth.page, authorityKg);
  await auth.page.locator(`tr[data-case-id="${id}"] button.case-open`).click();
  await stateIs(auth.page, 'In mediation');
  await auth.page.locator('textarea[name=note]').fill('The replacement was not equivalent: 60 USD to be refunded.');
  await auth.page.locator('button[data-action=decide]').click();
  await auth.page.locator('.case-actions select[name=outcome][aria-invalid=true]').waitFor();
  assert.equal(await auth.page.evaluate(() => document.activeElement?.getAttribute('name')), 'outcome');
  assert.deepEqual(await auth.page.locator('select[name=outcome] option').evaluateAll((os) => os.map((o) => o.value)), ['', 'upheld', 'partly_upheld', 'rejected']);
  assert.deepEqual(await axe(auth.page), []);
  await auth.page.locator('select[name=outcome]').selectOption('partly_upheld');
  await auth.page.locator('button[data-action=decide]').click();
  await stateIs(auth.page, 'Decided');
  await auth.close();

  await t.page.reload();
  await stateIs(t.page, 'Decided');
  assert.match(await t.page.locator('.outcome').textContent(), /Outcome: partly upheld/);
  assert.match(await t.page.locator('.thread').textContent(), /Decide \(In mediation → Decided\)\. Outcome: partly upheld.*60 USD to be refunded/s);
  // Back goes to the list (each screen is a history entry), its heading focused; Forward to the case.
  await t.page.goBack();
  await t.page.locator(`.case-card[data-case-id="${id}"]`).waitFor();
  await t.page.goForward();
  await stateIs(t.page, 'Decided');
  await t.close();
});
