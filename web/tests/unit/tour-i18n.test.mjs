// The tour builder's texts (src/i18n/tour/*.ts): the checks of every view's texts (i18n-chunk.mjs), and the
// navigation's link and the heading in each language's main texts.
import assert from 'node:assert/strict';
import { chunkTests } from './i18n-chunk.mjs';

chunkTests('tour', 'tour', {
  title: 'the navigation\'s link and the heading are in each language\'s main texts (the plan view loads them)',
  check(main, lang) {
    assert.equal(typeof main.app.nav.tour, 'string', `${lang}: app.nav.tour`);
    assert.equal(typeof main.tour.heading, 'string', `${lang}: tour.heading`);
    assert.equal(Object.keys(main.tour).length, 1, `${lang}: only the heading of the tour's texts is loaded by every page`);
  },
});
