// The app's entry: the language, the router over the URL (history API: back and forward restore a
// search) and the shell around the views. Later screens (map, register, cases, tours) add a view here.
import './styles.css';
import { h } from './dom.js';
import { initI18n, LANGUAGE_NAMES, loadCasesTexts, loadRatingsTexts, loadRegisterTexts, loadStatsTexts, loadTourTexts, setLanguage, t } from './i18n/index.js';
import { ApiClient } from './lib/api.js';
import { initialLanguage, LANGUAGES, parseState, stateToUrl, type AppState, type Language, type PlanEdits, type PlanSearch } from './lib/url-state.js';
import { renderPlan } from './views/plan.js';

const api = new ApiClient();
const root = document.getElementById('app')!;

function remembered(): string | null {
  try {
    return localStorage.getItem('caravan.lang');
  } catch {
    return null;
  }
}

function remember(lang: Language): void {
  try {
    localStorage.setItem('caravan.lang', lang);
  } catch {
    // Private windows may refuse storage: the URL still carries the language.
  }
}

function currentState(): AppState {
  const urlLang = new URLSearchParams(location.search).get('lang');
  return parseState(location.pathname, location.search, initialLanguage(urlLang, remembered(), navigator.languages ?? []));
}

// The plan form's unsent edits, read when the language changes (the view is drawn again in it).
let planEdits: (() => PlanEdits) | undefined;
// The tour form's unsent edits as its query, for the same reason.
let tourEdits: (() => string) | undefined;

async function render(state: AppState, focusResults = false): Promise<void> {
  planEdits = undefined;
  tourEdits = undefined;
  // A language's texts are loaded when it is first chosen (i18n/index.ts): a failed load (the server
  // gone) says so, in the language still shown, and offers to try again (the URL holds the new one).
  try {
    await setLanguage(state.lang);
  } catch {
    root.querySelector('main')?.replaceChildren(h('div', { class: 'error view-error', role: 'alert' }, h('p', {}, t('error.view')),
      h('button', { type: 'button', class: 'primary', onclick: () => location.reload() }, t('error.retry'))));
    return;
  }
  remember(state.lang);
  document.documentElement.lang = state.lang === 'zh' ? 'zh-Hans' : state.lang;
  document.title = state.search ? `${state.search.fromLabel} → ${state.search.toLabel} · ${t('app.title')}`
    : state.view === 'register' ? `${t('register.heading')} · ${t('app.title')}`
      : state.view === 'cases' ? `${t('cases.heading')} · ${t('app.title')}`
        : state.view === 'tour' ? `${t('tour.heading')} · ${t('app.title')}`
          : state.view === 'stats' ? `${t('stats.heading')} · ${t('app.title')}`
            : state.view === 'rate' ? `${t('ratings.heading')} · ${t('app.title')}` : t('app.title');

  const languageSelect = h('select', { id: 'language', 'aria-label': t('app.language') },
    LANGUAGES.map((l) => h('option', { value: l, lang: l, selected: l === state.lang }, LANGUAGE_NAMES[l])));
  languageSelect.addEventListener('change', () => go({ ...state, lang: languageSelect.value as Language, edits: planEdits?.(),
    ...(tourEdits ? { tourQuery: tourEdits() } : {}) }, 'replace'));
  const main = h('main', { id: 'main', tabindex: '-1' });
  // Moves focus without navigating: a hash change would go through the router and search again.
  const skip = (e: Event) => {
    e.preventDefault();
    (document.getElementById(state.view === 'map' ? 'map-places' : state.view === 'register' ? 'register-heading' : state.view === 'cases' ? 'cases-heading' : state.view === 'tour' ? 'tour-builder-heading' : state.view === 'stats' ? 'stats-heading' : state.view === 'rate' ? 'rate-heading' : 'results') ?? main).focus();
  };
  root.replaceChildren(
    // The map has no results list: its skip link leads to the map's places; the register's to its heading.
    h('a', { class: 'skip-link', href: state.view === 'map' ? '#map-places' : state.view === 'register' ? '#register-heading' : state.view === 'cases' ? '#cases-heading' : state.view === 'tour' ? '#tour-builder-heading' : state.view === 'stats' ? '#stats-heading' : state.view === 'rate' ? '#rate-heading' : '#results', onclick: skip },
      t(state.view === 'map' ? 'app.skipMap' : state.view === 'register' || state.view === 'cases' || state.view === 'tour' || state.view === 'stats' || state.view === 'rate' ? 'app.skipMain' : 'app.skip')),
    h('header', { class: 'app-header' },
      h('a', { class: 'brand', href: stateToUrl({ view: 'plan', lang: state.lang, search: null }), onclick: (e: Event) => { e.preventDefault(); go({ view: 'plan', lang: state.lang, search: null }, 'push'); } },
        t('app.title')),
      h('span', { class: 'tagline' }, t('app.tagline')),
      h('nav', { class: 'views', 'aria-label': t('app.views') },
        (['plan', 'tour', 'map', 'check', 'register', 'cases', 'stats'] as const).map((view) => h('a', {
          href: stateToUrl({ view, lang: state.lang, search: null }),
          'aria-current': state.view === view ? 'page' : undefined,
          onclick: (e: Event) => { e.preventDefault(); go({ view, lang: state.lang, search: view === 'plan' ? state.search : null }, 'push'); },
        }, t(`app.nav.${view}`)))),
      h('label', { class: 'language' }, h('span', { class: 'visually-hidden' }, t('app.language')), languageSelect)),
    main);
  // The map and the check are chunks of their own, loaded when opened: a failed load (the server gone)
  // says so and offers to try again instead of leaving the page blank. Trying again reloads the page
  // (the URL holds the state): a browser keeps a failed module import failed for the page's life.
  try {
    if (state.view === 'map') {
      const { renderMap } = await import('./views/map.js');
      await renderMap(main, { api, lang: state.lang, search: state.search, journey: state.journey ?? 0, plan: (draft) => go({ view: 'plan', lang: state.lang, search: null, draft }, 'push') });
      return;
    }
    if (state.view === 'register') {
      // The register's texts are loaded with it (i18n/index.ts), for the language shown: a change of
      // language while on /register draws the view again through here, loading the new language's.
      const [{ renderRegister }] = await Promise.all([import('./views/register/index.js'), loadRegisterTexts(state.lang), loadRatingsTexts(state.lang)]);
      await renderRegister(main, { lang: state.lang });
      return;
    }
    if (state.view === 'cases') {
      // The cases reuse the register's sign-in and session: its texts come too.
      const [{ renderCases }] = await Promise.all([import('./views/cases/index.js'), loadRegisterTexts(state.lang), loadCasesTexts(state.lang), loadRatingsTexts(state.lang)]);
      await renderCases(main, {
        lang: state.lang, screen: state.caseScreen,
        navigate: (caseScreen, replace) => go({ view: 'cases', lang: state.lang, search: null, ...(caseScreen !== undefined ? { caseScreen } : {}) }, replace ? 'replace' : 'push'),
      });
      return;
    }
    if (state.view === 'tour') {
      // The tour builder (issue 18): its code, CSS and texts are chunks of their own; the form lives in
      // the URL (`tourQuery`), so a shared link reopens and recomputes the tour.
      const [{ renderTour }] = await Promise.all([import('./views/tour/index.js'), loadTourTexts(state.lang)]);
      await renderTour(main, {
        api, lang: state.lang, query: state.tourQuery ?? '', focusResults,
        navigate: (tourQuery, how = 'push') => go({ view: 'tour', lang: state.lang, search: null, tourQuery }, how, how === 'push'),
        keepQuery: (read) => (tourEdits = read),
      });
      return;
    }
    if (state.view === 'stats') {
      // The statistics dashboard (issue 19): its code, CSS, texts and charts are chunks of their own; the
      // date range lives in the URL (`statsQuery`), so a link reopens the same dashboard.
      const [{ renderStats }] = await Promise.all([import('./views/stats/index.js'), loadStatsTexts(state.lang)]);
      await renderStats(main, {
        lang: state.lang, query: state.statsQuery ?? '',
        navigate: (statsQuery) => go({ view: 'stats', lang: state.lang, search: null, statsQuery }, 'push'),
      });
      return;
    }
    if (state.view === 'rate') {
      // The public rating page (issue 19): a group tour rated with its feedback code, no account.
      const [{ renderRate }, { parseRateQuery }] = await Promise.all([import('./views/ratings/rate-page.js'), import('./lib/ratings.js'), loadRatingsTexts(state.lang)]);
      renderRate(main, { query: parseRateQuery(state.rateQuery ?? '') });
      return;
    }
    if (state.view === 'check') {
      const { renderCheck } = await import('./views/check.js');
      renderCheck(main, { api, state, navigate: (check) => go({ view: 'check', lang: state.lang, search: null, check }, 'push', true) });
      return;
    }
  } catch {
    main.replaceChildren(h('div', { class: 'error view-error', role: 'alert' }, h('p', {}, t('error.view')),
      h('button', { type: 'button', class: 'primary', onclick: () => location.reload() }, t('error.retry'))));
    return;
  }
  renderPlan(main, {
    api, state,
    navigate: (search: PlanSearch) => go({ ...state, view: 'plan', search, draft: undefined, edits: undefined }, 'push', true),
    showOnMap: (search, journey) => go({ view: 'map', lang: state.lang, search, journey }, 'push'),
    keepEdits: (read) => (planEdits = read),
    bringResultsIntoView: focusResults,
  });
  if (focusResults) document.getElementById('results')?.focus({ preventScroll: false });
}

function go(state: AppState, how: 'push' | 'replace', focusResults = false): void {
  const url = stateToUrl(state);
  // The same search again (a retry, a repeated click) is no new place to go back to.
  if (how === 'push' && url !== location.pathname + location.search) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  void render(state, focusResults);
}

window.addEventListener('popstate', () => void render(currentState()));

const initial = currentState();
await initI18n(initial.lang);
// Normalise the URL (the language in it) without a new history entry.
history.replaceState(null, '', stateToUrl(initial));
void render(initial);
