// Text through i18next. en, zh and ru are complete; Kazakh and Kyrgyz fall back to Russian, then English,
// and Uzbek to English, until translations exist (docs/web.md). Dates, numbers and durations use Intl in
// the chosen language whatever the text's fallback.
import i18next from 'i18next';
import en from './en.js';
import zh from './zh.js';
import ru from './ru.js';
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
    resources: { en: { translation: en }, zh: { translation: zh }, ru: { translation: ru } },
    fallbackLng: { kk: ['ru', 'en'], ky: ['ru', 'en'], uz: ['en'], default: ['en'] },
    interpolation: { escapeValue: false }, // the views set textContent, never innerHTML
    returnNull: false,
  });
}

export const t = (key: string, options?: Record<string, unknown>): string => i18next.t(key, options) as string;

export async function setLanguage(lang: Language): Promise<void> {
  await i18next.changeLanguage(lang);
}
