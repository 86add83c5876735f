/**
 * Which of CloudFlow's two definition formats a document is written in, decided in one place from
 * its top-level keys, whatever the file is called:
 * - `statemachine`: the current format (`Type: StateMachine`, or `SpecVersion` with `States`);
 * - `classic`: classic FDL (`type: flow` with `steps`), and anything that is neither, so a
 *   half-written file keeps today's classic checks;
 * - `mixed`: both at once, which the service cannot read either way.
 *
 * The parser decides from the located tree (`dialectOfTree`); the extension decides from the text
 * alone, without parsing, whether a YAML file is a flow at all (`flowDialectOfText`). Both go
 * through `decideDialect`. The diagnostics about dialects (a mixed document, a key of the other
 * format) are here too, so the two formats' key lists live next to the decision.
 * Formats: ../shared/fdl/CLOUDFLOW.md, docs/cloudflow-schema-notes.md.
 */
import type { FdlDiagnostic } from './diagnostic';
import { defineMessages, formatMessage, type Locale } from './messages';
import type { Span } from './model';
import { isMapNode, scalarKeyText, type YNode } from './yaml/tree';

export type Dialect = 'classic' | 'statemachine' | 'mixed';

/** Top-level keys only the classic format has (schemas/fdl-v1.schema.json). */
export const CLASSIC_ONLY_KEYS: readonly string[] = ['version', 'type', 'steps', 'inputMappings', 'outputMappings', 'timeoutSeconds'];
/** Top-level keys only the StateMachine format has (schemas/cloudflow-statemachine.schema.json). */
export const STATEMACHINE_ONLY_KEYS: readonly string[] = ['Type', 'Name', 'SpecVersion', 'Description', 'StartAt', 'States'];

export const DIALECT_CODES = {
  mixed: 'dialect-mixed',
  foreignKey: 'dialect-foreign-key',
} as const;

/** What the decision reads: whether a top-level key is written, and a scalar value's text. */
export interface TopLevelKeys {
  has(key: string): boolean;
  text(key: string): string | undefined;
}

export function decideDialect(keys: TopLevelKeys): Dialect | undefined {
  const stateMachine = keys.text('Type') === 'StateMachine' || (keys.has('SpecVersion') && keys.has('States'));
  const classic = keys.text('type') === 'flow' && keys.has('steps');
  if (stateMachine && classic) return 'mixed';
  if (stateMachine) return 'statemachine';
  return classic ? 'classic' : undefined;
}

/** The dialect of a parsed document (`classic` when it reads as neither). */
export function dialectOfTree(root: YNode | undefined): Dialect {
  return decideDialect(treeKeys(root)) ?? 'classic';
}

/**
 * The dialect of a text that reads as a flow of either format, else undefined; from its
 * unindented `key: value` lines, without parsing (used on every YAML file the editor opens).
 */
export function flowDialectOfText(text: string): Dialect | undefined {
  const keys = new Map<string, string>();
  for (const m of text.matchAll(/^([A-Za-z][\w.$-]*)[ \t]*:(?:[ \t]+([^#\r\n]*?))?[ \t]*(?:#[^\r\n]*)?\r?$/gm)) {
    if (!keys.has(m[1])) keys.set(m[1], unquote(m[2] ?? ''));
  }
  return decideDialect({ has: (k) => keys.has(k), text: (k) => keys.get(k) });
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1) : t;
}

function treeKeys(root: YNode | undefined): TopLevelKeys {
  const map = isMapNode(root) ? root : undefined;
  const valueOf = (key: string): YNode | null | undefined => {
    const items = map?.items ?? [];
    for (let i = 0; i < items.length; i += 2) if (scalarKeyText(items[i]) === key) return items[i + 1];
    return undefined;
  };
  return {
    has: (k) => valueOf(k) !== undefined,
    text: (k) => {
      const v = valueOf(k);
      return v && typeof v.value === 'string' ? v.value : undefined;
    },
  };
}

const messages = defineMessages({
  mixed:
    'This document mixes the two CloudFlow formats: classic FDL (`type: flow`, `steps`) and the StateMachine format (`Type: StateMachine`, `StartAt`, `States`). Keep the keys of one of them.',
  classicKeyInStateMachine: '`{0}` belongs to classic FDL (`type: flow`, `steps`), not to the StateMachine format (`Type: StateMachine`) this flow is written in.',
  classicStepKeyInState: '`{0}` is a key of a classic FDL step (`type: flow`, `steps`), not of a state of the StateMachine format (`Type: StateMachine`) this flow is written in.',
  stateKeyInClassicStep: '`{0}` is a key of a state of the StateMachine format (`Type: StateMachine`, `States`), not of a classic FDL step (`type: flow`) this flow is written in.',
  stateMachineKeyInClassic: '`{0}` belongs to the StateMachine format (`Type: StateMachine`, `StartAt`, `States`), not to classic FDL (`type: flow`) this flow is written in.',
});

function keySpans(root: YNode | undefined, keys: readonly string[]): { key: string; span: Span }[] {
  if (!isMapNode(root)) return [];
  const out: { key: string; span: Span }[] = [];
  for (let i = 0; i < root.items.length; i += 2) {
    const k = root.items[i];
    const text = scalarKeyText(k);
    if (k && text !== undefined && keys.includes(text)) out.push({ key: text, span: { start: k.s, end: k.e } });
  }
  return out;
}

/** The one finding of a mixed document, on its first top-level key of either format's marker. */
export function mixedDialectDiagnostic(root: YNode | undefined, locale: Locale): FdlDiagnostic {
  const span = keySpans(root, ['Type', 'type', 'SpecVersion', 'States', 'steps'])[0]?.span ?? { start: 0, end: 0 };
  return { code: DIALECT_CODES.mixed, severity: 'error', message: formatMessage(messages.mixed, locale), span };
}

/** A finding on each top-level key of the other format, saying which format it belongs to. */
export const FOREIGN_STEP_KEY_TEXT = { statemachine: messages.classicStepKeyInState, classic: messages.stateKeyInClassicStep };

export function foreignKeyDiagnostics(root: YNode | undefined, dialect: 'classic' | 'statemachine', locale: Locale): FdlDiagnostic[] {
  // `Type` in a classic file is a typo of `type` unless it says StateMachine (then the file is mixed):
  // the schema's did-you-mean speaks for it.
  const foreign = dialect === 'statemachine' ? CLASSIC_ONLY_KEYS : STATEMACHINE_ONLY_KEYS.filter((k) => k !== 'Type');
  const text = dialect === 'statemachine' ? messages.classicKeyInStateMachine : messages.stateMachineKeyInClassic;
  return keySpans(root, foreign).map(({ key, span }) => foreignKeyDiagnostic(key, span, dialect, locale, text));
}

/** The finding on one key of the other format written in a `dialect` document (top level, or a step / state: fdl/dialect-step-keys.ts). */
export function foreignKeyDiagnostic(
  key: string,
  span: Span,
  dialect: 'classic' | 'statemachine',
  locale: Locale,
  text = dialect === 'statemachine' ? messages.classicKeyInStateMachine : messages.stateMachineKeyInClassic,
): FdlDiagnostic {
  return {
    code: DIALECT_CODES.foreignKey,
    severity: 'error',
    message: formatMessage(text, locale, key),
    span,
    data: { property: key, format: dialect === 'statemachine' ? 'classic' : 'statemachine' },
  };
}

/**
 * The schema's own "unknown property" finding on a key the dialect finding already explains is
 * dropped, so the key gets one finding, the one that names its format.
 */
export function withoutShadowedSchemaFindings(diagnostics: FdlDiagnostic[], foreign: FdlDiagnostic[]): FdlDiagnostic[] {
  if (foreign.length === 0) return diagnostics;
  const at = new Set(foreign.map((d) => `${d.span.start}:${d.span.end}`));
  return diagnostics.filter((d) => !(d.code === 'schema-unknown-property' && at.has(`${d.span.start}:${d.span.end}`)));
}
