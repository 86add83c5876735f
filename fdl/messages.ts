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

/**
 * The one mapping from a language tag to the locale we ship, for every layer: VS Code / LSP tags
 * (BCP 47: `zh-cn`, `zh-CN`, `zh-Hans-CN`) and POSIX locale names from the environment
 * (`zh_CN.UTF-8`, `zh_SG.GB2312`, `C`, `POSIX`, `en_US.UTF-8@euro`), case-insensitively.
 *
 * Bare `zh` and every Simplified form (`zh-Hans*`, `zh-CN`, `zh-SG`, other regions) → 'zh-cn'.
 * Traditional-Chinese locales (`zh-Hant*`, `zh-TW`, `zh-HK`, `zh-MO`, `zh_TW.UTF-8`…) → 'en':
 * we ship Simplified Chinese only, and showing Simplified characters to a Traditional-locale user
 * is a choice we do not make silently; English is the neutral fallback. An explicit script wins
 * over the region (`zh-Hans-HK` → 'zh-cn', `zh-Hant-CN` → 'en'). Anything else → 'en'.
 */
export function toLocale(tag: string | undefined): Locale {
  // POSIX `language[_territory][.codeset][@modifier]`: drop codeset and modifier, `_` → `-`.
  const [language, ...subtags] = (tag ?? '')
    .trim()
    .toLowerCase()
    .replace(/[.@].*$/, '')
    .split(/[-_]/);
  if (language !== 'zh') return 'en';
  if (subtags.some((s) => TRADITIONAL_SCRIPTS.has(s))) return 'en';
  if (subtags.some((s) => SIMPLIFIED_SCRIPTS.has(s))) return 'zh-cn';
  return subtags.some((s) => TRADITIONAL_REGIONS.has(s)) ? 'en' : 'zh-cn';
}

// `chs`/`cht` are the legacy Windows/.NET tags (zh-CHS, zh-CHT) some tools still pass.
const SIMPLIFIED_SCRIPTS = new Set(['hans', 'chs']);
const TRADITIONAL_SCRIPTS = new Set(['hant', 'cht']);
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);

export function formatMessage(text: MessageText, locale: Locale, ...args: unknown[]): string {
  return text[locale].replace(/\{(\d+)\}/g, (m, i: string) => {
    const a = args[Number(i)];
    return a === undefined ? m : String(a);
  });
}
