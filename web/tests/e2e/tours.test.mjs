// Group tours in the register (/register) end to end on a server with a register: the operator's staff
// make a tour to Kyrgyzstan, import its manifest from CSV (a bad file's row errors first, nothing added),
// check and submit it; a second tour of 4 is refused (group_too_small) with the group's problem said once;
// the Kyrgyz authority reviews the first in its queue (a stale decision's conflict, then approve); the
// staff see it approved and download the border list; a third is rejected with a reason, which the staff
// read before making it a draft again. Phones, Chinese and Russian, axe-core. Accounts and the
// operator's approval are made through the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { axe, shots, useBrowser } from './harness.mjs';

const env = useBrowser({ register: true });
const newPage = (...a) => env.newPage(...a);

const staff = { email: 'tours@silkroad-tours.test', displayName: 'Dana Tours', password: 'staff-password-t' };
const authorityKz = { email: 'licensing@tourism.kz.test', displayName: 'KZ Licensing', password: 'authority-pass-kz' };
const authorityKg = { email: 'tours@tourism.kg.test', displayName: 'KG Tourism Department', password: 'authority-pass-kg' };

async function api(method, route, body, token, type = 'application/json') {
  const res = await fetch(env.server.url + route, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': type } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('Content-Type'), text, body: /json/.test(res.headers.get('Content-Type') ?? '') ? JSON.parse(text) : null };
}

async function tokenOf(who) {
  const r = await api('POST', '/api/v1/auth/signin', { email: who.email, password: who.password });
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}

const HEADER = 'latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex';
const CHINESE = [['WANG WEI', '王伟', 'M'], ['LI NA', '李娜', 'F'], ['ZHANG MIN', '张敏', 'F'], ['LIU YANG', '刘洋', 'M'], ['CHEN JING', '陈静', 'F'],
  ['YANG FAN', '杨帆', 'M'], ['ZHAO LEI', '赵磊', 'M'], ['HUANG LI', '黄丽', 'F'], ['ZHOU JIE', '周杰', 'M'], ['WU XIA', '吴霞', 'F']];
const goodCsv = [HEADER, ...CHINESE.map(([latin, native, sex], i) =>
  `${latin},${native},CN,E${String(31000001 + i)},2032-0${1 + (i % 9)}-15,19${70 + i}-0${1 + (i % 9)}-1${i},${sex}`)].join('\r\n') + '\r\n';
// Row 3's birth date does not exist, row 4's nationality is no country: both said, nothing added.
const badCsv = [HEADER, 'WANG WEI,王伟,CN,E31000001,2032-01-15,1970-02-30,M', 'LI NA,李娜,XX,E31000002,2032-02-15,1971-02-11,F',
  'ZHANG MIN,张敏,CN,E31000003,2032-03-15,1972-03-12,F'].join('\n') + '\n';

// Elements reaching past the window's right edge (a phone must not scroll sideways).
const overflowing = (page) => page.evaluate(() => [document.documentElement, ...document.querySelectorAll('body *')]
  .filter((e) => (e.getBoundingClientRect().right > window.innerWidth + 1 || (e === document.documentElement && e.scrollWidth > window.innerWidth)) && !e.parentElement?.closest('.table-scroll'))
  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)} ${e.scrollWidth}`).slice(0, 12));

// A passport's machine-readable zone (ICAO 9303 TD3) with its check digits.
function mrzOf({ surname, given, number, nationality, birth, sex, expiry }) {
  const value = (c) => (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const digit = (s) => String([...s].reduce((sum, c, i) => sum + value(c) * [7, 3, 1][i % 3], 0) % 10);
  const pad = (s, n) => (s + '<'.repeat(n)).slice(0, n);
  const line1 = pad(`P<${nationality}${surname}<<${given}`, 44);
  const num = pad(number, 9);
  const optional = '<'.repeat(14);
  const body = `${num}${digit(num)}${nationality}${birth}${digit(birth)}${sex}${expiry}${digit(expiry)}${optional}${digit(optional)}`;
  const composite = `${num}${digit(num)}${birth}${digit(birth)}${expiry}${digit(expiry)}${optional}${digit(optional)}`;
  return `${line1}\n${body}${digit(composite)}`;
}

let accounts;
let tokens;
const setup = () => (accounts ??= makeAccounts());
async function makeAccounts() {
  const admin = await tokenOf(env.server.admin);
  for (const [who, extra] of [[staff, { role: 'operator_staff' }], [authorityKz, { role: 'authority', country: 'KZ' }], [authorityKg, { role: 'authority', country: 'KG' }]]) {
    const r = await api('POST', '/api/v1/accounts', { ...who, ...extra }, admin);
    assert.equal(r.status, 201, r.text);
  }
  tokens = { staff: await tokenOf(staff), kz: await tokenOf(authorityKz), kg: await tokenOf(authorityKg) };
  // The operator applies (licensed in Kazakhstan, running tours in Kazakhstan and Kyrgyzstan); Kazakhstan approves.
  const applied = await api('POST', '/api/v1/operators', {
    legalName: 'Silk Road Tours LLP', names: [{ lang: 'zh', name: '丝绸之路旅行社' }], country: 'KZ', licenceNumber: 'KZ-TO-0042',
    issuer: 'Ministry of Tourism and Sports of Kazakhstan', validFrom: '2025-01-01', validTo: '2028-12-31',
    email: 'office@silkroad-tours.test', phone: '+7 727 000 0000', website: 'https://silkroad-tours.test', countries: ['KZ', 'KG'],
  }, tokens.staff);
  assert.equal(applied.status, 201, applied.text);
  const approved = await api('POST', `/api/v1/operators/${applied.body.id}/decision`, { status: 'approved', version: applied.body.version }, tokens.kz);
  assert.equal(approved.status, 200, approved.text);
}

async function signIn(page, who, lang = 'en') {
  await page.goto(`${env.server.url}/register?lang=${lang}`);
  await page.locator('.sign-in input[name=email]').fill(who.email);
  await page.locator('.sign-in input[name=password]').fill(who.password);
  await page.locator('.sign-in button[type=submit]').click();
  await page.locator('.whoami').waitFor();
}

const csvFile = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

async function importCsv(page, name, text) {
  await page.locator('.import-form input[type=file]').setInputFiles(csvFile(name, text));
  await page.locator('.import-form button[type=submit]').click();
}

const firstTour = {};

test('staff make a tour to Kyrgyzstan, import its manifest (row errors first), check and submit it', async () => {
  await setup();
  const { page, errors, close } = await newPage();
  await signIn(page, staff);
  await page.locator('.portal .tours').waitFor();
  assert.equal(await page.locator('#tours-heading').textContent(), 'Group tours');
  assert.equal(await page.locator('.tours .queue-none').textContent(), 'No tours yet.');
  await page.locator('button.new-tour').click();
  const form = page.locator('form.tour-form');
  await form.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tour-form-heading');
  await form.locator('input[name=title]').fill('Issyk-Kul and the Tian Shan');
  await form.locator('input[name=languages][value=zh]').check();
  await form.locator('input[name=minSize]').fill('5');
  await form.locator('input[name=maxSize]').fill('25');
  await form.locator('.tour-stay select[name=country]').selectOption('KG');
  // The exit before the entry first: the register's refusal (named `stays`) is said at the stays.
  await form.locator('.tour-stay input[name=entryDate]').fill('2026-07-10');
  await form.locator('.tour-stay input[name=exitDate]').fill('2026-07-01');
  await form.locator('button[type=submit]').click();
  const staysError = form.locator('[data-field=stays] > .field-error:not([hidden])');
  await staysError.waitFor();
  assert.match(await staysError.textContent(), /exit 2026-07-01 is before entry 2026-07-10/);
  assert.equal(await form.locator('.form-error').textContent(), 'Some fields need a change: see the marks beside them.');
  assert.deepEqual(await axe(page), []);
  // An empty title is said beside it before anything is sent.
  await form.locator('input[name=title]').fill('');
  await form.locator('button[type=submit]').click();
  await form.locator('[data-field=title] .field-error:not([hidden])').waitFor();
  assert.equal(await form.locator('input[name=title]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'title');
  await form.locator('input[name=title]').fill('Issyk-Kul and the Tian Shan');
  await form.locator('.tour-stay input[name=entryDate]').fill('2026-07-01');
  await form.locator('.tour-stay input[name=exitDate]').fill('2026-07-10');
  await form.locator('.tour-stay input[name=onwardTicket]').check();
  await form.locator('button[type=submit]').click();

  await page.locator('.tour-page').waitFor();
  firstTour.id = Number(await page.locator('.tour-page').getAttribute('data-tour-id'));
  assert.match(await page.locator('#tour-heading').textContent(), /Issyk-Kul and the Tian Shan\s*Draft/);
  assert.equal(await page.locator('.tour-page .note').textContent(), 'The draft is made: add its travellers.');
  const programme = await page.locator('.tour-programme').textContent();
  assert.match(programme, /Jul 1, 2026 – Jul 10, 2026/);
  assert.match(programme, /Kyrgyzstan · Jul 1, 2026 – Jul 10, 2026 · return or onward ticket booked/);
  assert.match(programme, /5 to 25 travellers/);
  assert.match(programme, /简体中文/);
  assert.match(programme, /Kyrgyzstan: waiting/);
  assert.equal(await page.locator('#manifest-heading').textContent(), 'Manifest (0 travellers)');

  // A file with two bad rows: each said as "line N, field: message", and nothing added.
  await importCsv(page, 'bad.csv', badCsv);
  const rowErrors = page.locator('.import-errors:not([hidden])');
  await rowErrors.waitFor();
  assert.equal(await rowErrors.locator('p').textContent(), 'Nothing was added: 2 rows need a change.');
  const lines = await rowErrors.locator('li').allTextContents();
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^line 2, birth_date: is not a date/);
  assert.doesNotMatch(lines[0], /1970-02-30/, 'a birth date is never quoted back');
  assert.match(lines[1], /^line 3, nationality: "XX" is not an ISO 3166-1 alpha-2 country code/);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('import-errors')), true);
  assert.equal(await page.locator('#manifest-heading').textContent(), 'Manifest (0 travellers)');
  assert.equal((await api('GET', `/api/v1/manifests/${firstTour.id}`, null, tokens.staff)).body.members.length, 0);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'tours-import-errors.png'), fullPage: true });

  // The good file: ten Chinese travellers.
  await importCsv(page, 'group.csv', goodCsv);
  await page.locator('.tour-page .note', { hasText: '10 travellers are added from the file.' }).waitFor();
  assert.equal(await page.locator('#manifest-heading').textContent(), 'Manifest (10 travellers)');
  assert.equal(await page.locator('table.manifest tbody tr').count(), 10);
  const first = await page.locator('table.manifest tbody tr').first().locator('th, td').allTextContents();
  assert.deepEqual(first.slice(0, 6), ['WANG WEI 王伟', 'China', 'E31000001', 'Jan 15, 2032', 'Jan 10, 1970', 'Male']);

  await page.locator('button.check-tour').click();
  await page.locator('.check-result .check-ok').waitFor();
  assert.equal(await page.locator('.check-result .check-ok').textContent(), 'No problem found: every traveller may enter as planned.');
  assert.deepEqual(await axe(page), []);

  await page.locator('button.submit-tour').click();
  await page.locator('.tour-page .note', { hasText: 'The tour is submitted for approval.' }).waitFor();
  assert.match(await page.locator('#tour-heading').textContent(), /Submitted/);
  assert.equal(await page.locator('button.submit-tour').count(), 0);
  assert.equal(await page.locator('button.withdraw-tour').count(), 1);
  assert.equal(await page.locator('.import-form').count(), 0, 'the manifest of a submitted tour does not change');
  assert.equal(await page.locator('button.remove-member').count(), 0);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'tours-submitted.png'), fullPage: true });

  // Back to the list: the tour with its dates and status.
  await page.locator('button.back-to-tours').click();
  await page.locator('table.tour-list').waitFor();
  assert.deepEqual(await page.locator('table.tour-list tbody tr').first().locator('th, td').allTextContents(),
    ['Issyk-Kul and the Tian Shan', 'Jul 1, 2026 – Jul 10, 2026', 'Submitted']);
  assert.deepEqual(errors.filter((e) => !/40[01]|Failed to load resource/.test(e)), []);
  await close();
});

test('a tour of 4 is not submitted: group_too_small said once for the group, with the rule and its sources', async () => {
  await setup();
  const created = await api('POST', '/api/v1/tours', {
    title: 'Osh bazaar weekend', languages: ['zh', 'ru'], minSize: 1, maxSize: 25,
    stays: [{ country: 'KG', entry: '2026-08-01T09:00', exit: '2026-08-04T18:00', onwardTicket: true }],
  }, tokens.staff);
  assert.equal(created.status, 201, created.text);
  const { page, errors, close } = await newPage();
  await signIn(page, staff);
  await page.locator(`table.tour-list tr[data-tour-id="${created.body.id}"] button.open-tour`).click();
  await page.locator('.tour-page').waitFor();
  assert.match(await page.locator('.tour-programme').textContent(), /Aug 1, 2026 09:00 – Aug 4, 2026 18:00/);

  // One by the form (a field the register refuses is said beside it), one from a passport's MRZ, two by CSV.
  const member = page.locator('form.member-form');
  await member.locator('input[name=latinName]').fill('SUN LI');
  await member.locator('input[name=nativeName]').fill('孙丽');
  await member.locator('select[name=nationality]').selectOption('CN');
  await member.locator('input[name=passportNumber]').fill('E41000001');
  await member.locator('input[name=passportExpiry]').fill('2031-05-01');
  await member.locator('input[name=birthDate]').fill('1990-04-02');
  await member.locator('select[name=sex]').selectOption('F');
  await member.locator('button[type=submit]').click();
  await page.locator('.tour-page .note', { hasText: 'SUN LI is added to the manifest.' }).waitFor();

  const mrz = page.locator('form.mrz-form');
  // A check digit wrong: the MRZ's error beside it.
  const good = mrzOf({ surname: 'MA', given: 'JUN', number: 'E41000002', nationality: 'CHN', birth: '880312', sex: 'M', expiry: '330101' });
  await mrz.locator('textarea[name=mrz]').fill(good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10));
  await mrz.locator('button[type=submit]').click();
  await mrz.locator('[data-field=mrz] .field-error:not([hidden])').waitFor();
  assert.match(await mrz.locator('[data-field=mrz] .field-error').textContent(), /does not read/);
  assert.equal(await mrz.locator('textarea').getAttribute('aria-invalid'), 'true');
  await mrz.locator('textarea[name=mrz]').fill(good);
  await mrz.locator('input[name=nativeName]').fill('马骏');
  await mrz.locator('button[type=submit]').click();
  await page.locator('.tour-page .note', { hasText: 'MA JUN is added to the manifest.' }).waitFor();

  await importCsv(page, 'two.csv', [HEADER, 'GAO YU,高宇,CN,E41000003,2030-01-01,1995-06-06,M', 'HU DIE,胡蝶,CN,E41000004,2030-01-01,1996-07-07,F', ''].join('\n'));
  await page.locator('.tour-page .note', { hasText: '2 travellers are added from the file.' }).waitFor();
  assert.equal(await page.locator('#manifest-heading').textContent(), 'Manifest (4 travellers)');
  assert.deepEqual((await page.locator('table.manifest tbody th').allTextContents()).sort(), ['GAO YU 高宇', 'HU DIE 胡蝶', 'MA JUN 马骏', 'SUN LI 孙丽']);

  await page.locator('button.submit-tour').click();
  await page.locator('.submit-result').waitFor();
  assert.equal(await page.locator('.submit-result h4').textContent(), 'Not submitted: the check found problems');
  assert.match(await page.locator('#tour-heading').textContent(), /Draft/);
  const groups = page.locator('.submit-result .problem-group');
  assert.equal(await groups.count(), 1, 'the group\'s size is the group\'s problem, said once');
  assert.deepEqual(await groups.locator('h6').allTextContents(), ['The group']);
  const problem = groups.locator('li[data-code=group_too_small]');
  assert.match(await problem.textContent(), /^Kyrgyzstan: the group has 4 people; at least 5 are needed · rule cn-kg-group-tour-2024 · sources:/);
  assert.ok(await problem.locator('a[href^="http"]').count() >= 1, 'the rule\'s sources as links');
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'tours-group-too-small.png'), fullPage: true });

  // Removing a traveller: the manifest and the version follow.
  const before = (await api('GET', `/api/v1/tours/${created.body.id}`, null, tokens.staff)).body.version;
  await page.locator('table.manifest tr', { hasText: 'HU DIE' }).locator('button.remove-member').click();
  await page.locator('.tour-page .note', { hasText: 'HU DIE is removed from the manifest.' }).waitFor();
  assert.equal(await page.locator('#manifest-heading').textContent(), 'Manifest (3 travellers)');
  assert.equal((await api('GET', `/api/v1/tours/${created.body.id}`, null, tokens.staff)).body.version, before + 1);

  // The same problems in Chinese on a phone.
  const zh = await newPage({ width: 390, height: 844 });
  await signIn(zh.page, staff, 'zh');
  await zh.page.locator(`table.tour-list tr[data-tour-id="${created.body.id}"] button.open-tour`).click();
  await zh.page.locator('button.check-tour').click();
  await zh.page.locator('.check-result .problem-group').first().waitFor();
  assert.equal(await zh.page.locator('#tours-heading').textContent(), '团队游');
  assert.match(await zh.page.locator('.check-result li[data-code=group_too_small]').first().textContent(), /^吉尔吉斯斯坦：该团有3人；至少需要5人 · 规则 cn-kg-group-tour-2024 · 来源：en\.people\.cn/);
  await zh.page.screenshot({ path: path.join(shots, 'tours-check-zh-phone.png'), fullPage: true });
  assert.deepEqual(await overflowing(zh.page), [], 'no sideways scrolling on a phone');
  assert.deepEqual(await axe(zh.page), []);
  await zh.page.screenshot({ path: path.join(shots, 'tours-check-zh-phone.png'), fullPage: true });
  await zh.close();
  assert.deepEqual(errors.filter((e) => !/40[01]|Failed to load resource/.test(e)), []);
  await close();
});

test('the authority of Kyrgyzstan reviews the tour (a stale decision first) and approves it; the staff download the border list', async () => {
  await setup();
  assert.ok(firstTour.id, 'the first test made the tour');
  // Kazakhstan's authority has no tour to decide on: the tour stays in Kyrgyzstan only.
  assert.deepEqual((await api('GET', '/api/v1/tours?status=submitted', null, tokens.kz)).body.tours, []);

  const { page, errors, close } = await newPage();
  await signIn(page, authorityKg);
  await page.locator('.tour-queue .queue-item').first().waitFor();
  assert.equal(await page.locator('#tour-queue-heading').textContent(), 'Group tours in Kyrgyzstan to decide on');
  assert.equal(await page.locator('.tour-queue .queue-item').count(), 1, 'drafts are not in the queue');
  await page.locator(`.tour-queue .queue-item[data-tour-id="${firstTour.id}"] button.review-tour`).click();
  const review = page.locator('#tour-review');
  await review.locator('.tour-programme').waitFor();
  assert.match(await review.locator('#tour-review-heading').textContent(), /Tour “Issyk-Kul and the Tian Shan”\s*Submitted/);
  assert.equal(await review.locator('table.manifest tbody tr').count(), 10);
  assert.equal(await review.locator('.check-ok').count(), 1);
  assert.equal(await review.locator('.decision h4').textContent(), 'Decision for Kyrgyzstan');
  assert.match(await review.locator('.tour-operator').textContent(), /^Operator: Silk Road Tours LLP, licence KZ-TO-0042 \(Kazakhstan\) Approved$/);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(shots, 'tours-authority-review.png'), fullPage: true });

  // Meanwhile the staff withdraw and submit again (a new version): the decision on the old one is 409.
  let tour = (await api('GET', `/api/v1/tours/${firstTour.id}`, null, tokens.staff)).body;
  tour = (await api('POST', `/api/v1/tours/${firstTour.id}/withdraw`, { version: tour.version }, tokens.staff)).body;
  const again = await api('POST', `/api/v1/tours/${firstTour.id}/submit`, { version: tour.version }, tokens.staff);
  assert.equal(again.body.submitted, true, again.text);
  await review.locator('button[data-action=approve]').click();
  await review.locator('.confirm:not([hidden])').waitFor();
  assert.equal(await review.locator('.confirm p').textContent(), 'Approve “Issyk-Kul and the Tian Shan” for Kyrgyzstan?');
  await review.locator('.confirm-yes').click();
  await review.locator('.conflict').waitFor();
  assert.match(await review.locator('.conflict').textContent(), /changed meanwhile/);

  // Rejecting asks for a reason; then approve the version now shown.
  await review.locator('button[data-action=reject]').click();
  await review.locator('.field-error:not([hidden])').waitFor();
  await review.locator('textarea[name=reason]').fill('Programme approved with the Department of Tourism.');
  await review.locator('button[data-action=approve]').click();
  await review.locator('.confirm-yes').click();
  await review.locator('.note.decided').waitFor();
  assert.equal(await review.locator('.note.decided').textContent(), 'Issyk-Kul and the Tian Shan: Approved.');
  assert.match(await review.locator('.tour-programme').textContent(), /Kyrgyzstan: approved on \w+ \d+, 2026 \(Programme approved/);
  assert.equal(await review.locator('.decision').count(), 0);
  assert.equal(await page.locator('.tour-queue .queue-none').textContent(), 'No tour waits for a decision.');
  assert.deepEqual(await axe(page), []);
  await close();

  // The staff see it approved and download the border list.
  const s = await newPage();
  await signIn(s.page, staff);
  await s.page.locator(`table.tour-list tr[data-tour-id="${firstTour.id}"]`).waitFor();
  assert.match(await s.page.locator(`table.tour-list tr[data-tour-id="${firstTour.id}"]`).textContent(), /Approved/);
  await s.page.locator(`table.tour-list tr[data-tour-id="${firstTour.id}"] button.open-tour`).click();
  await s.page.locator('.tour-page').waitFor();
  assert.match(await s.page.locator('#tour-heading').textContent(), /Approved/);
  assert.equal(await s.page.locator('button.withdraw-tour').count(), 1);
  const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('button.download-border').click()]);
  assert.equal(download.suggestedFilename(), `tour-${firstTour.id}-border.csv`);
  const border = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  assert.equal(border.length, 11, 'a header and ten travellers');
  assert.match(border[0], /^no,latin_name,native_name,nationality,passport_number/);
  assert.match(border[1], /^1,WANG WEI,王伟,CN,E31000001,2032-01-15,1970-01-10,M,\d+,Issyk-Kul and the Tian Shan,approved,2026-07-01,2026-07-10,Silk Road Tours LLP,KZ-TO-0042,KZ,approved,KG approved \d{4}-\d\d-\d\d$/);
  // The same as the API gives.
  const viaApi = await api('GET', `/api/v1/manifests/${firstTour.id}?format=border`, null, tokens.staff);
  assert.match(viaApi.type, /^text\/csv/);
  assert.deepEqual(viaApi.text.trim().split(/\r?\n/), border);
  const [manifest] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('button.download-csv').click()]);
  assert.equal(readFileSync(await manifest.path(), 'utf8'), goodCsv.replace(/\r\n/g, '\r\n'));
  await s.page.screenshot({ path: path.join(shots, 'tours-approved.png'), fullPage: true });
  assert.deepEqual([...errors, ...s.errors].filter((e) => !/40[019]|Failed to load resource/.test(e)), []);
  await s.close();
});

test('the authority\'s review in Russian on a phone, a rejection with its reason, and the withdrawal of an approved tour', async () => {
  await setup();
  // A third tour, submitted through the API, for the Russian review.
  const created = await api('POST', '/api/v1/tours', {
    title: 'Сон-Куль', languages: ['ru'], minSize: 5, maxSize: 25,
    stays: [{ country: 'KG', entry: '2026-09-01', exit: '2026-09-08', onwardTicket: true }],
  }, tokens.staff);
  assert.equal(created.status, 201, created.text);
  const imported = await api('PUT', `/api/v1/manifests/${created.body.id}`, goodCsv, tokens.staff, 'text/csv');
  assert.equal(imported.status, 200, imported.text);
  const version = (await api('GET', `/api/v1/tours/${created.body.id}`, null, tokens.staff)).body.version;
  assert.equal((await api('POST', `/api/v1/tours/${created.body.id}/submit`, { version }, tokens.staff)).body.submitted, true);

  const ru = await newPage({ width: 390, height: 844 });
  await signIn(ru.page, authorityKg, 'ru');
  await ru.page.locator(`.tour-queue .queue-item[data-tour-id="${created.body.id}"] button.review-tour`).click();
  await ru.page.locator('#tour-review .tour-programme').waitFor();
  assert.match(await ru.page.locator('#tour-review-heading').textContent(), /Тур «Сон-Куль»\s*Подан/);
  assert.match(await ru.page.locator('#tour-review h4', { hasText: 'Список группы' }).textContent(), /10 туристов/);
  assert.equal(await ru.page.locator('#tour-review .check-ok').textContent(), 'Проблем не найдено: каждый турист может въехать, как запланировано.');
  assert.deepEqual(await overflowing(ru.page), [], 'no sideways scrolling on a phone');
  assert.deepEqual(await axe(ru.page), []);
  await ru.page.screenshot({ path: path.join(shots, 'tours-review-ru-phone.png'), fullPage: true });
  // Rejected with a reason, confirmed.
  const review = ru.page.locator('#tour-review');
  await review.locator('textarea[name=reason]').fill('Маршрут к Сон-Кулю закрыт в сентябре.');
  await review.locator('button[data-action=reject]').click();
  assert.equal(await review.locator('.confirm p').textContent(), 'Отклонить «Сон-Куль» за страну Кыргызстан?');
  await review.locator('.confirm-yes').click();
  await review.locator('.note.decided').waitFor();
  assert.equal(await review.locator('.note.decided').textContent(), 'Сон-Куль: Отклонён.');
  await ru.close();

  // The staff see the rejection with its reason, and can make the tour a draft again.
  const staffPage = await newPage();
  await signIn(staffPage.page, staff);
  await staffPage.page.locator(`table.tour-list tr[data-tour-id="${created.body.id}"] button.open-tour`).click();
  await staffPage.page.locator('.tour-page').waitFor();
  assert.match(await staffPage.page.locator('#tour-heading').textContent(), /Rejected/);
  assert.match(await staffPage.page.locator('.tour-programme').textContent(), /Kyrgyzstan: rejected on .*\(Маршрут к Сон-Кулю закрыт в сентябре\.\)/);
  assert.equal(await staffPage.page.locator('button.withdraw-tour').textContent(), 'Make it a draft again');
  await staffPage.page.locator('button.withdraw-tour').click();
  await staffPage.page.locator('.tour-page .confirm-yes').click();
  await staffPage.page.locator('.tour-page .note', { hasText: 'The tour is withdrawn: it is a draft again.' }).waitFor();
  assert.equal(await staffPage.page.locator('button.submit-tour').count(), 1);
  await staffPage.close();

  // The staff withdraw the approved first tour: a draft again, its decisions gone.
  const { page, close } = await newPage();
  await signIn(page, staff);
  await page.locator(`table.tour-list tr[data-tour-id="${firstTour.id}"] button.open-tour`).click();
  await page.locator('button.withdraw-tour').click();
  await page.locator('.tour-page .confirm:not([hidden])').waitFor();
  await page.locator('.tour-page .confirm-yes').click();
  await page.locator('.tour-page .note', { hasText: 'The tour is withdrawn: it is a draft again.' }).waitFor();
  assert.match(await page.locator('#tour-heading').textContent(), /Draft/);
  assert.equal(await page.locator('.import-form').count(), 1);
  await close();
});
