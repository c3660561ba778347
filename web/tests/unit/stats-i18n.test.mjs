// The statistics dashboard's texts (src/i18n/stats/*.ts): the checks of every view's texts
// (i18n-chunk.mjs), and the navigation's link and the heading in each language's main texts.
import assert from 'node:assert/strict';
import { chunkTests } from './i18n-chunk.mjs';

chunkTests('stats', 'statistics', {
  title: 'the navigation\'s link and the heading are in each language\'s main texts (the plan view loads them)',
  check(main, lang) {
    assert.equal(typeof main.app.nav.stats, 'string', `${lang}: app.nav.stats`);
    assert.equal(typeof main.stats.heading, 'string', `${lang}: stats.heading`);
    assert.equal(Object.keys(main.stats).length, 1, `${lang}: only the heading of the statistics texts is loaded by every page`);
  },
});
