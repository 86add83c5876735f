/**
 * A `ParsedFlow`: what a read document (yaml/read.ts) is to everything downstream. Building one
 * decides the dialect from the tree (dialect.ts) and lifts that dialect's model: the classic one
 * here, through lift-classic.ts; the StateMachine one on first use, through
 * cloudflow/statemachine-model.ts `stateMachineOf`. A second dialect's model plugs in beside them.
 * Also here: the parts of a parse that cross to another thread, and their revival.
 */
import type { Document } from 'yaml';
import type { FdlDiagnostic } from './diagnostic';
import { dialectOfTree, type Dialect } from './dialect';
import { liftClassicFlow } from './lift-classic';
import { defineMessages, formatMessage, type Locale } from './messages';
import type { Flow, Step } from './model';
import { LineIndex } from './positions';
import { refusedRead, type YamlRead } from './yaml/read';
import { isMapNode, nodeSpan, type YNode } from './yaml/tree';
import type * as YamlDocument from './yaml/yaml-document';

/** `yaml`'s Document, built when a feature first asks for it (`ParsedFlow.doc`): required then (docs/cold-start.md). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use (above)
const parseYamlDocument = (text: string) => (require('./yaml/yaml-document') as typeof YamlDocument).parseYamlDocument(text);

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
  notAMapping: 'A flow file must be a YAML mapping with `version`, `type: flow` and `steps`.',
});

/** The ParsedFlow of a read; `lines` is over the real text (a refused read holds '' as its text). */
export function buildParsedFlow(read: YamlRead, lines: LineIndex, locale: Locale): ParsedFlow {
  const { text, tree } = read;
  const root = isMapNode(tree) ? tree : undefined;
  let syntaxDiagnostics = read.syntaxDiagnostics;
  if (!root && !read.hasErrors && text.trim().length > 0) {
    const notAMapping: FdlDiagnostic = {
      code: 'fdl-not-a-mapping',
      severity: 'error',
      message: formatMessage(messages.notAMapping, locale),
      span: nodeSpan(tree, { start: 0, end: Math.min(text.length, 1) }),
    };
    syntaxDiagnostics = [...syntaxDiagnostics, notAMapping];
  }
  const dialect = dialectOfTree(root);
  const { flow, steps } = liftClassicFlow(root, read.toJS, dialect === 'classic');
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
    valued: read.valued,
  };
}

/**
 * A ParsedFlow whose findings and dialect are known now and whose tree and model are built on
 * first use (by `build`), so a text left with a syntax error has its diagnostics without them.
 */
export function deferredParsedFlow(text: string, lines: LineIndex, syntaxDiagnostics: FdlDiagnostic[], dialect: Dialect, build: () => ParsedFlow): ParsedFlow {
  let built: ParsedFlow | undefined;
  const model = () => (built ??= build());
  return {
    text,
    lines,
    get tree() {
      return model().tree;
    },
    get doc() {
      return model().doc;
    },
    get flow() {
      return model().flow;
    },
    get value() {
      return model().value;
    },
    get steps() {
      return model().steps;
    },
    syntaxDiagnostics,
    dialect,
    valued: true,
  };
}

/** A text refused with `diagnostic` (not read): features see an empty flow, positions convert over the text. */
export function refusedFlow(text: string, diagnostic: FdlDiagnostic, locale: Locale): ParsedFlow {
  return buildParsedFlow(refusedRead(diagnostic), new LineIndex(text), locale);
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
