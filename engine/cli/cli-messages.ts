/**
 * What the `fdl` commands tell the person at the terminal (usage, refusals, result lines), in
 * English and Simplified Chinese, in the environment's locale (engine/messages.ts engineLocale:
 * FDL_LOCALE, VSCODE_NLS_CONFIG, LC_ALL, LC_MESSAGES, LANG). Service error codes
 * (`InvalidArgument`, `TaskAlreadyCompleted`…), flag names, statuses and `--json` output are
 * never translated: scripts read them.
 */
import { defineMessages, formatMessage } from '../../fdl/messages';
import { localeFromEnvironment } from '../messages';

export const CLI_MESSAGES = defineMessages({
  usageMain: { en: 'usage: fdl <{0}> ...', 'zh-cn': '用法：fdl <{0}> ...' },
  usage: { en: 'usage: {0}', 'zh-cn': '用法：{0}' },
  fatal: { en: 'fdl: {0}', 'zh-cn': 'fdl：{0}' },
  refused: { en: 'fdl: {0}: {1}', 'zh-cn': 'fdl：{0}：{1}' },
  fileProblem: { en: 'fdl: {0}: {1}', 'zh-cn': 'fdl：{0}：{1}' },
  timeScale: { en: '--time-scale must be a number ≥ 0 (0 = instant), got {0}', 'zh-cn': '--time-scale 必须是不小于 0 的数字（0 表示立即完成），实际为 {0}' },
  maxEvents: {
    en: '--max-events must be a whole number ≥ 0 (0 = no limit; the service\'s default is 5,000 events per execution), got "{0}"',
    'zh-cn': '--max-events 必须是不小于 0 的整数（0 表示不限制；服务默认每个执行最多 5,000 个事件），实际为 "{0}"',
  },
  maxEventsHelp: {
    en: "--max-events N: the most events one execution may have (default 5,000, the service's limit, raised by a ticket in the cloud; 0 = no limit)",
    'zh-cn': '--max-events N：单个执行允许的最大事件数（默认 5,000，即服务的限制，云端可提交工单提高；0 表示不限制）',
  },
  inputNotJson: { en: '--input is not JSON: {0}', 'zh-cn': '--input 不是 JSON：{0}' },
  inputNotObject: { en: '--input must be a JSON object', 'zh-cn': '--input 必须是 JSON 对象' },
  inputUnreadable: { en: '--input file {0} cannot be read: {1}', 'zh-cn': '无法读取 --input 文件 {0}：{1}' },
  outputNotObject: { en: '--output must be a JSON object ({0})', 'zh-cn': '--output 必须是 JSON 对象（{0}）' },
  flagNotJson: { en: '{0} is not JSON: {1}', 'zh-cn': '{0} 不是 JSON：{1}' },
  flagNotObject: { en: '{0} must be a JSON object', 'zh-cn': '{0} 必须是 JSON 对象' },
  flagUnreadable: { en: '{0} file {1} cannot be read: {2}', 'zh-cn': '无法读取 {0} 文件 {1}：{2}' },
  testStepResultAndError: { en: '--result and --error cannot be given together', 'zh-cn': '--result 与 --error 不能同时给出' },
  testStepCauseWithoutError: { en: '--cause needs --error NAME', 'zh-cn': '--cause 需要与 --error 名称一起使用' },
  flowMissing: { en: 'flow file {0} cannot be read: {1}', 'zh-cn': '无法读取流程文件 {0}：{1}' },
  port: { en: '--port must be 0–65535, got {0}', 'zh-cn': '--port 必须在 0–65535 之间，实际为 {0}' },
  flowError: { en: '{0}:{1}:{2}: error {3}: {4}', 'zh-cn': '{0}:{1}:{2}：错误 {3}：{4}' },
  // Result lines
  executionEnded: { en: '{0}/{1}: {2}', 'zh-cn': '{0}/{1}：{2}' },
  errorLine: { en: 'error: {0}', 'zh-cn': '错误：{0}' },
  causeLine: { en: 'cause: {0}', 'zh-cn': '原因：{0}' },
  reported: { en: 'reported', 'zh-cn': '已报告' },
  waitingForCallback: { en: '{0} (waiting for a callback)', 'zh-cn': '{0}（正在等待回调）' },
  answerWith: {
    en: "[{0}] waiting for a callback; answer with: fdl report-success {1} --output '{}' --store {2}",
    'zh-cn': "[{0}] 正在等待回调；可用以下命令应答：fdl report-success {1} --output '{}' --store {2}",
  },
  localApi: {
    en: 'local FnF API for local functions: {0} (key in {1})',
    'zh-cn': '供本地函数回调的本地 FnF API：{0}（密钥位于 {1}）',
  },
  tally: { en: '{0} passed, {1} failed', 'zh-cn': '{0} 个通过，{1} 个失败' },
  // fdl test --coverage (test-scenarios.ts)
  coverageOf: { en: 'coverage of {0} ({1} run(s)): {2}', 'zh-cn': '{0} 的覆盖率（{1} 次运行）：{2}' },
  coverageNever: { en: '  never taken: {0}:{1}:{2} {3} {4}', 'zh-cn': '  从未执行：{0}:{1}:{2} {3} {4}' },
  coverageWritten: { en: 'coverage written to {0}', 'zh-cn': '覆盖率已写入 {0}' },
  coverageNotWritten: { en: 'coverage could not be written to {0}: {1}', 'zh-cn': '无法将覆盖率写入 {0}：{1}' },
  coverageJsonFlag: { en: '--coverage-json needs a file name (--coverage-json coverage.json)', 'zh-cn': '--coverage-json 需要一个文件名（--coverage-json coverage.json）' },
  // Token refusals, rendered by the reporting process in its own locale
  tokenUnknown: {
    en: 'no task is waiting for this token in {0} (a typo, or a token of another store?). Nothing changed.',
    'zh-cn': '{0} 中没有等待此令牌的任务（令牌有误，或属于另一个存储？）。未做任何更改。',
  },
  tokenFinished: {
    en: 'the task of token {0} has already finished (answered, timed out, or its execution ended); a second report is refused. Nothing changed.',
    'zh-cn': '令牌 {0} 对应的任务已结束（已应答、已超时或其执行已结束）；第二次报告被拒绝。未做任何更改。',
  },
  ownerSilent: {
    en: 'the engine owning {0} did not answer within {1} s; the request was withdrawn. Nothing changed.',
    'zh-cn': '占用 {0} 的引擎未在 {1} 秒内应答；请求已撤回。未做任何更改。',
  },
  ownerNoAnswer: {
    en: 'the engine owning {0} took the request but did not answer within {1} s: it may have been applied. Check the execution before sending it again.',
    'zh-cn': '占用 {0} 的引擎已接收请求，但未在 {1} 秒内应答：请求可能已生效。再次发送前请先查看该执行。',
  },
  // Deleting executions (delete.ts)
  storeInUse: {
    en: 'the store {0} is in use by process {1} (fdl run, fdl serve or VS Code), which keeps its executions in memory. Stop that process and try again, or, if it is VS Code, delete executions from the Executions view of the Flow Studio extension. Nothing was deleted.',
    'zh-cn':
      '存储 {0} 正被进程 {1}（fdl run、fdl serve 或 VS Code）占用，该进程在内存中持有其执行。请停止该进程后重试；如果是 VS Code，请在 Flow Studio 扩展的“执行”视图中删除执行。未删除任何内容。',
  },
  deleteHelp: {
    en: 'deletes a finished execution and its history from the local store; a running one is refused (stop it first)',
    'zh-cn': '从本地存储中删除一个已结束的执行及其历史；正在运行的执行会被拒绝（请先停止它）',
  },
  pruneHelp: {
    en: 'deletes finished executions (Succeeded, Failed, Stopped, TimedOut) from the local store: of one flow (--flow), started more than DAYS days ago (--older-than), except the newest N of each flow (--keep). Without --yes it only lists them (a dry run).',
    'zh-cn':
      '从本地存储中删除已结束的执行（Succeeded、Failed、Stopped、TimedOut）：可限定某个流程（--flow）、开始于 DAYS 天之前（--older-than），并保留每个流程最新的 N 个（--keep）。不加 --yes 时只列出将删除的执行（演练）。',
  },
  deletedOne: { en: 'deleted {0}/{1}', 'zh-cn': '已删除 {0}/{1}' },
  pruned: { en: 'deleted {0} finished execution(s)', 'zh-cn': '已删除 {0} 个已结束的执行' },
  pruneDryRun: {
    en: '{0} finished execution(s) would be deleted; nothing was deleted (dry run). Add --yes to delete them.',
    'zh-cn': '将删除 {0} 个已结束的执行；本次未删除任何内容（演练）。加上 --yes 才会删除。',
  },
  prunePositional: {
    en: 'fdl prune takes no positional argument, got "{0}" (for one flow use --flow {0})',
    'zh-cn': 'fdl prune 不接受位置参数，实际为 "{0}"（若只处理一个流程，请使用 --flow {0}）',
  },
  pruneFlow: { en: '--flow needs a flow name', 'zh-cn': '--flow 需要流程名称' },
  pruneOlderThan: { en: '--older-than must be a number of days ≥ 0, got "{0}"', 'zh-cn': '--older-than 必须是不小于 0 的天数，实际为 "{0}"' },
  pruneKeep: { en: '--keep must be a whole number ≥ 0, got "{0}"', 'zh-cn': '--keep 必须是不小于 0 的整数，实际为 "{0}"' },
  // Function Compute
  fcNoCredentials: {
    en: '--fc needs credentials in the environment: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS). They are never read from flags or files.',
    'zh-cn':
      '--fc 需要环境变量中的凭证：请设置 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET（使用 STS 时还需 ALIBABA_CLOUD_SECURITY_TOKEN）。凭证从不从参数或文件中读取。',
  },
  fcRegion: { en: '--fc needs a region such as cn-hangzhou, got {0}', 'zh-cn': '--fc 需要地域，例如 cn-hangzhou，实际为 {0}' },
  fcEndpoint: { en: '--fc-endpoint must be host[:port] or http(s)://host[:port], got {0}', 'zh-cn': '--fc-endpoint 必须是 host[:port] 或 http(s)://host[:port]，实际为 {0}' },
  fcEndpointWithoutFc: { en: '--fc-endpoint and --fc-account need --fc <region>', 'zh-cn': '--fc-endpoint 和 --fc-account 需要与 --fc <地域> 一起使用' },
  fcUsing: { en: 'Function Compute: {0} (credentials from the environment)', 'zh-cn': '函数计算：{0}（凭证来自环境变量）' },
  // Converting a classic flow (convert.ts)
  convertNotClassic: {
    en: '{0} is not a classic flow (version: v1, type: flow, steps:); only classic flows are converted',
    'zh-cn': '{0} 不是经典流程（version: v1、type: flow、steps:）；只有经典流程可以转换',
  },
  convertHasErrors: { en: '{0} has errors; fix them before converting. Nothing was written.', 'zh-cn': '{0} 存在错误；请先修正再转换。未写入任何内容。' },
  convertExists: { en: '{0} already exists; add --force to overwrite it, or choose another file with --out', 'zh-cn': '{0} 已存在；加上 --force 可覆盖，或用 --out 指定其他文件' },
  convertWrote: {
    en: 'wrote {0}; {1} finding(s) above say what could not be carried over 1:1',
    'zh-cn': '已写入 {0}；上面的 {1} 条提示说明了无法一一对应转换的内容',
  },
  // A damaged store log (docs/store-format.md, "Damage")
  storeDamaged: {
    en: 'fdl: warning: {0} is damaged at line {1}; those lines are kept in {2}, every other line was read.',
    'zh-cn': 'fdl：警告：{0} 第 {1} 行已损坏；这些行已保存到 {2}，其余各行均已读取。',
  },
  storeDamagedExecutions: {
    en: 'Executions that may have lost events there: {0}; those not finished are shown as Failed ({1}) and are not resumed.',
    'zh-cn': '可能因此丢失事件的执行：{0}；其中未结束的显示为 Failed（{1}），且不会被恢复。',
  },
});

export type CliMessage = keyof typeof CLI_MESSAGES;

/** Always the environment's language, even while `run --json` pins the engine's texts to English (stderr is for people). */
export function cliText(key: CliMessage, ...args: unknown[]): string {
  return formatMessage(CLI_MESSAGES[key], localeFromEnvironment(process.env), ...args);
}

/** A line on stderr in the user's language. */
export function say(key: CliMessage, ...args: unknown[]): void {
  process.stderr.write(cliText(key, ...args) + '\n');
}

/**
 * An input problem the command reports (exit 2) instead of a crash. `english` is the same message
 * in English, for `run --json` (scripts read its cause whatever the locale).
 */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly english: string = message,
  ) {
    super(message);
  }
}

/** A CliUsageError saying `key` in the user's language, and in English for --json. */
export function usageError(key: CliMessage, ...args: unknown[]): CliUsageError {
  return new CliUsageError(cliText(key, ...args), formatMessage(CLI_MESSAGES[key], 'en', ...args));
}
