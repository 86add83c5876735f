/**
 * Text → `Flow` model with source spans, plus YAML syntax findings.
 *
 * Uses `yaml`'s `parseDocument` (YAML 1.2 core schema, so an unquoted timestamp stays text).
 * Deploy-time tags (`!Ref`, `!Sub`, … from Funcraft / ROS) resolve to their text so published
 * flows parse; rules may flag them as placeholders.
 *
 * Everything downstream reads the located tree (yaml/tree.ts), never `yaml`'s node classes. Two
 * readers yield the very tree converting `parseDocument`'s Document would: the block reader
 * (yaml/block-reader.ts, plain block YAML, nearly every flow), which declines what it cannot prove
 * so, then `parseDocument` itself (tags, flow mappings, syntax errors, anchors, block scalars, …),
 * whose Document is converted (docs/yaml-readers.md). `ParsedFlow.doc` builds the `yaml` Document
 * on first use only. Texts over the input limits (input-limits.ts) are refused before either
 * reader runs.
 */
import type { Document } from 'yaml';
import { checkInputLimits, complexKeyAt, parserOverflowDiagnostic, tooComplexDiagnostic } from './input-limits';
import { readBlockYaml } from './yaml/block-reader';
import { parseYamlDocument } from './yaml/yaml-document';
import { SequenceBlocks } from './yaml/sequence-blocks';
import { treeFromDocument } from './yaml/from-yaml-document';
import { isMapNode, isSeqNode, mapValue, nodeSpan, NodeKind, type YNode } from './yaml/tree';
import { plainValue, scalarBoolean, scalarNumber, scalarString } from './yaml/tree-read';
import type { FdlDiagnostic } from './diagnostic';

export { parseYamlDocument };
import { defineMessages, formatMessage, type Locale } from './messages';
import { LineIndex } from './positions';
import { YAML_SYNTAX_CODES, yamlSyntaxDiagnostic } from './yaml-syntax-errors';
import { dialectOfTree, flowDialectOfText, type Dialect } from './dialect';
import { STEP_TYPES, type Catch, type ChoiceBranch, type Flow, type Located, type Mapping, type Retry, type Scope, type Span, type Step, type StepType } from './model';

/** Aliases expanded when building plain values; beyond this a document is treated as an alias bomb. */
export const MAX_ALIAS_EXPANSION = 10_000;

export interface ParsedFlow {
  text: string;
  lines: LineIndex;
  /** The document's located tree (its root node); undefined for an empty document. */
  tree: YNode | undefined;
  /** `yaml`'s Document of the text, built on first access (features that need `yaml`'s API). */
  readonly doc: Document.Parsed;
  flow: Flow;
  /** The whole document as plain JSON (for the schema check); undefined if it cannot be built safely. */
  value: unknown;
  /** Every step, depth first in document order. */
  steps: Step[];
  /** YAML syntax errors and structural findings made while lifting the model. */
  syntaxDiagnostics: FdlDiagnostic[];
  /** The definition format (dialect.ts); only a `classic` document has a classic model (`flow`, `steps`). */
  dialect: Dialect;
  /** True when the tree holds every value (read by the block reader, or by `yaml` without alias or merge key): a parse `reparseFlow` can start from. */
  valued?: boolean;
}

const messages = defineMessages({
  aliasBomb: 'This document expands to too many aliases (more than {0}); it is not analysed further.',
  notAMapping: 'A flow file must be a YAML mapping with `version`, `type: flow` and `steps`.',
});

export function parseFlow(text: string, locale: Locale = 'en'): ParsedFlow {
  return parseWith(text, locale, true);
}

/** `parseFlow` without the block reader: the reference the differential test compares against. */
export function parseFlowWithYaml(text: string, locale: Locale = 'en'): ParsedFlow {
  return parseWith(text, locale, false);
}

/** Re-reading more than this much of the text on an edit is left to a full parse. */
export const MAX_REPARSE_CHARS = 16 * 1024;

/** A parse with more YAML findings than this does not start reparsing. */
const MAX_SEED_FINDINGS = 100;

/** Per parse, its sequence held as blocks (yaml/sequence-blocks.ts), made on the first edit after it. */
const blocksOf = new WeakMap<ParsedFlow, SequenceBlocks | null>();

/**
 * The parse of `text`, an edit of `prev.text`, re-reading only the items of the document's
 * sequence (classic `steps`, StateMachine `States`) that the edit touched; equal to
 * `parseFlow(text, locale)` (test/fdl/reparse.test.ts). Undefined when the edit is not of that
 * kind (yaml/sequence-blocks.ts says which are): the caller parses the whole text. The tree and
 * the model are built from the blocks on first use, so a text left with a syntax error has its
 * diagnostics without them.
 */
export function reparseFlow(prev: ParsedFlow, text: string, locale: Locale = 'en'): ParsedFlow | undefined {
  let blocks = blocksOf.get(prev);
  if (blocks === undefined) {
    blocks = (prev.valued && blocksOfParse(prev, locale)) || null;
    blocksOf.set(prev, blocks);
  }
  if (!blocks || checkInputLimits(text, locale)) return undefined;
  const next = blocks.edited(text, MAX_REPARSE_CHARS);
  if (!next) return undefined;
  const syntaxDiagnostics = next.findings().map((f) => visibleAtEnd(yamlSyntaxDiagnostic(f, f.severity, locale), text));
  const lines = new LineIndex(text);
  let lifted: ParsedFlow | undefined;
  const lift = () => {
    if (lifted) return lifted;
    const tree = next.tree();
    const read: Read = { tree, value: tree.value, toJS: fastToJS, hasErrors: syntaxDiagnostics.some((d) => d.severity === 'error'), valued: true };
    return (lifted = liftFlow(text, lines, read, [...syntaxDiagnostics], locale));
  };
  const parsed: ParsedFlow = {
    text,
    lines,
    get tree() {
      return lift().tree;
    },
    get doc() {
      return lift().doc;
    },
    get flow() {
      return lift().flow;
    },
    get value() {
      return lift().value;
    },
    get steps() {
      return lift().steps;
    },
    syntaxDiagnostics,
    dialect: prev.dialect,
    valued: true,
  };
  blocksOf.set(parsed, next);
  return parsed;
}

/** The sequence of a full parse as blocks; its syntax findings compared in `locale`'s words. */
function blocksOfParse(p: ParsedFlow, locale: Locale): SequenceBlocks | undefined {
  const { syntaxDiagnostics: found, text } = p;
  // Only YAML syntax findings may be held in blocks (the input limits' refusals, say, may not).
  if (found.some((d) => !YAML_SYNTAX_CODES.includes(d.code))) return undefined;
  // A text broken all over is parsed whole (off the server's thread) until it mends.
  if (found.length > MAX_SEED_FINDINGS) return undefined;
  const inBlock = (start: number, end: number) => found.filter((d) => d.span.start >= start && d.span.start < end);
  return SequenceBlocks.ofTree(
    p.tree,
    text,
    (start, end) => inBlock(start, end).length,
    (findings, start, end) => {
      const mine = findings.map((f) => visibleAtEnd(yamlSyntaxDiagnostic(f, f.severity, locale), text));
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

/**
 * What of a ParsedFlow crosses to another thread (structured clone keeps the shared and cyclic
 * references between tree, steps and scopes); `reviveParsed` rebuilds the rest over the text.
 */
export type ParsedParts = Pick<ParsedFlow, 'text' | 'tree' | 'flow' | 'value' | 'steps' | 'syntaxDiagnostics' | 'dialect' | 'valued'>;

export function partsOf(p: ParsedFlow): ParsedParts {
  return { text: p.text, tree: p.tree, flow: p.flow, value: p.value, steps: p.steps, syntaxDiagnostics: p.syntaxDiagnostics, dialect: p.dialect, valued: p.valued };
}

/** The ParsedFlow of `parts`, read from `source` (a refused text's parts hold '' as their text). */
export function reviveParsed(parts: ParsedParts, source: string): ParsedFlow {
  const { text } = parts;
  let doc: Document.Parsed | undefined;
  return {
    ...parts,
    lines: new LineIndex(source),
    get doc() {
      return (doc ??= parseYamlDocument(text));
    },
  };
}

/** A text refused with `diagnostic` (not read): features see an empty flow, positions convert over the text. */
export function refusedFlow(text: string, diagnostic: FdlDiagnostic, locale: Locale): ParsedFlow {
  return liftFlow('', new LineIndex(text), NOTHING_READ, [diagnostic], locale);
}

type ToJS = (n: YNode) => unknown;

interface Read {
  tree: YNode | undefined;
  value: unknown;
  toJS: ToJS;
  /** The Document when this reader built one; otherwise built on first use. */
  doc?: Document.Parsed;
  /** True when the text has YAML errors (the root is then not reported as "not a mapping"). */
  hasErrors: boolean;
  /** The tree holds every value (the block reader's, or `yaml`'s without alias or merge key). */
  valued?: boolean;
}

function parseWith(text: string, locale: Locale, allowFast: boolean): ParsedFlow {
  const lines = new LineIndex(text);
  const refused = checkInputLimits(text, locale);
  // Features see an empty flow (they offer nothing); positions still convert over the real text.
  if (refused) return liftFlow('', lines, NOTHING_READ, [refused], locale);
  const syntaxDiagnostics: FdlDiagnostic[] = [];
  let read: Read;
  try {
    const fast = allowFast ? readBlockYaml(text) : undefined;
    read = fast ? { tree: fast.tree, value: fast.value, toJS: fastToJS, hasErrors: false, valued: true } : readWithYaml(text, locale, syntaxDiagnostics);
  } catch (e) {
    // A stack overflow inside a reader: the text gets a located error like any other it cannot read.
    if (!(e instanceof RangeError)) throw e;
    return liftFlow('', lines, NOTHING_READ, [parserOverflowDiagnostic(text, locale)], locale);
  }
  return liftFlow(text, lines, read, syntaxDiagnostics, locale);
}

const NOTHING_READ: Read = { tree: undefined, value: null, toJS: () => undefined, hasErrors: false };

const fastToJS: ToJS = (n) => n.value;
const scalarOnlyToJS: ToJS = (n) => (n.kind === NodeKind.Scalar ? n.value : undefined);

/** The error-tolerant reader: every YAML syntax error located, values built with the alias limit. */
function readWithYaml(text: string, locale: Locale, syntaxDiagnostics: FdlDiagnostic[]): Read {
  const doc = parseYamlDocument(text);
  // Our code and wording per library code (yaml-syntax-errors.ts), not the library's English text.
  for (const e of doc.errors) syntaxDiagnostics.push(visibleAtEnd(yamlSyntaxDiagnostic(e, 'error', locale), text));
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue;
    syntaxDiagnostics.push(visibleAtEnd(yamlSyntaxDiagnostic(w, 'warning', locale), text));
  }

  const converted = treeFromDocument(doc);
  const { tree } = converted;
  if (converted.valued) {
    // No alias, no merge key: the tree holds `doc.toJS()`'s values (from-yaml-document.ts), and
    // nothing can expand, so there is no second walk over `yaml`'s nodes.
    const value = tree ? tree.value : doc.contents;
    return { tree, value, toJS: fastToJS, doc, hasErrors: doc.errors.length > 0, valued: true };
  }

  const tooComplexAt = complexKeyAt(tree);
  if (tooComplexAt !== undefined) {
    // `yaml` would write each collection key out as text to build the value: unbounded work.
    syntaxDiagnostics.push(tooComplexDiagnostic(tooComplexAt, locale));
    return { tree, value: undefined, toJS: scalarOnlyToJS, doc, hasErrors: true };
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
  return { tree, value, toJS, doc, hasErrors: doc.errors.length > 0 };
}

/**
 * A finding `yaml` places at the very end of the text (an unclosed quote or bracket runs to it)
 * would be an empty range after the last line, which an editor barely shows: it goes on the
 * text's last visible character instead.
 */
function visibleAtEnd(d: FdlDiagnostic, text: string): FdlDiagnostic {
  if (d.span.start < text.length) return d;
  const last = text.trimEnd().length - 1;
  if (last < 0) return d;
  return { ...d, span: { start: last, end: last + 1 } };
}

/** `text` is the text the model is read from ('' for a refused text; `lines` is over the real one). */
function liftFlow(text: string, lines: LineIndex, read: Read, syntaxDiagnostics: FdlDiagnostic[], locale: Locale): ParsedFlow {
  const steps: Step[] = [];
  const { tree, toJS } = read;
  const root = isMapNode(tree) ? tree : undefined;
  if (!root && !read.hasErrors && text.trim().length > 0) {
    syntaxDiagnostics.push({
      code: 'fdl-not-a-mapping',
      severity: 'error',
      message: formatMessage(messages.notAMapping, locale),
      span: nodeSpan(tree, { start: 0, end: Math.min(text.length, 1) }),
    });
  }
  const dialect = dialectOfTree(root);
  const flow: Flow = {
    version: scalarString(mapValue(root, 'version')),
    type: scalarString(mapValue(root, 'type')),
    body: { steps: [], span: undefined },
    inputMappings: liftMappings(mapValue(root, 'inputMappings'), toJS),
    outputMappings: liftMappings(mapValue(root, 'outputMappings'), toJS),
    timeoutSeconds: scalarNumber(mapValue(root, 'timeoutSeconds')),
  };
  // A StateMachine (or mixed) document has no classic steps: classic features then find nothing to act on.
  if (dialect === 'classic') fillScope(flow.body, mapValue(root, 'steps'), undefined, steps, toJS);
  let doc = read.doc;
  return {
    text,
    lines,
    tree,
    get doc() {
      return (doc ??= parseYamlDocument(text));
    },
    flow,
    value: read.value,
    steps,
    syntaxDiagnostics,
    dialect,
    valued: !!read.valued,
  };
}

function fillScope(scope: Scope, node: YNode | undefined, owner: Step | undefined, all: Step[], toJS: ToJS): Scope {
  scope.owner = owner;
  if (!isSeqNode(node)) return scope;
  scope.span = nodeSpan(node);
  for (const item of node.items) {
    const step = liftStep(item, scope, all, toJS);
    if (step) scope.steps.push(step);
  }
  return scope;
}

function newScope(): Scope {
  return { steps: [] };
}

function liftStep(map: YNode | null, scope: Scope, all: Step[], toJS: ToJS): Step | undefined {
  if (!isMapNode(map)) return undefined;
  const typeNode = scalarString(mapValue(map, 'type'));
  const type = typeNode && (STEP_TYPES as readonly string[]).includes(typeNode.value) ? (typeNode.value as StepType) : undefined;
  if (!type) {
    // Unknown or missing type: the schema reports it; nested steps are not lifted.
    return undefined;
  }
  const nameNode = scalarString(mapValue(map, 'name'));
  const span = nodeSpan(map);
  // One literal per step type (no spread of a shared base), so every step of a type has one shape.
  const typeSpan = typeNode!.span;
  const name = nameNode?.value ?? '';
  const nameSpan = nameNode?.span ?? { start: span.start, end: span.start };
  const end = scalarBoolean(mapValue(map, 'end'));
  const inputMappings = liftMappings(mapValue(map, 'inputMappings'), toJS);
  const outputMappings = liftMappings(mapValue(map, 'outputMappings'), toJS);
  let step: Step;
  switch (type) {
    case 'task': {
      const sp = mapValue(map, 'serviceParams');
      step = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        resourceArn: scalarString(mapValue(map, 'resourceArn')),
        action: scalarString(mapValue(map, 'action')),
        pattern: scalarString(mapValue(map, 'pattern')),
        serviceParams: isMapNode(sp) ? { value: (plainValue(sp, toJS) ?? {}) as Record<string, unknown>, span: nodeSpan(sp) } : undefined,
        timeoutSeconds: scalarNumber(mapValue(map, 'timeoutSeconds')),
        retry: liftRetry(mapValue(map, 'retry')),
        catch: liftCatch(mapValue(map, 'catch')),
        errorMappings: liftMappings(mapValue(map, 'errorMappings'), toJS),
      };
      all.push(step);
      break;
    }
    case 'wait': {
      const dNode = mapValue(map, 'duration');
      step = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        duration: scalarNumber(dNode) ?? scalarString(dNode),
        timestamp: scalarString(mapValue(map, 'timestamp')),
      };
      all.push(step);
      break;
    }
    case 'fail':
      step = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        error: scalarString(mapValue(map, 'error')),
        cause: scalarString(mapValue(map, 'cause')),
      };
      all.push(step);
      break;
    case 'pass':
    case 'succeed':
      step = { type, typeSpan, name, nameSpan, span, end, inputMappings, outputMappings, scope, node: map };
      all.push(step);
      break;
    case 'choice': {
      const choice: Extract<Step, { type: 'choice' }> = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        choices: [],
        default: undefined,
      };
      all.push(choice);
      const choices = mapValue(map, 'choices');
      for (const cm of isSeqNode(choices) ? choices.items : []) {
        if (!isMapNode(cm)) continue;
        const branch: ChoiceBranch = {
          condition: scalarString(mapValue(cm, 'condition')),
          goto: scalarString(mapValue(cm, 'goto')),
          span: nodeSpan(cm),
          scope: newScope(),
        };
        fillScope(branch.scope, mapValue(cm, 'steps'), choice, all, toJS);
        choice.choices.push(branch);
      }
      const dm = mapValue(map, 'default');
      if (isMapNode(dm)) {
        const scopeD = newScope();
        choice.default = { scope: scopeD, goto: scalarString(mapValue(dm, 'goto')), span: nodeSpan(dm) };
        fillScope(scopeD, mapValue(dm, 'steps'), choice, all, toJS);
      }
      step = choice;
      break;
    }
    case 'parallel': {
      const par: Extract<Step, { type: 'parallel' }> = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        branches: [],
        retry: liftRetry(mapValue(map, 'retry')),
        catch: liftCatch(mapValue(map, 'catch')),
      };
      all.push(par);
      const branches = mapValue(map, 'branches');
      for (const bm of isSeqNode(branches) ? branches.items : []) {
        if (!isMapNode(bm)) continue;
        const s = newScope();
        fillScope(s, mapValue(bm, 'steps'), par, all, toJS);
        par.branches.push({ scope: s, span: nodeSpan(bm) });
      }
      step = par;
      break;
    }
    case 'foreach': {
      const im = mapValue(map, 'iterationMapping');
      const fe: Extract<Step, { type: 'foreach' }> = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        iterationMapping: isMapNode(im)
          ? {
              collection: scalarString(mapValue(im, 'collection')),
              item: scalarString(mapValue(im, 'item')),
              index: scalarString(mapValue(im, 'index')),
              span: nodeSpan(im),
            }
          : undefined,
        maxConcurrency: scalarNumber(mapValue(map, 'maxConcurrency')),
        body: newScope(),
        retry: liftRetry(mapValue(map, 'retry')),
        catch: liftCatch(mapValue(map, 'catch')),
      };
      all.push(fe);
      fillScope(fe.body, mapValue(map, 'steps'), fe, all, toJS);
      step = fe;
      break;
    }
  }
  return step;
}

function liftMappings(node: YNode | undefined, toJS: ToJS): Mapping[] | undefined {
  if (!isSeqNode(node)) return undefined;
  const out: Mapping[] = [];
  for (const m of node.items) {
    if (!isMapNode(m)) continue;
    let target: YNode | null | undefined;
    let sourceKey: YNode | undefined;
    let source: YNode | null = null;
    // One pass over the entries; the first `target` and the first `source` count, as in `yaml`.
    const items = m.items;
    for (let i = items.length - 2; i >= 0; i -= 2) {
      const k = items[i];
      if (!k || k.kind !== 0) continue;
      const key = typeof k.value === 'string' ? k.value : String(k.value);
      if (key === 'target') target = items[i + 1];
      else if (key === 'source') {
        sourceKey = k;
        source = items[i + 1];
      }
    }
    out.push({
      target: scalarString(target),
      source: sourceKey ? ({ value: source ? plainValue(source, toJS) : null, span: nodeSpan(source, nodeSpan(sourceKey)) } as Located<unknown>) : undefined,
      span: nodeSpan(m),
    });
  }
  return out;
}

function errorNames(node: YNode | undefined): Located<string>[] {
  if (!isSeqNode(node)) return [];
  const out: Located<string>[] = [];
  for (const i of node.items) {
    const s = scalarString(i);
    if (s) out.push(s);
  }
  return out;
}

function liftRetry(node: YNode | undefined): Retry[] {
  if (!isSeqNode(node)) return [];
  const out: Retry[] = [];
  for (const m of node.items) {
    if (!isMapNode(m)) continue;
    out.push({
      errors: errorNames(mapValue(m, 'errors')),
      intervalSeconds: scalarNumber(mapValue(m, 'intervalSeconds'))?.value,
      maxIntervalSeconds: scalarNumber(mapValue(m, 'maxIntervalSeconds'))?.value,
      maxAttempts: scalarNumber(mapValue(m, 'maxAttempts'))?.value,
      multiplier: scalarNumber(mapValue(m, 'multiplier'))?.value,
      span: nodeSpan(m),
    });
  }
  return out;
}

function liftCatch(node: YNode | undefined): Catch[] {
  if (!isSeqNode(node)) return [];
  const out: Catch[] = [];
  for (const m of node.items) {
    if (!isMapNode(m)) continue;
    out.push({ errors: errorNames(mapValue(m, 'errors')), goto: scalarString(mapValue(m, 'goto')), span: nodeSpan(m) });
  }
  return out;
}

/**
 * True when `text` looks like a flow of either format even without a flow file name: top-level
 * `type: flow` and `steps:`, or `Type: StateMachine` (or `SpecVersion` and `States`); dialect.ts.
 */
export function looksLikeFlow(text: string): boolean {
  return flowDialectOfText(text) !== undefined;
}

export type { Span };
