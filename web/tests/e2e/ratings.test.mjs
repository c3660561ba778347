// The satisfaction ratings (issue 19) end to end against a real server with a register (harness.mjs:
// `caravan serve --register`, Debian's chromium, axe-core); nothing is answered by the test. Set up
// through the API as tours.test.mjs and cases.test.mjs do: an operator approved by Kyrgyzstan, a group
// tour of ten around today (the rating window is its first day to 90 days after its last, UTC) with its
// manifest submitted and approved, and an assistance case resolved by the operator and closed by its
// traveller. Then: the operator's approved tour shows its feedback code and the /rate link; a traveller on
// a phone opens that link (no stars, arrow keys, a comment too long, a wrong code refused by the server at
// the code field, no code), rates 4 with a comment and is thanked; the operator reads count 1, mean 4 and
// the comment; the page in Chinese (a link without a tour); a tour past its window refused above the
// button; the case's traveller rates the closed case and sees the rating instead of the form after a
// reload; /stats shows the satisfaction table with the small counts withheld, never 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, shots, useBrowser } from './harness.mjs';

const env = useBrowser({ register: true });
const phoneSize = { width: 390, height: 844 };

const staff = { email: 'ratings@silkroad-tours.test', displayName: 'Nurlan Tours', password: 'staff-password-r' };
const authorityKg = { email: 'ratings@tourism.kg.test', displayName: 'KG Tourism Department', password: 'authority-pass-r' };
const traveller = { email: 'zhou.min@example.test', displayName: 'Zhou Min', password: 'traveller-pass-r' };

async function api(method, route, body, token, type = 'application/json') {
  const res = await fetch(env.server.url + route, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': type } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: /json/.test(res.headers.get('Content-Type') ?? '') && text ? JSON.parse(text) : null };
}

async function tokenOf(who) {
  const r = await api('POST', '/api/v1/auth/signin', { email: who.email, password: who.password });
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}

// A UTC day `offset` days from today, as YYYY-MM-DD.
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const HEADER = 'latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex';
const NAMES = [['WANG WEI', '王伟', 'M'], ['LI NA', '李娜', 'F'], ['ZHANG MIN', '张敏', 'F'], ['LIU YANG', '刘洋', 'M'], ['CHEN JING', '陈静', 'F'],
  ['YANG FAN', '杨帆', 'M'], ['ZHAO LEI', '赵磊', 'M'], ['HUANG LI', '黄丽', 'F'], ['ZHOU JIE', '周杰', 'M'], ['WU XIA', '吴霞', 'F']];
const manifest = (first) => [HEADER, ...NAMES.map(([latin, native, sex], i) =>
  `${latin},${native},CN,E${first + i},2034-0${1 + (i % 9)}-15,19${70 + i}-0${1 + (i % 9)}-1${i},${sex}`)].join('\r\n') + '\r\n';

// An approved group tour of ten in Kyrgyzstan from `entry` to `exit` (days from today): made, its manifest
// imported, submitted and approved through the API.
async function approvedTour(title, entry, exit, firstPassport) {
  const created = await api('POST', '/api/v1/tours', {
    title, languages: ['zh'], minSize: 5, maxSize: 25,
    stays: [{ country: 'KG', entry: day(entry), exit: day(exit), onwardTicket: true }],
  }, tokens.staff);
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  const imported = await api('PUT', `/api/v1/manifests/${id}`, manifest(firstPassport), tokens.staff, 'text/csv');
  assert.equal(imported.status, 200, imported.text);
  let version = (await api('GET', `/api/v1/tours/${id}`, null, tokens.staff)).body.version;
  const submitted = await api('POST', `/api/v1/tours/${id}/submit`, { version }, tokens.staff);
  assert.equal(submitted.body?.submitted, true, submitted.text);
  version = (await api('GET', `/api/v1/tours/${id}`, null, tokens.kg)).body.version;
  const approved = await api('POST', `/api/v1/tours/${id}/decision`, { country: 'KG', decision: 'approve', version }, tokens.kg);
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.body.status, 'approved', approved.text);
  return id;
}

let tokens;
let world;
const setup = () => (world ??= makeWorld());
async function makeWorld() {
  const admin = await tokenOf(env.server.admin);
  for (const [who, extra] of [[staff, { role: 'operator_staff' }], [authorityKg, { role: 'authority', country: 'KG' }]]) {
    const r = await api('POST', '/api/v1/accounts', { ...who, ...extra }, admin);
    assert.equal(r.status, 201, r.text);
  }
  const signedUp = await api('POST', '/api/v1/auth/signup', traveller);
  assert.equal(signedUp.status, 201, signedUp.text);
  tokens = { staff: await tokenOf(staff), kg: await tokenOf(authorityKg), traveller: await tokenOf(traveller) };
  const applied = await api('POST', '/api/v1/operators', {
    legalName: 'Silk Road Tours LLC', names: [], country: 'KG', licenceNumber: 'KG-TO-0219',
    issuer: 'Department of Tourism of the Kyrgyz Republic', validFrom: '2025-01-01', validTo: '2030-12-31',
    email: 'office@silkroad-tours.test', phone: '+996 312 000 000', website: 'https://silkroad-tours.test', countries: ['KG'],
  }, tokens.staff);
  assert.equal(applied.status, 201, applied.text);
  const approved = await api('POST', `/api/v1/operators/${applied.body.id}/decision`, { status: 'approved', version: applied.body.version }, tokens.kg);
  assert.equal(approved.status, 200, approved.text);

  // The tour being rated: started three days ago, ends in four.
  const tourId = await approvedTour('Issyk-Kul in winter', -3, 4, 51000001);
  const code = (await api('GET', `/api/v1/tours/${tourId}`, null, tokens.staff)).body.feedbackCode;
  assert.match(code ?? '', /\S{4}/, 'the approved tour has a feedback code for its operator');
  // A tour whose window has passed: ended 100 days ago (its window closed 10 days ago).
  const oldTourId = await approvedTour('Son-Kul in summer', -110, -100, 52000001);
  const oldCode = (await api('GET', `/api/v1/tours/${oldTourId}`, null, tokens.staff)).body.feedbackCode;

  // A case the operator resolves and its traveller closes.
  const opened = await api('POST', '/api/v1/cases', {
    kind: 'assistance', category: 'lost_document', urgency: 'normal', title: 'Passport left at the hotel in Karakol',
    description: 'I left my passport at the hotel reception in Karakol; the group leaves for Bishkek tomorrow.', country: 'KG', operatorId: applied.body.id,
  }, tokens.traveller);
  assert.equal(opened.status, 201, opened.text);
  const caseId = opened.body.id;
  const resolved = await api('POST', `/api/v1/cases/${caseId}/actions`, { action: 'resolve', version: opened.body.version, note: 'The hotel sent it with the driver.' }, tokens.staff);
  assert.equal(resolved.status, 200, resolved.text);
  const closed = await api('POST', `/api/v1/cases/${caseId}/actions`, { action: 'close', version: resolved.body.version }, tokens.traveller);
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.body.rating, null, 'a closed case not yet rated');
  return { tourId, code, oldTourId, oldCode, caseId };
}

async function signIn(page, who, where = 'register', lang = 'en') {
  await page.goto(`${env.server.url}/${where}?lang=${lang}`);
  await page.locator('.sign-in input[name=email]').fill(who.email);
  await page.locator('.sign-in input[name=password]').fill(who.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.whoami').waitFor();
}

// The operator's approved tour, opened from the portal's list.
async function operatorTour(page, tourId) {
  await signIn(page, staff);
  await page.locator(`table.tour-list tr[data-tour-id="${tourId}"] button.open-tour`).click();
  await page.locator('.tour-page .tour-feedback').waitFor();
  return page.locator('.tour-feedback');
}

// The ratings requests the page sends (seen, not answered: the server answers).
function sent(page) {
  const posted = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/v1\/(tours\/\d+\/ratings|cases\/\d+\/rating)$/.test(new URL(r.url()).pathname)) {
      posted.push({ url: new URL(r.url()).pathname, body: JSON.parse(r.postData() ?? '{}') });
    }
  });
  return posted;
}

let link;

test('the operator\'s approved tour: its feedback code and the /rate link to hand out, no ratings yet', async () => {
  const { tourId, code } = await setup();
  const { page, errors, close } = await env.newPage();
  const feedback = await operatorTour(page, tourId);
  assert.match(await page.locator('#tour-heading').textContent(), /Issyk-Kul in winter\s*Approved/);
  assert.equal(await feedback.locator('#tour-feedback-heading').textContent(), 'Travellers\' ratings');
  assert.equal(await feedback.locator('.feedback-code').textContent(), code);
  link = await feedback.locator('a.feedback-link').getAttribute('href');
  assert.equal(link, `${env.server.url}/rate?${new URLSearchParams({ tour: String(tourId), code })}`);
  assert.equal(await feedback.locator('a.feedback-link').textContent(), link);
  assert.equal(await feedback.locator('.tour-ratings-summary').textContent(), 'No ratings yet.');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await close();
});

test('on a phone: the operator\'s link, the stars by keyboard, problems at their fields, a wrong code refused by the server, a rating of 4 thanked for; the operator reads it', async () => {
  const { tourId, code } = await setup();
  assert.ok(link, 'the first test read the link');
  const { page, errors, close } = await env.newPage(phoneSize);
  const posted = sent(page);
  await page.goto(`${link}&lang=en`);
  await page.locator('#rate-heading').waitFor();
  assert.equal(await page.title(), 'Rate your tour · Caravan');
  assert.equal(await page.inputValue('#rate-tour'), String(tourId));
  assert.equal(await page.inputValue('#rate-code'), code);
  assert.equal(await page.locator('.rating-stars input[type=radio]').count(), 5);
  assert.equal(await page.locator('.rating-stars legend').textContent(), 'Your rating');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling on a phone');
  await page.screenshot({ path: path.join(shots, 'rate-phone.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);

  // No stars: said at the stars, the first one focused; nothing sent.
  await page.click('.rate-form button[type=submit]');
  assert.equal(await page.locator('.rating-stars .form-error').textContent(), 'Choose from 1 to 5 stars.');
  assert.equal(await page.evaluate(() => document.activeElement.value), '1');
  // Arrow keys move between the stars (one radio group).
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('.rating-stars input:checked').getAttribute('value'), '4');
  // A comment over 1000 characters: said at the comment, with the count; nothing sent.
  await page.fill('textarea[name=comment]', 'a'.repeat(1001));
  assert.equal(await page.locator('.rating-used').textContent(), '1001 of 1000 characters');
  await page.click('.rate-form button[type=submit]');
  assert.equal(await page.getAttribute('textarea[name=comment]', 'aria-invalid'), 'true');
  assert.match(await page.locator('.rating-form .field .form-error').textContent(), /longer than 1000 characters/);
  assert.equal(posted.length, 0);
  // A wrong code: the server's refusal (403, parameter code) at the code field.
  await page.fill('textarea[name=comment]', '  The guide in Karakol was excellent.  ');
  await page.fill('#rate-code', 'WRONG-CODE');
  const refusal = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tours/${tourId}/ratings`));
  await page.click('.rate-form button[type=submit]');
  assert.equal((await refusal).status(), 403);
  await page.locator('#rate-code-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#rate-code-error').textContent(), 'The feedback code does not match this tour.');
  assert.equal(await page.getAttribute('#rate-code', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'rate-code');
  assert.deepEqual(await axe(page), []);
  // No code at all: said before sending.
  await page.fill('#rate-code', '');
  await page.click('.rate-form button[type=submit]');
  assert.equal(await page.locator('#rate-code-error').textContent(), 'Enter the feedback code.');
  assert.equal(posted.length, 1);
  // The code as typed from paper (upper case, in groups of four): the server compares it without case or
  // separators.
  const typed = code.toUpperCase().replace(/(.{4})(?=.)/g, '$1-');
  assert.notEqual(typed, code);
  await page.fill('#rate-code', ` ${typed} `);
  await page.click('.rate-form button[type=submit]');
  await page.locator('.rate-thanks').waitFor();
  assert.deepEqual(posted[1], { url: `/api/v1/tours/${tourId}/ratings`, body: { code: typed, rating: 4, comment: 'The guide in Karakol was excellent.' } });
  assert.match(await page.locator('.rate-thanks').textContent(), /Thank you: your rating was recorded\.Your rating: 4 of 5\./);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'rate-thanks');
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'rate-phone-sent.png'), fullPage: true });
  assert.deepEqual(errors.filter((e) => !/status of 403/.test(e)), []);
  await close();

  // The operator reads it: count 1, mean 4, the comment.
  const desk = await env.newPage();
  const feedback = await operatorTour(desk.page, tourId);
  assert.equal(await feedback.locator('.tour-ratings-summary').textContent(), 'Ratings: 1; mean 4 of 5.');
  const comments = feedback.locator('ul.tour-ratings li');
  assert.equal(await comments.count(), 1);
  assert.equal(await comments.locator('q').textContent(), 'The guide in Karakol was excellent.');
  assert.equal(await comments.locator('.rating-glyphs').textContent(), '★★★★☆');
  assert.equal(await comments.locator('.visually-hidden').textContent(), 'Your rating: 4 of 5.');
  assert.deepEqual(await axe(desk.page), []);
  await desk.page.screenshot({ path: path.join(shots, 'ratings-operator.png'), fullPage: true });
  assert.deepEqual(desk.errors, []);
  await desk.close();
});

test('in Chinese: a link without a tour says so at the tour field; the tour typed in, a rating of 3 thanked for', async () => {
  const { tourId, code } = await setup();
  const { page, errors, close } = await env.newPage(phoneSize);
  const posted = sent(page);
  await page.goto(`${env.server.url}/rate?lang=zh&code=${encodeURIComponent(code)}`);
  await page.locator('#rate-heading').waitFor();
  assert.equal(await page.locator('#rate-heading').textContent(), '评价您的旅行团');
  assert.equal(await page.locator('.rating-star').nth(4).textContent(), '★★★★★5 星：非常好');
  await page.click('.rating-star >> nth=2');
  await page.click('.rate-form button[type=submit]');
  assert.match(await page.locator('#rate-tour-error').textContent(), /此链接未指明旅行团/);
  assert.equal(posted.length, 0);
  await page.fill('#rate-tour', String(tourId));
  await page.click('.rate-form button[type=submit]');
  await page.locator('.rate-thanks').waitFor();
  assert.deepEqual(posted, [{ url: `/api/v1/tours/${tourId}/ratings`, body: { code, rating: 3, comment: '' } }]);
  assert.match(await page.locator('.rate-thanks').textContent(), /谢谢/);
  await page.screenshot({ path: path.join(shots, 'rate-phone-zh-sent.png') });
  assert.deepEqual(errors, []);
  await close();
  // Two ratings now, no comment with the second.
  const read = (await api('GET', `/api/v1/tours/${tourId}`, null, tokens.staff)).body.ratings;
  assert.equal(read.count, 2);
  assert.equal(read.mean, 3.5);
});

test('a tour whose rating window has closed: the server\'s refusal said above the button, the form kept', async () => {
  const { oldTourId, oldCode } = await setup();
  const { page, errors, close } = await env.newPage(phoneSize);
  await page.goto(`${env.server.url}/rate?lang=en&tour=${oldTourId}&code=${encodeURIComponent(oldCode)}`);
  await page.locator('#rate-heading').waitFor();
  await page.click('.rating-star >> nth=4');
  await page.click('.rate-form button[type=submit]');
  await page.locator('.rate-form .error:not([hidden])').waitFor();
  assert.equal(await page.locator('.rate-form .error').textContent(),
    `The rating was not accepted: a tour is rated from its first day to 90 days after its last (${day(-110)} to ${day(-10)})`);
  assert.equal(await page.locator('.rate-thanks').count(), 0);
  assert.equal(await page.locator('.rate-form button[type=submit]').isDisabled(), false, 'the button works again');
  assert.equal(await page.locator('#rate-code-error').isHidden(), true, 'the code was right');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors.filter((e) => !/status of 409/.test(e)), []);
  await close();
});

test('the case\'s traveller rates the closed case (no stars first), and sees the rating instead of the form after a reload; the operator reads it', async () => {
  const { caseId } = await setup();
  const { page, errors, close } = await env.newPage(phoneSize);
  const posted = sent(page);
  await signIn(page, traveller, 'cases');
  await page.goto(`${env.server.url}/cases?lang=en&case=${caseId}`);
  await page.locator('.case-status .case-state', { hasText: 'Closed' }).waitFor();
  const part = page.locator('section.case-rating');
  await part.locator('form').waitFor();
  assert.equal(await part.locator('#case-rating-heading').textContent(), 'Rate how your case was handled');
  await part.locator('button[type=submit]').click();
  assert.equal(await part.locator('.rating-stars .form-error').textContent(), 'Choose from 1 to 5 stars.');
  assert.equal(posted.length, 0);
  await part.locator('.rating-star >> nth=4').click();
  await part.locator('textarea[name=comment]').fill('Answered within the hour.');
  assert.deepEqual(await axe(page), []);
  await part.locator('button[type=submit]').click();
  await part.locator('.rating-given[role=status]').waitFor();
  assert.equal(await part.locator('.rating-given').textContent(), 'Thank you: your rating was recorded. Your rating: 5 of 5.');
  assert.deepEqual(posted, [{ url: `/api/v1/cases/${caseId}/rating`, body: { rating: 5, comment: 'Answered within the hour.' } }]);

  // Read again: the rating and its comment instead of the form.
  await page.reload();
  await page.locator('.case-status .case-state', { hasText: 'Closed' }).waitFor();
  await part.locator('.rating-given').waitFor();
  assert.equal(await part.locator('form').count(), 0, 'a case is rated once: no form');
  assert.equal(await part.locator('.rating-given').textContent(), 'Your rating: 5 of 5.');
  assert.equal(await part.locator('q').textContent(), 'Answered within the hour.');
  // The case's history says it was rated, with the figure, in words.
  assert.equal(await page.locator('.thread-entry[data-action=rate] .thread-action').textContent(), 'Rated how the case was handled: 5 of 5');
  assert.deepEqual(await axe(page), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling on a phone');
  await page.screenshot({ path: path.join(shots, 'ratings-case-rated-phone.png'), fullPage: true });
  // A second rating is refused by the server (a case is rated once).
  const again = await api('POST', `/api/v1/cases/${caseId}/rating`, { rating: 1, comment: '' }, tokens.traveller);
  assert.equal(again.status, 409, again.text);
  assert.deepEqual(errors, []);
  await close();

  // The operator's staff, a party to the case, read the rating given (no form).
  const desk = await env.newPage();
  await signIn(desk.page, staff, 'cases');
  await desk.page.goto(`${env.server.url}/cases?lang=en&case=${caseId}`);
  await desk.page.locator('.case-status .case-state', { hasText: 'Closed' }).waitFor();
  const theirs = desk.page.locator('section.case-rating');
  assert.equal(await theirs.locator('#case-rating-heading').textContent(), 'The traveller\'s rating');
  assert.equal(await theirs.locator('.rating-given').textContent(), 'Rating: 5 of 5.');
  assert.equal(await theirs.locator('q').textContent(), 'Answered within the hour.');
  assert.equal(await theirs.locator('form').count(), 0);
  assert.deepEqual(await axe(desk.page), []);
  assert.deepEqual(desk.errors, []);
  await desk.close();
});

test('/stats on that server: the satisfaction table, its small counts and their means withheld, never 0', async () => {
  await setup();
  const { page, errors, close } = await env.newPage();
  const from = day(-30);
  const to = day(0);
  await page.goto(`${env.server.url}/stats?lang=en&from=${from}&to=${to}`);
  await page.waitForSelector('#stats-body[data-ready="true"], #stats-body .error', { timeout: 60_000 });
  const answer = await page.evaluate(async (q) => (await fetch(`/api/v1/stats/cases?${q}`)).json(), `from=${from}&to=${to}`);
  const satisfaction = answer.tables.find((t) => t.id === 'satisfaction');
  // Two ratings of the Kyrgyz tour and one of the Kyrgyz case: both below 5, withheld.
  assert.deepEqual(satisfaction.rows.map((r) => [r.subject, r.country, r.suppressed]), [['case', 'KG', true], ['tour', 'KG', true]]);
  const block = page.locator('[data-table="satisfaction"]');
  assert.equal(await block.locator('h3').textContent(), 'Travellers\' satisfaction');
  const rows = block.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  // The subjects and the country in words, not the API's codes.
  assert.deepEqual(await rows.locator('th').allTextContents(), ['Case', 'Group tour']);
  assert.deepEqual(await rows.locator('[data-key=country]').allTextContents(), ['Kyrgyzstan', 'Kyrgyzstan']);
  for (let i = 0; i < 2; ++i) {
    assert.equal(await rows.nth(i).locator('[data-key=ratings]').textContent(), 'withheld');
    assert.equal(await rows.nth(i).locator('[data-key=meanRating]').textContent(), 'withheld');
  }
  // Counts are made per calendar month (docs/stats.md, "Whole months"): the month is the one digit-bearing cell.
  const figures = [...await rows.locator('[data-key=ratings]').allTextContents(), ...await rows.locator('[data-key=meanRating]').allTextContents()];
  assert.doesNotMatch(figures.join(' '), /\d/, 'no count or mean shown, 0 neither');
  assert.deepEqual(satisfaction.rows.map((r) => r.month), [to.slice(0, 7), to.slice(0, 7)]);
  assert.match(await block.locator('.stats-notes').textContent(), /below 5/);
  assert.deepEqual(await axe(page), []);
  await block.screenshot({ path: path.join(shots, 'stats-satisfaction.png') });
  assert.deepEqual(errors, []);
  await close();
});
