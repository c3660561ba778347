// The entry rules' sentences of a verdict as list items in the current language, for the plan's journeys
// and the trip check (the messages of the answer through lib/rule-messages.ts; an older answer's English).
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { ruleMessageTexts, type RuleMessage } from '../lib/rule-messages.js';

export function ruleSentenceItems(messages: RuleMessage[] | undefined, english: string[] | undefined, lang: string): HTMLElement[] {
  return ruleMessageTexts(messages, english, lang, t).map((sentence) => h('li', {}, sentence));
}
