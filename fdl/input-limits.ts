/**
 * Input limits checked before a document is parsed (by parseFlow, so the editor, the CLI and the
 * engine refuse the same texts), so that no text can hang a reader or exhaust its stack: `yaml`
 * composes nested collections recursively (a 10,000-level `[[[[…` overflows it), and parsing
 * many megabytes blocks every other request for seconds.
 * Published flow definitions are small (the service caps a definition far below these limits).
 */
import type { FdlDiagnostic } from './diagnostic';
import { defineMessages, formatMessage, type Locale } from './messages';
import { NodeKind, type YNode } from './yaml/tree';

/** Nesting beyond this is refused; a real flow nests steps a few levels (about 3 YAML levels each). */
export const MAX_NESTING = 200;
/**
 * Collections used as mapping keys beyond these (height; nodes in all such keys) leave the plain
 * value unbuilt: `yaml` writes each such key out as YAML text, with work growing as a high power
 * of its height (a key 280 deep took minutes). A flow's keys are plain names, so a collection key
 * is already a mistake, mostly brackets that a syntax error left outside their quotes.
 */
export const MAX_KEY_HEIGHT = 24;
export const MAX_KEY_NODES = 5_000;
/** Larger documents are not analysed. */
export const MAX_DOCUMENT_CHARS = 2_000_000;

const messages = defineMessages({
  tooDeep: 'This document nests collections more than {0} levels deep; it is not analysed. Flatten the structure (a flow rarely needs more than a few levels).',
  tooComplex:
    'This document uses collections as mapping keys too large or nested too deep (often brackets that a syntax error left outside their quotes); its values are not analysed. Check the quotes and brackets on this line.',
  parserOverflow:
    'This document could not be read: its structure exhausted the YAML parser (the deepest nesting is here). Check the brackets, quotes and indentation around this line.',
  parseTimeout: 'This document took longer than {0} s to read; it is not analysed (the deepest nesting is here). Check the brackets, quotes and indentation around this line.',
  tooLarge: 'This document is larger than {0} characters; it is not analysed. Split it into smaller flows.',
});

export function checkInputLimits(text: string, locale: Locale): FdlDiagnostic | undefined {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return {
      code: 'document-too-large',
      severity: 'error',
      message: formatMessage(messages.tooLarge, locale, MAX_DOCUMENT_CHARS),
      span: { start: 0, end: Math.min(1, text.length) },
    };
  }
  const at = tooDeepAt(text, MAX_NESTING);
  if (at !== undefined) {
    return { code: 'document-too-deep', severity: 'error', message: formatMessage(messages.tooDeep, locale, MAX_NESTING), span: { start: at, end: at + 1 } };
  }
  return undefined;
}

/** The located refusal of a document whose collection keys are past the limits (complexKeyAt). */
export function tooComplexDiagnostic(at: number, locale: Locale): FdlDiagnostic {
  return { code: 'document-too-complex', severity: 'error', message: formatMessage(messages.tooComplex, locale), span: { start: at, end: at + 1 } };
}

/**
 * The located refusal of a text whose reading overflowed the stack (`yaml` recurses once per level
 * of its parse stack, which broken lines can grow past what the nesting count foresees): placed
 * where the text nests deepest, the likeliest place of the damage.
 */
export function parserOverflowDiagnostic(text: string, locale: Locale): FdlDiagnostic {
  return atDeepest(text, 'document-too-complex', formatMessage(messages.parserOverflow, locale));
}

/** The located refusal of a text whose reading ran past its time budget (the language server reads off its request thread). */
export function parseTimeoutDiagnostic(text: string, budgetMs: number, locale: Locale): FdlDiagnostic {
  return atDeepest(text, 'document-too-complex', formatMessage(messages.parseTimeout, locale, (budgetMs / 1000).toString()));
}

/** A finding placed where the text nests deepest: where nesting first exceeds the largest limit it exceeds (a few linear scans). */
function atDeepest(text: string, code: string, message: string): FdlDiagnostic {
  let lo = 0;
  let hi = MAX_NESTING;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (tooDeepAt(text, mid) !== undefined) lo = mid;
    else hi = mid - 1;
  }
  const at = Math.min(tooDeepAt(text, lo) ?? 0, Math.max(0, text.length - 1));
  return { code, severity: 'error', message, span: { start: at, end: Math.min(at + 1, text.length) } };
}

/**
 * Offset where nesting first exceeds `limit`, counting block levels (indentation and `- `) and
 * flow brackets outside quotes and comments. Linear in the text, no allocation per line.
 *
 * Brackets inside a quoted scalar count too once that scalar runs past a line break inside a flow
 * collection: when the next line is not indented enough, `yaml` ends the scalar at the break and
 * reads the rest of the line as flow collections (a few hundred `{` there took it seconds).
 */
export function tooDeepAt(text: string, limit: number): number | undefined {
  return scanNesting(text, 0, text.length, limit, nestingStart());
}

/** Where the nesting scan stands at a line start: what `tooDeepAt` carries from one line to the next. */
export interface NestingState {
  indents: number[];
  flow: number;
  quote: number;
  /** Brackets opened inside the current quoted scalar since it crossed a line break (-1: on its first line). */
  quoted: number;
}

export function nestingStart(): NestingState {
  return { indents: [], flow: 0, quote: 0, quoted: -1 };
}

/**
 * `tooDeepAt` over the lines of `[from, to)` (both line starts, or `to` the text's end), starting
 * from `st` and leaving in it where the scan stands at `to`: a text scanned in parts gives what a
 * scan of the whole gives (yaml/sequence-blocks.ts scans each step once).
 */
export function scanNesting(text: string, from: number, to: number, limit: number, st: NestingState): number | undefined {
  const { indents } = st;
  let { flow, quote, quoted } = st;
  let i = from;
  const n = text.length;
  try {
    while (i < to) {
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
          if (c === quote) {
            quote = 0;
            quoted = -1;
          } else if (quoted >= 0) {
            if (c === 91 || c === 123) {
              if (++quoted + flow + indents.length > limit) return i;
            } else if ((c === 93 || c === 125) && quoted > 0) quoted--;
          }
          continue;
        }
        if (c === 34 || c === 39) {
          const p = text.charCodeAt(i - 1);
          if (i === 0 || p === 32 || p === 91 || p === 123 || p === 44 || p === 58 || p === 9) {
            quote = c;
            quoted = -1;
          }
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
      else if (quote && quoted < 0) quoted = 0;
    }
    return undefined;
  } finally {
    st.flow = flow;
    st.quote = quote;
    st.quoted = quoted;
  }
}

/**
 * Lines scanned inside a flow collection left open before them (no quote open): how their
 * brackets move the count, relative to where it stood. While the count stays above 0 the lines'
 * indentation is not read, so a scan from any such state is this run shifted (yaml/sequence-blocks.ts).
 */
export interface FlowRun {
  /** Lowest the count goes (after a closing bracket). */
  low: number;
  /** Highest the count goes (after an opening bracket, with those inside a quote that crossed a line). */
  high: number;
  /** Where the count ends. */
  net: number;
  /** A quote is still open at the end. */
  quoteOpen: boolean;
}

export function flowRun(text: string, from: number, to: number): FlowRun {
  let r = 0;
  let low = 0;
  let high = 0;
  let quote = 0;
  let quoted = -1;
  const n = text.length;
  let i = from;
  while (i < to) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        break;
      }
      if (quote) {
        if (c === quote) {
          quote = 0;
          quoted = -1;
        } else if (quoted >= 0) {
          if (c === 91 || c === 123) high = Math.max(high, ++quoted + r);
          else if ((c === 93 || c === 125) && quoted > 0) quoted--;
        }
        continue;
      }
      if (c === 34 || c === 39) {
        const p = text.charCodeAt(i - 1);
        if (i === 0 || p === 32 || p === 91 || p === 123 || p === 44 || p === 58 || p === 9) {
          quote = c;
          quoted = -1;
        }
      } else if (c === 35 && (i === 0 || [32, 9, 10, 13].includes(text.charCodeAt(i - 1)))) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
      } else if (c === 91 || c === 123) high = Math.max(high, ++r);
      else if (c === 93 || c === 125) low = Math.min(low, --r);
    }
    if (quote && quoted < 0) quoted = 0;
  }
  return { low, high, net: r, quoteOpen: quote !== 0 };
}

/**
 * Offset of the first collection used as a mapping key that makes building the plain value
 * unbounded work: taller than MAX_KEY_HEIGHT, or past MAX_KEY_NODES nodes in collection keys
 * overall. Undefined when there is none. Recursion follows the tree, which `yaml` built already.
 */
export function complexKeyAt(tree: YNode | null | undefined): number | undefined {
  let nodes = 0;
  let at: number | undefined;
  /** Height of `n`, counting its nodes into `nodes` (used inside keys only). */
  const measure = (n: YNode): number => {
    nodes++;
    let h = 0;
    for (const c of n.items ?? []) if (c) h = Math.max(h, measure(c));
    return h + 1;
  };
  const visit = (n: YNode): void => {
    const items = n.items;
    if (!items) return;
    for (let i = 0; i < items.length && at === undefined; i++) {
      const c = items[i];
      if (!c || !c.items) continue;
      if (n.kind === NodeKind.Map && i % 2 === 0) {
        if (measure(c) > MAX_KEY_HEIGHT || nodes > MAX_KEY_NODES) at = c.s;
      } else visit(c);
    }
  };
  if (tree) visit(tree);
  return at;
}
