/**
 * A key of the other format's steps written in a step or state (`resourceArn` on a StateMachine
 * Task, `Next` on a classic step): one `dialect-foreign-key` finding naming the format it belongs
 * to, in place of the schema's "unknown property" (fdl/dialect.ts does the same for top-level
 * keys). The key sets come from the two schemas, read at build time (schema/generated/step-keys.js:
 * evaluating the StateMachine schema here cost every classic flow's start); a key that differs from
 * one of this format's only in case (`name`, `Retry`) is left to the schema's did-you-mean, which
 * offers the fix.
 */
import { stateMachineOf } from './cloudflow/statemachine-model';
import { FOREIGN_STEP_KEY_TEXT, foreignKeyDiagnostic } from './dialect';
import type { FdlDiagnostic } from './diagnostic';
import type { Locale } from './messages';
import type { ParsedFlow } from './parsed-flow';
import { isMapNode, scalarKeyText, type YNode } from './yaml/tree';
import { CLASSIC_STEP_KEYS, STATE_KEYS } from './schema/generated/step-keys';

/** The other format's step keys that match none of `own` even ignoring case. */
function foreignTo(own: readonly string[], other: readonly string[]): Set<string> {
  const lower = new Set(own.map((k) => k.toLowerCase()));
  return new Set(other.filter((k) => !lower.has(k.toLowerCase())));
}

const FOREIGN = { statemachine: foreignTo(STATE_KEYS, CLASSIC_STEP_KEYS), classic: foreignTo(CLASSIC_STEP_KEYS, STATE_KEYS) };

export function foreignStepKeyDiagnostics(parsed: ParsedFlow, locale: Locale): FdlDiagnostic[] {
  const dialect = parsed.dialect;
  if (dialect === 'mixed') return [];
  const nodes = dialect === 'statemachine' ? stateMachineOf(parsed).states.map((s) => s.node) : parsed.steps.map((s) => s.node);
  const out: FdlDiagnostic[] = [];
  for (const node of nodes)
    for (const [key, k] of keysIn(node))
      if (FOREIGN[dialect].has(key)) out.push(foreignKeyDiagnostic(key, { start: k.s, end: k.e }, dialect, locale, FOREIGN_STEP_KEY_TEXT[dialect]));
  return out;
}

function keysIn(node: YNode): [string, YNode][] {
  if (!isMapNode(node)) return [];
  const out: [string, YNode][] = [];
  for (let i = 0; i < node.items.length; i += 2) {
    const k = node.items[i];
    const text = scalarKeyText(k);
    if (k && text !== undefined) out.push([text, k]);
  }
  return out;
}
