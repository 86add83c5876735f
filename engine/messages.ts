/**
 * User-facing text of the engine (execution causes, API refusals), in English and Simplified
 * Chinese. Error *names* (`FnF.TaskTimeout`…) are part of the service's contract and never
 * translated.
 *
 * The locale comes from the environment (engineLocale): FDL_LOCALE (an explicit override), then
 * VS Code's VSCODE_NLS_CONFIG (`{"locale": "zh-cn"}` in processes VS Code starts), then the POSIX
 * order LC_ALL > LC_MESSAGES > LANG (`zh_CN.UTF-8`); an empty variable counts as unset. With none
 * of them set (Windows shells) the OS locale through Intl decides. The first tag found is mapped by
 * fdl's `toLocale`, the single tag → locale mapping (Simplified Chinese tags → zh-cn; Traditional
 * ones such as `zh_TW.UTF-8`, and everything else, → English).
 * `withEngineLocale` pins it for one piece of work (`fdl run --json` pins English so its output
 * does not depend on who runs it).
 */
import { defineMessages, formatMessage, toLocale, type Locale } from '../fdl/messages';

let pinned: Locale | undefined;

export function engineLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  if (pinned) return pinned;
  return localeFromEnvironment(env);
}

export function localeFromEnvironment(env: NodeJS.ProcessEnv): Locale {
  return toLocale(env.FDL_LOCALE || nlsLocale(env.VSCODE_NLS_CONFIG) || env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale);
}

function nlsLocale(config: string | undefined): string | undefined {
  if (!config) return undefined;
  try {
    const v = JSON.parse(config) as { locale?: unknown; userLocale?: unknown };
    return typeof v.locale === 'string' ? v.locale : typeof v.userLocale === 'string' ? v.userLocale : undefined;
  } catch {
    return undefined;
  }
}

/** Renders engine text in `locale` while `work` runs (and until the returned promise settles). */
export async function withEngineLocale<T>(locale: Locale | undefined, work: () => Promise<T>): Promise<T> {
  if (!locale) return work();
  const before = pinned;
  pinned = locale;
  try {
    return await work();
  } finally {
    pinned = before;
  }
}

export const engineMessages = defineMessages({
  noInvoker: {
    en: 'No way to run task step {0} ({1}) locally: add a mock for "{0}" to the mocks file (--mocks), or map the function to local code (--functions).',
    'zh-cn': '无法在本地运行任务步骤 {0}（{1}）：请在模拟文件中为 "{0}" 添加模拟（--mocks），或将该函数映射到本地代码（--functions）。',
  },
  invalidLocal: { en: 'Task {0} returned {1}; a task result must be a JSON object.', 'zh-cn': '任务 {0} 返回了 {1}；任务结果必须是 JSON 对象。' },
  taskTimeout: { en: 'Task {0} did not finish within timeoutSeconds ({1}).', 'zh-cn': '任务 {0} 未在 timeoutSeconds（{1} 秒）内完成。' },
  flowTimeout: { en: "The execution did not finish within the flow's timeoutSeconds ({0}).", 'zh-cn': '执行未在流程的 timeoutSeconds（{0} 秒）内完成。' },
  deleteRunning: {
    en: 'Execution {0} of flow {1} has not finished; stop it before deleting it.',
    'zh-cn': '流程 {1} 的执行 {0} 尚未结束；请先停止它再删除。',
  },
  eventLimit: {
    en: 'The execution reached {0} events, the most one execution may have (Serverless Workflow limits: 5,000 by default, raised by a ticket in the cloud; locally by flowStudio.engine.maxEventsPerExecution or fdl run --max-events). A goto loop that never ends, or a foreach over many items, gets here.',
    'zh-cn':
      '执行已达到 {0} 个事件，即单个执行允许的最大事件数（Serverless 工作流限制：默认 5,000，云端可提交工单提高；本地可通过 flowStudio.engine.maxEventsPerExecution 或 fdl run --max-events 提高）。永不结束的 goto 循环或遍历大量元素的 foreach 会达到此限制。',
  },
  gotoMissing: { en: 'goto target {0} (from {1}) is not a step of the same sequence.', 'zh-cn': 'goto 目标 {0}（来自 {1}）不是同一序列中的步骤。' },
  notACollection: { en: 'foreach {0}: collection {1} is {2}, not an array.', 'zh-cn': 'foreach {0}：collection {1} 的值为 {2}，不是数组。' },
  badDuration: { en: 'wait {0}: duration must be a number of seconds ≥ 0, got {1}.', 'zh-cn': 'wait {0}：duration 必须是不小于 0 的秒数，实际为 {1}。' },
  badTimestamp: {
    en: 'wait {0}: timestamp must be RFC 3339 text such as 2019-05-02T15:04:05Z, got {1}.',
    'zh-cn': 'wait {0}：timestamp 必须是 RFC 3339 格式文本（例如 2019-05-02T15:04:05Z），实际为 {1}。',
  },
  dataTooLarge: {
    en: 'Step {0}: input + output + local is {1} bytes, more than the 32 KiB (32768 bytes) limit. Keep large data in OSS and pass references.',
    'zh-cn': '步骤 {0}：输入、输出与本地变量合计 {1} 字节，超过 32 KiB（32768 字节）上限。请将大数据存放在 OSS 中并传递引用。',
  },
  badPath: { en: '{0}: {1}', 'zh-cn': '{0}：{1}' },
  flowNotFound: {
    en: 'Flow {0} was not found: put {0}.flow.yaml next to {1} or in a flows directory.',
    'zh-cn': '未找到流程 {0}：请将 {0}.flow.yaml 放在 {1} 旁边或流程目录中。',
  },
  flowNameInvalid: {
    en: 'Flow name {0} is not a valid flow name (a placeholder left in the resourceArn?).',
    'zh-cn': '流程名 {0} 不是有效的流程名（resourceArn 中是否残留了占位符？）。',
  },
  childEnded: { en: 'child execution {0} {1}', 'zh-cn': '子执行 {0} 的状态为 {1}' },
  invalidFlow: { en: 'The flow has {0} error(s): {1}', 'zh-cn': '流程有 {0} 个错误：{1}' },
  needsDefinition: {
    en: 'startExecution needs the flow definition (the embedded engine runs the text it is given).',
    'zh-cn': 'startExecution 需要流程定义（内置引擎运行所给的文本）。',
  },
  badFlowName: {
    en: 'Flow name {0} is not valid: use letters, digits, _ and -, starting with a letter or _.',
    'zh-cn': '流程名 {0} 无效：只能使用字母、数字、_ 和 -，并以字母或 _ 开头。',
  },
  badExecutionName: {
    en: 'Execution name {0} is not valid: use letters, digits, _ and -, starting with a letter or _ (1–128 characters).',
    'zh-cn': '执行名称 {0} 无效：只能使用字母、数字、_ 和 -，以字母或 _ 开头（1–128 个字符）。',
  },
  executionExists: { en: 'Execution {0} of flow {1} already exists.', 'zh-cn': '流程 {1} 的执行 {0} 已存在。' },
  executionMissing: { en: 'Execution {0} of flow {1} does not exist.', 'zh-cn': '流程 {1} 的执行 {0} 不存在。' },
  executionFinished: { en: 'Execution {0} has already finished ({1}).', 'zh-cn': '执行 {0} 已结束（{1}）。' },
  executionNotHere: { en: 'Execution {0} is not running in this engine; open the store first.', 'zh-cn': '执行 {0} 未在此引擎中运行；请先打开存储。' },
  inputNotJson: { en: 'Input is not JSON: {0}', 'zh-cn': '输入不是 JSON：{0}' },
  inputNotObject: { en: 'Input must be a JSON object.', 'zh-cn': '输入必须是 JSON 对象。' },
  outputNotObject: { en: 'Output must be JSON text of an object.', 'zh-cn': 'Output 必须是 JSON 对象文本。' },
  errorRequired: { en: 'Error is required (1–128 characters).', 'zh-cn': 'Error 为必填项（1–128 个字符）。' },
  executionLimitRun: {
    en: 'The execution reached the longest an execution may run (1 year, standard mode); it ends TimedOut.',
    'zh-cn': '执行已达到最长执行时长（标准模式 1 年）；执行以 TimedOut 结束。',
  },
  mocksUnreadable: { en: 'Mocks file {0} cannot be read: {1}', 'zh-cn': '无法读取模拟文件 {0}：{1}' },
  mocksNotYaml: { en: '{0}: not YAML or JSON: {1}', 'zh-cn': '{0}：不是 YAML 或 JSON：{1}' },
  mocksNoTasks: {
    en: '{0}: expected a top-level `tasks:` mapping from step names or resourceArns to lists of {output} / {error, cause}.',
    'zh-cn': '{0}：顶层应为 `tasks:` 映射，键为步骤名或 resourceArn，值为 {output} / {error, cause} 列表。',
  },
  mocksBadEntry: { en: '{0}: {1} must be {output: …} or {error: …, cause: …}.', 'zh-cn': '{0}：{1} 必须是 {output: …} 或 {error: …, cause: …}。' },
  mocksUnknownKey: {
    en: '{0}: `{1}`, entry {2}: unknown key `{3}`{4}; a mock entry is {output: …} or {error: …, cause: …}, optionally with delayMs.',
    'zh-cn': '{0}：`{1}` 的第 {2} 个条目：未知的键 `{3}`{4}；模拟条目应为 {output: …} 或 {error: …, cause: …}，可选 delayMs。',
  },
  mocksDidYouMean: { en: ' (did you mean `{0}`?)', 'zh-cn': '（是否应为 `{0}`？）' },
  mocksBothOutcomes: {
    en: '{0}: `{1}`, entry {2}: has both output and error; an entry either succeeds ({output: …}) or fails ({error: …, cause: …}).',
    'zh-cn': '{0}：`{1}` 的第 {2} 个条目同时包含 output 和 error；条目要么成功（{output: …}），要么失败（{error: …, cause: …}）。',
  },
  mocksNoOutcome: {
    en: '{0}: `{1}`, entry {2}: has neither output nor error; write {output: …} (an empty result is output: {}) or {error: …, cause: …}.',
    'zh-cn': '{0}：`{1}` 的第 {2} 个条目既没有 output 也没有 error；请写 {output: …}（空结果写 output: {}）或 {error: …, cause: …}。',
  },
  mocksErrorName: {
    en: '{0}: `{1}`, entry {2}: error must be an error name such as FC.ResourceThrottled, got {3}.',
    'zh-cn': '{0}：`{1}` 的第 {2} 个条目：error 必须是错误名称（例如 FC.ResourceThrottled），实际为 {3}。',
  },
  mocksCauseText: { en: '{0}: `{1}`, entry {2}: cause must be text, got {3}.', 'zh-cn': '{0}：`{1}` 的第 {2} 个条目：cause 必须是文本，实际为 {3}。' },
  mocksCauseWithoutError: {
    en: '{0}: `{1}`, entry {2}: cause goes with error (a failed invocation), but this entry has output.',
    'zh-cn': '{0}：`{1}` 的第 {2} 个条目：cause 只能与 error 一起使用（调用失败），但该条目是 output。',
  },
  mocksBadDelay: {
    en: '{0}: `{1}`, entry {2}: delayMs must be a number of milliseconds ≥ 0, got {3}.',
    'zh-cn': '{0}：`{1}` 的第 {2} 个条目：delayMs 必须是不小于 0 的毫秒数，实际为 {3}。',
  },
  fcNoAccount: {
    en: 'Step {0}: {1} names no account id, and none was given: pass --fc-account or set ALIBABA_CLOUD_ACCOUNT_ID.',
    'zh-cn': '步骤 {0}：{1} 未包含账号 ID，且未提供账号：请传入 --fc-account 或设置 ALIBABA_CLOUD_ACCOUNT_ID。',
  },
  fcNotThisGeneration: {
    en: 'Step {0}: {1} is not a Function Compute {2} function ARN.',
    'zh-cn': '步骤 {0}：{1} 不是函数计算 {2} 的函数 ARN。',
  },
  internalError: { en: 'internal engine error: {0}', 'zh-cn': '引擎内部错误：{0}' },
  // JSON values refused where they enter the engine (json-limits.ts); {0} is one of the value* subjects.
  jsonTooDeep: {
    en: '{0} nests more than {1} levels deep (at {2}); the engine accepts JSON values nested at most {1} levels.',
    'zh-cn': '{0}的嵌套超过 {1} 层（位于 {2}）；引擎只接受嵌套不超过 {1} 层的 JSON 值。',
  },
  jsonTooLarge: {
    en: "{0} is at least {1} bytes of JSON, more than the {2}-byte limit (the service's maximum request size, 1,024 KiB).",
    'zh-cn': '{0}的 JSON 至少有 {1} 字节，超过 {2} 字节的上限（服务的最大请求大小 1,024 KiB）。',
  },
  jsonNotData: { en: '{0} holds a {2} at {1}, which JSON cannot represent.', 'zh-cn': '{0}在 {1} 处包含 {2}，JSON 无法表示该值。' },
  jsonSyntax: { en: '{0} is not JSON: {1}', 'zh-cn': '{0}不是 JSON：{1}', comment: 'a value named in words, e.g. the execution input' },
  mocksOutputLimit: { en: '{0}: `{1}`, entry {2}: {3}', 'zh-cn': '{0}：`{1}` 的第 {2} 个条目：{3}' },
  valueInput: { en: 'The execution input', 'zh-cn': '执行输入' },
  valueOutput: { en: 'Output', 'zh-cn': 'Output', comment: 'the Output parameter of ReportTaskSucceeded, kept in English' },
  valueTaskResult: { en: 'The result of task {0}', 'zh-cn': '任务 {0} 的结果' },
  valueMapped: { en: 'Step {0}: the value mapped to {1}', 'zh-cn': '步骤 {0}：映射到 {1} 的值' },
  valueFlowMapped: { en: 'The value the flow maps to {0}', 'zh-cn': '流程映射到 {0} 的值' },
  valueChildInput: { en: 'The input of nested flow {0}', 'zh-cn': '嵌套流程 {0} 的输入' },
  reportNotValid: {
    en: 'A report is {kind: "succeeded", output: <object>} or {kind: "failed", error: <text>, cause: <text>}.',
    'zh-cn': '报告必须是 {kind: "succeeded", output: <对象>} 或 {kind: "failed", error: <文本>, cause: <文本>}。',
  },
  errorTooLong: { en: 'Error must be 1 to 128 characters long.', 'zh-cn': 'Error 的长度必须为 1 到 128 个字符。' },
  causeTooLong: { en: 'Cause must be at most 4096 characters long.', 'zh-cn': 'Cause 的长度不能超过 4096 个字符。' },
  historyDamaged: {
    en: "Part of this execution's history may be lost: {0} is damaged at line {1} (a copy is kept in {2}). It was not resumed, and its outcome is unknown.",
    'zh-cn': '此执行的部分历史可能已丢失：{0} 第 {1} 行已损坏（副本保存在 {2}）。该执行未被恢复，结果未知。',
  },
  eventUnstorable: {
    en: 'Event {0} ({1}) could not be stored, so the execution ends here: {2}',
    'zh-cn': '事件 {0}（{1}）无法保存，执行在此结束：{2}',
  },
  localApiKeyDamaged: {
    en: 'The local API key file {0} cannot be used ({1}). Delete it to create a new key: fdl serve and VS Code then use the new one (restart those already running on this store).',
    'zh-cn': '本地 API 密钥文件 {0} 无法使用（{1}）。删除该文件即可生成新密钥：之后 fdl serve 和 VS Code 会使用新密钥（已在此存储上运行的请重启）。',
  },
  localApiKeyEmpty: { en: 'it is empty', 'zh-cn': '文件为空' },
  localApiKeyNoKey: { en: 'it holds no accessKeyId and accessKeySecret', 'zh-cn': '文件中没有 accessKeyId 和 accessKeySecret' },
  storeLocked: {
    en: 'The store {0} is in use by process {1} (another fdl run/serve or VS Code). Use --store <dir> for a separate store, or stop that process.',
    'zh-cn': '存储 {0} 正被进程 {1}（另一个 fdl run/serve 或 VS Code）占用。请用 --store <目录> 指定单独的存储，或停止该进程。',
  },
  smExpression: { en: 'State {0}: {1} at `{2}`: {3}', 'zh-cn': '状态 {0}：{1} 的 `{2}` 处出错：{3}' },
  smNotObject: { en: 'State {0}: its {1} must be a JSON object, got {2}.', 'zh-cn': '状态 {0}：其{1}必须是 JSON 对象，实际为 {2}。' },
  smDataTooLarge: {
    en: 'State {0}: its {1} is {2} bytes, more than the 64 KiB (65536 bytes) a state input or output may hold. Keep large data in OSS and pass references.',
    'zh-cn': '状态 {0}：其{1}为 {2} 字节，超过状态输入或输出的 64 KiB（65536 字节）上限。请将大数据存放在 OSS 中并传递引用。',
  },
  smInput: { en: 'input', 'zh-cn': '输入' },
  smOutput: { en: 'output', 'zh-cn': '输出' },
  smBadSeconds: { en: 'Wait state {0}: Seconds must be a number of seconds ≥ 0, got {1}.', 'zh-cn': 'Wait 状态 {0}：Seconds 必须是不小于 0 的秒数，实际为 {1}。' },
  smBadTimeout: { en: 'Task state {0}: Timeout must be a number of seconds ≥ 0, got {1}.', 'zh-cn': 'Task 状态 {0}：Timeout 必须是不小于 0 的秒数，实际为 {1}。' },
  smTaskTimeout: { en: 'Task state {0} did not finish within its Timeout ({1} s).', 'zh-cn': 'Task 状态 {0} 未在其 Timeout（{1} 秒）内完成。' },
  smNoMock: {
    en: 'Task state {0} calls {1}, which runs locally only through a mock: add a mock for "{0}" (or "{1}") to the mocks file (--mocks).',
    'zh-cn': 'Task 状态 {0} 调用 {1}，该操作在本地只能通过模拟运行：请在模拟文件中为 "{0}"（或 "{1}"）添加模拟（--mocks）。',
  },
  smNoInvoker: {
    en: 'No way to run task state {0} ({1}) locally: add a mock for "{0}" to the mocks file (--mocks), or map the function to local code (--functions).',
    'zh-cn': '无法在本地运行 Task 状态 {0}（{1}）：请在模拟文件中为 "{0}" 添加模拟（--mocks），或将该函数映射到本地代码（--functions）。',
  },
  smBadFlowArn: {
    en: 'Task state {0}: FNF:StartExecution needs Parameters.resourceArn naming a flow, acs:fnf:<region>:<account>:flow/<name>; it is {1}.',
    'zh-cn': 'Task 状态 {0}：FNF:StartExecution 需要 Parameters.resourceArn 指定一个流程，形如 acs:fnf:<region>:<account>:flow/<name>；当前值为 {1}。',
  },
  smChildInput: {
    en: "Task state {0}: FNF:StartExecution Parameters.input must be an object (the child execution's input); it is {1}.",
    'zh-cn': 'Task 状态 {0}：FNF:StartExecution 的 Parameters.input 必须是对象（子流程执行的输入）；当前值为 {1}。',
  },
  smChildExecutionName: {
    en: 'Task state {0}: FNF:StartExecution Parameters.executionName {1} is not a valid execution name (letters, digits, _ and -, starting with a letter or _, at most 128 characters).',
    'zh-cn': 'Task 状态 {0}：FNF:StartExecution 的 Parameters.executionName {1} 不是合法的执行名称（字母、数字、_ 和 -，以字母或 _ 开头，最长 128 个字符）。',
  },
  smNoResourceArn: { en: 'Task state {0}: FC:InvokeFunction needs Parameters.resourceArn.', 'zh-cn': 'Task 状态 {0}：FC:InvokeFunction 需要 Parameters.resourceArn。' },
  smItemsNotArray: { en: 'Map state {0}: ItemsPath {1} gave {2}, not an array.', 'zh-cn': 'Map 状态 {0}：ItemsPath {1} 的值为 {2}，不是数组。' },
  stepTestNoPath: { en: 'Name the step to run alone (its path, e.g. `Fan/Worker`).', 'zh-cn': '请指定要单独运行的步骤（其路径，例如 `Fan/Worker`）。' },
  stepTestUnknown: { en: 'No step {0} in this flow. Its steps: {1}.', 'zh-cn': '此流程中没有步骤 {0}。它的步骤有：{1}。' },
  stepTestAmbiguous: { en: 'Step {0} is found at several places: {1}. Give its path.', 'zh-cn': '步骤 {0} 出现在多处：{1}。请给出其路径。' },
  stepTestInputNotObject: { en: 'The {0} given to step {1} must be a JSON object, not {2}.', 'zh-cn': '提供给步骤 {1} 的 {0} 必须是 JSON 对象，而不是 {2}。' },
  stepTestNoMockHere: {
    en: 'Step {0} is a {1} step: only a task, a parallel or a map/foreach takes a mocked result or error.',
    'zh-cn': '步骤 {0} 是 {1} 步骤：只有任务、parallel 或 map/foreach 步骤可以使用模拟结果或错误。',
  },
  stepTestResultAndError: { en: 'Step {0}: give either a result or an error, not both.', 'zh-cn': '步骤 {0}：请给出结果或错误之一，不能同时给出。' },
  stepTestErrorName: { en: 'Step {0}: the mocked error needs a name (e.g. `FC.Unknown`).', 'zh-cn': '步骤 {0}：模拟错误需要一个名称（例如 `FC.Unknown`）。' },
  stepTestNoChildResult: {
    en: 'A child flow is not started when a step runs alone: give the task a result or an error.',
    'zh-cn': '单独运行步骤时不会启动子流程：请为该任务提供结果或错误。',
  },
  stepTestTimeout: { en: 'Step {0} did not finish within {1} s.', 'zh-cn': '步骤 {0} 未在 {1} 秒内完成。' },
  stepTestHeading: { en: 'Step {0} ({1}) run alone: {2}', 'zh-cn': '单独运行步骤 {0}（{1}）：{2}' },
  stepTestSucceeded: { en: 'succeeded', 'zh-cn': '成功' },
  stepTestCaught: { en: 'failed, caught', 'zh-cn': '失败，已被捕获' },
  stepTestFailed: { en: 'failed', 'zh-cn': '失败' },
  stepTestMappedInput: { en: 'Input (after its mappings)', 'zh-cn': '输入（映射之后）' },
  stepTestNoInput: { en: 'Its input could not be built.', 'zh-cn': '无法构建其输入。' },
  stepTestTask: { en: 'Task: {0} ({1}), {2} attempt(s); the event it was given', 'zh-cn': '任务：{0}（{1}），共 {2} 次尝试；调用时的事件' },
  stepTestResult: { en: 'Result', 'zh-cn': '结果' },
  stepTestOutput: { en: 'Output', 'zh-cn': '输出' },
  stepTestCatchData: { en: 'Data the catch hands on', 'zh-cn': '捕获传递的数据' },
  stepTestLocal: { en: '$local of its sequence afterwards', 'zh-cn': '之后所在序列的 $local' },
  stepTestError: { en: 'Error: {0}: {1}', 'zh-cn': '错误：{0}：{1}' },
  stepTestWait: { en: 'Waits {0} s (not waited here).', 'zh-cn': '等待 {0} 秒（此处不实际等待）。' },
  stepTestNext: { en: 'Next', 'zh-cn': '下一步' },
  stepTestNextStep: { en: '{0} ({1})', 'zh-cn': '{0}（{1}）' },
  stepTestViaNext: { en: 'the next step', 'zh-cn': '下一个步骤' },
  stepTestViaGoto: { en: 'its goto', 'zh-cn': '其 goto' },
  stepTestViaChoice: { en: 'the branch whose condition holds', 'zh-cn': '条件成立的分支' },
  stepTestViaDefault: { en: 'the default, no condition holds', 'zh-cn': '默认分支，没有条件成立' },
  stepTestViaCatch: { en: 'its catch', 'zh-cn': '其 catch' },
  stepTestEnd: { en: 'Its {0} ends here.', 'zh-cn': '其所在的{0}到此结束。' },
  stepTestEndSucceed: { en: 'It ends its {0} (succeed).', 'zh-cn': '它结束其所在的{0}（succeed）。' },
  stepTestScopeFlow: { en: 'flow', 'zh-cn': '流程' },
  stepTestScopeBranch: { en: 'parallel branch', 'zh-cn': '并行分支' },
  stepTestScopeIteration: { en: 'iteration', 'zh-cn': '迭代' },
  stepTestScopeChoice: { en: 'choice branch (the flow goes on after the choice)', 'zh-cn': '选择分支（流程在该选择步骤之后继续）' },
  stepTestUncaught: {
    en: 'No catch takes {0}: it goes up to the enclosing step, or fails the execution ({1}).',
    'zh-cn': '没有 catch 处理 {0}：它会交给外层步骤，或使执行失败（{1}）。',
  },
  stepTestExecutionEnds: { en: 'The execution ends: {0}: {1}', 'zh-cn': '执行结束：{0}：{1}' },
  smNoChoice: { en: 'Choice state {0}: no condition is true and it has no Default.', 'zh-cn': 'Choice 状态 {0}：没有条件为真，且没有 Default。' },
  smDistributedMap: {
    en: 'Map state {0} is in distributed mode ({1}): each item runs as a child execution, its items and results may live in OSS, and the local engine cannot run that. Run this flow in CloudFlow, or locally use an inline Map (ItemsPath and Processor, without {1}).',
    'zh-cn':
      'Map 状态 {0} 为分布式模式（{1}）：每个元素作为子执行运行，元素与结果可能存放在 OSS 中，本地引擎无法运行。请在云工作流中运行此流程，或在本地使用内联 Map（ItemsPath 与 Processor，不含 {1}）。',
  },
  recordStopped: {
    en: 'Execution {0} was stopped: a scenario cannot stop an execution, so it cannot replay this one. Save a scenario from an execution that succeeded, failed or timed out.',
    'zh-cn': '执行 {0} 已被停止：场景无法停止执行，因此无法重放它。请从成功、失败或超时的执行保存场景。',
  },
  recordNotFinished: { en: 'Execution {0} is {1}: save a scenario once it has finished.', 'zh-cn': '执行 {0} 的状态为 {1}：请在它结束后再保存场景。' },
});

export function engineText(key: keyof typeof engineMessages, ...args: unknown[]): string {
  return formatMessage(engineMessages[key], engineLocale(), ...args);
}
