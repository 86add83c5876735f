/** What the debugger tells a person (variable names, refusals, thread and stop texts), in English and Simplified Chinese. */
import { defineMessages, formatMessage } from '../../fdl/messages';
import { engineLocale } from '../messages';

export const debugMessages = defineMessages({
  stepInput: { en: 'step input', 'zh-cn': '步骤输入' },
  parentInput: { en: 'parent input (what inputMappings read as $input)', 'zh-cn': '父级输入（inputMappings 读取的 $input）' },
  rawInput: { en: 'input before InputConstructor', 'zh-cn': 'InputConstructor 之前的输入' },
  taskResult: { en: 'task result', 'zh-cn': '任务结果' },
  mockedResult: { en: 'task result (set here: the task is not invoked)', 'zh-cn': '任务结果（在此设置：不再调用任务）' },
  output: { en: 'output', 'zh-cn': '输出' },
  error: { en: 'error', 'zh-cn': '错误' },
  executionInput: { en: 'execution input', 'zh-cn': '执行输入' },
  scopeStep: { en: 'Step', 'zh-cn': '步骤' },
  scopeExecution: { en: 'Execution', 'zh-cn': '执行' },
  lineNotInStep: {
    en: 'Line {0} is not inside a step: a breakpoint binds to the step whose lines hold it.',
    'zh-cn': '第 {0} 行不在任何步骤内：断点会绑定到包含该行的步骤。',
  },
  flowNotValid: { en: 'The flow has errors, so its steps are not known: {0}', 'zh-cn': '流程有错误，无法确定其步骤：{0}' },
  badHitCondition: {
    en: 'Hit count "{0}" is not understood: write a number (stop at that hit) or an operator and a number (>= 3, > 3, == 3, < 3, <= 3, % 3).',
    'zh-cn': '无法理解命中次数“{0}”：请写一个数字（在第几次命中时停止），或运算符加数字（>= 3、> 3、== 3、< 3、<= 3、% 3）。',
  },
  badCondition: { en: 'Breakpoint condition "{0}" cannot be evaluated: {1}', 'zh-cn': '无法计算断点条件“{0}”：{1}' },
  notPaused: { en: 'The flow is not paused here.', 'zh-cn': '流程未在此处暂停。' },
  notEditable: {
    en: "{0} cannot be changed here: only the paused step's input, $local and a pending task's result can be changed, before the step starts.",
    'zh-cn': '此处不能修改 {0}：只能在步骤开始前修改已暂停步骤的输入、$local 和待执行任务的结果。',
  },
  notJson: { en: 'The value must be JSON (a number, "text", true, null, [...] or {...}): {0}', 'zh-cn': '值必须是 JSON（数字、"文本"、true、null、[...] 或 {...}）：{0}' },
  notObject: { en: '{0} must stay a JSON object.', 'zh-cn': '{0} 必须保持为 JSON 对象。' },
  tooLarge: { en: "{0} would be {1} bytes, over the {2} bytes a step's data may hold.", 'zh-cn': '{0} 将为 {1} 字节，超过步骤数据上限 {2} 字节。' },
  resultNotTask: { en: 'Only a task step has a result to set.', 'zh-cn': '只有任务步骤才有可设置的结果。' },
  unknownVariable: { en: 'No variable {0} here.', 'zh-cn': '此处没有变量 {0}。' },
  stoppedByDebugger: { en: 'Stopped from the debugger.', 'zh-cn': '已从调试器停止。' },
  failedAt: { en: 'Step {0} failed: {1}: {2}', 'zh-cn': '步骤 {0} 失败：{1}：{2}' },
  exceptionAny: { en: 'Any step failure', 'zh-cn': '任何步骤失败' },
  exceptionUncaught: { en: 'Uncaught failure', 'zh-cn': '未捕获的失败' },
  phaseStart: { en: 'before start', 'zh-cn': '开始前' },
  phaseEnd: { en: 'ended', 'zh-cn': '已结束' },
  phaseFailed: { en: 'failed', 'zh-cn': '已失败', comment: 'the phase of a paused visit, in the debugger' },
  running: { en: 'running', 'zh-cn': '运行中' },
  notThisFlow: { en: 'Breakpoints bind only in the flow being debugged ({0}).', 'zh-cn': '断点只能绑定在正在调试的流程（{0}）中。' },
  ended: { en: 'Execution {0} of {1}: {2}', 'zh-cn': '流程 {1} 的执行 {0}：{2}' },
  endedOutput: { en: 'Output: {0}', 'zh-cn': '输出：{0}' },
  endedError: { en: 'Error: {0}: {1}', 'zh-cn': '错误：{0}：{1}' },
  started: { en: 'Debugging execution {0} of {1}.', 'zh-cn': '正在调试流程 {1} 的执行 {0}。' },
  noProgram: { en: 'The launch configuration names no flow file ("program").', 'zh-cn': '启动配置未指定流程文件（"program"）。' },
  cannotRead: { en: 'Cannot read {0}: {1}', 'zh-cn': '无法读取 {0}：{1}' },
  inputNotJson: { en: 'The input in {0} is not JSON: {1}', 'zh-cn': '{0} 中的输入不是 JSON：{1}' },
  replayNoHistory: { en: 'The history in {0} is not a list of history events: {1}', 'zh-cn': '{0} 中的历史不是历史事件列表：{1}' },
  replayEmpty: { en: 'The history in {0} has no step to replay.', 'zh-cn': '{0} 中的历史没有可回放的步骤。' },
  replayStarted: { en: 'Replaying execution history {0} ({1} stops); nothing runs.', 'zh-cn': '正在回放执行历史 {0}（{1} 个停靠点）；不会运行任何内容。' },
  replayReadOnly: { en: 'A replayed history cannot be changed.', 'zh-cn': '回放的历史不能修改。' },
  replayNoCondition: {
    en: 'Replay stops at every hit of a breakpoint: conditions, hit counts and logpoints apply to live runs only.',
    'zh-cn': '回放会在断点的每次命中处停止：条件、命中次数和日志点只适用于实际运行。',
  },
  replayThread: { en: 'replay', 'zh-cn': '回放' },
  stepBackLiveRun: { en: 'Stepping back needs a replayed history (launch with "replay").', 'zh-cn': '后退需要回放的历史（使用 "replay" 启动）。' },
  replayStart: { en: 'start of history', 'zh-cn': '历史开始' },
  replayEnd: { en: 'end of history', 'zh-cn': '历史结束' },
  didNotStart: { en: 'The flow did not start: {0}', 'zh-cn': '流程未能启动：{0}' },
});

export function debugText(key: keyof typeof debugMessages, ...args: unknown[]): string {
  return formatMessage(debugMessages[key], engineLocale(), ...args);
}
