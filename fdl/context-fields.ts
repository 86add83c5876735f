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
import type { MessageText } from './messages';

export interface ContextField {
  /** Path below `$context`, dot separated, e.g. `task.token`. */
  path: string;
  description: MessageText;
}

export const CONTEXT_FIELDS: readonly ContextField[] = [
  { path: 'execution', description: { en: 'The current execution.', 'zh-cn': '当前执行。' } },
  {
    path: 'execution.name',
    description: {
      en: 'The name of the current execution (StartExecution `ExecutionName`, or the generated one).',
      'zh-cn': '当前执行的名称（StartExecution 的 `ExecutionName`，或系统生成的名称）。',
    },
  },
  { path: 'execution.input', description: { en: 'The input the execution was started with.', 'zh-cn': '启动执行时的输入。' } },
  { path: 'flow', description: { en: 'The flow being executed.', 'zh-cn': '正在执行的流程。' } },
  { path: 'flow.name', description: { en: 'The name of the flow being executed.', 'zh-cn': '正在执行的流程名称。' } },
  { path: 'step', description: { en: 'The current step.', 'zh-cn': '当前步骤。' } },
  { path: 'step.name', description: { en: 'The name of the current step.', 'zh-cn': '当前步骤的名称。' } },
  {
    path: 'step.eventId',
    description: {
      en: 'The id of the event that entered the current step; unique within the execution (useful to name child executions).',
      'zh-cn': '进入当前步骤的事件 ID，在本次执行内唯一（可用于给子流程执行命名）。',
    },
  },
  { path: 'task', description: { en: 'The current task step invocation.', 'zh-cn': '当前任务步骤的调用。' } },
  {
    path: 'task.token',
    description: {
      en: 'The task token of a `waitForCallback` task: pass it to whoever reports back with ReportTaskSucceeded / ReportTaskFailed.',
      'zh-cn': '`waitForCallback` 任务的任务令牌：传给负责回调 ReportTaskSucceeded / ReportTaskFailed 的一方。',
    },
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
