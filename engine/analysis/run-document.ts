/**
 * One execution as a plain text document, one block per state visit in flow order (run-diff.ts
 * `runSteps`), so that two of them side by side in a diff editor line up visit by visit and show
 * where paths part and how data differs. Field names are the history's own (`input`, `output`,
 * `error`, `cause`), data is pretty-printed JSON, nothing is translated: it is data, not prose.
 */
import type { HistoryEvent } from '../backend';
import { runSteps, type StepSnapshot } from './run-diff';
import { foldVisits } from './visit-tree';

export interface RunHeader {
  flowName: string;
  executionName: string;
  status: string;
  /** `local` or `cloud`. */
  source?: string;
}

export function runDocument(header: RunHeader, events: readonly HistoryEvent[]): string {
  const lines = [`flow: ${header.flowName}`, `execution: ${header.executionName}`, ...(header.source ? [`source: ${header.source}`] : []), `status: ${header.status}`, ''];
  for (const s of runSteps(foldVisits(events).top)) lines.push(...block(s), '');
  return lines.join('\n');
}

function block(s: StepSnapshot): string[] {
  const out = [`${s.key}  [${s.status}${s.attempts > 1 ? `, ${s.attempts} attempts` : ''}]`];
  const field = (name: string, v: unknown) => {
    if (v === undefined) return;
    const text = JSON.stringify(v, null, 2) ?? String(v);
    out.push(`  ${name}: ${text.split('\n').join('\n  ')}`);
  };
  field('input', s.input);
  field('output', s.output);
  if (s.error !== undefined) {
    out.push(`  error: ${s.error}`);
    out.push(`  cause: ${s.cause ?? ''}`);
  }
  return out;
}
