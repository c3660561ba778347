// The public rating page (/rate, issue 19) end to end (harness.mjs: a real server, Debian's chromium,
// axe-core), on a phone: the link's tour and code filled in, the stars by keyboard, each problem at its
// field (no stars, a comment over 1000 characters, no code), a wrong code refused at the code field, a
// rating sent with the body the API takes and thanked for; the same page in Chinese; axe-core.
// The endpoint (POST /api/v1/tours/{id}/ratings) is answered by the test: the tour, its approval
// and its feedback code come from the register's own tests; this one is about the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { axe, shots, useBrowser } from './harness.mjs';

const env = useBrowser();

async function phone() {
  const p = await env.newPage({ width: 390, height: 844 });
  p.posted = [];
  await p.page.route('**/api/v1/tours/*/ratings', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    p.posted.push({ url: new URL(route.request().url()).pathname, body });
    if (body.code !== 'K7Q2-9XPA') {
      return route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ code: 'forbidden', message: 'the feedback code does not match', details: { parameter: 'code' } }) });
    }
    return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ rating: body.rating }) });
  });
  return p;
}

test('on a phone: the link\'s tour and code, the stars by keyboard, problems at their fields, a wrong code, a rating sent', async () => {
  const { page, errors, close, posted } = await phone();
  await page.goto(`${env.server.url}/rate?lang=en&tour=12&code=WRONG`);
  await page.locator('#rate-heading').waitFor();
  assert.equal(await page.title(), 'Rate your tour · Caravan');
  assert.equal(await page.inputValue('#rate-tour'), '12');
  assert.equal(await page.inputValue('#rate-code'), 'WRONG');
  assert.equal(await page.locator('.rating-stars input[type=radio]').count(), 5);
  assert.equal(await page.locator('.rating-stars legend').textContent(), 'Your rating');
  await page.screenshot({ path: path.join(shots, 'rate-phone.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);

  // No stars: said at the stars, the first one focused; nothing sent.
  await page.click('.rate-form button[type=submit]');
  assert.equal(await page.locator('.rating-stars .form-error').textContent(), 'Choose from 1 to 5 stars.');
  assert.equal(await page.evaluate(() => document.activeElement.value), '1');
  assert.equal(posted.length, 0);
  // Arrow keys move between the stars (one radio group).
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('.rating-stars input:checked').getAttribute('value'), '4');
  // A comment over 1000 characters: said at the comment, with the count.
  await page.fill('textarea[name=comment]', 'a'.repeat(1001));
  assert.equal(await page.locator('.rating-used').textContent(), '1001 of 1000 characters');
  await page.click('.rate-form button[type=submit]');
  assert.equal(await page.getAttribute('textarea[name=comment]', 'aria-invalid'), 'true');
  assert.match(await page.locator('.rating-form .field .form-error').textContent(), /longer than 1000 characters/);
  assert.equal(posted.length, 0);
  // A wrong code: the server's refusal at the code field.
  await page.fill('textarea[name=comment]', '  The guide in Osh was excellent.  ');
  await page.click('.rate-form button[type=submit]');
  await page.locator('#rate-code-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#rate-code-error').textContent(), 'The feedback code does not match this tour.');
  assert.equal(await page.getAttribute('#rate-code', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'rate-code');
  // No code at all: said before sending.
  await page.fill('#rate-code', '');
  await page.click('.rate-form button[type=submit]');
  assert.equal(await page.locator('#rate-code-error').textContent(), 'Enter the feedback code.');
  assert.equal(posted.length, 1);
  // The right code: sent as the API takes it, thanked for.
  await page.fill('#rate-code', 'K7Q2-9XPA');
  await page.click('.rate-form button[type=submit]');
  await page.locator('.rate-thanks').waitFor();
  assert.deepEqual(posted[1], { url: '/api/v1/tours/12/ratings', body: { code: 'K7Q2-9XPA', rating: 4, comment: 'The guide in Osh was excellent.' } });
  assert.match(await page.locator('.rate-thanks').textContent(), /Thank you: your rating was recorded\.Your rating: 4 of 5\./);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'rate-thanks');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors.filter((e) => !/status of 403/.test(e)), []);
  await close();
});

test('in Chinese: the page and its problems in Chinese; a link without a tour says so at the tour field', async () => {
  const { page, errors, close, posted } = await phone();
  await page.goto(`${env.server.url}/rate?lang=zh&code=K7Q2-9XPA`);
  await page.locator('#rate-heading').waitFor();
  assert.equal(await page.locator('#rate-heading').textContent(), '评价您的旅行团');
  assert.equal(await page.locator('.rating-star').nth(4).textContent(), '★★★★★5 星：非常好');
  await page.click('.rating-star >> nth=2');
  await page.click('.rate-form button[type=submit]');
  assert.match(await page.locator('#rate-tour-error').textContent(), /此链接未指明旅行团/);
  assert.equal(posted.length, 0);
  await page.fill('#rate-tour', '12');
  await page.click('.rate-form button[type=submit]');
  await page.locator('.rate-thanks').waitFor();
  assert.equal(posted[0].body.rating, 3);
  assert.match(await page.locator('.rate-thanks').textContent(), /谢谢/);
  await page.screenshot({ path: path.join(shots, 'rate-phone-zh-sent.png') });
  assert.deepEqual(errors, []);
  await close();
});
