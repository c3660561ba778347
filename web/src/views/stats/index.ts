// The statistics dashboard (/stats, issue 19; docs/web.md "Statistics", docs/stats.md): a period (from, to,
// presets) kept in the URL, then GET /api/v1/stats/{network,register,cases,published}'s tables: the
// network's headline figures, charts each shown with its table (corridors, modes, operators, crossings'
// open days, travel times between capitals), the busiest city pairs; the register's and cases' tables
// (a sentence instead when the server has no register); the published figures with their sources.
// Every table shows its definition, notes, sources and withheld cells, and links its CSV, CSVW and JSON.
import './stats.css';
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { formatDuration, formatLocalTime, formatMediumDay, formatMonth, localToday } from '../../lib/format.js';
import {
  barSeries, beyondData, calendarYear, cellText, downloadName, fetchStats, fieldOfError, isWithheld, last12Months, monthSeries,
  parseStatsQuery, rangeProblem, statsApiPath, statsQueryToString, StatsError, tableById, textOf, thisMonth,
  type DownloadFormat, type StatsAnswer, type StatsColumn, type StatsKind, type StatsRange, type StatsRow, type StatsTable,
} from '../../lib/stats.js';
import type { Language } from '../../lib/url-state.js';
import { modeLabel } from '../plan.js';
import { countryName } from '../travellers.js';
import { destroyCharts, drawChart, type BarChart, type LineChart } from './charts.js';

export interface StatsViewContext {
  lang: Language;
  query: string; // the period, as the URL has it (without lang)
  navigate(query: string): void;
}

// Tables longer than this show their first rows and a button for the rest (the downloads have all).
const ROWS_SHOWN = 25;

// The map's module once asked for (to let its map go when the dashboard is drawn again).
let mapModule: Promise<typeof import('./network-map.js')> | null = null;

// The dashboard drawn last: an older one's answers, arriving after a newer period was asked, are dropped.
let drawing = 0;

export async function renderStats(root: HTMLElement, ctx: StatsViewContext): Promise<void> {
  destroyCharts();
  if (mapModule) void mapModule.then((m) => m.destroyNetworkMap());
  const mine = ++drawing;
  const { lang } = ctx;
  const today = localToday();
  const range = parseStatsQuery(ctx.query, today);

  // ---- The period ----
  const from = h('input', { type: 'date', id: 'stats-from', name: 'from', required: true, value: range.from });
  const to = h('input', { type: 'date', id: 'stats-to', name: 'to', required: true, value: range.to });
  const fromError = h('p', { class: 'form-error', id: 'stats-from-error', hidden: true });
  const toError = h('p', { class: 'form-error', id: 'stats-to-error', hidden: true });
  const hint = h('p', { class: 'hint', id: 'stats-range-hint' }, t('stats.range.hint'));
  to.setAttribute('aria-describedby', hint.id);
  const showAt = (field: 'from' | 'to' | null, message: string) => {
    for (const [input, error] of [[from, fromError], [to, toError]] as const) {
      const here = (field === 'from' && input === from) || (field === 'to' && input === to);
      error.hidden = !here;
      error.textContent = here ? message : '';
      if (here) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', [here ? error.id : '', input === to ? hint.id : ''].filter(Boolean).join(' '));
    }
  };
  const go = (r: StatsRange) => {
    const problem = rangeProblem(r);
    if (problem) {
      showAt(problem.field, t(`stats.error.${problem.problem}`));
      (problem.field === 'from' ? from : to).focus();
      return;
    }
    ctx.navigate(statsQueryToString(r));
  };
  const year = Number(today.slice(0, 4));
  // A preset's button is pressed when it is the period shown (in December, the last 12 months are the year).
  const preset = (key: string, label: string, r: StatsRange) =>
    h('button', { type: 'button', class: 'stats-preset', 'aria-pressed': String(r.from === range.from && r.to === range.to), 'data-preset': key, onclick: () => go(r) }, label);
  const form = h('form', { class: 'stats-range', novalidate: true, 'aria-labelledby': 'stats-range-legend' },
    h('fieldset', {}, h('legend', { id: 'stats-range-legend' }, t('stats.range.legend')),
      h('div', { class: 'stats-dates' },
        h('div', { class: 'field' }, h('label', { for: from.id }, t('stats.range.from')), from, fromError),
        h('div', { class: 'field' }, h('label', { for: to.id }, t('stats.range.to')), to, toError)),
      hint,
      h('button', { type: 'submit', class: 'primary' }, t('stats.range.show'))),
    h('div', { class: 'stats-presets', role: 'group', 'aria-label': t('stats.range.presets') },
      preset('month', t('stats.range.month'), thisMonth(today)),
      preset('12months', t('stats.range.last12'), last12Months(today)),
      [year - 1, year].map((y) => preset(`year:${y}`, t('stats.range.year', { year: y }), calendarYear(y)))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go({ from: from.value, to: to.value });
  });

  const status = h('p', { class: 'stats-status', role: 'status' });
  const body = h('div', { class: 'stats-body', id: 'stats-body', 'aria-busy': 'true' });
  root.replaceChildren(h('div', { class: 'stats-page' },
    h('h1', { id: 'stats-heading', tabindex: '-1' }, t('stats.heading')),
    h('p', { class: 'hint stats-intro' }, t('stats.intro')),
    lang === 'en' ? null : h('p', { class: 'hint' }, t('stats.table.inEnglish')),
    form, status, body));

  const problem = rangeProblem(range);
  if (problem) {
    showAt(problem.field, t(`stats.error.${problem.problem}`));
    body.removeAttribute('aria-busy');
    return;
  }

  status.replaceChildren(h('span', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('stats.loading')));
  let answers: Record<StatsKind, StatsAnswer | null>;
  try {
    const got = await Promise.all((['network', 'register', 'cases', 'published'] as const).map((k) => fetchStats(k, range, { all: k === 'published' })));
    answers = { network: got[0], register: got[1], cases: got[2], published: got[3] };
  } catch (e) {
    if (mine !== drawing) return;
    const err = e instanceof StatsError ? e : new StatsError(0, 'unknown', String(e));
    body.removeAttribute('aria-busy');
    status.textContent = '';
    const field = err.status === 400 ? fieldOfError(err) : null;
    const message = t('stats.error.failed', { message: err.message });
    if (field) showAt(field, message);
    body.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('p', {}, message),
      field ? null : h('button', { type: 'button', class: 'primary', onclick: () => void renderStats(root, ctx) }, t('stats.error.retry'))));
    return;
  }

  if (mine !== drawing) return;
  const network = answers.network!;
  const period = (a: StatsAnswer | null) => ({ from: a?.from ?? range.from, to: a?.to ?? range.to });
  const p = period(network);
  status.textContent = t('stats.loaded', { from: formatMediumDay(p.from, lang), to: formatMediumDay(p.to, lang) });

  const charts: Promise<void>[] = [];
  const sections: HTMLElement[] = [];

  // ---- Network ----
  const netSection = section('network', t('stats.section.network'), t('stats.section.networkIntro'));
  const ds = network.dataset;
  if (ds) {
    netSection.append(h('p', { class: 'stats-dataset' }, t('stats.dataset', { name: ds.name, first: formatMediumDay(ds.firstDay, lang), last: formatMediumDay(ds.lastDay, lang) })));
    const beyond = beyondData(range, ds);
    if (beyond.before) netSection.append(h('p', { class: 'stats-beyond' }, t('stats.beyondBefore', { first: formatMediumDay(ds.firstDay, lang) })));
    if (beyond.after) netSection.append(h('p', { class: 'stats-beyond' }, t('stats.beyondAfter', { last: formatMediumDay(ds.lastDay, lang) })));
  }
  const totals = tableById(network, 'network.totals');
  if (totals) netSection.append(headline(totals, lang, range, 'network'));
  const bar = (id: string, chartKey: string, label: (r: StatsRow) => string) => {
    const tb = tableById(network, id);
    if (!tb) return;
    const s = barSeries(tb, label, 'servicesPerWeek');
    netSection.append(tableBlock(tb, lang, range, 'network', s.values.length ? { name: t(`stats.chart.${chartKey}`), chart: { kind: 'bar', labels: s.labels, values: s.values }, more: s.more, total: s.labels.length + s.more } : undefined, charts));
  };
  bar('network.corridors', 'corridors', (r) => corridorLabel(textOf(r, 'corridor'), lang));
  bar('network.modes', 'modes', (r) => modeLabel(textOf(r, 'mode')));
  bar('network.operators', 'operators', (r) => textOf(r, 'operatorName') || textOf(r, 'operatorId'));
  const pairs = tableById(network, 'network.cityPairs');
  const crossings = tableById(network, 'network.crossings');
  if (pairs?.rows.length) {
    // The map, then the city pairs' table that is its equivalent; maplibre loads with the map's module.
    const slot = h('div', { class: 'stats-map-slot' });
    netSection.append(slot);
    charts.push((mapModule ??= import('./network-map.js')).then(({ networkMap }) => {
      if (mine !== drawing) return;
      const m = networkMap({ pairs: pairs.rows, crossings: crossings?.rows ?? [] }, tableTitle(pairs), () => mine === drawing);
      slot.replaceWith(m.figure);
      return m.done;
    }).catch(() => slot.replaceChildren(h('p', { class: 'hint' }, t('stats.map.failed')))));
  }
  if (pairs) netSection.append(tableBlock(pairs, lang, range, 'network', undefined, charts));
  if (crossings) {
    const s = monthSeries(crossings, (r) => textOf(r, 'crossingName') || textOf(r, 'crossingId'), 'openDays');
    // One month: a bar per crossing; several: a line per crossing over the months.
    const chart: BarChart | LineChart = s.months.length === 1
      ? { kind: 'bar', labels: s.series.map((x) => x.name), values: s.series.map((x) => x.values[0] ?? 0) }
      : { kind: 'line', labels: s.months.map((m) => formatMonth(m, lang)), series: s.series };
    netSection.append(tableBlock(crossings, lang, range, 'network', s.series.length ? { name: t('stats.chart.crossings'), chart, more: s.more, total: s.series.length + s.more, lines: true } : undefined, charts));
  }
  const times = tableById(network, 'network.travelTimes');
  if (times) {
    const name = (r: StatsRow) => `${textOf(r, 'fromName')} → ${textOf(r, 'toName')}`;
    const s = monthSeries(times, name, 'fastestMinutes');
    const hours = (v: number) => Math.round(v / 6) / 10;
    // One month: a bar per pair, all of them (the capitals' 30), fastest first; several: a line per pair
    // over the months, at most 8.
    const bars = barSeries(times, name, 'fastestMinutes', 60);
    const chart: BarChart | LineChart = s.months.length === 1
      ? { kind: 'bar', labels: bars.labels.reverse(), values: bars.values.reverse().map(hours) }
      : { kind: 'line', labels: s.months.map((m) => formatMonth(m, lang)), series: s.series.map((x) => ({ name: x.name, values: x.values.map((v) => (v === null ? null : hours(v))) })) };
    const more = s.months.length === 1 ? bars.more : s.more;
    const total = s.months.length === 1 ? bars.labels.length + bars.more : s.series.length + s.more;
    netSection.append(tableBlock(times, lang, range, 'network', total - more > 0
      ? { name: t('stats.chart.travelTimes'), chart, more, total, lines: s.months.length > 1 }
      : undefined, charts));
  }
  // Tables the dashboard does not know yet are still shown, after those it does.
  const known = new Set(['network.totals', 'network.corridors', 'network.modes', 'network.operators', 'network.cityPairs', 'network.crossings', 'network.travelTimes']);
  for (const tb of network.tables) if (!known.has(tb.id)) netSection.append(tableBlock(tb, lang, range, 'network', undefined, charts));
  sections.push(netSection);

  // ---- Register, cases and satisfaction: only with a register ----
  if (!answers.register && !answers.cases) {
    const none = section('register', t('stats.section.register'), '');
    none.append(h('p', { class: 'stats-none' }, t('stats.noRegister')));
    sections.push(none);
  } else {
    for (const kind of ['register', 'cases'] as const) {
      const a = answers[kind];
      const s = section(kind, t(`stats.section.${kind}`), t(`stats.section.${kind}Intro`));
      if (!a) s.append(h('p', { class: 'stats-none' }, t('stats.noRegister')));
      else for (const tb of a.tables) s.append(tableBlock(tb, lang, range, kind, undefined, charts));
      sections.push(s);
    }
  }

  // ---- Published figures: of every date (the period does not filter them) ----
  if (answers.published) {
    const s = section('published', t('stats.section.published'), `${t('stats.section.publishedIntro')} ${t('stats.section.publishedAll')}`);
    for (const tb of answers.published.tables) s.append(tableBlock(tb, lang, range, 'published', undefined, charts));
    sections.push(s);
  }

  body.replaceChildren(...sections);
  body.removeAttribute('aria-busy');
  await Promise.all(charts);
  body.dataset.ready = 'true';
}

function section(kind: string, title: string, intro: string): HTMLElement {
  const id = `stats-section-${kind}`;
  return h('section', { class: `stats-section stats-section-${kind}`, 'aria-labelledby': id, 'data-kind': kind },
    h('h2', { id }, title), intro ? h('p', { class: 'hint' }, intro) : null);
}

// A published table beside the figures (published.X) is keyed by X: 'published' is the figures' own title.
const tableTitle = (tb: StatsTable) => t(`stats.tables.${tb.id.replace(/^published\./, '')}`, { defaultValue: tb.title });
const columnLabel = (c: StatsColumn) => t(`stats.columns.${c.key}`, { defaultValue: c.label });

// "CN-KZ" as "China – Kazakhstan" in the language; "domestic CN" as "within China".
export function corridorLabel(corridor: string, lang: string): string {
  const domestic = /^domestic(?: ([A-Z]{2}))?$/.exec(corridor);
  if (domestic) return domestic[1] ? t('stats.domestic', { country: countryName(domestic[1], lang) }) : t('stats.domesticUnknown');
  const pair = /^([A-Z]{2})-([A-Z]{2})$/.exec(corridor);
  return pair ? `${countryName(pair[1], lang)} – ${countryName(pair[2], lang)}` : corridor;
}

const COUNTRY_KEYS = new Set(['country', 'fromCountry', 'toCountry', 'nationality', 'destination']);

// A cell as the reader reads it: countries, corridors, modes and months in the language, minutes as a
// duration, yes/no for flags; the figure itself (grouped in the language) otherwise.
const VALUE_KEYS = new Set(['subject', 'kind', 'status', 'outcome']);

function cellView(row: StatsRow, c: StatsColumn, lang: string): string {
  const v = row[c.key];
  if (typeof v === 'boolean') return t(v ? 'stats.table.yes' : 'stats.table.no');
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'string') {
    if (c.key === 'corridor' || c.key === 'countries') return corridorLabel(v, lang);
    if (COUNTRY_KEYS.has(c.key) && /^[A-Z]{2}$/.test(v)) return countryName(v, lang);
    if (c.key === 'mode') return modeLabel(v);
    if (c.key === 'month') return formatMonth(v, lang);
    if (c.key === 'modes') return v.split(/[+,;|]/).map((m) => modeLabel(m.trim())).join(' + ');
    if (c.key === 'estimated' && (v === 'yes' || v === 'no')) return t(`stats.table.${v}`);
    // An entry regime in the words the planner's verdicts use (the main texts).
    if (c.key === 'regime') return t(`entry.regime.${v}`, { defaultValue: v });
    if (VALUE_KEYS.has(c.key)) {
      // The register's and cases' codes (subject, kind, status, outcome) in words; an unknown one as it is.
      const key = `stats.value.${c.key}.${v}`;
      const text = t(key);
      if (text !== key) return text;
    }
    if (c.key === 'departure' && /T\d{2}:\d{2}/.test(v)) {
      try {
        const f = formatLocalTime(v, lang);
        return `${f.date} ${f.time} (${f.zone})`;
      } catch {
        return v; // not a time with an offset: as the server wrote it
      }
    }
    return v;
  }
  if (c.key === 'fastestMinutes') return formatDuration(v * 60, lang);
  return cellText(v, c, lang);
}

interface ChartSpec {
  name: string;
  chart: BarChart | LineChart;
  more: number; // rows or series left out of the chart
  total: number;
  lines?: boolean;
}

// The headline figures: the totals' one row as large numbers, with the table's definition and downloads.
function headline(tb: StatsTable, lang: string, range: StatsRange, kind: StatsKind): HTMLElement {
  const row = tb.rows[0];
  const block = tableBlock(tb, lang, range, kind, undefined, []);
  if (!row) return block;
  const figures = h('dl', { class: 'stats-headline' }, tb.columns.filter((c) => c.type !== 'text').map((c) =>
    h('div', { class: 'stats-figure', 'data-key': c.key }, h('dt', {}, columnLabel(c)),
      h('dd', {}, isWithheld(row, c) ? t('stats.table.withheld') : cellView(row, c, lang) || t('stats.table.noValue')))));
  block.querySelector('h3')!.after(figures);
  // The large figures are the table's row: the table itself would say it again.
  block.querySelector('.stats-table-scroll')?.remove();
  return block;
}

// A table with its title, definition, optional chart, rows, notes, sources and downloads.
function tableBlock(tb: StatsTable, lang: string, range: StatsRange, kind: StatsKind, chart: ChartSpec | undefined, charts: Promise<void>[]): HTMLElement {
  const title = tableTitle(tb);
  const headingId = uniqueId('stats-table');
  const block = h('section', { class: 'stats-table', 'data-table': tb.id, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, title),
    tb.definition ? h('p', { class: 'stats-definition' }, h('strong', {}, `${t('stats.table.definition')}${t('stats.colon')}`), h('span', { lang: 'en' }, tb.definition)) : null);

  if (chart) {
    const box = h('div', { class: 'stats-chart' });
    const figure = h('figure', { class: 'stats-figure-chart', 'data-chart': tb.id }, box,
      h('figcaption', {}, chart.name, chart.more > 0 ? ` ${t(chart.lines ? 'stats.chart.moreLines' : 'stats.chart.more', { shown: chart.total - chart.more, total: chart.total })}` : ''));
    block.append(figure);
    charts.push(drawChart(box, `${chart.name} (${title})`, chart.chart, lang).catch(() => {
      box.style.height = '';
      box.replaceChildren(h('p', { class: 'hint' }, t('stats.chart.failed')));
    }));
  }

  // Published figures: the source's text as a link to its address (the url column folded into it).
  const linkSource = tb.columns.some((c) => c.key === 'source') && tb.columns.some((c) => c.key === 'url');
  const columns = tb.columns.filter((c) => !(linkSource && c.key === 'url'));
  const withheldAny = tb.rows.some((r) => r.suppressed);
  if (!tb.rows.length) block.append(h('p', { class: 'stats-empty' }, t('stats.table.empty')));
  else {
    const rowEl = (r: StatsRow) => h('tr', { class: r.suppressed ? 'suppressed' : undefined }, columns.map((c, i) => {
      const withheld = isWithheld(r, c);
      const text = withheld ? t('stats.table.withheld') : cellView(r, c, lang);
      const raw = r[c.key];
      const attrs = { class: `${c.type === 'text' ? 'text' : 'num'}${withheld ? ' withheld' : ''}`, 'data-key': c.key, 'data-value': raw === null || raw === undefined ? '' : String(raw) };
      const url = linkSource && c.key === 'source' ? textOf(r, 'url') : '';
      const content = url && /^https?:\/\//.test(url) ? h('a', { href: url, rel: 'noopener', target: '_blank' }, text || url) : text || t('stats.table.noValue');
      return i === 0 ? h('th', { ...attrs, scope: 'row' }, content) : h('td', attrs, content);
    }));
    const tbody = h('tbody', {}, tb.rows.slice(0, ROWS_SHOWN).map(rowEl));
    const table = h('table', {},
      h('caption', { class: 'visually-hidden' }, title),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.type === 'text' ? 'text' : 'num', 'data-key': c.key }, columnLabel(c))))),
      tbody);
    const scroll = h('div', { class: 'stats-table-scroll', role: 'region', 'aria-label': title, tabindex: '0' }, table);
    block.append(scroll);
    if (tb.rows.length > ROWS_SHOWN) {
      const more = h('button', { type: 'button', class: 'link stats-more' }, t('stats.table.showAll', { total: numberText(tb.rows.length, lang) }));
      more.addEventListener('click', () => {
        tbody.append(...tb.rows.slice(ROWS_SHOWN).map(rowEl));
        more.remove();
        (tbody.rows[ROWS_SHOWN]?.cells[0] as HTMLElement | undefined)?.setAttribute('tabindex', '-1');
        (tbody.rows[ROWS_SHOWN]?.cells[0] as HTMLElement | undefined)?.focus();
      });
      block.append(more);
    }
  }

  const notes = [...tb.notes];
  const extra = withheldAny ? [t('stats.table.withheldNote')] : [];
  if (notes.length || extra.length) {
    block.append(h('div', { class: 'stats-notes' }, h('h4', {}, t('stats.table.notes')),
      h('ul', {}, extra.map((n) => h('li', {}, n)), notes.map((n) => h('li', { lang: 'en' }, n)))));
  }
  if (tb.sources.length) {
    // A long list (a timetable's tens of sources) is folded under its count; a short one is shown.
    const list = h('ul', {}, tb.sources.map((s) => h('li', { lang: 'en' }, s.url ? h('a', { href: s.url, rel: 'noopener', target: '_blank' }, s.text || s.url) : s.text)));
    block.append(tb.sources.length > 5
      ? h('details', { class: 'stats-sources' }, h('summary', {}, h('h4', {}, `${t('stats.table.sources')} (${numberText(tb.sources.length, lang)})`)), list)
      : h('div', { class: 'stats-sources' }, h('h4', {}, t('stats.table.sources')), list));
  }
  const link = (format: DownloadFormat) => h('a', {
    href: statsApiPath(kind, range, { id: tb.id, format }, kind === 'published'), download: downloadName(tb.id, range, format), 'data-format': format,
    'aria-label': `${t(`stats.table.${format}`)}${t('stats.colon')}${title}`,
  }, t(`stats.table.${format}`));
  block.append(h('p', { class: 'stats-downloads' }, h('span', {}, `${t('stats.table.download')}${t('stats.colon')}`), link('csv'), ' · ', link('csvw'), ' · ', link('json')));
  return block;
}

const numberText = (n: number, lang: string) => cellText(n, { key: '', label: '', type: 'count' }, lang);
