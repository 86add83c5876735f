/**
 * The translations we ship, one bundle per language, as data: the same `l10n/bundle.l10n.<locale>.json`
 * files VS Code reads for the extension's `vscode.l10n.t`, in @vscode/l10n's format (English text as
 * the key, `English/comment` for a text with a translator's comment). English needs none: the keys are
 * the English texts. Imported, not read, so `fdl/` does no I/O and every program (language server,
 * parse worker, CLI, engine, tests) speaks every shipped language in any call.
 *
 * A new language: its bundle in `l10n/`, one line here, its mapping in `toLocale` (fdl/messages.ts).
 */
import zhCn from '../l10n/bundle.l10n.zh-cn.json';

/** A bundle: English key → translation, or `{ message, comment }` for a key with a comment. */
export type TranslationBundle = Readonly<Record<string, string | { message: string; comment: string | string[] }>>;

export const TRANSLATIONS = {
  'zh-cn': zhCn as TranslationBundle,
} as const;
