/**
 * Standard and Express execution modes: a setting of the flow in the service (CreateFlow /
 * UpdateFlow `ExecutionMode: Standard | Express`), not part of its definition. Locally a flow is a
 * file with no such setting, so the mode is chosen where an execution starts: `fdl run --mode`,
 * and in the local API StartSyncExecution (documented for Express flows only) runs Express while
 * StartExecution runs Standard.
 *
 * What Express may run, from the docs (CloudFlow "Standard mode and express mode",
 * https://www.alibabacloud.com/help/en/serverless-workflow/latest/standard-workflow-and-express-workflow,
 * and "Wait", https://www.alibabacloud.com/help/en/serverless-workflow/latest/wait-wait):
 * - integration mode RequestComplete only (no WaitForSystemCallback, no WaitForCustomCallback);
 * - an execution runs at most 5 minutes (Standard: 1 year);
 * - a Wait lasts 1 to 20 seconds (Standard: 1 to 300).
 * Our reading where the docs are silent (engine/SEMANTICS.md "Execution modes"):
 * - What the definition says is refused before the execution starts, located: a TaskMode other
 *   than RequestComplete, a Wait whose `Seconds` is outside 1–20. The same rules hold a classic
 *   flow run in Express: a task `pattern` other than requestResponse, a wait `duration` over 20 s.
 * - What only the data decides (`Seconds.$`, a classic `timestamp` or `$.x` wait) is held to the
 *   5-minute limit, which ends the execution TimedOut with FnF.Timeout as the 1-year limit does.
 */
import type { FdlDiagnostic } from '../../../fdl/diagnostic';
import { defineMessages, formatMessage, type Locale } from '../../../fdl/messages';
import type { ParsedFlow } from '../../../fdl/parse';
import { stateMachineOf } from '../../../fdl/cloudflow/statemachine-model';
import { mapValue, nodeSpan } from '../../../fdl/yaml/tree';
import { scalarNumber, scalarString } from '../../../fdl/yaml/tree-read';
import { engineLocale } from '../../messages';

export type ExecutionMode = 'Standard' | 'Express';

/** Express: the longest an execution may run. */
export const EXPRESS_MAX_EXECUTION_SECONDS = 5 * 60;
/** Express: the range of a Wait's Seconds. */
export const EXPRESS_WAIT_SECONDS = { min: 1, max: 20 } as const;

export const EXPRESS_REFUSAL_CODE = 'express-mode-unsupported';

export const EXPRESS_MESSAGES = defineMessages({
  taskMode: 'Task state {0} uses TaskMode {1}; Express mode runs RequestComplete only (callback modes need Standard mode).',
  pattern: 'Task step {0} uses pattern {1}; Express mode runs requestResponse (RequestComplete) only (callback patterns need Standard mode).',
  waitSeconds: 'Wait state {0} waits {1} s; in Express mode a Wait lasts 1 to 20 seconds (Standard mode: 1 to 300).',
  waitDuration: 'Wait step {0} waits {1} s; in Express mode a wait lasts at most 20 seconds.',
  limitRun: 'The execution reached the longest an Express execution may run (5 minutes); it ends TimedOut.',
  badMode: 'the execution mode must be Standard or Express, got "{0}"',
});

/** An Express message in the engine's locale. */
export function expressText(key: keyof typeof EXPRESS_MESSAGES, ...args: unknown[]): string {
  return formatMessage(EXPRESS_MESSAGES[key], engineLocale(), ...args);
}

/** `standard` / `express` in any case → the mode; anything else → undefined. */
export function parseExecutionMode(text: string): ExecutionMode | undefined {
  const t = text.trim().toLowerCase();
  return t === 'standard' ? 'Standard' : t === 'express' ? 'Express' : undefined;
}

/** What an Express execution of this (error-free) flow cannot run, located in its text. */
export function expressRefusals(parsed: ParsedFlow, locale: Locale): FdlDiagnostic[] {
  const out: FdlDiagnostic[] = [];
  const refuse = (span: FdlDiagnostic['span'], key: keyof typeof EXPRESS_MESSAGES, ...args: unknown[]) =>
    out.push({ code: EXPRESS_REFUSAL_CODE, severity: 'error', message: formatMessage(EXPRESS_MESSAGES[key], locale, ...args), span });
  if (parsed.dialect === 'statemachine') {
    for (const s of stateMachineOf(parsed).states) {
      if (s.type === 'Task') {
        const mode = scalarString(mapValue(s.node, 'TaskMode'));
        if (mode && mode.value !== 'RequestComplete') refuse(mode.span, 'taskMode', s.name, mode.value);
      } else if (s.type === 'Wait') {
        const node = mapValue(s.node, 'Seconds');
        const seconds = scalarNumber(node);
        if (seconds && (seconds.value < EXPRESS_WAIT_SECONDS.min || seconds.value > EXPRESS_WAIT_SECONDS.max)) refuse(nodeSpan(node), 'waitSeconds', s.name, seconds.value);
      }
    }
    return out;
  }
  for (const step of parsed.steps) {
    if (step.type === 'task' && step.pattern && step.pattern.value !== 'requestResponse') refuse(step.pattern.span, 'pattern', step.name, step.pattern.value);
    if (step.type === 'wait' && typeof step.duration?.value === 'number' && step.duration.value > EXPRESS_WAIT_SECONDS.max)
      refuse(step.duration.span, 'waitDuration', step.name, step.duration.value);
  }
  return out;
}
