/** What the schema check says, in English and Simplified Chinese. */
import { defineMessages, formatMessage, untranslated, type Locale, type MessageText } from '../messages';

export const schemaMessages = defineMessages({
  unknownProperty: {
    en: 'Unknown property `{0}` on {1}. Allowed here: {2}.',
    'zh-cn': '{1}不支持属性 `{0}`。此处可用：{2}。',
  },
  unknownPropertySuggest: {
    en: 'Unknown property `{0}` on {1} — did you mean `{2}`?',
    'zh-cn': '{1}不支持属性 `{0}`，您是不是想写 `{2}`？',
  },
  missingProperty: {
    en: 'Missing required property `{0}` on {1}.',
    'zh-cn': '{1}缺少必需属性 `{0}`。',
  },
  missingOneOf: {
    en: '{1} needs {0}: add one of them.',
    'zh-cn': '{1}需要 {0}，请添加其中之一。',
  },
  invalidEnum: {
    en: '`{0}` must be one of {1}; `{2}` is not allowed.',
    'zh-cn': '`{0}` 必须是 {1} 之一，不能是 `{2}`。',
  },
  conflictingProperties: {
    en: '{0} cannot be used together on {1}: keep one of them.',
    'zh-cn': '{1}中 {0} 不能同时使用，请只保留其一。',
  },
  invalidConstant: {
    en: '`{0}` must be {1}; `{2}` is not allowed.',
    'zh-cn': '`{0}` 必须是 {1}，不能是 `{2}`。',
  },
  invalidEnumSuggest: {
    en: '`{0}` must be one of {1}; `{2}` is not allowed — did you mean `{3}`?',
    'zh-cn': '`{0}` 必须是 {1} 之一，不能是 `{2}`。您是不是想写 `{3}`？',
  },
  unknownStepType: {
    en: 'Unknown step type `{0}`: `type` must be one of {1}.',
    'zh-cn': '未知的步骤类型 `{0}`：`type` 必须是 {1} 之一。',
  },
  unknownStepTypeSuggest: {
    en: 'Unknown step type `{0}` — did you mean `{2}`? `type` must be one of {1}.',
    'zh-cn': '未知的步骤类型 `{0}`，您是不是想写 `{2}`？`type` 必须是 {1} 之一。',
  },
  unknownStateType: {
    en: 'Unknown state type `{0}`: `Type` must be one of {1}.',
    'zh-cn': '未知的状态类型 `{0}`：`Type` 必须是 {1} 之一。',
  },
  unknownStateTypeSuggest: {
    en: 'Unknown state type `{0}` — did you mean `{2}`? `Type` must be one of {1}.',
    'zh-cn': '未知的状态类型 `{0}`，您是不是想写 `{2}`？`Type` 必须是 {1} 之一。',
  },
  wrongType: {
    en: '`{0}` must be {1}, but it is {2}.',
    'zh-cn': '`{0}` 必须是{1}，但当前是{2}。',
  },
  minimum: { en: '`{0}` must be at least {1}; it is {2}.', 'zh-cn': '`{0}` 不能小于 {1}，当前为 {2}。' },
  exclusiveMinimum: { en: '`{0}` must be greater than {1}; it is {2}.', 'zh-cn': '`{0}` 必须大于 {1}，当前为 {2}。' },
  maximum: { en: '`{0}` must be at most {1}; it is {2}.', 'zh-cn': '`{0}` 不能大于 {1}，当前为 {2}。' },
  minItems: { en: '`{0}` needs at least {1} item(s).', 'zh-cn': '`{0}` 至少需要 {1} 项。' },
  maxItems: { en: '`{0}` allows at most {1} items; it has {2}.', 'zh-cn': '`{0}` 最多允许 {1} 项，当前有 {2} 项。' },
  emptyValue: { en: '`{0}` must not be empty.', 'zh-cn': '`{0}` 不能为空。' },
  badPattern: { en: '`{0}` has an invalid value `{1}`: {2}.', 'zh-cn': '`{0}` 的值 `{1}` 无效：{2}。' },
  invalidValue: { en: '`{0}` is invalid: {1}.', 'zh-cn': '`{0}` 无效：{1}。' },
  versionV1beta1: {
    en: '`version: v1beta1` is the older FDL version: it still works, but write `v1` in new flows.',
    'zh-cn': '`version: v1beta1` 是旧版 FDL 版本：仍可使用，但新流程请写 `v1`。',
  },
  recursiveDocument: {
    en: 'This document refers to itself through YAML aliases, so its structure cannot be checked. Replace the recursive alias with a copy.',
    'zh-cn': '此文档通过 YAML 别名引用了自身，无法检查其结构。请把递归的别名改为实际内容。',
  },
});

/** How each definition is named inside a sentence ("on a task step", "task 步骤缺少…"). */
const CONTEXTS: Record<string, MessageText> = {
  flow: { en: 'the flow', 'zh-cn': '流程' },
  step: { en: 'a step', 'zh-cn': '步骤' },
  taskStep: { en: 'a task step', 'zh-cn': 'task 步骤' },
  passStep: { en: 'a pass step', 'zh-cn': 'pass 步骤' },
  waitStep: { en: 'a wait step', 'zh-cn': 'wait 步骤' },
  choiceStep: { en: 'a choice step', 'zh-cn': 'choice 步骤' },
  parallelStep: { en: 'a parallel step', 'zh-cn': 'parallel 步骤' },
  foreachStep: { en: 'a foreach step', 'zh-cn': 'foreach 步骤' },
  succeedStep: { en: 'a succeed step', 'zh-cn': 'succeed 步骤' },
  failStep: { en: 'a fail step', 'zh-cn': 'fail 步骤' },
  mapping: { en: 'a mapping', 'zh-cn': '映射' },
  retryPolicy: { en: 'a retry policy', 'zh-cn': '重试策略' },
  catchPolicy: { en: 'a catch policy', 'zh-cn': '捕获策略' },
  choice: { en: 'a choice branch', 'zh-cn': '选择分支' },
  choiceDefault: { en: 'the default branch', 'zh-cn': '默认分支' },
  branch: { en: 'a parallel branch', 'zh-cn': '并行分支' },
  iterationMapping: { en: 'an iteration mapping', 'zh-cn': '迭代映射' },
  // The StateMachine format's definitions (schemas/cloudflow-statemachine.schema.json).
  state: { en: 'a state', 'zh-cn': '状态' },
  taskState: { en: 'a Task state', 'zh-cn': 'Task 状态' },
  passState: { en: 'a Pass state', 'zh-cn': 'Pass 状态' },
  waitState: { en: 'a Wait state', 'zh-cn': 'Wait 状态' },
  choiceState: { en: 'a Choice state', 'zh-cn': 'Choice 状态' },
  parallelState: { en: 'a Parallel state', 'zh-cn': 'Parallel 状态' },
  mapState: { en: 'a Map state', 'zh-cn': 'Map 状态' },
  succeedState: { en: 'a Succeed state', 'zh-cn': 'Succeed 状态' },
  failState: { en: 'a Fail state', 'zh-cn': 'Fail 状态' },
  choiceBranch: { en: 'a Choice branch', 'zh-cn': 'Choice 分支' },
  parallelBranch: { en: 'a Parallel branch', 'zh-cn': 'Parallel 分支' },
  fcInvokeFunctionParameters: { en: 'the `FC:InvokeFunction` parameters', 'zh-cn': '`FC:InvokeFunction` 参数' },
};

const WORDS = defineMessages({
  thisMapping: { en: 'this mapping', 'zh-cn': '此映射' },
  or: { en: '{0} or {1}', 'zh-cn': '{0} 或 {1}' },
  and: { en: '{0} and {1}', 'zh-cn': '{0} 和 {1}' },
  listSeparator: { en: ', ', 'zh-cn': '、', comment: 'between the items of a list, before its last' },
  typeSeparator: { en: ' or ', 'zh-cn': '或', comment: 'between the JSON types a value may have' },
});

export function contextLabel(definitionName: string | undefined, locale: Locale): string {
  return formatMessage(CONTEXTS[definitionName ?? ''] ?? WORDS.thisMapping, locale);
}

/** Sentence-initial form for English ("A task step needs …"); Chinese has no case. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const TYPE_NAMES: Record<string, MessageText> = {
  string: { en: 'a string', 'zh-cn': '字符串' },
  number: { en: 'a number', 'zh-cn': '数字' },
  integer: { en: 'a whole number', 'zh-cn': '整数' },
  boolean: { en: 'true or false', 'zh-cn': '布尔值（true 或 false）' },
  object: { en: 'a mapping (`key: value` lines)', 'zh-cn': '映射（`键: 值`）' },
  array: { en: 'a list (`- item` lines)', 'zh-cn': '列表（`- 项`）' },
  null: { en: 'empty', 'zh-cn': '空值' },
};

export function typeName(type: string, locale: Locale): string {
  return formatMessage(TYPE_NAMES[type] ?? untranslated(type), locale);
}

/** The JSON type of a value as JSON Schema names it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** `a, b or c` / `a、b 或 c`, each item in backticks. */
export function listOf(items: readonly unknown[], locale: Locale, conjunction: 'or' | 'and' = 'or'): string {
  const quoted = items.map((i) => `\`${String(i)}\``);
  if (quoted.length <= 1) return quoted.join('');
  const last = quoted.pop();
  return formatMessage(WORDS[conjunction], locale, quoted.join(formatMessage(WORDS.listSeparator, locale)), last);
}

/** The JSON types a value may have, joined for a sentence ("a string or a number"). */
export function typeNames(types: readonly string[], locale: Locale): string {
  return types.map((t) => typeName(t, locale)).join(formatMessage(WORDS.typeSeparator, locale));
}
