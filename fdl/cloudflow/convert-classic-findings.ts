/**
 * What the classic → StateMachine converter reports: everything it could not carry over 1:1, each with
 * a stable code, the classic source range and its text in English and Simplified Chinese.
 * The choices behind each code: docs/convert-classic.md.
 */
import { defineMessages, message, type Message } from '../messages';
import type { Span } from '../model';

export type ConvertSeverity = 'warning' | 'information';

export interface ConvertFinding {
  /** Stable, never translated. */
  code: ConvertFindingCode;
  severity: ConvertSeverity;
  /** Where in the classic document (half-open offsets). */
  span: Span;
  /** Put into words by whoever shows it (`localize`). */
  message: Message;
}

export const CONVERT_MESSAGES = defineMessages({
  'wildcard-path': {
    en: '`{0}` selects every element with `[*]`; StateMachine expressions have no wildcard, so `{1}` was not converted.',
    'zh-cn': '`{0}` 使用 `[*]` 选取所有元素；StateMachine 表达式没有通配符，因此未转换 `{1}`。',
  },
  'negative-index': {
    en: '`{0}` counts from the end (`[-n]`); StateMachine paths take only non-negative indexes, so `{1}` was not converted.',
    'zh-cn': '`{0}` 从末尾计数（`[-n]`）；StateMachine 路径只接受非负下标，因此未转换 `{1}`。',
  },
  'context-field-unavailable': {
    en: '`{0}` has no equivalent in `$Context` (it offers Execution.Name/Input/RoleArn and Current.Name/Input/Output/Error/RetryCount/TaskToken); `{1}` was not converted.',
    'zh-cn': '`{0}` 在 `$Context` 中没有对应字段（仅有 Execution.Name/Input/RoleArn 与 Current.Name/Input/Output/Error/RetryCount/TaskToken）；未转换 `{1}`。',
  },
  'local-unavailable': {
    en: "`{0}` reads a local a StateMachine state cannot address (a choice's branch result, or a parallel's list of branch outputs as a whole); `{1}` was not converted.",
    'zh-cn': '`{0}` 读取的 local 在 StateMachine 状态中无法引用（choice 的分支结果，或 parallel 整个分支输出列表）；未转换 `{1}`。',
  },
  'input-shadowed-by-local': {
    en: '`{0}` reads the parent input, but a sibling step also outputs `{1}`: the converted flow reads the data carried so far, where that output wins.',
    'zh-cn': '`{0}` 读取父级输入，但同级步骤也输出了 `{1}`：转换后的流程读取的是当前传递的数据，其中该输出优先。',
  },
  'task-result-replaces-data': {
    en: "The classic flow merged this task's result into the data the next steps see; a StateMachine Task's output is its result alone (a function's return value under `Body`), so fields of its input that the function does not return are lost for later states that take their whole input.",
    'zh-cn':
      '经典流程会把此任务的结果合并到后续步骤看到的数据中；StateMachine 的 Task 输出仅为结果本身（函数的返回值位于 `Body` 下），因此后续以整个输入为参数的状态将看不到函数未返回的输入字段。',
  },
  'data-not-carried': {
    en: 'A StateMachine OutputConstructor replaces the data instead of merging into it: only the fields later steps read by path are carried ({0}); later states that take their whole input see no other field.',
    'zh-cn': 'StateMachine 的 OutputConstructor 会替换数据而非合并：只传递后续步骤按路径读取的字段（{0}）；以整个输入为参数的后续状态看不到其他字段。',
  },
  'flow-output-includes-input': {
    en: "Without flow outputMappings the classic execution output is the flow's local (all the steps' outputs merged); the converted flow's output is the last state's output: it holds the fields carried along, the input's included, and not the outputs of earlier steps that no later step reads. Flow outputMappings in the classic flow make the converted output follow it.",
    'zh-cn':
      '没有流程级 outputMappings 时，经典流程的执行输出是流程的 local（所有步骤输出的合并）；转换后流程的输出是最后一个状态的输出：其中包含一路传递的字段（含输入字段），但不包含后续无步骤读取的早先步骤输出。为经典流程添加流程级 outputMappings 可使转换后的输出与之一致。',
  },
  'flow-timeout': {
    en: "The flow's `timeoutSeconds` has no documented StateMachine field; it was not converted.",
    'zh-cn': '流程的 `timeoutSeconds` 在 StateMachine 中没有文档记载的字段；未转换。',
  },
  'wait-timestamp': {
    en: 'A Wait state takes only `Seconds`; this `timestamp` wait became a Pass state that does not wait.',
    'zh-cn': 'Wait 状态只接受 `Seconds`；此 `timestamp` 等待已转换为不等待的 Pass 状态。',
  },
  'wait-duration-adjusted': {
    en: 'Wait `Seconds` is a whole number from 1 to 300 (Standard mode); the duration {0} became {1}.',
    'zh-cn': 'Wait 的 `Seconds` 为 1 到 300 的整数（标准模式）；时长 {0} 已改为 {1}。',
  },
  'wait-duration-reference': {
    en: '`Seconds.$` must yield 1 to 300 at run time (Standard mode); classic waits allowed up to two days.',
    'zh-cn': '`Seconds.$` 运行时的值须在 1 到 300 之间（标准模式）；经典等待最长可达两天。',
  },
  'pattern-sync': {
    en: 'The `sync` pattern became `TaskMode: WaitForSystemCallback` (the documented equivalent: the state waits until the job it started completes); a function is then invoked asynchronously.',
    'zh-cn': '`sync` 模式已转换为 `TaskMode: WaitForSystemCallback`（文档所述的对应方式：状态等待其启动的作业完成）；函数将以异步方式调用。',
  },
  'service-param-unsupported': {
    en: 'serviceParams `{0}` has no parameter in the converted Task; it was not converted.',
    'zh-cn': 'serviceParams 中的 `{0}` 在转换后的 Task 中没有对应参数；未转换。',
  },
  'service-param-untranslatable': {
    en: 'serviceParams `{0}` holds a reference inside a list, which a StateMachine parameter cannot express; it was copied as a literal.',
    'zh-cn': 'serviceParams 中的 `{0}` 在列表中包含引用，StateMachine 参数无法表达；已按字面值复制。',
  },
  'resource-deploy-reference': {
    en: '`{0}` is a deploy-time reference (`!Ref`); the Parameters name the function as `{1}`.',
    'zh-cn': '`{0}` 是部署时解析的引用（`!Ref`）；Parameters 中已写为函数 `{1}`。',
  },
  'resource-unsupported': {
    en: "This task's resource `{0}` has no known StateMachine Action; the task became a Pass state.",
    'zh-cn': '此任务的资源 `{0}` 没有已知的 StateMachine Action；该任务已转换为 Pass 状态。',
  },
  'action-parameters-renamed': {
    en: "StateMachine parameter names are lowerCamelCase: serviceParams {0} became {1}. Check them against the API's documentation.",
    'zh-cn': 'StateMachine 参数名采用小写开头的驼峰格式：serviceParams {0} 已改为 {1}。请对照该 API 的文档核对。',
  },
  'action-invalid': {
    en: '`action: {0}` is not of the form `Service:Operation`; the task became a Pass state.',
    'zh-cn': '`action: {0}` 不是 `Service:Operation` 形式；该任务已转换为 Pass 状态。',
  },
  'timeout-over-limit': {
    en: 'Task `Timeout` is at most 604800 seconds; {0} became 604800.',
    'zh-cn': 'Task 的 `Timeout` 最大为 604800 秒；{0} 已改为 604800。',
  },
  'retry-value-adjusted': {
    en: 'Retry `{0}` must be a whole number; {1} became {2}.',
    'zh-cn': '重试的 `{0}` 必须为整数；{1} 已改为 {2}。',
  },
  'catch-without-goto': {
    en: 'This catch has no `goto`; the converted Catch continues with the state that followed the step.',
    'zh-cn': '此 catch 没有 `goto`；转换后的 Catch 继续执行该步骤之后的状态。',
  },
  'state-renamed': {
    en: 'The inline step `{0}` became the state `{1}`: its name is taken in the scope it was moved to.',
    'zh-cn': '内联步骤 `{0}` 已转换为状态 `{1}`：其名称在移入的作用域中已被占用。',
  },
  'choice-input-mappings': {
    en: "The choice's inputMappings shaped the input of its inline steps; those steps became states that read the data carried so far instead.",
    'zh-cn': 'choice 的 inputMappings 决定了其内联步骤的输入；这些步骤转换为状态后读取的是当前传递的数据。',
  },
  'choice-output-mappings': {
    en: "A Choice state's output is its input; the choice's outputMappings over the branch result were not converted.",
    'zh-cn': 'Choice 状态的输出即其输入；choice 基于分支结果的 outputMappings 未转换。',
  },
  'condition-untranslatable': {
    en: 'This condition could not be converted ({0}); the branch was written with `Condition: "false"`.',
    'zh-cn': '此条件无法转换（{0}）；该分支已写为 `Condition: "false"`。',
  },
  'foreach-iteration-input': {
    en: "Each Map iteration's input holds only the element (here under `{0}`); the classic iteration input also held the foreach step's input fields, which the steps inside read or take whole.",
    'zh-cn': 'Map 每次迭代的输入只有元素本身（此处放在 `{0}` 下）；经典迭代的输入还包含 foreach 步骤的输入字段，而内部步骤会读取或整体使用它们。',
  },
  'foreach-index': {
    en: 'A Map iteration does not receive its position; `index: {0}` was not converted.',
    'zh-cn': 'Map 迭代不提供元素位置；未转换 `index: {0}`。',
  },
  'foreach-concurrency': {
    en: 'Inline Map runs at most 40 iterations at once; `maxConcurrency: {0}` became 40.',
    'zh-cn': '内联 Map 最多同时运行 40 次迭代；`maxConcurrency: {0}` 已改为 40。',
  },
  'scope-input-mappings': {
    en: "The InputConstructor replaces this state's input, so the fields carried past it ({0}) are read from the constructed input, not from the data before the step.",
    'zh-cn': 'InputConstructor 会替换此状态的输入，因此传递下去的字段（{0}）读取自构造后的输入，而不是该步骤之前的数据。',
  },
  'succeed-in-scope': {
    en: 'A classic succeed ends the whole execution from any depth; a StateMachine Succeed inside a branch or an iteration may end only that scope.',
    'zh-cn': '经典 succeed 在任意层级都会结束整个执行；分支或迭代中的 StateMachine Succeed 可能只结束该作用域。',
  },
  'fail-in-scope': {
    en: 'A classic fail ends the whole execution and cannot be caught; a StateMachine Fail inside a branch or an iteration fails that state, whose Retry and Catch then apply.',
    'zh-cn': '经典 fail 会结束整个执行且不可捕获；分支或迭代中的 StateMachine Fail 使所在状态失败，该状态的 Retry 与 Catch 随后生效。',
  },
  'mappings-ignored': {
    en: 'The {0} of a `{1}` step have no effect after conversion; they were not converted.',
    'zh-cn': '`{1}` 步骤的{0}在转换后不起作用；未转换。',
  },
  'goto-unknown': {
    en: '`{0}` is not a sibling step; the transition continues with the next state instead.',
    'zh-cn': '`{0}` 不是同级步骤；转换后改为继续执行下一个状态。',
  },
});

export type ConvertFindingCode = keyof typeof CONVERT_MESSAGES;

/** Words inserted into a message, as `message(CONVERT_WORDS.x)` (other arguments are inserted verbatim). */
export const CONVERT_WORDS = defineMessages({
  mappings: { en: 'mappings', 'zh-cn': '映射' },
});

export function finding(code: ConvertFindingCode, span: Span, args: unknown[] = [], severity: ConvertSeverity = 'warning'): ConvertFinding {
  return { code, severity, span, message: message(CONVERT_MESSAGES[code], ...args) };
}
