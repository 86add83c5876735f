/**
 * Nested flows: `resourceArn: acs:fnf:[<region>]:[<account>]:flow/<name>` starts a child execution
 * on the same backend (docs "Service integration", 149828/149829; for the StateMachine dialect,
 * `Action: FNF:StartExecution`, "Integrate CloudFlow", 2400188). Classic serviceParams: `Input`
 * (default: the step input; `$` is the whole step input; JSON text is parsed) and `ExecutionName`;
 * the StateMachine's Parameters `input` and `executionName` are read in sm-states/task.ts. Without
 * a name the child's is `<parent execution>-<step>-<event id>`, deterministic so a restart finds
 * the same child.
 * - requestResponse: done once the child has started; $local = {FlowName, ExecutionName}.
 * - sync: waits for the child; its output is $local; a failed/stopped/timed-out child fails the
 *   step with the child's error and cause (so `catch` can name an error the child raised).
 * - waitForCallback: starts the child and waits for a report with the token (the child or its
 *   functions call ReportTaskSucceeded/Failed).
 * How `<name>` is found on disk is the backend's flow resolver (local-backend.ts).
 */
import { isJsonObject } from '../data-mapping';
import type { JsonObject, StoredEvent } from '../../history/events';
import { NAME_PATTERN } from '../../store/execution-store';
import { awaitReport, failTask, submittedKey, succeedTask, withTaskTimeout, type TaskAttempt } from './task-attempt';
import { engineText } from '../../messages';

/** `acs:fnf:<region>:<account>:flow/<name>`, region and account possibly empty (the flow's own). */
const CHILD_FLOW_ARN = /^acs:fnf:[^:]*:[^:]*:flow\/(.+)$/;

/** The flow a child-flow ARN names, or undefined when the resource is not one. */
export function childFlowName(resource: string): string | undefined {
  return CHILD_FLOW_ARN.exec(resource)?.[1];
}

export function isChildFlowResource(resource: string): boolean {
  return childFlowName(resource) !== undefined;
}

/** The child execution to start: its input and, when the task names one, its execution name. */
export interface ChildStart {
  input: JsonObject;
  executionName?: string;
}

/** A classic task's child: serviceParams `Input` and `ExecutionName`. */
export function classicChildStart(t: TaskAttempt): ChildStart {
  const given = t.serviceParams.ExecutionName;
  return { input: childInput(t), ...(typeof given === 'string' && NAME_PATTERN.test(given) ? { executionName: given } : {}) };
}

export async function runChildFlow(t: TaskAttempt, start: ChildStart): Promise<{ local: JsonObject }> {
  const { run } = t.sr;
  const flowName = childFlowName(t.resource) ?? t.resource;
  if (t.token) run.tokens.issue(t.token);
  const submitted = run.journal.find<'TaskSubmitted'>(submittedKey(t));
  let child = submitted?.detail.childExecution;
  if (!child) {
    const executionName = start.executionName ?? defaultExecutionName(t);
    const input = start.input;
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
    run.journal.record('TaskSubmitted', submittedKey(t), { childExecution: child }, t.step.name, t.scheduled.eventId);
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

function defaultExecutionName(t: TaskAttempt): string {
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
