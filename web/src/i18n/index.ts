// Text through i18next. en, zh and ru are complete; kk, ky and uz are translated, and a key added later
// falls back as travellers read best: Kazakh and Kyrgyz to Russian, then English, Uzbek to English
// (docs/web.md). Dates, numbers and durations are formatted in the chosen language (lib/format.ts).
import i18next from 'i18next';
import { LANGUAGE_FALLBACKS } from '../lib/names.js';
import type { Language } from '../lib/url-state.js';

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  zh: '简体中文',
  ru: 'Русский',
  kk: 'Қазақша',
  uz: 'Oʻzbekcha',
  ky: 'Кыргызча',
};

// Each language's texts are a chunk of their own (texts-<lang>-*.js): a reader loads the language shown
// and those it falls back to (kk, ky: ru and en; zh, ru, uz: en), the others when chosen. Each is loaded once.
const TEXTS: Record<Language, () => Promise<{ default: object }>> = {
  en: () => import('./en.js'),
  zh: () => import('./zh.js'),
  ru: () => import('./ru.js'),
  kk: () => import('./kk.js'),
  uz: () => import('./uz.js'),
  ky: () => import('./ky.js'),
};
const textsLoaded = new Map<Language, Promise<void>>();

const withFallbacks = (lang: Language): Language[] => [lang, ...(LANGUAGE_FALLBACKS[lang] ?? LANGUAGE_FALLBACKS.default)] as Language[];

function loadOnce(cache: Map<Language, Promise<void>>, loaders: Record<Language, () => Promise<{ default: object }>>, lang: Language): Promise<void> {
  return Promise.all(withFallbacks(lang).map((l) => {
    let loading = cache.get(l);
    if (!loading) {
      loading = loaders[l]().then((m) => void i18next.addResourceBundle(l, 'translation', m.default, true, false));
      // A failed load (the server gone) is tried again next time.
      loading.catch(() => cache.delete(l));
      cache.set(l, loading);
    }
    return loading;
  })).then(() => undefined);
}

export async function initI18n(lang: Language): Promise<void> {
  await i18next.init({
    lng: lang,
    resources: {},
    fallbackLng: LANGUAGE_FALLBACKS, // kk, ky -> ru -> en; uz -> en
    interpolation: { escapeValue: false }, // the views set textContent, never innerHTML
    returnNull: false,
  });
  await loadOnce(textsLoaded, TEXTS, lang);
  await i18next.changeLanguage(lang);
}

export const t = (key: string, options?: Record<string, unknown>): string => i18next.t(key, options) as string;

export async function setLanguage(lang: Language): Promise<void> {
  await loadOnce(textsLoaded, TEXTS, lang);
  await i18next.changeLanguage(lang);
}

// The register's texts (register/*.ts, all but its heading and the licences' statuses) are chunks of their
// own: travellers never open the register, so the plan view does not load them. loadRegisterTexts(lang)
// loads the language's and those it falls back to (kk -> ru -> en) and merges them into the default
// namespace, so the register's t('register.…') keys work as before; each is loaded once.
const REGISTER_TEXTS: Record<Language, () => Promise<{ default: object }>> = {
  en: () => import('./register/en.js'),
  zh: () => import('./register/zh.js'),
  ru: () => import('./register/ru.js'),
  kk: () => import('./register/kk.js'),
  uz: () => import('./register/uz.js'),
  ky: () => import('./register/ky.js'),
};
const registerTextsLoaded = new Map<Language, Promise<void>>();

export const loadRegisterTexts = (lang: Language): Promise<void> => loadOnce(registerTextsLoaded, REGISTER_TEXTS, lang);

// The cases' texts (cases/*.ts, all of `cases.*` but its heading), loaded with /cases as the register's
// are: the plan view never loads them.
const CASES_TEXTS: Record<Language, () => Promise<{ default: object }>> = {
  en: () => import('./cases/en.js'),
  zh: () => import('./cases/zh.js'),
  ru: () => import('./cases/ru.js'),
  kk: () => import('./cases/kk.js'),
  uz: () => import('./cases/uz.js'),
  ky: () => import('./cases/ky.js'),
};
const casesTextsLoaded = new Map<Language, Promise<void>>();

export const loadCasesTexts = (lang: Language): Promise<void> => loadOnce(casesTextsLoaded, CASES_TEXTS, lang);

// The tour builder's texts (tour/*.ts, all of `tour.*` but its heading), loaded with /tour.
const TOUR_TEXTS: Record<Language, () => Promise<{ default: object }>> = {
  en: () => import('./tour/en.js'),
  zh: () => import('./tour/zh.js'),
  ru: () => import('./tour/ru.js'),
  kk: () => import('./tour/kk.js'),
  uz: () => import('./tour/uz.js'),
  ky: () => import('./tour/ky.js'),
};
const tourTextsLoaded = new Map<Language, Promise<void>>();

export const loadTourTexts = (lang: Language): Promise<void> => loadOnce(tourTextsLoaded, TOUR_TEXTS, lang);

// A text of the language itself, without fallbacks (undefined when it has none): names that must not
// come from another language, such as the countries' (lib/names.ts countryNameIn).
export const ownText = (lang: string, key: string): string | undefined => {
  const value: unknown = i18next.getResource(lang, 'translation', key);
  return typeof value === 'string' ? value : undefined;
};

// The statistics dashboard's texts (stats/*.ts, all of `stats.*` but the heading), loaded with /stats.
const STATS_TEXTS: Record<Language, () => Promise<{ default: object }>> = {
  en: () => import('./stats/en.js'),
  zh: () => import('./stats/zh.js'),
  ru: () => import('./stats/ru.js'),
  kk: () => import('./stats/kk.js'),
  uz: () => import('./stats/uz.js'),
  ky: () => import('./stats/ky.js'),
};
const statsTextsLoaded = new Map<Language, Promise<void>>();

export const loadStatsTexts = (lang: Language): Promise<void> => loadOnce(statsTextsLoaded, STATS_TEXTS, lang);

// The ratings' texts (ratings/*.ts, all of `ratings.*` but the public page's heading), loaded with /rate
// and /cases (a closed case's rating).
const RATINGS_TEXTS: Record<Language, () => Promise<{ default: object }>> = {
  en: () => import('./ratings/en.js'),
  zh: () => import('./ratings/zh.js'),
  ru: () => import('./ratings/ru.js'),
  kk: () => import('./ratings/kk.js'),
  uz: () => import('./ratings/uz.js'),
  ky: () => import('./ratings/ky.js'),
};
const ratingsTextsLoaded = new Map<Language, Promise<void>>();

export const loadRatingsTexts = (lang: Language): Promise<void> => loadOnce(ratingsTextsLoaded, RATINGS_TEXTS, lang);
