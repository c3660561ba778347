// Text through i18next. en, zh and ru are complete; kk, ky and uz are translated, and a key added later
// falls back as travellers read best: Kazakh and Kyrgyz to Russian, then English, Uzbek to English
// (docs/web.md). Dates, numbers and durations are formatted in the chosen language (lib/format.ts).
import i18next from 'i18next';
import en from './en.js';
import zh from './zh.js';
import ru from './ru.js';
import kk from './kk.js';
import uz from './uz.js';
import ky from './ky.js';
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

export async function initI18n(lang: Language): Promise<void> {
  await i18next.init({
    lng: lang,
    resources: {
      en: { translation: en }, zh: { translation: zh }, ru: { translation: ru },
      kk: { translation: kk }, uz: { translation: uz }, ky: { translation: ky },
    },
    fallbackLng: LANGUAGE_FALLBACKS, // kk, ky -> ru -> en; uz -> en
    interpolation: { escapeValue: false }, // the views set textContent, never innerHTML
    returnNull: false,
  });
}

export const t = (key: string, options?: Record<string, unknown>): string => i18next.t(key, options) as string;

export async function setLanguage(lang: Language): Promise<void> {
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

export function loadRegisterTexts(lang: Language): Promise<void> {
  const langs = [lang, ...(LANGUAGE_FALLBACKS[lang] ?? LANGUAGE_FALLBACKS.default)] as Language[];
  return Promise.all(langs.map((l) => {
    let loading = registerTextsLoaded.get(l);
    if (!loading) {
      loading = REGISTER_TEXTS[l]().then((m) => void i18next.addResourceBundle(l, 'translation', m.default, true, false));
      // A failed load (the server gone) is tried again next time.
      loading.catch(() => registerTextsLoaded.delete(l));
      registerTextsLoaded.set(l, loading);
    }
    return loading;
  })).then(() => undefined);
}

// A text of the language itself, without fallbacks (undefined when it has none): names that must not
// come from another language, such as the countries' (lib/names.ts countryNameIn).
export const ownText = (lang: string, key: string): string | undefined => {
  const value: unknown = i18next.getResource(lang, 'translation', key);
  return typeof value === 'string' ? value : undefined;
};
