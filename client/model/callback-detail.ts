/**
 * Which task events show a callback to answer, and where its token is: the one place that knows
 * both history shapes, used by the executions tree (view, "Waiting for callback" group, editor
 * hover) and by the cloud backend's `waitingCallbacks`.
 *
 * - The embedded engine writes TaskScheduled `{resource, pattern, input, timeoutSeconds?, taskToken}`.
 * - The service: the GetExecutionHistory reference (doc 123078 / 2590644) documents EventDetail only
 *   as JSON text and its example stops before any task event; the waitForCallback pages say the
 *   token reaches the called service through the task's input (a flow maps `$context.task.token`
 *   into it with inputMappings, e.g. `taskToken: $context.task.token`). No page documents a token,
 *   pattern or timeout field in TaskScheduled/TaskSubmitted. So (our choice, docs silent) we read,
 *   in this order: a `taskToken`/`TaskToken`/`token` field at the top of the TaskScheduled detail,
 *   then one or two levels down (`input.taskToken`, `input.task.token`, `Input.TaskToken`…), and
 *   the same in TaskSubmitted/TaskStarted when TaskScheduled had none. `pattern`, when present,
 *   decides; without it, a readable token is what marks the task as waiting for a callback.
 *   The step timeout is read from `timeoutSeconds`/`TimeoutSeconds` where an event carries it.
 */
import type { Detail } from './event-detail';

export interface ScheduledTask {
  /** The task waits for ReportTaskSucceeded/Failed (known now, or once a later event shows a token). */
  waitsForCallback: boolean;
  /** false when the pattern says it is not a callback task, so later events cannot make it one. */
  mayWait: boolean;
  token?: string;
  timeoutSeconds?: number;
  /** What the called service was given. */
  input?: unknown;
}

const TOKEN_KEY = /^(task_?token|token)$/i;
/** Shorter strings are placeholders, not tokens (the engine's are 22 characters, the service's longer). */
const MIN_TOKEN_LENGTH = 8;

export function scheduledTask(d: Detail): ScheduledTask {
  const raw = d.pattern ?? d.Pattern;
  const pattern = typeof raw === 'string' && raw !== '' ? raw : undefined;
  const mayWait = pattern === undefined || pattern === 'waitForCallback';
  const token = mayWait ? findToken(d, 0) : undefined;
  return {
    waitsForCallback: pattern === 'waitForCallback' || (mayWait && token !== undefined),
    mayWait,
    token,
    timeoutSeconds: timeoutOf(d),
    input: jsonOrValue(d.input ?? d.Input),
  };
}

/** The token a TaskSubmitted (or TaskStarted) detail shows, if any. */
export function submittedToken(d: Detail): string | undefined {
  return findToken(d, 0);
}

export function timeoutOf(d: Detail): number | undefined {
  const v = d.timeoutSeconds ?? d.TimeoutSeconds;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function findToken(o: Record<string, unknown>, depth: number): string | undefined {
  // At the top of the detail the field is the token by name; deeper, in user data, only a token-like string is.
  const min = depth === 0 ? 1 : MIN_TOKEN_LENGTH;
  for (const [k, v] of Object.entries(o)) if (TOKEN_KEY.test(k) && typeof v === 'string' && v.length >= min) return v;
  if (depth >= 2) return undefined;
  for (const v of Object.values(o)) {
    const nested = typeof v === 'string' && depth === 0 ? parseObject(v) : v;
    if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
      const found = findToken(nested as Record<string, unknown>, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function jsonOrValue(v: unknown): unknown {
  return typeof v === 'string' ? (parseObject(v) ?? v) : v;
}

/** The service may hand the input over as JSON text (`"input": "{\"taskToken\":…}"`). */
function parseObject(text: string): unknown {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
