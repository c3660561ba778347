// Place names in the chosen language, for texts that must not mix languages (a journey's .ics titles:
// "Y29: 西安站 → Almaty-2 railway station" was seen in Chinese). Pure: tests/unit/names.test.mjs.

// The languages a missing text or place name is taken from, in order: Kazakh and Kyrgyz readers read
// Russian, Uzbek readers (Latin script) English. i18next's fallbackLng (i18n/index.ts) is this table.
export const LANGUAGE_FALLBACKS: Record<string, string[]> = { kk: ['ru', 'en'], ky: ['ru', 'en'], uz: ['en'], default: ['en'] };

export interface NamedStop {
  name: string; // the API's own name (English)
  translations?: Record<string, string>;
  parentStation?: string | null;
}

// A stop's name in `lang`: its own translation; else its station's (the parent's, a city's name:
// "阿拉木图" for Almaty-2 railway station); then the same in each fallback language; English is the
// API's own name. `lookup` gives a stop's details by id (a parent the caller has not fetched: skipped).
export function placeName(stopId: string | undefined, lookup: (id: string) => NamedStop | null | undefined, lang: string, fallbackName: string): string {
  const stop = stopId ? lookup(stopId) : null;
  if (!stop) return fallbackName;
  const parent = stop.parentStation ? lookup(stop.parentStation) : null;
  const base = lang.toLowerCase().split('-')[0];
  for (const l of [base, ...(LANGUAGE_FALLBACKS[base] ?? LANGUAGE_FALLBACKS.default)]) {
    if (l === 'en') return stop.translations?.en ?? stop.name;
    const name = stop.translations?.[l] ?? parent?.translations?.[l];
    if (name) return name;
  }
  return stop.name;
}
