/**
 * Text → `ParsedFlow`, in one pass down: the text is read once (yaml/read.ts: input limits, the
 * reader chosen, syntax findings worded), then the model is built from what was read
 * (parsed-flow.ts: the dialect and its model). On an edit, `reparseFlow` rereads only what the
 * edit touched and builds the model from that. Everything downstream reads the located tree
 * (yaml/tree.ts) and the model, never `yaml`'s node classes.
 */
import { flowDialectOfText } from './dialect';
import type { Locale } from './messages';
import { buildParsedFlow, deferredParsedFlow, type ParsedFlow } from './parsed-flow';
import { LineIndex } from './positions';
import { readYaml, rereadYaml, sequenceBlocksOf } from './yaml/read';
import type { YNode } from './yaml/tree';
import type { SequenceBlocks } from './yaml/sequence-blocks';
import { lineEditOfChanges, type TextChange } from './yaml/line-edit';

export { partsOf, refusedFlow, reviveParsed, type ParsedFlow, type ParsedParts } from './parsed-flow';
export { MAX_ALIAS_EXPANSION } from './yaml/read';
export type { TextChange } from './yaml/line-edit';
export type { Span } from './span';

export function parseFlow(text: string, locale: Locale = 'en'): ParsedFlow {
  return buildParsedFlow(readYaml(text, locale), new LineIndex(text), locale);
}

/** `parseFlow` without the block reader: the reference the differential test compares against. */
export function parseFlowWithYaml(text: string, locale: Locale = 'en'): ParsedFlow {
  return buildParsedFlow(readYaml(text, locale, { blockReader: false }), new LineIndex(text), locale);
}

/** Re-reading more than this much of the text on an edit is left to a full parse. */
export const MAX_REPARSE_CHARS = 16 * 1024;

/** Per parse, its sequence held as blocks (yaml/sequence-blocks.ts), made on the first edit after it. */
const blocksOf = new WeakMap<ParsedFlow, SequenceBlocks | null>();

/** What an editor knows of an edit, which spares finding it again from the texts. */
export interface KnownEdit {
  /** The changes that made the text from the previous version's, in order (yaml/line-edit.ts). */
  changes?: readonly TextChange[];
  /** The edited text's line index (of this very text), when the editor keeps one. */
  lines?: LineIndex;
}

/**
 * The parse of `text`, an edit of `prev.text`, re-reading only the items of the document's
 * sequence (classic `steps`, StateMachine `States`) that the edit touched; equal to
 * `parseFlow(text, locale)` (test/fdl/reparse.test.ts). Undefined when the edit is not of that
 * kind (yaml/sequence-blocks.ts says which are): the caller parses the whole text. The tree and
 * the model are built from the blocks on first use, so a text left with a syntax error has its
 * diagnostics without them. `known`: the changes the editor sent (else the two texts are
 * compared) and its line index.
 */
export function reparseFlow(prev: ParsedFlow, text: string, locale: Locale = 'en', known: KnownEdit = {}): ParsedFlow | undefined {
  let blocks = blocksOf.get(prev);
  if (blocks === undefined) {
    blocks = (prev.valued && sequenceBlocksOf(prev.tree, prev.text, prev.syntaxDiagnostics, locale)) || null;
    blocksOf.set(prev, blocks);
    if (blocks) seedOf.set(blocks.frameKey, prev);
  }
  if (!blocks) return undefined;
  const said = known.changes && lineEditOfChanges(prev.text, text, known.changes);
  const reread = rereadYaml(blocks, text, locale, MAX_REPARSE_CHARS, said);
  if (!reread) return undefined;
  // The editor's line index, else the line starts carried over from the previous version's, when
  // it has them, but for the edited lines.
  const edit = reread.blocks !== blocks ? reread.blocks.edit : undefined;
  const lines = known.lines?.text === text ? known.lines : edit ? LineIndex.edited(prev.lines, text, edit) : new LineIndex(text);
  // The edit stays inside the sequence, so the top-level keys, and with them the dialect, are prev's.
  const parsed = deferredParsedFlow(text, lines, reread.syntaxDiagnostics, prev.dialect, () => buildParsedFlow(reread.read(), lines, locale));
  blocksOf.set(parsed, reread.blocks);
  return parsed;
}

/** Per frame of blocks, the full parse they were first made from (the analysis cache starts from its findings). */
const seedOf = new WeakMap<object, ParsedFlow>();

/** A reparse's blocks, and the full parse its edits started from with that parse's blocks; undefined for a full parse. */
export function editedBlocks(p: ParsedFlow): { blocks: SequenceBlocks; seed: ParsedFlow; seedBlocks: SequenceBlocks } | undefined {
  const blocks = blocksOf.get(p);
  const seed = blocks && seedOf.get(blocks.frameKey);
  const seedBlocks = seed && blocksOf.get(seed);
  return blocks && seed && seedBlocks && seed !== p ? { blocks, seed, seedBlocks } : undefined;
}

/** The ParsedFlow of a tree read without errors or aliases from `text` (a document of one item, fdl/analysis-cache.ts). */
export function parsedOfTree(text: string, lines: LineIndex, tree: YNode, locale: Locale): ParsedFlow {
  const read = { text, tree, value: tree.value, toJS: (n: YNode) => n.value, syntaxDiagnostics: [], hasErrors: false, valued: true };
  return buildParsedFlow(read, lines, locale);
}

/**
 * True when `text` looks like a flow of either format even without a flow file name: top-level
 * `type: flow` and `steps:`, or `Type: StateMachine` (or `SpecVersion` and `States`); dialect.ts.
 */
export function looksLikeFlow(text: string): boolean {
  return flowDialectOfText(text) !== undefined;
}
