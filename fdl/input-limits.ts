/**
 * Input limits checked before a document is parsed (by parseFlow, so the editor, the CLI and the
 * engine refuse the same texts), so that no text can hang a reader or exhaust its stack: `yaml`
 * composes nested collections recursively (a 10,000-level `[[[[…` overflows it), and parsing
 * many megabytes blocks every other request for seconds.
 * Published flow definitions are small (the service caps a definition far below these limits).
 */
import type { FdlDiagnostic } from './diagnostic';
import { defineMessages, formatMessage, type Locale } from './messages';

/** Nesting beyond this is refused; a real flow nests steps a few levels (about 3 YAML levels each). */
export const MAX_NESTING = 200;
/** Larger documents are not analysed. */
export const MAX_DOCUMENT_CHARS = 2_000_000;

const messages = defineMessages({
  tooDeep: {
    en: 'This document nests collections more than {0} levels deep; it is not analysed. Flatten the structure (a flow rarely needs more than a few levels).',
    'zh-cn': '此文档的集合嵌套超过 {0} 层，不进行分析。请减少嵌套层级（流程通常只需要几层）。',
  },
  tooLarge: {
    en: 'This document is larger than {0} characters; it is not analysed. Split it into smaller flows.',
    'zh-cn': '此文档超过 {0} 个字符，不进行分析。请拆分为更小的流程。',
  },
});

export function checkInputLimits(text: string, locale: Locale): FdlDiagnostic | undefined {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return { code: 'document-too-large', severity: 'error', message: formatMessage(messages.tooLarge, locale, MAX_DOCUMENT_CHARS), span: { start: 0, end: Math.min(1, text.length) } };
  }
  const at = tooDeepAt(text, MAX_NESTING);
  if (at !== undefined) {
    return { code: 'document-too-deep', severity: 'error', message: formatMessage(messages.tooDeep, locale, MAX_NESTING), span: { start: at, end: at + 1 } };
  }
  return undefined;
}

/**
 * Offset where nesting first exceeds `limit`, counting block levels (indentation and `- `) and
 * flow brackets outside quotes and comments. Linear in the text, no allocation per line.
 */
export function tooDeepAt(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Line start: block structure, unless inside a multi-line flow collection.
    let col = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      i++;
      col++;
    }
    const c0 = text.charCodeAt(i);
    if (flow === 0 && quote === 0 && i < n && c0 !== 10 && c0 !== 13 && c0 !== 35) {
      while (indents.length && indents[indents.length - 1] >= col) indents.pop();
      indents.push(col);
      // `- - - x`: each dash opens one more level on the same line.
      while (text.charCodeAt(i) === 45 && (text.charCodeAt(i + 1) === 32 || i + 1 === n)) {
        i += 2;
        col += 2;
        indents.push(col);
        while (i < n && text.charCodeAt(i) === 32) {
          i++;
          col++;
        }
      }
      if (indents.length > limit) return i;
    }
    // Rest of the line: flow brackets.
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        break;
      }
      if (quote) {
        if (c === quote) quote = 0;
        continue;
      }
      if (c === 34 || c === 39) {
        const p = text.charCodeAt(i - 1);
        if (i === 0 || p === 32 || p === 91 || p === 123 || p === 44 || p === 58 || p === 9) quote = c;
      } else if (c === 35 && (i === 0 || [32, 9, 10, 13].includes(text.charCodeAt(i - 1)))) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
      } else if (c === 91 || c === 123) {
        if (++flow + indents.length > limit) return i;
      } else if ((c === 93 || c === 125) && flow > 0) {
        flow--;
      }
    }
    // Single-quoted/double-quoted scalars may span lines; a lone quote must not hide the rest of a huge file.
    if (quote && flow === 0) quote = 0;
  }
  return undefined;
}
