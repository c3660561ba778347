// Hand-written answers of /api/v1/stats/* in the shapes of libs/stats table.h to_json, for the unit tests
// and for the e2e tests while a server without the endpoints is all there is (STATS_FIXTURE=1). Test data:
// the figures are made up to exercise the screens, not facts about the network.
const col = (key, label, type = 'text', unit = '') => ({ key, label, type, unit });
const measures = [col('services', 'Services', 'count', 'services'), col('servicesPerWeek', 'Services per week', 'number', 'services/week'),
  col('estimatedServices', 'Estimated services', 'count', 'services'), col('seats', 'Seats', 'count', 'seats'), col('seatsKnownServices', 'Services with known seats', 'count', 'services')];
const src = [{ text: 'Caravan timetable (test fixture)', url: '' }];

const daysOf = (from, to) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

// The counts scale with the period's days, so that another period shows other figures.
export function network(from = '2026-06-01', to = '2026-06-30') {
  const k = daysOf(from, to) / 30;
  const n = (x) => Math.round(x * k);
  return {
    kind: 'network', from, to,
    dataset: { name: 'silkroad (fixture)', firstDay: '2017-09-30', lastDay: '2027-03-27' },
    tables: [
      { id: 'network.totals', title: 'Totals', definition: 'Services whose first departure falls in the range.', sources: src, notes: [],
        columns: [col('services', 'Services', 'count'), col('servicesPerWeek', 'Services per week', 'number'), col('estimatedServices', 'Estimated services', 'count'),
          col('directCityPairs', 'Direct city pairs', 'count'), col('places', 'Places', 'count'), col('operators', 'Operators', 'count'), col('days', 'Days', 'count')],
        rows: [{ services: n(2345), servicesPerWeek: 547.2, estimatedServices: n(120), directCityPairs: 410, places: 96, operators: 31, days: daysOf(from, to) }] },
      { id: 'network.corridors', title: 'Services by corridor', definition: 'Each unordered pair of countries a trip crosses.', sources: src,
        notes: ['120 of 2345 services (5.1%) are estimated.'], columns: [col('corridor', 'Corridor'), ...measures],
        rows: [
          { corridor: 'CN-KZ', services: n(180), servicesPerWeek: 42, estimatedServices: 12, seats: null, seatsKnownServices: 0 },
          { corridor: 'KG-KZ', services: 96, servicesPerWeek: 22.4, estimatedServices: 30, seats: null, seatsKnownServices: 0 },
          { corridor: 'CN-UZ', services: 60, servicesPerWeek: 14, estimatedServices: 0, seats: 9600, seatsKnownServices: 60 },
          { corridor: 'domestic CN', services: 1500, servicesPerWeek: 350, estimatedServices: 40, seats: null, seatsKnownServices: 0 },
        ] },
      { id: 'network.modes', title: 'By mode', definition: 'The route type.', sources: src, notes: [], columns: [col('mode', 'Mode'), ...measures],
        rows: [{ mode: 'rail', services: 1400, servicesPerWeek: 326.7, estimatedServices: 10, seats: null, seatsKnownServices: 0 },
          { mode: 'air', services: 700, servicesPerWeek: 163.3, estimatedServices: 0, seats: 112000, seatsKnownServices: 700 }] },
      { id: 'network.operators', title: 'By operator', definition: 'The agency.', sources: src, notes: [], columns: [col('operatorId', 'Operator id'), col('operatorName', 'Operator'), ...measures],
        rows: [{ operatorId: 'cr', operatorName: 'China Railway', services: 1300, servicesPerWeek: 303.3, estimatedServices: 0, seats: null, seatsKnownServices: 0 }] },
      { id: 'network.cityPairs', title: 'City pairs', definition: 'Ordered pairs linked directly.', sources: src, notes: ['410 pairs; the 2 busiest shown.'],
        columns: [col('fromId', 'From id'), col('fromName', 'From'), col('fromCountry', 'From country'), col('toId', 'To id'), col('toName', 'To'), col('toCountry', 'To country'),
          col('services', 'Services', 'count'), col('servicesPerWeek', 'Services per week', 'number'), col('estimatedServices', 'Estimated', 'count'),
          col('fastestMinutes', 'Fastest', 'number', 'minutes'), col('seats', 'Seats', 'count'), col('seatsKnownServices', 'Seats known', 'count')],
        rows: [{ fromId: 'xian', fromName: "Xi'an", fromCountry: 'CN', toId: 'almaty', toName: 'Almaty', toCountry: 'KZ', services: 9, servicesPerWeek: 2.1, estimatedServices: 0, fastestMinutes: 290, seats: null, seatsKnownServices: 0 }] },
      { id: 'network.crossings', title: 'Crossings', definition: 'Open days by the crossings data.', sources: src, notes: [],
        columns: [col('crossingId', 'Crossing id'), col('crossingName', 'Crossing'), col('countries', 'Countries'), col('month', 'Month'), col('days', 'Days', 'count'),
          col('openDays', 'Open days', 'count'), col('closedWeekdayDays', 'Closed weekly', 'count'), col('closedListedDays', 'Closed listed', 'count')],
        rows: [{ crossingId: 'khorgos', crossingName: 'Khorgos', countries: 'CN-KZ', month: '2026-06', days: 30, openDays: 26, closedWeekdayDays: 4, closedListedDays: 0 },
          { crossingId: 'torugart', crossingName: 'Torugart', countries: 'CN-KG', month: '2026-06', days: 30, openDays: 21, closedWeekdayDays: 8, closedListedDays: 1 }] },
      { id: 'network.travelTimes', title: 'Travel times', definition: 'The fastest journey each month.', sources: src, notes: ['Estimated where a leg is.'],
        columns: [col('fromId', 'From id'), col('fromName', 'From'), col('toId', 'To id'), col('toName', 'To'), col('month', 'Month'), col('fastestMinutes', 'Fastest', 'number', 'minutes'),
          col('departure', 'Departure'), col('transfers', 'Transfers', 'count'), col('modes', 'Modes'), col('estimated', 'Estimated')],
        rows: [{ fromId: 'beijing', fromName: 'Beijing', toId: 'astana', toName: 'Astana', month: '2026-06', fastestMinutes: 395, departure: '2026-06-02T08:10+08:00', transfers: 0, modes: 'air', estimated: 'no' }] },
    ],
  };
}

export function register(from = '2026-06-01', to = '2026-06-30') {
  return {
    kind: 'register', from, to,
    tables: [{ id: 'register.operators', title: 'Operators', definition: 'Operators by country and status.', sources: [{ text: 'Caravan register' }],
      notes: ['Counts of 1 to 4 are withheld (documented threshold 5).'], columns: [col('country', 'Country'), col('status', 'Status'), col('operators', 'Operators', 'count')],
      rows: [{ country: 'KZ', status: 'approved', operators: 7 }, { country: 'KG', status: 'approved', operators: null, suppressed: true }] }],
  };
}

export function published(from = '2026-06-01', to = '2026-06-30') {
  return {
    kind: 'published', from, to,
    tables: [{ id: 'published', title: 'Published figures', definition: 'Figures published by others.', sources: [], notes: [],
      columns: [col('id', 'Id'), col('topic', 'Topic'), col('subject', 'Subject'), col('corridor', 'Corridor'), col('date', 'Date'), col('value', 'Value', 'number'),
        col('unit', 'Unit'), col('confidence', 'Confidence'), col('source', 'Source'), col('url', 'URL'), col('note', 'Note')],
      rows: [{ id: 'flights-weekly', topic: 'flights', subject: 'China - Central Asia', corridor: '', date: '2025-06', value: 100, unit: 'flights/week', confidence: 'reported',
        source: 'Example source (fixture)', url: 'https://example.org/fixture', note: '' }] }],
  };
}

export function cases(from = '2026-06-01', to = '2026-06-30') {
  return {
    kind: 'cases', from, to,
    tables: [
      { id: 'cases.byKind', title: 'Cases', definition: 'Cases opened in the range.', sources: [{ text: 'Caravan cases' }], notes: [],
        columns: [col('kind', 'Kind'), col('country', 'Country'), col('outcome', 'Outcome'), col('cases', 'Cases', 'count')],
        rows: [{ kind: 'assistance', country: 'KZ', outcome: 'resolved', cases: 12 }] },
      { id: 'satisfaction', title: 'Satisfaction', definition: 'Ratings from 1 to 5.', sources: [{ text: 'Caravan ratings' }], notes: ['Counts from 1 to 4 are withheld (and their mean).'],
        columns: [col('subject', 'Subject'), col('country', 'Country'), col('ratings', 'Ratings', 'count', 'ratings'), col('meanRating', 'Mean rating', 'number', '1-5')],
        rows: [{ subject: 'tour', country: 'KG', ratings: 9, meanRating: 4.33 }, { subject: 'case', country: 'KZ', ratings: null, meanRating: null, suppressed: true }] },
    ],
  };
}
