/**
 * User-facing text of every layer but the extension's own UI: the English text in code, the
 * translations in the one bundle per language the extension uses too (`l10n/bundle.l10n.<locale>.json`,
 * @vscode/l10n's format, read through `translations.ts`). A translator edits one file per language.
 *
 * Each module that reports something defines its own table with `defineMessages`, next to the code
 * that uses it, so a rule and its wording live together. A table holds only English: the text is
 * the bundle key, as `vscode.l10n.t` keys it. An English text that needs a different translation in
 * another context is written `{ message, comment }` (the key is then `message/comment`, as in
 * @vscode/l10n). A text outside a table (a catalogue's description) is marked with `localizable`.
 * `test/l10n/bundle-keys.test.ts` fails when a key is missing from a bundle or a bundle holds a key
 * no code uses. CONTRIBUTING.md, "A new message, in both languages".
 *
 * `{0}`, `{1}`… are replaced by the arguments; arguments are inserted verbatim (callers wrap names
 * in backticks in the template), except a `Message`, which is put in the same language.
 */
import { TRANSLATIONS, type TranslationBundle } from './translations';

/** The languages we ship: English (the texts in code) and one per bundle. */
export type Locale = 'en' | keyof typeof TRANSLATIONS;

declare const englishText: unique symbol;
/** What a table entry is written as: the English text, or the text with a comment for translators. */
export type MessageSource = string | { readonly message: string; readonly comment: string };
/**
 * An English text the bundles translate. Only `defineMessages` and `localizable` make one, so the
 * key test finds every text a bundle must hold (a plain string is refused by the compiler, and so
 * is a Chinese text written in code: `{ en, 'zh-cn' }` is no `MessageSource`).
 */
export type MessageText = MessageSource & { readonly [englishText]: true };

export type MessageTable<K extends string> = Record<K, MessageText>;

export function defineMessages<K extends string>(table: Record<K, MessageSource>): MessageTable<K> {
  return table as MessageTable<K>;
}

/** One text outside a table (a catalogue entry's description), to be translated where it is shown. */
export function localizable(text: MessageSource): MessageText {
  return text as MessageText;
}

/**
 * A text whose English is data rather than code (a JSON Schema's `description`, enum description or
 * pattern hint), translated by the same bundles. The key test reads these texts from the schemas.
 */
export function textFromData(english: string): MessageText {
  return english as MessageText;
}

/** A text shown as it is in every language (a name, a type): no bundle key. */
export function untranslated(text: string): MessageText {
  return text as MessageText;
}

/**
 * A message not yet put into words: its text and arguments, any of which may be a `Message` too.
 * What a check computes before it knows the locale (an expression error, a conversion finding)
 * carries one; whoever shows it calls `localize`.
 */
export interface Message {
  readonly text: MessageText;
  readonly args: readonly unknown[];
}

/** A text or a message: what an error carries when its words are chosen later. */
export type Localizable = Message | MessageText;

export function message(text: MessageText, ...args: unknown[]): Message {
  return { text, args };
}

function isMessage(a: unknown): a is Message {
  return typeof a === 'object' && a !== null && 'text' in a && Array.isArray((a as Message).args);
}

/** A text or a message in `locale`. */
export function localize(m: Localizable, locale: Locale): string {
  return formatMessage(m, locale);
}

/** A text or a message as a message, so that it is translated where it is an argument. */
export function asMessage(m: Localizable): Message {
  return isMessage(m) ? m : message(m);
}

/** The bundle key of a text, as @vscode/l10n computes it (`message/comment` with a comment). */
export function messageKey(text: MessageSource): string {
  return typeof text === 'string' ? text : `${text.message}/${text.comment}`;
}

function template(text: MessageSource, locale: Locale): string {
  const english = typeof text === 'string' ? text : text.message;
  if (locale === 'en') return english;
  const translated = (TRANSLATIONS[locale] as TranslationBundle | undefined)?.[messageKey(text)];
  if (translated === undefined) return english;
  return typeof translated === 'string' ? translated : translated.message;
}

/** `text` in `locale` with `args` inserted; a `Message` brings its own arguments. */
export function formatMessage(text: Localizable, locale: Locale, ...args: unknown[]): string {
  if (isMessage(text)) return formatMessage(text.text, locale, ...text.args);
  return template(text, locale).replace(/\{(\d+)\}/g, (m, i: string) => {
    const a = args[Number(i)];
    return a === undefined ? m : isMessage(a) ? localize(a, locale) : String(a);
  });
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
 * over the region (`zh-Hans-HK` → 'zh-cn', `zh-Hant-CN` → 'en'). Another language with a bundle
 * (`translations.ts`) is its primary subtag (`ja_JP.UTF-8` → 'ja'); anything else → 'en'.
 */
export function toLocale(tag: string | undefined): Locale {
  // POSIX `language[_territory][.codeset][@modifier]`: drop codeset and modifier, `_` → `-`.
  const [language, ...subtags] = (tag ?? '')
    .trim()
    .toLowerCase()
    .replace(/[.@].*$/, '')
    .split(/[-_]/);
  if (language !== 'zh') return Object.hasOwn(TRANSLATIONS, language) ? (language as Locale) : 'en';
  if (subtags.some((s) => TRADITIONAL_SCRIPTS.has(s))) return 'en';
  if (subtags.some((s) => SIMPLIFIED_SCRIPTS.has(s))) return 'zh-cn';
  return subtags.some((s) => TRADITIONAL_REGIONS.has(s)) ? 'en' : 'zh-cn';
}

// `chs`/`cht` are the legacy Windows/.NET tags (zh-CHS, zh-CHT) some tools still pass.
const SIMPLIFIED_SCRIPTS = new Set(['hans', 'chs']);
const TRADITIONAL_SCRIPTS = new Set(['hant', 'cht']);
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);
