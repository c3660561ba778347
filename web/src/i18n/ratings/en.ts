// The satisfaction ratings' texts (views/ratings/) in English, the reference: the public page /rate
// (a group tour rated with its feedback code) and a closed case's rating. A chunk of their own, loaded
// with /rate and /cases (i18n/index.ts loadRatingsTexts); the page's heading stays in ../en.ts.
export default {
  ratings: {
    intro: 'Tell us how your group tour went. Only counts and average ratings are published, never for fewer than 5 ratings; your comment goes to the tour\'s operator.',
    tour: 'Tour number',
    code: 'Feedback code',
    codeHint: 'It is on your tour\'s papers from the operator.',
    legend: 'Your rating',
    star_1: '1 star: poor',
    star_2: '2 stars: fair',
    star_3: '3 stars: good',
    star_4: '4 stars: very good',
    star_5: '5 stars: excellent',
    comment: 'Comment (optional)',
    commentHint: 'At most {{max}} characters.',
    used: '{{used}} of {{max}} characters',
    send: 'Send the rating',
    sending: 'Sending…',
    sent: 'Thank you: your rating was recorded.',
    yours: 'Your rating: {{rating}} of 5.',
    error: {
      noRating: 'Choose from 1 to 5 stars.',
      commentTooLong: 'The comment is longer than {{max}} characters.',
      noCode: 'Enter the feedback code.',
      noTour: 'This link names no tour: open the link on your tour\'s papers, or enter the tour number.',
      code: 'The feedback code does not match this tour.',
      refused: 'The rating was not accepted: {{message}}',
      failed: 'The rating could not be sent: {{message}}',
      noRegister: 'This server runs without a register, so there is nothing to rate here.',
    },
    caseHeading: 'Rate how your case was handled',
    caseIntro: 'Your rating and comment are stored with the case; only counts and averages leave it.',
    operator: {
      heading: 'Travellers\' ratings',
      link: 'Link for the travellers',
      hint: 'Hand the code or the link to the travellers with the tour\'s papers: they rate the tour from its first day to 90 days after its last. Only your operator\'s staff and the register\'s administrators read the comments; the statistics publish counts and means only.',
      summary: 'Ratings: {{count}}; mean {{mean}} of 5.',
      none: 'No ratings yet.',
    },
  },
};
