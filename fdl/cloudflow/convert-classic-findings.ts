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
  'wildcard-path': '`{0}` selects every element with `[*]`; StateMachine expressions have no wildcard, so `{1}` was not converted.',
  'negative-index': '`{0}` counts from the end (`[-n]`); StateMachine paths take only non-negative indexes, so `{1}` was not converted.',
  'context-field-unavailable':
    '`{0}` has no equivalent in `$Context` (it offers Execution.Name/Input/RoleArn and Current.Name/Input/Output/Error/RetryCount/TaskToken); `{1}` was not converted.',
  'local-unavailable':
    "`{0}` reads a local a StateMachine state cannot address (a choice's branch result, or a parallel's list of branch outputs as a whole); `{1}` was not converted.",
  'input-shadowed-by-local': '`{0}` reads the parent input, but a sibling step also outputs `{1}`: the converted flow reads the data carried so far, where that output wins.',
  'task-result-replaces-data':
    "The classic flow merged this task's result into the data the next steps see; a StateMachine Task's output is its result alone (a function's return value under `Body`), so fields of its input that the function does not return are lost for later states that take their whole input.",
  'data-not-carried':
    'A StateMachine OutputConstructor replaces the data instead of merging into it: only the fields later steps read by path are carried ({0}); later states that take their whole input see no other field.',
  'flow-output-includes-input':
    "Without flow outputMappings the classic execution output is the flow's local (all the steps' outputs merged); the converted flow's output is the last state's output: it holds the fields carried along, the input's included, and not the outputs of earlier steps that no later step reads. Flow outputMappings in the classic flow make the converted output follow it.",
  'flow-timeout': "The flow's `timeoutSeconds` has no documented StateMachine field; it was not converted.",
  'wait-timestamp': 'A Wait state takes only `Seconds`; this `timestamp` wait became a Pass state that does not wait.',
  'wait-duration-adjusted': 'Wait `Seconds` is a whole number from 1 to 300 (Standard mode); the duration {0} became {1}.',
  'wait-duration-reference': '`Seconds.$` must yield 1 to 300 at run time (Standard mode); classic waits allowed up to two days.',
  'pattern-sync':
    'The `sync` pattern became `TaskMode: WaitForSystemCallback` (the documented equivalent: the state waits until the job it started completes); a function is then invoked asynchronously.',
  'service-param-unsupported': 'serviceParams `{0}` has no parameter in the converted Task; it was not converted.',
  'service-param-untranslatable': 'serviceParams `{0}` holds a reference inside a list, which a StateMachine parameter cannot express; it was copied as a literal.',
  'resource-deploy-reference': '`{0}` is a deploy-time reference (`!Ref`); the Parameters name the function as `{1}`.',
  'resource-unsupported': "This task's resource `{0}` has no known StateMachine Action; the task became a Pass state.",
  'action-parameters-renamed': "StateMachine parameter names are lowerCamelCase: serviceParams {0} became {1}. Check them against the API's documentation.",
  'action-invalid': '`action: {0}` is not of the form `Service:Operation`; the task became a Pass state.',
  'timeout-over-limit': 'Task `Timeout` is at most 604800 seconds; {0} became 604800.',
  'retry-value-adjusted': 'Retry `{0}` must be a whole number; {1} became {2}.',
  'catch-without-goto': 'This catch has no `goto`; the converted Catch continues with the state that followed the step.',
  'state-renamed': 'The inline step `{0}` became the state `{1}`: its name is taken in the scope it was moved to.',
  'choice-input-mappings': "The choice's inputMappings shaped the input of its inline steps; those steps became states that read the data carried so far instead.",
  'choice-output-mappings': "A Choice state's output is its input; the choice's outputMappings over the branch result were not converted.",
  'condition-untranslatable': 'This condition could not be converted ({0}); the branch was written with `Condition: "false"`.',
  'foreach-iteration-input':
    "Each Map iteration's input holds only the element (here under `{0}`); the classic iteration input also held the foreach step's input fields, which the steps inside read or take whole.",
  'foreach-index': 'A Map iteration does not receive its position; `index: {0}` was not converted.',
  'foreach-concurrency': 'Inline Map runs at most 40 iterations at once; `maxConcurrency: {0}` became 40.',
  'scope-input-mappings':
    "The InputConstructor replaces this state's input, so the fields carried past it ({0}) are read from the constructed input, not from the data before the step.",
  'succeed-in-scope': 'A classic succeed ends the whole execution from any depth; a StateMachine Succeed inside a branch or an iteration may end only that scope.',
  'fail-in-scope':
    'A classic fail ends the whole execution and cannot be caught; a StateMachine Fail inside a branch or an iteration fails that state, whose Retry and Catch then apply.',
  'mappings-ignored': 'The {0} of a `{1}` step have no effect after conversion; they were not converted.',
  'goto-unknown': '`{0}` is not a sibling step; the transition continues with the next state instead.',
});

export type ConvertFindingCode = keyof typeof CONVERT_MESSAGES;

/** Words inserted into a message, as `message(CONVERT_WORDS.x)` (other arguments are inserted verbatim). */
export const CONVERT_WORDS = defineMessages({
  mappings: 'mappings',
});

export function finding(code: ConvertFindingCode, span: Span, args: unknown[] = [], severity: ConvertSeverity = 'warning'): ConvertFinding {
  return { code, severity, span, message: message(CONVERT_MESSAGES[code], ...args) };
}
