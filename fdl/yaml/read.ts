/**
 * A document's text read into the located tree (tree.ts) with its syntax findings worded: the one
 * place that chooses a reader and falls back. Texts over the input limits (../input-limits.ts) are
 * refused before any reader runs; then the block reader (block-reader.ts, plain block YAML, nearly
 * every flow), which declines what it cannot prove so; then `yaml` itself (tags, flow mappings,
 * syntax errors, anchors, block scalars, …), whose Document is converted (from-yaml-document.ts)
 * and whose errors are worded by syntax-errors.ts. Why two readers: docs/yaml-readers.md.
 *
 * On an edit, `rereadYaml` reads only the items of the document's top-level sequence the edit
 * touched (sequence-blocks.ts), with the same readers and the same wording.
 */
import type { Document } from 'yaml';
import type { FdlDiagnostic } from '../diagnostic';
import { checkInputLimits, complexKeyAt, MAX_DOCUMENT_CHARS, parserOverflowDiagnostic, tooComplexDiagnostic } from '../input-limits';
import { defineMessages, formatMessage, type Locale } from '../messages';
import { readBlockYaml } from './block-reader';
import type * as FromYamlDocument from './from-yaml-document';
import type { LineEdit } from './line-edit';
import type * as SequenceBlocksModule from './sequence-blocks';
import type { SequenceBlocks } from './sequence-blocks';
import type * as SyntaxErrors from './syntax-errors';
import { NodeKind, type YNode } from './tree';
import type { ToJS } from './tree-read';
import type * as YamlDocument from './yaml-document';
import { LONE_CR, withLfBreaks } from './line-breaks';

// The `yaml` path (the reader, the conversion of its Document, the wording of its errors) and the
// rereading of edits are required on first use: a text the block reader reads, as `fdl validate`
// and `fdl run` of a block YAML flow and a language server's first diagnostics for one, evaluates
// none of them (docs/cold-start.md).
/* eslint-disable @typescript-eslint/no-require-imports -- required on first use (above) */
const fromYamlDocument = () => require('./from-yaml-document') as typeof FromYamlDocument;
const sequenceBlocks = () => require('./sequence-blocks') as typeof SequenceBlocksModule;
const syntaxErrors = () => require('./syntax-errors') as typeof SyntaxErrors;
const yamlDocument = () => require('./yaml-document') as typeof YamlDocument;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Aliases expanded when building plain values; beyond this a document is treated as an alias bomb. */
export const MAX_ALIAS_EXPANSION = 10_000;

/** What reading a text gives the model builder. */
export interface YamlRead {
  /** The text the tree was read from: '' for a text refused before reading (positions still convert over the real one). */
  text: string;
  /** The document's located tree (its root node); undefined for an empty or refused document. */
  tree: YNode | undefined;
  /** The whole document as plain JSON (for the schema check); undefined if it cannot be built safely. */
  value: unknown;
  toJS: ToJS;
  /** `yaml`'s Document when the reader built one; otherwise built on first use. */
  doc?: Document.Parsed;
  /** YAML syntax errors and warnings (and the refusal of a text not read), worded and located. */
  syntaxDiagnostics: FdlDiagnostic[];
  /** True when the text has YAML errors (the root is then not reported as "not a mapping"). */
  hasErrors: boolean;
  /** The tree holds every value (the block reader's, or `yaml`'s without alias or merge key): a read `rereadYaml` can start from. */
  valued: boolean;
}

export interface ReadOptions {
  /** False reads with `yaml` alone: the reference the differential test compares the block reader against. */
  blockReader?: boolean;
}

const messages = defineMessages({
  aliasBomb: 'This document expands to too many aliases (more than {0}); it is not analysed further.',
});

const valueOf: ToJS = (n) => n.value;
const scalarValueOf: ToJS = (n) => (n.kind === NodeKind.Scalar ? n.value : undefined);

/** A text not read: `diagnostic` says why; features see an empty document. */
export function refusedRead(diagnostic: FdlDiagnostic): YamlRead {
  return { text: '', tree: undefined, value: null, toJS: () => undefined, syntaxDiagnostics: [diagnostic], hasErrors: false, valued: false };
}

/**
 * `text` read by the first reader that takes it. Never throws on any text.
 *
 * A lone CR is a line break in YAML 1.2 (`b-break`, as `LineIndex` counts lines), which neither
 * reader takes: such a text is read with LF in its place (`withLfBreaks`), one character for one,
 * so every offset and position stays the text's own. Its read is not `valued`, so an edit reads it whole again
 * (the edited blocks would hold the CRs).
 */
export function readYaml(text: string, locale: Locale, options: ReadOptions = {}): YamlRead {
  if (!text.includes('\r') || !LONE_CR.test(text)) return readLfText(text, locale, options);
  const read = readLfText(withLfBreaks(text), locale, options);
  return { ...read, text: read.text && text, valued: false };
}

function readLfText(text: string, locale: Locale, options: ReadOptions): YamlRead {
  const refused = checkInputLimits(text, locale);
  if (refused) return refusedRead(refused);
  try {
    const block = options.blockReader === false ? undefined : readBlockYaml(text);
    if (block) return { text, tree: block.tree, value: block.value, toJS: valueOf, syntaxDiagnostics: [], hasErrors: false, valued: true };
    return readWithYaml(text, locale);
  } catch (e) {
    // A stack overflow inside a reader: the text gets a located error like any other it cannot read.
    if (!(e instanceof RangeError)) throw e;
    return refusedRead(parserOverflowDiagnostic(text, locale));
  }
}

/** The error-tolerant reader: every YAML syntax error located, values built with the alias limit. */
function readWithYaml(text: string, locale: Locale): YamlRead {
  const { textSyntaxDiagnostic } = syntaxErrors();
  const doc = yamlDocument().parseYamlDocument(text);
  const syntaxDiagnostics: FdlDiagnostic[] = [];
  // Our code and wording per library code (syntax-errors.ts), not the library's English text.
  for (const e of doc.errors) syntaxDiagnostics.push(textSyntaxDiagnostic(e, 'error', locale, text));
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue;
    syntaxDiagnostics.push(textSyntaxDiagnostic(w, 'warning', locale, text));
  }
  const hasErrors = doc.errors.length > 0;

  const converted = fromYamlDocument().treeFromDocument(doc);
  const { tree } = converted;
  if (converted.valued) {
    // No alias, no merge key: the tree holds `doc.toJS()`'s values (from-yaml-document.ts), and
    // nothing can expand, so there is no second walk over `yaml`'s nodes.
    const value = tree ? tree.value : doc.contents;
    return { text, tree, value, toJS: valueOf, doc, syntaxDiagnostics, hasErrors, valued: true };
  }

  const tooComplexAt = complexKeyAt(tree);
  if (tooComplexAt !== undefined) {
    // `yaml` would write each collection key out as text to build the value: unbounded work.
    syntaxDiagnostics.push(tooComplexDiagnostic(tooComplexAt, locale));
    return { text, tree, value: undefined, toJS: scalarValueOf, doc, syntaxDiagnostics, hasErrors: true, valued: false };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch {
    value = undefined;
    syntaxDiagnostics.push({
      code: 'yaml-alias-bomb',
      severity: 'error',
      message: formatMessage(messages.aliasBomb, locale, MAX_ALIAS_EXPANSION),
      span: { start: 0, end: Math.min(text.length, 1) },
    });
  }
  const { source } = converted;
  const toJS: ToJS = (n) => (n.kind === NodeKind.Scalar ? n.value : source.get(n)?.toJS(doc, { maxAliasCount: MAX_ALIAS_EXPANSION }));
  return { text, tree, value, toJS, doc, syntaxDiagnostics, hasErrors, valued: false };
}

/** A read with more YAML findings than this does not start rereading. */
const MAX_SEED_FINDINGS = 100;

/**
 * The top-level sequence of a full read (`tree` of `text`, with its worded `syntaxDiagnostics`)
 * as blocks an edit can reread, or undefined when it cannot be held so (sequence-blocks.ts says
 * when); the findings compared in `locale`'s words.
 */
export function sequenceBlocksOf(tree: YNode | undefined, text: string, syntaxDiagnostics: readonly FdlDiagnostic[], locale: Locale): SequenceBlocks | undefined {
  const found = syntaxDiagnostics;
  const { textSyntaxDiagnostic, YAML_SYNTAX_CODES } = syntaxErrors();
  // Only YAML syntax findings may be held in blocks (the input limits' refusals, say, may not).
  if (found.some((d) => !YAML_SYNTAX_CODES.includes(d.code))) return undefined;
  // A text broken all over is read whole (off the server's thread) until it mends.
  if (found.length > MAX_SEED_FINDINGS) return undefined;
  const inBlock = (start: number, end: number) => found.filter((d) => d.span.start >= start && d.span.start < end);
  return sequenceBlocks().SequenceBlocks.ofTree(
    tree,
    text,
    (start, end) => inBlock(start, end).length,
    (findings, start, end) => {
      const mine = findings.map((f) => textSyntaxDiagnostic(f, f.severity, locale, text));
      const theirs = inBlock(start, end);
      return (
        mine.length === theirs.length &&
        mine.every(
          (d, i) =>
            d.code === theirs[i].code &&
            d.message === theirs[i].message &&
            d.severity === theirs[i].severity &&
            d.span.start === theirs[i].span.start &&
            d.span.end === theirs[i].span.end,
        )
      );
    },
  );
}

/** An edit reread from blocks: its findings now, its read (tree and values) on first use. */
export interface Reread {
  blocks: SequenceBlocks;
  syntaxDiagnostics: FdlDiagnostic[];
  read(): YamlRead;
}

/**
 * `text`, an edit of `blocks.text`, read again only where the edit touched it (at most `maxChars`
 * of it; `edit`, the lines it replaced when known); undefined when the edit is not of that kind
 * (sequence-blocks.ts) or the text is over the input limits: the caller reads the whole text.
 */
export function rereadYaml(blocks: SequenceBlocks, text: string, locale: Locale, maxChars: number, edit?: LineEdit): Reread | undefined {
  if (text.length > MAX_DOCUMENT_CHARS) return undefined;
  const next = blocks.edited(text, maxChars, edit);
  // An edit that writes a lone CR: the whole text is read with it as a line break (readYaml).
  if (next?.edit && next !== blocks && LONE_CR.test(text.substring(next.edit.start, next.edit.newEnd + 1))) return undefined;
  // The input limits, scanning only the items not scanned before (sequence-blocks.ts); else the whole text.
  if (!next || (!next.withinNesting() && checkInputLimits(text, locale))) return undefined;
  const { textSyntaxDiagnostic } = syntaxErrors();
  const syntaxDiagnostics = next.findings().map((f) => textSyntaxDiagnostic(f, f.severity, locale, text));
  let read: YamlRead | undefined;
  return {
    blocks: next,
    syntaxDiagnostics,
    read: () => {
      if (read) return read;
      const tree = next.tree();
      const hasErrors = syntaxDiagnostics.some((d) => d.severity === 'error');
      return (read = { text, tree, value: tree.value, toJS: valueOf, syntaxDiagnostics: [...syntaxDiagnostics], hasErrors, valued: true });
    },
  };
}
