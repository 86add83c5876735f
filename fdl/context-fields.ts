/**
 * The fields of `$context` a mapping source may read, with descriptions for completion and hover.
 *
 * From the docs (service integration overview "上下文对象", wait-for-callback and MNS pages) and
 * published flows: `$context.task.token` (waitForCallback), `$context.execution.name`,
 * `$context.flow.name`, `$context.step.name`, `$context.step.eventId`. The docs never print the
 * whole object, so `execution.input` is our reading of the service's context object, and no
 * foreach iteration field is listed because we found none documented (foreach passes the element
 * and index through `iterationMapping.item` / `index` instead). Because this list may be
 * incomplete, a reference outside it is a warning (`unknown-context-field`), never an error.
 */
import { localizable, type MessageText } from './messages';

export interface ContextField {
  /** Path below `$context`, dot separated, e.g. `task.token`. */
  path: string;
  description: MessageText;
}

export const CONTEXT_FIELDS: readonly ContextField[] = [
  { path: 'execution', description: localizable('The current execution.') },
  {
    path: 'execution.name',
    description: localizable('The name of the current execution (StartExecution `ExecutionName`, or the generated one).'),
  },
  { path: 'execution.input', description: localizable('The input the execution was started with.') },
  { path: 'flow', description: localizable('The flow being executed.') },
  { path: 'flow.name', description: localizable('The name of the flow being executed.') },
  { path: 'step', description: localizable('The current step.') },
  { path: 'step.name', description: localizable('The name of the current step.') },
  {
    path: 'step.eventId',
    description: localizable('The id of the event that entered the current step; unique within the execution (useful to name child executions).'),
  },
  { path: 'task', description: localizable('The current task step invocation.') },
  {
    path: 'task.token',
    description: localizable('The task token of a `waitForCallback` task: pass it to whoever reports back with ReportTaskSucceeded / ReportTaskFailed.'),
  },
];

const KNOWN = new Set(CONTEXT_FIELDS.map((f) => f.path));

/**
 * Whether `$context` followed by these field names is a known field (or a prefix of one, or a
 * position inside a value that is itself arbitrary JSON such as `execution.input.x`).
 */
export function isKnownContextPath(fields: readonly string[]): boolean {
  if (fields.length === 0) return true;
  if (fields[0] === 'execution' && fields[1] === 'input') return true;
  return KNOWN.has(fields.join('.'));
}

export function contextFieldsBelow(prefix: string): ContextField[] {
  const depth = prefix === '' ? 1 : prefix.split('.').length + 1;
  return CONTEXT_FIELDS.filter((f) => f.path.split('.').length === depth && (prefix === '' || f.path.startsWith(prefix + '.')));
}
