/**
 * User-facing text of the language core, in English and Simplified Chinese.
 *
 * Each module that reports something defines its own table with `defineMessages`, next to the
 * code that uses it, so a rule and its wording live together. `{0}`, `{1}`… are replaced by the
 * arguments; arguments are inserted verbatim (callers wrap names in backticks in the template).
 */
export type Locale = 'en' | 'zh-cn';

export interface MessageText {
  en: string;
  'zh-cn': string;
}

export type MessageTable<K extends string> = Record<K, MessageText>;

export function defineMessages<K extends string>(table: MessageTable<K>): MessageTable<K> {
  return table;
}

/** Maps any VS Code / LSP locale tag to one we ship ('zh-CN', 'zh-Hans', 'zh' → 'zh-cn'). */
export function toLocale(tag: string | undefined): Locale {
  const t = (tag ?? '').toLowerCase();
  return t === 'zh' || t.startsWith('zh-cn') || t.startsWith('zh-hans') || t === 'zh-sg' ? 'zh-cn' : 'en';
}

export function formatMessage(text: MessageText, locale: Locale, ...args: unknown[]): string {
  return text[locale].replace(/\{(\d+)\}/g, (m, i: string) => {
    const a = args[Number(i)];
    return a === undefined ? m : String(a);
  });
}
