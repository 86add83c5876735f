/** What the schema check says, in English and Simplified Chinese. */
import { defineMessages, formatMessage, type Locale, localizable, type MessageText, untranslated } from '../messages';

export const schemaMessages = defineMessages({
  unknownProperty: 'Unknown property `{0}` on {1}. Allowed here: {2}.',
  unknownPropertySuggest: 'Unknown property `{0}` on {1} — did you mean `{2}`?',
  missingProperty: 'Missing required property `{0}` on {1}.',
  missingOneOf: '{1} needs {0}: add one of them.',
  invalidEnum: '`{0}` must be one of {1}; `{2}` is not allowed.',
  conflictingProperties: '{0} cannot be used together on {1}: keep one of them.',
  invalidConstant: '`{0}` must be {1}; `{2}` is not allowed.',
  invalidEnumSuggest: '`{0}` must be one of {1}; `{2}` is not allowed — did you mean `{3}`?',
  unknownStepType: 'Unknown step type `{0}`: `type` must be one of {1}.',
  unknownStepTypeSuggest: 'Unknown step type `{0}` — did you mean `{2}`? `type` must be one of {1}.',
  unknownStateType: 'Unknown state type `{0}`: `Type` must be one of {1}.',
  unknownStateTypeSuggest: 'Unknown state type `{0}` — did you mean `{2}`? `Type` must be one of {1}.',
  wrongType: '`{0}` must be {1}, but it is {2}.',
  minimum: '`{0}` must be at least {1}; it is {2}.',
  exclusiveMinimum: '`{0}` must be greater than {1}; it is {2}.',
  maximum: '`{0}` must be at most {1}; it is {2}.',
  minItems: '`{0}` needs at least {1} item(s).',
  maxItems: '`{0}` allows at most {1} items; it has {2}.',
  emptyValue: '`{0}` must not be empty.',
  badPattern: '`{0}` has an invalid value `{1}`: {2}.',
  invalidValue: '`{0}` is invalid: {1}.',
  versionV1beta1: '`version: v1beta1` is the older FDL version: it still works, but write `v1` in new flows.',
  recursiveDocument: 'This document refers to itself through YAML aliases, so its structure cannot be checked. Replace the recursive alias with a copy.',
});

/** How each definition is named inside a sentence ("on a task step", "task 步骤缺少…"). */
const CONTEXTS: Record<string, MessageText> = {
  flow: localizable('the flow'),
  step: localizable('a step'),
  taskStep: localizable('a task step'),
  passStep: localizable('a pass step'),
  waitStep: localizable('a wait step'),
  choiceStep: localizable('a choice step'),
  parallelStep: localizable('a parallel step'),
  foreachStep: localizable('a foreach step'),
  succeedStep: localizable('a succeed step'),
  failStep: localizable('a fail step'),
  mapping: localizable('a mapping'),
  retryPolicy: localizable('a retry policy'),
  catchPolicy: localizable('a catch policy'),
  choice: localizable('a choice branch'),
  choiceDefault: localizable('the default branch'),
  branch: localizable('a parallel branch'),
  iterationMapping: localizable('an iteration mapping'),
  // The StateMachine format's definitions (schemas/cloudflow-statemachine.schema.json).
  state: localizable('a state'),
  taskState: localizable('a Task state'),
  passState: localizable('a Pass state'),
  waitState: localizable('a Wait state'),
  choiceState: localizable('a Choice state'),
  parallelState: localizable('a Parallel state'),
  mapState: localizable('a Map state'),
  succeedState: localizable('a Succeed state'),
  failState: localizable('a Fail state'),
  choiceBranch: localizable('a Choice branch'),
  parallelBranch: localizable('a Parallel branch'),
  fcInvokeFunctionParameters: localizable('the `FC:InvokeFunction` parameters'),
};

const WORDS = defineMessages({
  thisMapping: 'this mapping',
  or: '{0} or {1}',
  and: '{0} and {1}',
  listSeparator: { message: ', ', comment: 'between the items of a list, before its last' },
  typeSeparator: { message: ' or ', comment: 'between the JSON types a value may have' },
});

export function contextLabel(definitionName: string | undefined, locale: Locale): string {
  return formatMessage(CONTEXTS[definitionName ?? ''] ?? WORDS.thisMapping, locale);
}

/** Sentence-initial form for English ("A task step needs …"); Chinese has no case. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const TYPE_NAMES: Record<string, MessageText> = {
  string: localizable('a string'),
  number: localizable('a number'),
  integer: localizable('a whole number'),
  boolean: localizable('true or false'),
  object: localizable('a mapping (`key: value` lines)'),
  array: localizable('a list (`- item` lines)'),
  null: localizable('empty'),
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
