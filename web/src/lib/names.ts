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

export type RegionNamesFactory = (lang: string) => Pick<Intl.DisplayNames, 'of' | 'resolvedOptions'>;

const intlRegions: RegionNamesFactory = (lang) => new Intl.DisplayNames([lang], { type: 'region' });

// Countries whose names differ from English's in nearly every language: all the same as English means
// Intl has no names in the language (Debian's chromium for kk, uz; ky it resolves to en-US).
const PROBE = ['CN', 'KZ', 'DE', 'JP', 'RU'];

export function intlNamesCountries(lang: string, make: RegionNamesFactory = intlRegions): boolean {
  const base = lang.toLowerCase().split('-')[0];
  if (base === 'en') return true;
  try {
    const names = make(lang);
    if (names.resolvedOptions().locale.toLowerCase().split('-')[0] !== base) return false;
    const en = make('en');
    return PROBE.some((c) => names.of(c) !== en.of(c));
  } catch {
    return false;
  }
}

const countrySupport = new Map<string, boolean>();

// A country's name in `lang`: Intl.DisplayNames where it names countries in the language; else the
// app's own text for it (`own`: the texts' country.CN ... for the region's six), else Intl in the
// fallback languages (kk, ky: Russian; uz: English), else the code.
export function countryNameIn(code: string, lang: string, own?: (code: string) => string | undefined, make?: RegionNamesFactory): string {
  const base = lang.toLowerCase().split('-')[0];
  let ok = make ? intlNamesCountries(lang, make) : countrySupport.get(base);
  if (ok === undefined) countrySupport.set(base, (ok = intlNamesCountries(lang)));
  const of = (l: string) => {
    try {
      return (make ?? intlRegions)(l).of(code);
    } catch {
      return undefined;
    }
  };
  if (ok) return of(lang) ?? code;
  const mine = own?.(code);
  if (mine) return mine;
  for (const l of LANGUAGE_FALLBACKS[base] ?? LANGUAGE_FALLBACKS.default) {
    if (l === 'en' || intlNamesCountries(l, make)) {
      const name = of(l);
      if (name) return name;
    }
  }
  return code;
}
