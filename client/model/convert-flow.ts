/**
 * Convert to CloudFlow StateMachine, without vscode: the classic flow's text in, the StateMachine text
 * and the problems to show on the original out (fdl/cloudflow/convert-classic.ts does the work).
 *
 * The converted flow is a new file beside the original, `<base>-statemachine.flow.yaml`, rather than an
 * untitled document: a file can be run with the mocks, inputs and local functions found beside it,
 * deployed, and drawn, and its `Name` is the flow name that file deploys under (the service requires
 * `Name` to equal the flow's name). The original is never touched.
 */
import { dirname, join } from 'node:path';
import { convertClassicFlow } from '../../fdl/cloudflow/convert-classic';
import { type Locale, localize } from '../../fdl/messages';
import { parseFlow } from '../../fdl/parse';
import type { Range } from '../../fdl/positions';
import { flowBaseName } from './flow-companions';
import { localFlowName } from './local-flow-name';

export interface ConversionProblem {
  range: Range;
  severity: 'warning' | 'information';
  /** The converter's stable code (docs/convert-classic.md). */
  code: string;
  message: string;
}

export type FlowConversion =
  | { ok: true; path: string; text: string; problems: ConversionProblem[] }
  /** `not-classic`: a StateMachine (or mixed) document; `syntax`: YAML errors, first on `line` (1-based). */
  | { ok: false; reason: 'not-classic' | 'syntax'; line?: number };

export function convertedFlowPath(flowPath: string): string {
  return join(dirname(flowPath), `${flowBaseName(flowPath)}-statemachine.flow.yaml`);
}

export function convertFlow(flowPath: string, text: string, locale: Locale): FlowConversion {
  const parsed = parseFlow(text, locale);
  const syntax = parsed.syntaxDiagnostics.find((d) => d.severity === 'error');
  if (syntax) return { ok: false, reason: 'syntax', line: parsed.lines.positionAt(syntax.span.start).line + 1 };
  if (parsed.dialect !== 'classic') return { ok: false, reason: 'not-classic' };
  const path = convertedFlowPath(flowPath);
  const result = convertClassicFlow(parsed.flow, text, { name: localFlowName(path) });
  const problems = result.findings.map((f) => ({ range: f.range, severity: f.severity, code: f.code, message: localize(f.message, locale) }));
  return { ok: true, path, text: result.yaml, problems };
}
