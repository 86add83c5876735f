/**
 * Nested flows: `resourceArn: acs:fnf:::flow/<name>` starts a child execution on the same backend
 * (docs "Service integration", 149828/149829). serviceParams: `Input` (default: the step input;
 * `$` is the whole step input; JSON text is parsed) and `ExecutionName` (default
 * `<parent execution>-<step>-<event id>`, deterministic so a restart finds the same child).
 * - requestResponse: done once the child has started; $local = {FlowName, ExecutionName}.
 * - sync: waits for the child; its output is $local; a failed/stopped/timed-out child fails the
 *   step with the child's error and cause (so `catch` can name an error the child raised).
 * - waitForCallback: starts the child and waits for a report with the token (the child or its
 *   functions call ReportTaskSucceeded/Failed).
 * How `<name>` is found on disk is the backend's flow resolver (local-backend.ts).
 */
import { isJsonObject } from '../data-mapping';
import type { JsonObject, StoredEvent } from '../history/events';
import { NAME_PATTERN } from '../store/execution-store';
import { awaitReport, failTask, submittedKey, succeedTask, withTaskTimeout, type TaskAttempt } from './task-attempt';
import { engineText } from '../messages';

export const CHILD_FLOW_PREFIX = 'acs:fnf:::flow/';

export function isChildFlowResource(resource: string): boolean {
  return resource.startsWith(CHILD_FLOW_PREFIX);
}

export async function runChildFlow(t: TaskAttempt): Promise<{ local: JsonObject }> {
  const { run } = t.sr;
  const flowName = t.resource.slice(CHILD_FLOW_PREFIX.length);
  if (t.token) run.tokens.issue(t.token);
  const submitted = run.journal.find<'TaskSubmitted'>(submittedKey(t));
  let child = submitted?.detail.childExecution;
  if (!child) {
    const executionName = childExecutionName(t);
    const input = childInput(t);
    try {
      await run.children.start({
        flowName,
        executionName,
        input,
        parent: { flowName: run.flowName, executionName: run.executionName, flowPath: run.flowPath, visitKey: t.sr.key },
      });
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'FnF.RuntimeError';
      return failTask(t, 'TaskSubmitFailed', code.includes('.') ? code : `FnF.${code}`, (e as Error).message);
    }
    child = { flowName, executionName };
    run.journal.record('TaskSubmitted', submittedKey(t), { childExecution: child }, { stepName: t.step.name, scheduleEventId: t.scheduled.eventId });
  }
  if (t.pattern === 'requestResponse') return succeedTask(t, { FlowName: child.flowName, ExecutionName: child.executionName });
  // The report comes from outside the engine's clock (the child's functions, a person): held.
  if (t.pattern === 'waitForCallback') return withTaskTimeout(t, (signal) => awaitReport(t, signal, false));
  const done = child;
  return withTaskTimeout(t, async (signal) => {
    const outcome = await run.children.wait(done.flowName, done.executionName, signal);
    if (outcome.status === 'Succeeded') return succeedTask(t, outcome.output ?? {});
    const error = outcome.error || (outcome.status === 'TimedOut' ? 'FnF.Timeout' : outcome.status === 'Stopped' ? 'FnF.ExecutionStopped' : 'FnF.ExecutionFailed');
    return failTask(t, 'TaskFailed', error, outcome.cause ?? engineText('childEnded', done.executionName, outcome.status));
  });
}

function childExecutionName(t: TaskAttempt): string {
  const given = t.serviceParams.ExecutionName;
  if (typeof given === 'string' && NAME_PATTERN.test(given)) return given;
  const base = `${t.sr.run.executionName}-${t.step.name}-${(t.scheduled as StoredEvent<'TaskScheduled'>).eventId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (/^[A-Za-z_]/.test(base) ? base : `_${base}`).slice(0, 128);
}

function childInput(t: TaskAttempt): JsonObject {
  const given = t.serviceParams.Input;
  if (given === undefined || given === null) return t.input;
  if (isJsonObject(given)) return given;
  if (typeof given === 'string') {
    try {
      const parsed = JSON.parse(given) as unknown;
      if (isJsonObject(parsed)) return parsed;
    } catch {
      /* fall through */
    }
  }
  return { input: given };
}
