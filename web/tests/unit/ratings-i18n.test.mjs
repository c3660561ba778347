// The ratings' texts (src/i18n/ratings/*.ts): the checks of every view's texts (i18n-chunk.mjs), and the
// public page's heading in each language's main texts.
import assert from 'node:assert/strict';
import { chunkTests } from './i18n-chunk.mjs';

chunkTests('ratings', 'ratings', {
  title: 'the public page\'s heading is in each language\'s main texts (the page\'s title)',
  check(main, lang) {
    assert.equal(typeof main.ratings.heading, 'string', `${lang}: ratings.heading`);
    assert.equal(Object.keys(main.ratings).length, 1, `${lang}: only the heading of the ratings texts is loaded by every page`);
  },
});
