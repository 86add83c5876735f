/**
 * The words the editor offers in a StateMachine flow besides the schema's: the paths an expression
 * may start with (the context object of https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer,
 * `$Output` and `$Item` only where SM_PLACE_ROOTS allows them), the error names Retry and Catch
 * match (https://www.alibabacloud.com/help/doc-detail/2500862.html: `FnF.ALL`, `FC.{ErrorCode}`),
 * and the snippets of a new flow and of each state type. Completion and hover read them; the
 * snippets are checked to analyse cleanly (test/fdl/statemachine-snippets.test.ts).
 */
import { FC_ERRORS, type BuiltInError } from '../errors-catalog';
import type { MessageText } from '../messages';
import type { SmRoot } from './expressions/ast';
import type { SmExpressionPlace } from './expressions/places';
import { SM_PLACE_ROOTS } from './expressions/places';

export interface SmPathInfo {
  path: string;
  description: MessageText;
  /** The root a path needs (`$Output` only in an OutputConstructor, `$Item` only in an ItemConstructor). */
  root: SmRoot;
}

export const SM_PATHS: readonly SmPathInfo[] = [
  { path: '$Input', root: '$Input', description: { en: "The state's input (after its InputConstructor).", 'zh-cn': '状态的输入（经过 InputConstructor 之后）。' } },
  {
    path: '$Output',
    root: '$Output',
    description: {
      en: "The state's result (the task's, the branches', the items'): readable only in an OutputConstructor.",
      'zh-cn': '状态的结果（任务、分支或各项的结果）：仅可在 OutputConstructor 中读取。',
    },
  },
  { path: '$Item', root: '$Item', description: { en: 'The item a distributed Map hands to its ItemConstructor.', 'zh-cn': '分布式 Map 交给 ItemConstructor 的当前项。' } },
  { path: '$Context', root: '$Context', description: { en: 'The context object: the execution and the current state.', 'zh-cn': '上下文对象：当前执行与当前状态。' } },
  { path: '$Context.Execution', root: '$Context', description: { en: 'The execution this state runs in.', 'zh-cn': '此状态所在的执行。' } },
  { path: '$Context.Execution.Name', root: '$Context', description: { en: "The execution's name.", 'zh-cn': '执行的名称。' } },
  { path: '$Context.Execution.Input', root: '$Context', description: { en: "The execution's input (readable in every state).", 'zh-cn': '执行的输入（任何状态中均可读取）。' } },
  { path: '$Context.Execution.RoleArn', root: '$Context', description: { en: 'The RAM role the execution runs as.', 'zh-cn': '执行所使用的 RAM 角色。' } },
  { path: '$Context.Current', root: '$Context', description: { en: 'The current state.', 'zh-cn': '当前状态。' } },
  { path: '$Context.Current.Name', root: '$Context', description: { en: "The current state's name.", 'zh-cn': '当前状态的名称。' } },
  { path: '$Context.Current.Input', root: '$Context', description: { en: "The current state's input (the same as `$Input`).", 'zh-cn': '当前状态的输入（与 `$Input` 相同）。' } },
  {
    path: '$Context.Current.Output',
    root: '$Context',
    description: { en: "The current state's output (the same as `$Output`).", 'zh-cn': '当前状态的输出（与 `$Output` 相同）。' },
  },
  {
    path: '$Context.Current.Error',
    root: '$Context',
    description: { en: 'The error the state failed with: `Code` and `Detail`.', 'zh-cn': '状态失败时的错误：`Code` 与 `Detail`。' },
  },
  { path: '$Context.Current.RetryCount', root: '$Context', description: { en: 'How many times the state has been retried.', 'zh-cn': '状态已重试的次数。' } },
  {
    path: '$Context.Current.TaskToken',
    root: '$Context',
    description: {
      en: "The task's token: pass it to whoever reports the result with ReportTaskSucceeded / ReportTaskFailed (WaitForCustomCallback).",
      'zh-cn': '任务令牌：传给通过 ReportTaskSucceeded / ReportTaskFailed 报告结果的一方（WaitForCustomCallback）。',
    },
  },
];

/** The paths readable at `place`. */
export function smPathsAt(place: SmExpressionPlace): SmPathInfo[] {
  const roots = SM_PLACE_ROOTS[place];
  return SM_PATHS.filter((p) => roots.includes(p.root));
}

/** Error names a Retry or Catch rule matches: `FnF.ALL`, then the common `FC.{ErrorCode}` names. */
export const SM_ERROR_NAMES: readonly BuiltInError[] = [
  { name: 'FnF.ALL', description: { en: 'Matches every error (write it last).', 'zh-cn': '匹配所有错误（建议放在最后）。' } },
  ...FC_ERRORS,
];

export interface SmSnippet {
  /** The state type (a name, the same in every language), or what the snippet makes. */
  label: string;
  /** The label as words to translate, where it has words besides a name. */
  labelWords?: MessageText;
  description: MessageText;
  /** LSP snippet syntax, lines relative to the column the state's keys are written at. */
  body: string[];
}

const state = (type: string, ...rest: string[]) => [`Type: ${type}`, ...rest];

export const SM_FLOW_SNIPPET: SmSnippet = {
  label: 'StateMachine flow',
  labelWords: { en: 'StateMachine flow', 'zh-cn': 'StateMachine 流程' },
  description: { en: 'A new CloudFlow flow (`Type: StateMachine`) with one state.', 'zh-cn': '新的云工作流流程（`Type: StateMachine`），含一个状态。' },
  body: ['Type: StateMachine', 'Name: ${1:my-flow}', 'SpecVersion: v1', 'StartAt: ${2:Hello}', 'States:', '  - Type: Pass', '    Name: ${2:Hello}', '    End: true', ''],
};

export const SM_STATE_SNIPPETS: readonly SmSnippet[] = [
  {
    label: 'Task',
    description: { en: 'A Task state invoking a Function Compute function synchronously.', 'zh-cn': '同步调用函数计算函数的任务状态。' },
    body: state(
      'Task',
      'Name: ${1:Invoke}',
      'Action: FC:InvokeFunction',
      'TaskMode: RequestComplete',
      'Parameters:',
      '  resourceArn: acs:fc:${2:cn-hangzhou}:${3:123456789}:functions/${4:my-function}',
      '  invocationType: Sync',
      '  body.\\$: \\$Input',
      'End: true',
    ),
  },
  {
    label: 'Task (callback)',
    labelWords: { en: 'Task (callback)', 'zh-cn': 'Task（回调）' },
    description: {
      en: 'A Task state that waits until someone reports back with its task token (WaitForCustomCallback).',
      'zh-cn': '等待他方携带任务令牌报告结果的任务状态（WaitForCustomCallback）。',
    },
    body: state(
      'Task',
      'Name: ${1:WaitForApproval}',
      'Action: FC:InvokeFunction',
      'TaskMode: WaitForCustomCallback',
      'Parameters:',
      '  resourceArn: acs:fc:${2:cn-hangzhou}:${3:123456789}:functions/${4:my-function}',
      '  invocationType: Async',
      '  body:',
      '    taskToken.\\$: \\$Context.Current.TaskToken',
      'End: true',
    ),
  },
  {
    label: 'Pass',
    description: { en: 'A Pass state: passes (or builds) data on.', 'zh-cn': '传递（或构造）数据的 Pass 状态。' },
    body: state('Pass', 'Name: ${1:Pass}', 'End: true'),
  },
  {
    label: 'Wait',
    description: { en: 'A Wait state: waits 1 to 300 seconds.', 'zh-cn': '等待 1 到 300 秒的 Wait 状态。' },
    body: state('Wait', 'Name: ${1:Wait}', 'Seconds: ${2:10}', 'End: true'),
  },
  {
    label: 'Choice',
    description: { en: 'A Choice state: the first branch whose condition holds, else Default.', 'zh-cn': '选择状态：执行第一个条件成立的分支，否则执行 Default。' },
    body: state('Choice', 'Name: ${1:Choose}', 'Branches:', '  - Condition: ${2:\\$Input.ok == true}', '    Next: ${3:Done}', 'Default: ${4:Done}'),
  },
  {
    label: 'Parallel',
    description: { en: 'A Parallel state: runs its branches at once (at most 50).', 'zh-cn': '并行状态：同时执行各分支（最多 50 个）。' },
    body: state(
      'Parallel',
      'Name: ${1:Parallel}',
      'Branches:',
      '  - StartAt: ${2:Branch1}',
      '    States:',
      '      - Type: Pass',
      '        Name: ${2:Branch1}',
      '        End: true',
      'End: true',
    ),
  },
  {
    label: 'Map',
    description: { en: 'A Map state: runs its processor for each item.', 'zh-cn': 'Map 状态：对每一项执行其处理器。' },
    body: state(
      'Map',
      'Name: ${1:ForEach}',
      'ItemsPath: ${2:\\$Input.items}',
      'Processor:',
      '  StartAt: ${3:Item}',
      '  States:',
      '    - Type: Pass',
      '      Name: ${3:Item}',
      '      End: true',
      'End: true',
    ),
  },
  { label: 'Succeed', description: { en: 'A Succeed state: ends its scope successfully.', 'zh-cn': '成功状态：成功结束所在作用域。' }, body: state('Succeed', 'Name: ${1:Done}') },
  {
    label: 'Fail',
    description: { en: 'A Fail state: ends the execution with an error.', 'zh-cn': '失败状态：以错误结束执行。' },
    body: state('Fail', 'Name: ${1:Failed}', 'Code: ${2:MyError}', 'Detail: ${3:what went wrong}'),
  },
];

/** A snippet's text with every placeholder at its default (`${1:x}` → `x`, `\$` → `$`): what a user gets by pressing Tab through it. */
export function expandSnippet(body: readonly string[], indent: string): string {
  return body
    .map((l, i) => (i === 0 ? l : indent + l))
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\\\$/g, '$');
}
