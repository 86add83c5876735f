/**
 * The most events one execution may have.
 *
 * What the docs state (Serverless Workflow "Limits", help.aliyun.com 2849627 / 122093, table
 * "Flow, execution, and history event limits"): maximum number of events for a single execution
 * **5,000** by default, raised on request (a ticket); maximum event data size 32 KiB (that one is
 * data-mapping.ts MAX_STEP_DATA_BYTES).
 *
 * Our reading, since the docs do not say what happens at the limit: the execution fails when it
 * would record one event more, with `FnF.RuntimeError` (the name the service gives its own
 * failures to run a flow) and a cause naming the limit and how to raise it; its ExecutionFailed is
 * recorded past the limit. Counted: the service's events (events.ts SERVICE_EVENT_TYPES), which
 * are what GetExecutionHistory lists; the engine's own timer events are not. A foreach over 1,000
 * items (six events per item for a one-step body) passes the default, which is the point: it
 * would fail in the cloud too, unless the account's limit was raised, and the local limit is
 * raised the same way (LocalBackend `maxEventsPerExecution`, `fdl run --max-events`, the
 * extension's `flowStudio.engine.maxEventsPerExecution`); 0 lifts it.
 *
 * This limit is also the engine's guard against a goto loop that never waits.
 */
export const DEFAULT_MAX_EVENTS_PER_EXECUTION = 5000;

export const EVENT_LIMIT_ERROR = 'FnF.RuntimeError';

/** The limit to apply from a user's setting: a whole number ≥ 0 (0: none), else the default. */
export function maxEventsFrom(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : DEFAULT_MAX_EVENTS_PER_EXECUTION;
}
