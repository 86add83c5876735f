/**
 * `$context` paths a mapping source may read, with what each holds.
 * From the Serverless Workflow docs on inputs/outputs and callbacks (SPEC.md "Data flow").
 */
import type { MessageText } from '../../fdl/index';

export const CONTEXT_FIELDS: { path: string; description: MessageText }[] = [
  { path: '$context.execution.name', description: { en: 'The name of the current execution.', 'zh-cn': '当前执行的名称。' } },
  { path: '$context.execution.input', description: { en: 'The input the execution was started with.', 'zh-cn': '启动执行时传入的输入。' } },
  { path: '$context.flow.name', description: { en: 'The name of the flow being executed.', 'zh-cn': '正在执行的流程名称。' } },
  { path: '$context.step.name', description: { en: 'The name of the current step.', 'zh-cn': '当前步骤的名称。' } },
  { path: '$context.step.eventId', description: { en: 'The event ID of the current step in the execution history.', 'zh-cn': '当前步骤在执行历史中的事件 ID。' } },
  {
    path: '$context.task.token',
    description: {
      en: 'The task token of a `waitForCallback` task. Map it into the task input so the callee can call ReportTaskSucceeded / ReportTaskFailed with it.',
      'zh-cn': '`waitForCallback` 任务的任务令牌。将其映射到任务输入中，被调用方才能用它调用 ReportTaskSucceeded / ReportTaskFailed。',
    },
  },
];
