/**
 * What stops a flow from running, found before Run asks for its input: the errors of the same
 * analysis the engine refuses a definition on (engine/run/flow-cache.ts), so a user does not pick an
 * input only to hear the flow cannot start. Warnings do not block.
 */
import { analyze } from '../../fdl/analyze';

export interface RunBlockers {
  /** How many errors the flow has (≥ 1). */
  count: number;
  /** The first one, to name in the message: its 1-based line and its text. */
  first: { line: number; message: string };
}

export function runBlockers(text: string, locale: string): RunBlockers | undefined {
  const { parsed, diagnostics } = analyze(text, { locale });
  const errors = diagnostics.filter((d) => d.severity === 'error').sort((a, b) => a.span.start - b.span.start);
  if (!errors.length) return undefined;
  return { count: errors.length, first: { line: parsed.lines.positionAt(errors[0].span.start).line + 1, message: errors[0].message } };
}
