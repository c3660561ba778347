// The entry rules' sentences in the reader's language. The API sends each reason, condition and note as
// a message: a stable code with named parameters and the English text (docs/server.md, "Entry rules'
// messages"). A known code is said through i18next (keys ruleMessage.<code>, the block at the end of
// i18n/en.ts, zh.ts, ru.ts); an unknown one shows its English text. Pure: the caller passes the
// translation function (unit-tested in tests/unit/rule-messages.test.mjs).
import { formatMediumDay } from './format.js';

export type RuleMessageParam = number | string | RuleMessage[];

export interface RuleMessage {
  code: string;
  params: Record<string, RuleMessageParam>;
  text: string; // English
  texts?: Record<string, string>; // rules_text: the rules data's own translations (zh, ru)
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;

// Every code the entry check writes (libs/rules/src/check.cc, model.cc); each has a sentence in en, zh and ru.
export const RULE_MESSAGE_CODES = [
  'limit_stay_days', 'limit_window', 'limit_hours', 'window_back_from_entry', 'window_ending',
  'enter_at_one_of', 'entry_port_not_allowed', 'stay_within', 'region_not_allowed', 'needs_onward_ticket',
  'onward_not_back', 'onward_to_third_country', 'stay_over_hours', 'leave_within_hours_unsure', 'leave_within_hours',
  'group_too_small', 'group_too_large', 'operator_not_registered', 'reentry_too_soon',
  'window_full_at_entry', 'exit_after_latest', 'exit_after_latest_window', 'permit_needed', 'permit_needed_text',
  'permit_if_going_to', 'arrange_range', 'arrange_range_working', 'arrange_at_least', 'arrange_at_least_working',
  'arrange_up_to', 'arrange_up_to_working', 'arrange_lead_time_unknown', 'get_visa', 'get_e_visa', 'e_visa_needed',
  'e_visa_needed_arrange', 'visa_needed', 'visa_issued_on_arrival', 'visa_on_arrival_needs_arranging',
  'entry_needs_arranging', 'rule_from_dataset', 'rule_not_used', 'rule_set_aside', 'rule_set_aside_limits',
  'rule_set_aside_why', 'rule_set_aside_limits_why', 'rule_took_over', 'rule_starts_during_stay',
  'rule_ends_during_stay', 'no_rule_known', 'rule_takes_effect_during_stay', 'rule_start_unknown', 'rule_if_aged',
  'rule_for_group_tours', 'in_country',
  // The register's own, in a group tour's check (libs/registry/src/tours.cc).
  'no_members', 'group_size_outside_programme', 'operator_not_approved', 'operator_not_in_country', 'passport_expires',
] as const;

// The sentence taken as it is from the rules data; its translations come with it.
export const RULES_TEXT = 'rules_text';

// The number that chooses the plural form of a code's sentence ("1 day" / "6 days", "3 дня" / "6 дней").
const COUNT_PARAM: Record<string, string> = {
  limit_stay_days: 'days', limit_window: 'period', limit_hours: 'hours', window_back_from_entry: 'period',
  window_ending: 'period', stay_over_hours: 'limit', leave_within_hours_unsure: 'hours', leave_within_hours: 'hours',
  group_too_small: 'min', group_too_large: 'max', reentry_too_soon: 'days', exit_after_latest: 'days',
  exit_after_latest_window: 'days', arrange_range: 'max', arrange_range_working: 'max', arrange_at_least: 'days',
  arrange_at_least_working: 'days', arrange_up_to: 'days', arrange_up_to_working: 'days', rule_if_aged: 'age',
  group_size_outside_programme: 'size',
};

// Parameters that name something the app already says in the language (a country, a regime, a passport).
const NAMED: Record<string, (value: string) => string> = {
  country: (v) => `country.${v}`,
  nationality: (v) => `country.${v}`,
  regime: (v) => `entry.regime.${v}`,
  passport: (v) => `travellers.passport.${v}`,
  purpose: (v) => `ruleMessage.purpose.${v}`,
  confidence: (v) => `ruleMessage.confidence.${v}`,
  status: (v) => `register.status.${v}`, // an operator's licence (operator_not_approved)
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Kazakh and Kyrgyz read the Russian translations, as the app's text falls back (i18n/index.ts).
function dataLanguages(lang: string): string[] {
  const base = lang.split('-')[0];
  return base === 'kk' || base === 'ky' ? [base, 'ru'] : [base];
}

// A calendar day in a sentence: "25 Jul 2025", "2025年7月25日", "25 июл. 2025 г.".
export function formatMessageDay(date: string, lang: string): string {
  const m = DAY.exec(date);
  if (!m) return date;
  // format.ts: Intl where the browser knows the language's months, else their words (Kazakh, Kyrgyz, Uzbek).
  return formatMediumDay(`${m[1]}-${m[2]}-${m[3]}`, lang);
}

// Parts of a sentence said as a list: "90 days a stay, 30 in any 180" / "每次90天、任意180天内30天".
function joinParts(parts: string[], lang: string): string {
  return parts.join(lang.startsWith('zh') ? '；' : ', ');
}

function paramText(name: string, value: RuleMessageParam, lang: string, t: Translate): string {
  if (Array.isArray(value)) return joinParts(value.map((m) => ruleMessageText(m, lang, t)), lang);
  if (typeof value === 'number') return new Intl.NumberFormat(lang, { useGrouping: false }).format(value);
  if (NAMED[name]) return t(NAMED[name](value), { defaultValue: value });
  if (DAY.test(value)) return formatMessageDay(value, lang);
  return value;
}

// The message in the language `lang`, with `t` translating in that language: the data's own translation
// for rules_text, the i18next sentence for a known code, else the English text.
export function ruleMessageText(m: RuleMessage, lang: string, t: Translate): string {
  if (m.code === RULES_TEXT) {
    for (const l of dataLanguages(lang)) if (m.texts?.[l]) return m.texts[l];
    return m.text;
  }
  if (!(RULE_MESSAGE_CODES as readonly string[]).includes(m.code)) return m.text;
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(m.params ?? {})) values[name] = paramText(name, value, lang, t);
  const countParam = COUNT_PARAM[m.code];
  if (countParam && typeof m.params?.[countParam] === 'number') values.count = m.params[countParam];
  return t(`ruleMessage.${m.code}`, { ...values, defaultValue: m.text });
}

// Each message's sentence, or the plain English strings of an older answer without messages.
export function ruleMessageTexts(messages: RuleMessage[] | undefined, english: string[] | undefined, lang: string, t: Translate): string[] {
  return messages ? messages.map((m) => ruleMessageText(m, lang, t)) : english ?? [];
}
