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

// A text of the language itself, without fallbacks (undefined when it has none): names that must not
// come from another language, such as the countries' (lib/names.ts countryNameIn).
export const ownText = (lang: string, key: string): string | undefined => {
  const value: unknown = i18next.getResource(lang, 'translation', key);
  return typeof value === 'string' ? value : undefined;
};
