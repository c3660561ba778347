// The register area (/register) end to end on a server with a register (harness.mjs, startServer's
// `register`): operator staff apply (a field error first), the Kazakh authority approves in its queue, a
// stale decision's conflict, a traveller without a queue, the sign-in's errors, phones, Chinese and
// Russian, axe-core. The accounts are made by the admin through the API (POST /api/v1/accounts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, shots, useBrowser } from './harness.mjs';

const env = useBrowser({ register: true });
const newPage = (...a) => env.newPage(...a);

const staff = { email: 'staff@silkroad-tours.test', displayName: 'Aigerim Staff', password: 'staff-password-1' };
const staff2 = { email: 'staff@steppe.test', displayName: 'Bolat Staff', password: 'staff-password-2' };
const staff3 = { email: 'staff@caravanserai.test', displayName: 'Gulnara Staff', password: 'staff-password-3' };
const authority = { email: 'licensing@tourism.kz.test', displayName: 'KZ Licensing', password: 'authority-pass-1' };
const authorityKg = { email: 'licensing@tourism.kg.test', displayName: 'KG Licensing', password: 'authority-pass-2' };

async function api(method, route, body, token) {
  const res = await fetch(env.server.url + route, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

async function tokenOf(email, password) {
  const r = await api('POST', '/api/v1/auth/signin', { email, password });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

// Made once, by the first test that needs them (Node 20 runs a file's top-level before() hooks together,
// so this one could run before the harness's has started the server).
let adminToken;
let accounts;
const setup = () => (accounts ??= makeAccounts());
async function makeAccounts() {
  adminToken = await tokenOf(env.server.admin.email, env.server.admin.password);
  for (const [who, extra] of [[staff, { role: 'operator_staff' }], [staff2, { role: 'operator_staff' }], [staff3, { role: 'operator_staff' }],
    [authority, { role: 'authority', country: 'KZ' }], [authorityKg, { role: 'authority', country: 'KG' }]]) {
    const r = await api('POST', '/api/v1/accounts', { ...who, ...extra }, adminToken);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
}

async function signIn(page, who, lang = 'en') {
  await page.goto(`${env.server.url}/register?lang=${lang}`);
  await page.locator('.sign-in input[name=email]').fill(who.email);
  await page.locator('.sign-in input[name=password]').fill(who.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.whoami').waitFor();
}

async function apply(page, fields) {
  const form = page.locator('form.application');
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value);
}

test('operator staff apply: a field error beside its field first, then the record "applied"', async () => {
  await setup();
  const { page, errors, close } = await newPage();
  await page.goto(`${env.server.url}/register?lang=en`);
  assert.equal(await page.locator('nav.views a[aria-current=page]').textContent(), 'Register');
  // A wrong password first: said plainly.
  await page.locator('.sign-in input[name=email]').fill(staff.email);
  await page.locator('.sign-in input[name=password]').fill('not-the-password');
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.sign-in .form-error:not([hidden])').waitFor();
  assert.equal(await page.locator('.sign-in .form-error').textContent(), 'Wrong email or password.');
  await page.locator('.sign-in input[name=password]').fill(staff.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('form.application').waitFor();
  assert.match(await page.locator('.whoami').textContent(), /Aigerim Staff \(staff@silkroad-tours\.test\).*Role: Tour operator staff/);
  assert.equal(await page.evaluate(() => localStorage.getItem('caravan.session')), null, 'the token is not in localStorage');
  assert.ok(await page.evaluate(() => sessionStorage.getItem('caravan.session')), 'the token is in sessionStorage');

  await apply(page, {
    legalName: 'Silk Road Tours LLP', 'name-ru': 'Шёлковый путь', 'name-zh': '丝绸之路旅行社', licenceNumber: 'kz-to-0042',
    issuer: 'Ministry of Tourism and Sports of Kazakhstan', validFrom: '2025-01-01', validTo: '2024-12-31',
    email: 'office@silkroad-tours.test', phone: '+7 727 000 0000', website: 'https://silkroad-tours.test',
  });
  await page.locator('form.application select[name=country]').selectOption('KZ');
  await page.locator('form.application input[name=countries][value=KZ]').check();
  await page.locator('form.application input[name=countries][value=KG]').check();
  await page.locator('form.application button[type=submit]').click();
  // The API names validTo (details.parameter): the error is said beside that field, which is focused.
  const validToError = page.locator('[data-field=validTo] .field-error:not([hidden])');
  await validToError.waitFor();
  assert.match(await validToError.textContent(), /ends before it starts/);
  assert.equal(await page.locator('input[name=validTo]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'validTo');
  assert.equal(await page.locator('[data-field=website] .field-error:not([hidden])').count(), 0);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'register-apply-error.png'), fullPage: true });

  // Then a website the register refuses, named at the website field.
  await apply(page, { validTo: '2027-12-31', website: 'ftp://silkroad-tours.test' });
  await page.locator('form.application button[type=submit]').click();
  await page.locator('[data-field=website] .field-error:not([hidden])').waitFor();
  assert.equal(await page.locator('[data-field=validTo] .field-error:not([hidden])').count(), 0);
  assert.match(await page.locator('[data-field=website] .field-error').textContent(), /http:\/\/ or https:\/\//);

  await apply(page, { website: 'https://silkroad-tours.test' });
  await page.locator('form.application button[type=submit]').click();
  await page.locator('.operator-record').waitFor();
  assert.match(await page.locator('.operator-record h3').textContent(), /Silk Road Tours LLP\s*Applied/);
  assert.match(await page.locator('.status-note').textContent(), /waits for the authority of Kazakhstan/);
  const record = await page.locator('.operator-record .record').textContent();
  assert.match(record, /KZ-TO-0042/, 'the licence number as the register keeps it (upper case)');
  assert.match(record, /office@silkroad-tours\.test/);
  assert.match(record, /Шёлковый путь/);
  assert.match(await page.locator('.register .note').textContent(), /The application is sent/);
  assert.match(await page.locator('.whoami').textContent(), /Works for operator no\. \d+/);
  assert.equal(await page.locator('form.application').count(), 0);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'register-portal-applied.png'), fullPage: true });
  assert.deepEqual(errors.filter((e) => !/40[01]|Failed to load resource/.test(e)), []);
  await close();
});

test('the authority of Kazakhstan approves the application in its queue; the staff see "approved"', async () => {
  await setup();
  const { page, close } = await newPage();
  await signIn(page, authority);
  await page.locator('.queue-applied .queue-item').first().waitFor();
  assert.equal(await page.locator('#queue-heading').textContent(), 'Operators of Kazakhstan');
  assert.match(await page.locator('.whoami').textContent(), /Role: Authority · Acts for: Kazakhstan/);
  // Applications first, then approved, expired, suspended, revoked.
  assert.deepEqual(await page.locator('.queue-status h3').allTextContents(), ['Applied (1)', 'Approved (0)', 'Expired (0)', 'Suspended (0)', 'Revoked (0)']);
  const item = page.locator('.queue-applied .queue-item', { hasText: 'Silk Road Tours LLP' });
  await item.locator('button.review-button').click();
  await page.locator('.review .record').waitFor();
  assert.equal(await page.locator('#review-heading').textContent(), 'Record of Silk Road Tours LLP');
  assert.match(await page.locator('.review .record').textContent(), /office@silkroad-tours\.test.*\+7 727 000 0000/s);
  assert.deepEqual(await page.locator('.review .decision-buttons button').allTextContents(), ['Approve', 'Reject']);
  // Rejecting asks for a reason first.
  await page.locator('.review button[data-action=reject]').click();
  await page.locator('.review .field-error:not([hidden])').waitFor();
  assert.match(await page.locator('.review .field-error').textContent(), /Say why/);
  assert.deepEqual(await axe(page), []);
  await page.locator('.review textarea[name=reason]').fill('Licence checked against the ministry\'s list.');
  await page.locator('.review button[data-action=approve]').click();
  assert.equal(await page.locator('.review .confirm p').textContent(), 'Confirm: approve “Silk Road Tours LLP”?');
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'register-queue-confirm.png'), fullPage: true });
  await page.locator('.review .confirm-yes').click();
  await page.locator('.review .note.decided').waitFor();
  assert.equal(await page.locator('.review .note.decided').textContent(), 'Silk Road Tours LLP: Approved.');
  assert.deepEqual(await page.locator('.queue-status h3').allTextContents(), ['Applied (0)', 'Approved (1)', 'Expired (0)', 'Suspended (0)', 'Revoked (0)']);
  assert.deepEqual(await page.locator('.review .decision-buttons button').allTextContents(), ['Suspend', 'Revoke']);
  assert.match(await page.locator('.review .record').textContent(), /Version2/);
  await close();

  const staffPage = await newPage();
  await signIn(staffPage.page, staff);
  await staffPage.page.locator('.operator-record').waitFor();
  assert.match(await staffPage.page.locator('.operator-record h3').textContent(), /Approved/);
  assert.match(await staffPage.page.locator('.status-note').textContent(), /on the register/);
  await staffPage.close();
});

test('a decision on a record someone else changed meanwhile says so and shows the record as it is now', async () => {
  await setup();
  const { page, close } = await newPage();
  await signIn(page, authority);
  await page.locator('.queue-approved .queue-item', { hasText: 'Silk Road Tours LLP' }).locator('button.review-button').click();
  await page.locator('.review .record').waitFor();
  const id = Number(await page.locator('.queue-approved .queue-item').first().getAttribute('data-operator-id'));
  // The admin suspends it meanwhile, on the version the page read.
  const read = await api('GET', `/api/v1/operators/${id}`, undefined, adminToken);
  const r = await api('POST', `/api/v1/operators/${id}/decision`, { status: 'suspended', version: read.body.version, reason: 'Complaint under review' }, adminToken);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.locator('.review textarea[name=reason]').fill('Insurance lapsed.');
  await page.locator('.review button[data-action=revoke]').click();
  await page.locator('.review .confirm-yes').click();
  await page.locator('.review .conflict').waitFor();
  assert.match(await page.locator('.review .conflict').textContent(), /Someone else decided on this operator meanwhile/);
  // The record read again: suspended, its actions those of a suspended licence, the lists too.
  assert.match(await page.locator('.review .record').textContent(), /Suspended.*Version3/s);
  assert.deepEqual(await page.locator('.review .decision-buttons button').allTextContents(), ['Reinstate', 'Revoke']);
  assert.deepEqual(await page.locator('.queue-status h3').allTextContents(), ['Applied (0)', 'Approved (0)', 'Expired (0)', 'Suspended (1)', 'Revoked (0)']);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'register-queue-conflict.png'), fullPage: true });
  // Reinstated by the authority, it reads approved again.
  await page.locator('.review button[data-action=reinstate]').click();
  await page.locator('.review .confirm-yes').click();
  await page.locator('.review .note.decided').waitFor();
  assert.equal(await page.locator('.review .note.decided').textContent(), 'Silk Road Tours LLP: Approved.');
  await close();
});

test('another country\'s authority does not see it, an admin sees every country; a traveller has no queue; the API refuses both', async () => {
  await setup();
  const { page, close } = await newPage();
  await signIn(page, authorityKg);
  await page.locator('.queue-status').first().waitFor();
  assert.equal(await page.locator('#queue-heading').textContent(), 'Operators of Kyrgyzstan');
  assert.equal(await page.locator('.queue-item').count(), 0);
  await close();

  // An admin's queue: every country, or one chosen.
  const admin = await newPage();
  await signIn(admin.page, { email: env.server.admin.email, password: env.server.admin.password });
  await admin.page.locator('.queue-item', { hasText: 'Silk Road Tours LLP' }).waitFor();
  assert.equal(await admin.page.locator('#queue-heading').textContent(), 'Operators to review');
  await admin.page.locator('#queue-country').selectOption('KG');
  await admin.page.locator('#queue-heading', { hasText: 'Operators of Kyrgyzstan' }).waitFor();
  await admin.page.waitForFunction(() => document.querySelector('.queue-lists')?.getAttribute('aria-busy') === 'false');
  assert.equal(await admin.page.locator('.queue-item').count(), 0);
  await admin.close();

  // A traveller signs up through the form, then signs in.
  const traveller = { email: 'traveller@example.test', displayName: 'Dana Traveller', password: 'traveller-pass-1' };
  const t = await newPage();
  await t.page.goto(`${env.server.url}/register?lang=en`);
  await t.page.locator('.sign-up input[name=displayName]').fill(traveller.displayName);
  await t.page.locator('.sign-up input[name=email]').fill(traveller.email);
  await t.page.locator('.sign-up input[name=password]').fill('short');
  await t.page.locator('.sign-up button[type=submit]').click();
  await t.page.locator('.sign-up [data-field=password] .field-error:not([hidden])').waitFor();
  await t.page.locator('.sign-up input[name=password]').fill(traveller.password);
  await t.page.locator('.sign-up button[type=submit]').click();
  await t.page.locator('.sign-up .note:not(:empty)').waitFor();
  assert.equal(await t.page.locator('.sign-up .note').textContent(), 'Your account is made: sign in with it.');
  assert.equal(await t.page.locator('.sign-in input[name=email]').inputValue(), traveller.email);
  await t.page.locator('.sign-in input[name=password]').fill(traveller.password);
  await t.page.locator('.sign-in button[type=submit]').click();
  await t.page.locator('.whoami').waitFor();
  assert.match(await t.page.locator('.whoami').textContent(), /Role: Traveller/);
  assert.equal(await t.page.locator('.queue, .portal, #queue-heading').count(), 0);
  assert.match(await t.page.locator('.nothing-here').textContent(), /a traveller’s account has no register screens/);
  const token = await t.page.evaluate(() => sessionStorage.getItem('caravan.session'));
  const refused = await api('GET', '/api/v1/operators/1', undefined, token);
  assert.equal(refused.status, 403);
  // Signing out forgets the token and shows the sign-in again.
  await t.page.locator('button.sign-out').click();
  await t.page.locator('.sign-in .note').waitFor();
  assert.equal(await t.page.locator('.sign-in .note').textContent(), 'You are signed out.');
  assert.equal(await t.page.evaluate(() => sessionStorage.getItem('caravan.session')), null);
  assert.equal((await api('GET', '/api/v1/auth/me', undefined, token)).status, 401, 'the session is revoked on the server');
  await t.close();
});

test('sign-in: an ended session goes back to it, too many failures say the wait, a server without a register says so', async () => {
  await setup();
  const { page, close } = await newPage();
  await page.goto(`${env.server.url}/register?lang=en`);
  await page.locator('.sign-in').waitFor();
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'register-sign-in.png'), fullPage: true });
  // A token the server does not know (expired, signed out elsewhere): 401, back to the sign-in.
  await page.evaluate(() => sessionStorage.setItem('caravan.session', 'not-a-token'));
  await page.reload();
  await page.locator('.sign-in .note').waitFor();
  assert.equal(await page.locator('.sign-in .note').textContent(), 'Your session has ended: sign in again.');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('caravan.session')), null);
  // Five failures for one email in 15 minutes, then 429 with Retry-After: 900.
  await page.locator('.sign-in input[name=email]').fill('nobody@example.test');
  for (let i = 0; i < 6; ++i) {
    await page.locator('.sign-in input[name=password]').fill(`wrong-password-${i}`);
    await page.locator('.sign-in button[type=submit]').click();
    await page.waitForFunction(() => !document.querySelector('.sign-in button[type=submit]').disabled
      && !document.querySelector('.sign-in .form-error').hidden);
  }
  assert.equal(await page.locator('.sign-in .form-error').textContent(), 'Too many failed sign-ins: try again in 15 minutes.');
  // In Russian, the plural form of 15.
  await page.goto(`${env.server.url}/register?lang=ru`);
  await page.locator('.sign-in input[name=email]').fill('nobody@example.test');
  await page.locator('.sign-in input[name=password]').fill('wrong-password-x');
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.sign-in .form-error:not([hidden])').waitFor();
  assert.equal(await page.locator('.sign-in .form-error').textContent(), 'Слишком много неудачных попыток входа: попробуйте снова через 15 минут.');
  // A server without a register answers 503 register_off: said instead of the forms.
  await page.route('**/api/v1/operators?*', (route) => route.fulfill({ status: 503, contentType: 'application/json',
    body: JSON.stringify({ error: 'off', code: 'register_off', message: 'this server runs without a register: start it with --register', details: {} }) }));
  await page.goto(`${env.server.url}/register?lang=en`);
  await page.locator('.register-off').waitFor();
  assert.match(await page.locator('.register-off').textContent(), /runs without the register of tour operators/);
  assert.equal(await page.locator('.sign-in').count(), 0);
  await close();
});

test('a phone, Chinese and Russian: the portal and the queue', async () => {
  await setup();
  // A second operator applies through the API, so the queue has an application to show.
  const token = await tokenOf(staff2.email, staff2.password);
  const applied = await api('POST', '/api/v1/operators', {
    legalName: 'Steppe Horizons LLP', names: [{ lang: 'zh', name: '草原地平线' }, { lang: 'ru', name: 'Степные горизонты' }], country: 'KZ',
    licenceNumber: 'KZ-TO-0077', issuer: 'Ministry of Tourism and Sports of Kazakhstan', validFrom: '2025-03-01', validTo: '2028-02-29',
    email: 'hello@steppe.test', phone: '+7 717 000 0000', website: 'https://steppe.test', countries: ['KZ', 'UZ'],
  }, token);
  assert.equal(applied.status, 201, JSON.stringify(applied.body));

  const phone = await newPage({ width: 390, height: 844 });
  await signIn(phone.page, staff3);
  await phone.page.locator('form.application').waitFor();
  assert.ok(await phone.page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling on a phone');
  await phone.page.screenshot({ path: path.join(shots, 'register-apply-phone.png'), fullPage: true });
  await phone.page.locator('button.sign-out').click();
  await phone.page.locator('.sign-in').waitFor();
  await signIn(phone.page, staff2);
  await phone.page.locator('.operator-record').waitFor();
  assert.ok(await phone.page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling on a phone');
  await phone.page.screenshot({ path: path.join(shots, 'register-portal-phone.png'), fullPage: true });
  await phone.page.locator('button.sign-out').click();
  await phone.page.locator('.sign-in').waitFor();
  await signIn(phone.page, authority);
  await phone.page.locator('.queue-applied .queue-item', { hasText: 'Steppe Horizons LLP' }).locator('button.review-button').click();
  await phone.page.locator('.review .record').waitFor();
  assert.ok(await phone.page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling on a phone');
  await phone.page.screenshot({ path: path.join(shots, 'register-queue-phone.png'), fullPage: true });
  await phone.close();

  const zh = await newPage();
  await signIn(zh.page, authority, 'zh');
  await zh.page.locator('.queue-applied .queue-item').first().waitFor();
  assert.equal(await zh.page.locator('#queue-heading').textContent(), '哈萨克斯坦的旅行社');
  assert.equal(await zh.page.locator('.queue-applied .queue-name').textContent(), '草原地平线', 'the operator\'s name in the page\'s language');
  await zh.page.locator('.queue-applied button.review-button').click();
  await zh.page.locator('.review .record').waitFor();
  assert.deepEqual(await zh.page.locator('.review .decision-buttons button').allTextContents(), ['批准', '驳回']);
  assert.deepEqual(await axe(zh.page), []);
  await zh.page.screenshot({ path: path.join(shots, 'register-queue-zh.png'), fullPage: true });
  await zh.close();

  const ru = await newPage();
  await signIn(ru.page, staff2, 'ru');
  await ru.page.locator('.operator-record').waitFor();
  assert.match(await ru.page.locator('.operator-record h3').textContent(), /Заявка подана/);
  assert.match(await ru.page.locator('.whoami').textContent(), /Роль: Сотрудник туроператора/);
  assert.deepEqual(await axe(ru.page), []);
  await ru.page.screenshot({ path: path.join(shots, 'register-portal-ru.png'), fullPage: true });
  // The language changed while signed in: the session stays, the view is drawn again in it.
  await ru.page.locator('#language').selectOption('kk');
  await ru.page.locator('.operator-record h3', { hasText: 'Өтінім берілді' }).waitFor();
  await ru.close();
});

test("the register's texts are loaded with it, not by the plan view (which loads its language's texts only); a change of language there loads the new language's", async () => {
  const { page, errors, close } = await newPage();
  const assets = [];
  page.on('request', (r) => r.url().includes('/assets/') && assets.push(new URL(r.url()).pathname));
  await page.goto(`${env.server.url}/?lang=en`);
  await page.locator('form').first().waitFor();
  assert.deepEqual(assets.filter((a) => /register/.test(a)), [], 'the plan view loads none of the register');
  assert.deepEqual(assets.filter((a) => /\/texts-/.test(a)).map((a) => a.replace(/^.*\/texts-(\w+)-.*$/, '$1')), ['en'], 'the texts of the language shown only');
  await page.locator('nav.views a', { hasText: 'Register' }).click();
  await page.locator('.sign-in').waitFor();
  assert.equal(await page.locator('.register-intro').textContent(), 'Tour operators apply here for their licence to be on the register; the authority of their country reviews them.');
  assert.ok(assets.some((a) => /register-texts-en-/.test(a)), 'the English register texts are loaded');
  assert.ok(!assets.some((a) => /register-texts-(zh|ru|kk|ky|uz)-/.test(a)), 'only the language shown');
  // Kyrgyz: its texts and those it falls back to (Russian) are loaded, the view drawn again in it.
  await page.locator('#language').selectOption('ky');
  await page.locator('.register-intro', { hasText: 'Туроператорлор бул жерде' }).waitFor();
  assert.ok(assets.some((a) => /register-texts-ky-/.test(a)) && assets.some((a) => /register-texts-ru-/.test(a)));
  assert.ok(assets.some((a) => /\/texts-ky-/.test(a)) && assets.some((a) => /\/texts-ru-/.test(a)), 'Kyrgyz and Russian, which it falls back to');
  assert.equal(await page.locator('#sign-in-heading').textContent(), 'Кирүү');
  assert.doesNotMatch(await page.locator('main').innerText(), /register\.\w/, 'no key shown instead of its text');
  await page.locator('#language').selectOption('zh');
  await page.locator('.register-intro', { hasText: '旅行社在此申请' }).waitFor();
  assert.equal(await page.locator('#sign-in-heading').textContent(), '登录');
  assert.doesNotMatch(await page.locator('main').innerText(), /register\.\w/);
  assert.deepEqual(errors.filter((e) => !/40[01]|Failed to load resource/.test(e)), []);
  await close();
});
