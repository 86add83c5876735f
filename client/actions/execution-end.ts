/**
 * Which status an execution's end event gives it, so the run notification and the Runs channel
 * word the outcome with the Executions view's own status labels (views/execution-items.ts
 * executionStatusText), never with the raw event type.
 */
import type { ExecutionStatus } from '../../engine/backend';

const ENDED_STATUS: Readonly<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: 'Succeeded',
  ExecutionFailed: 'Failed',
  ExecutionStopped: 'Stopped',
  ExecutionTimedOut: 'TimedOut',
};

/** The final status an event type announces; undefined for events that do not end the execution. */
export function endedStatus(eventType: string): ExecutionStatus | undefined {
  return Object.hasOwn(ENDED_STATUS, eventType) ? ENDED_STATUS[eventType] : undefined;
}
