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
  noInvoker: 'No way to run task step {0} ({1}) locally: add a mock for "{0}" to the mocks file (--mocks), or map the function to local code (--functions).',
  invalidLocal: 'Task {0} returned {1}; a task result must be a JSON object.',
  taskTimeout: 'Task {0} did not finish within timeoutSeconds ({1}).',
  flowTimeout: "The execution did not finish within the flow's timeoutSeconds ({0}).",
  deleteRunning: 'Execution {0} of flow {1} has not finished; stop it before deleting it.',
  eventLimit:
    'The execution reached {0} events, the most one execution may have (Serverless Workflow limits: 5,000 by default, raised by a ticket in the cloud; locally by flowStudio.engine.maxEventsPerExecution or fdl run --max-events). A goto loop that never ends, or a foreach over many items, gets here.',
  gotoMissing: 'goto target {0} (from {1}) is not a step of the same sequence.',
  notACollection: 'foreach {0}: collection {1} is {2}, not an array.',
  badDuration: 'wait {0}: duration must be a number of seconds ≥ 0, got {1}.',
  badTimestamp: 'wait {0}: timestamp must be RFC 3339 text such as 2019-05-02T15:04:05Z, got {1}.',
  dataTooLarge: 'Step {0}: input + output + local is {1} bytes, more than the 32 KiB (32768 bytes) limit. Keep large data in OSS and pass references.',
  badPath: '{0}: {1}',
  flowNotFound: 'Flow {0} was not found: put {0}.flow.yaml next to {1} or in a flows directory.',
  flowNameInvalid: 'Flow name {0} is not a valid flow name (a placeholder left in the resourceArn?).',
  childEnded: 'child execution {0} {1}',
  invalidFlow: 'The flow has {0} error(s): {1}',
  needsDefinition: 'startExecution needs the flow definition (the embedded engine runs the text it is given).',
  badFlowName: 'Flow name {0} is not valid: use letters, digits, _ and -, starting with a letter or _.',
  badExecutionName: 'Execution name {0} is not valid: use letters, digits, _ and -, starting with a letter or _ (1–128 characters).',
  badTimeScale: 'Time scale {0} is not valid: use a number ≥ 0 (1 = real time, 0 = skip idle time).',
  executionExists: 'Execution {0} of flow {1} already exists.',
  executionMissing: 'Execution {0} of flow {1} does not exist.',
  executionFinished: 'Execution {0} has already finished ({1}).',
  executionNotHere: 'Execution {0} is not running in this engine; open the store first.',
  inputNotJson: 'Input is not JSON: {0}',
  inputNotObject: 'Input must be a JSON object.',
  outputNotObject: 'Output must be JSON text of an object.',
  errorRequired: 'Error is required (1–128 characters).',
  executionLimitRun: 'The execution reached the longest an execution may run (1 year, standard mode); it ends TimedOut.',
  mocksUnreadable: 'Mocks file {0} cannot be read: {1}',
  flowNotUtf8: 'flow file {0} is not UTF-8 (byte 0x{1} at line {2}, column {3}): save it as UTF-8.',
  flowUnreadable: 'flow file {0} cannot be read: {1}',
  // Paths refused before reading (flow-text.ts readFileBounded); {0} of fileNotRegular is one of the fileKind* texts.
  fileNotRegular: 'it is {0}, not a regular file; nothing was read from it',
  fileKindFolder: 'a folder',
  fileKindFifo: 'a named pipe (FIFO)',
  fileKindDevice: 'a device',
  fileKindSocket: 'a socket',
  fileKindOther: 'no regular file',
  fileTooLarge: 'it is {0} bytes, more than the {1} bytes such a file may have; nothing was read from it',
  fileNotUtf8: 'it is not UTF-8 (byte 0x{0} at line {1}, column {2}); save it as UTF-8',
  mocksNotYaml: '{0}: not YAML or JSON: {1}',
  mocksTooDeep: '{0}: nests collections more than {1} levels deep; it is not read (a mock output may nest at most {2} levels).',
  mocksNoTasks: '{0}: expected a top-level `tasks:` mapping from step names or resourceArns to lists of {output} / {error, cause}.',
  mocksBadEntry: '{0}: {1} must be {output: …} or {error: …, cause: …}.',
  mocksUnknownKey: '{0}: `{1}`, entry {2}: unknown key `{3}`{4}; a mock entry is {output: …} or {error: …, cause: …}, optionally with delayMs.',
  mocksDidYouMean: ' (did you mean `{0}`?)',
  mocksBothOutcomes: '{0}: `{1}`, entry {2}: has both output and error; an entry either succeeds ({output: …}) or fails ({error: …, cause: …}).',
  mocksNoOutcome: '{0}: `{1}`, entry {2}: has neither output nor error; write {output: …} (an empty result is output: {}) or {error: …, cause: …}.',
  mocksErrorName: '{0}: `{1}`, entry {2}: error must be an error name such as FC.ResourceThrottled, got {3}.',
  mocksCauseText: '{0}: `{1}`, entry {2}: cause must be text, got {3}.',
  mocksCauseWithoutError: '{0}: `{1}`, entry {2}: cause goes with error (a failed invocation), but this entry has output.',
  mocksBadDelay: '{0}: `{1}`, entry {2}: delayMs must be a number of milliseconds ≥ 0, got {3}.',
  fcNoAccount: 'Step {0}: {1} names no account id, and none was given: pass --fc-account or set ALIBABA_CLOUD_ACCOUNT_ID.',
  fcNotThisGeneration: 'Step {0}: {1} is not a Function Compute {2} function ARN.',
  internalError: 'internal engine error: {0}',
  // JSON values refused where they enter the engine (json-limits.ts); {0} is one of the value* subjects.
  jsonTooDeep: '{0} nests more than {1} levels deep (at {2}); the engine accepts JSON values nested at most {1} levels.',
  jsonTooLarge: "{0} is at least {1} bytes of JSON, more than the {2}-byte limit (the service's maximum request size, 1,024 KiB).",
  jsonNotData: '{0} holds a {2} at {1}, which JSON cannot represent.',
  jsonNumberRange:
    '{0} holds a number at {1} beyond the range of a JSON number (a double, about ±1.8e308); it is refused rather than turned into null. Write a smaller number, or a string.',
  jsonSyntax: { message: '{0} is not JSON: {1}', comment: 'a value named in words, e.g. the execution input' },
  mocksOutputLimit: '{0}: `{1}`, entry {2}: {3}',
  valueInput: 'The execution input',
  valueOutput: { message: 'Output', comment: 'the Output parameter of ReportTaskSucceeded, kept in English' },
  valueTaskResult: 'The result of task {0}',
  valueMapped: 'Step {0}: the value mapped to {1}',
  valueFlowMapped: 'The value the flow maps to {0}',
  valueChildInput: 'The input of nested flow {0}',
  reportNotValid: 'A report is {kind: "succeeded", output: <object>} or {kind: "failed", error: <text>, cause: <text>}.',
  errorTooLong: 'Error must be 1 to 128 characters long.',
  causeTooLong: 'Cause must be at most 4096 characters long.',
  historyDamaged: "Part of this execution's history may be lost: {0} is damaged at line {1} (a copy is kept in {2}). It was not resumed, and its outcome is unknown.",
  writtenByNewerVersion:
    'Execution {0} was written by a newer version of Flow Studio: line {1} of {2} holds a part of its history this version cannot read. It is shown as far as it can be read; this version does not resume, stop, delete or report to it, nor write anything to it. Open the store with the newer version.',
  eventUnstorable: 'Event {0} ({1}) could not be stored, so the execution ends here: {2}',
  localApiKeyDamaged:
    'The local API key file {0} cannot be used ({1}). Delete it to create a new key: fdl serve and VS Code then use the new one (restart those already running on this store).',
  localApiKeyEmpty: 'it is empty',
  localApiKeyNoKey: 'it holds no accessKeyId and accessKeySecret',
  storeLocked: 'The store {0} is in use by process {1} (another fdl run/serve or VS Code). Use --store <dir> for a separate store, or stop that process.',
  smExpression: 'State {0}: {1} at `{2}`: {3}',
  smNotObject: 'State {0}: its {1} must be a JSON object, got {2}.',
  smDataTooLarge: 'State {0}: its {1} is {2} bytes, more than the 64 KiB (65536 bytes) a state input or output may hold. Keep large data in OSS and pass references.',
  smInput: 'input',
  smOutput: 'output',
  smBadSeconds: 'Wait state {0}: Seconds must be a number of seconds ≥ 0, got {1}.',
  smBadTimeout: 'Task state {0}: Timeout must be a number of seconds ≥ 0, got {1}.',
  smTaskTimeout: 'Task state {0} did not finish within its Timeout ({1} s).',
  smNoMock: 'Task state {0} calls {1}, which runs locally only through a mock: add a mock for "{0}" (or "{1}") to the mocks file (--mocks).',
  smNoInvoker: 'No way to run task state {0} ({1}) locally: add a mock for "{0}" to the mocks file (--mocks), or map the function to local code (--functions).',
  smBadFlowArn: 'Task state {0}: FNF:StartExecution needs Parameters.resourceArn naming a flow, acs:fnf:<region>:<account>:flow/<name>; it is {1}.',
  smChildInput: "Task state {0}: FNF:StartExecution Parameters.input must be an object (the child execution's input); it is {1}.",
  smChildExecutionName:
    'Task state {0}: FNF:StartExecution Parameters.executionName {1} is not a valid execution name (letters, digits, _ and -, starting with a letter or _, at most 128 characters).',
  smNoResourceArn: 'Task state {0}: FC:InvokeFunction needs Parameters.resourceArn.',
  smItemsNotArray: 'Map state {0}: ItemsPath {1} gave {2}, not an array.',
  stepTestNoPath: 'Name the step to run alone (its path, e.g. `Fan/Worker`).',
  stepTestUnknown: 'No step {0} in this flow. Its steps: {1}.',
  stepTestAmbiguous: 'Step {0} is found at several places: {1}. Give its path.',
  stepTestInputNotObject: 'The {0} given to step {1} must be a JSON object, not {2}.',
  stepTestNoMockHere: 'Step {0} is a {1} step: only a task, a parallel or a map/foreach takes a mocked result or error.',
  stepTestResultAndError: 'Step {0}: give either a result or an error, not both.',
  stepTestErrorName: 'Step {0}: the mocked error needs a name (e.g. `FC.Unknown`).',
  stepTestNoChildResult: 'A child flow is not started when a step runs alone: give the task a result or an error.',
  stepTestTimeout: 'Step {0} did not finish within {1} s.',
  stepTestHeading: 'Step {0} ({1}) run alone: {2}',
  stepTestSucceeded: 'succeeded',
  stepTestCaught: 'failed, caught',
  stepTestFailed: 'failed',
  stepTestMappedInput: 'Input (after its mappings)',
  stepTestNoInput: 'Its input could not be built.',
  stepTestTask: 'Task: {0} ({1}), {2} attempt(s); the event it was given',
  stepTestResult: 'Result',
  stepTestOutput: 'Output',
  stepTestCatchData: 'Data the catch hands on',
  stepTestLocal: '$local of its sequence afterwards',
  stepTestError: 'Error: {0}: {1}',
  stepTestWait: 'Waits {0} s (not waited here).',
  stepTestNext: 'Next',
  stepTestNextStep: '{0} ({1})',
  stepTestViaNext: 'the next step',
  stepTestViaGoto: 'its goto',
  stepTestViaChoice: 'the branch whose condition holds',
  stepTestViaDefault: 'the default, no condition holds',
  stepTestViaCatch: 'its catch',
  stepTestEnd: 'Its {0} ends here.',
  stepTestEndSucceed: 'It ends its {0} (succeed).',
  stepTestScopeFlow: 'flow',
  stepTestScopeBranch: 'parallel branch',
  stepTestScopeIteration: 'iteration',
  stepTestScopeChoice: 'choice branch (the flow goes on after the choice)',
  stepTestUncaught: 'No catch takes {0}: it goes up to the enclosing step, or fails the execution ({1}).',
  stepTestExecutionEnds: 'The execution ends: {0}: {1}',
  smNoChoice: 'Choice state {0}: no condition is true and it has no Default.',
  smDistributedMap:
    'Map state {0} is in distributed mode ({1}): each item runs as a child execution, its items and results may live in OSS, and the local engine cannot run that. Run this flow in CloudFlow, or locally use an inline Map (ItemsPath and Processor, without {1}).',
  recordStopped:
    'Execution {0} was stopped: a scenario cannot stop an execution, so it cannot replay this one. Save a scenario from an execution that succeeded, failed or timed out.',
  recordNotFinished: 'Execution {0} is {1}: save a scenario once it has finished.',
});

export function engineText(key: keyof typeof engineMessages, ...args: unknown[]): string {
  return formatMessage(engineMessages[key], engineLocale(), ...args);
}
