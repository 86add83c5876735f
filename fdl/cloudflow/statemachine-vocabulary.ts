/**
 * The words the editor offers in a StateMachine flow besides the schema's: the paths an expression
 * may start with (the context object of https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer,
 * `$Output` and `$Item` only where SM_PLACE_ROOTS allows them), the error names Retry and Catch
 * match (https://www.alibabacloud.com/help/doc-detail/2500862.html: `FnF.ALL`, `FC.{ErrorCode}`),
 * and the snippets of a new flow and of each state type. Completion and hover read them; the
 * snippets are checked to analyse cleanly (test/fdl/statemachine-snippets.test.ts).
 */
import { FC_ERRORS, type BuiltInError } from '../errors-catalog';
import { localizable, type MessageText } from '../messages';
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
  { path: '$Input', root: '$Input', description: localizable("The state's input (after its InputConstructor).") },
  {
    path: '$Output',
    root: '$Output',
    description: localizable("The state's result (the task's, the branches', the items'): readable only in an OutputConstructor."),
  },
  { path: '$Item', root: '$Item', description: localizable('The item a distributed Map hands to its ItemConstructor.') },
  { path: '$Context', root: '$Context', description: localizable('The context object: the execution and the current state.') },
  { path: '$Context.Execution', root: '$Context', description: localizable('The execution this state runs in.') },
  { path: '$Context.Execution.Name', root: '$Context', description: localizable("The execution's name.") },
  { path: '$Context.Execution.Input', root: '$Context', description: localizable("The execution's input (readable in every state).") },
  { path: '$Context.Execution.RoleArn', root: '$Context', description: localizable('The RAM role the execution runs as.') },
  { path: '$Context.Current', root: '$Context', description: localizable('The current state.') },
  { path: '$Context.Current.Name', root: '$Context', description: localizable("The current state's name.") },
  { path: '$Context.Current.Input', root: '$Context', description: localizable("The current state's input (the same as `$Input`).") },
  {
    path: '$Context.Current.Output',
    root: '$Context',
    description: localizable("The current state's output (the same as `$Output`)."),
  },
  {
    path: '$Context.Current.Error',
    root: '$Context',
    description: localizable('The error the state failed with: `Code` and `Detail`.'),
  },
  { path: '$Context.Current.RetryCount', root: '$Context', description: localizable('How many times the state has been retried.') },
  {
    path: '$Context.Current.TaskToken',
    root: '$Context',
    description: localizable("The task's token: pass it to whoever reports the result with ReportTaskSucceeded / ReportTaskFailed (WaitForCustomCallback)."),
  },
];

/** The paths readable at `place`. */
export function smPathsAt(place: SmExpressionPlace): SmPathInfo[] {
  const roots = SM_PLACE_ROOTS[place];
  return SM_PATHS.filter((p) => roots.includes(p.root));
}

/** Error names a Retry or Catch rule matches: `FnF.ALL`, then the common `FC.{ErrorCode}` names. */
export const SM_ERROR_NAMES: readonly BuiltInError[] = [{ name: 'FnF.ALL', description: localizable('Matches every error (write it last).') }, ...FC_ERRORS];

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
  labelWords: localizable('StateMachine flow'),
  description: localizable('A new CloudFlow flow (`Type: StateMachine`) with one state.'),
  body: ['Type: StateMachine', 'Name: ${1:my-flow}', 'SpecVersion: v1', 'StartAt: ${2:Hello}', 'States:', '  - Type: Pass', '    Name: ${2:Hello}', '    End: true', ''],
};

export const SM_STATE_SNIPPETS: readonly SmSnippet[] = [
  {
    label: 'Task',
    description: localizable('A Task state invoking a Function Compute function synchronously.'),
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
    labelWords: localizable('Task (callback)'),
    description: localizable('A Task state that waits until someone reports back with its task token (WaitForCustomCallback).'),
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
    description: localizable('A Pass state: passes (or builds) data on.'),
    body: state('Pass', 'Name: ${1:Pass}', 'End: true'),
  },
  {
    label: 'Wait',
    description: localizable('A Wait state: waits 1 to 300 seconds.'),
    body: state('Wait', 'Name: ${1:Wait}', 'Seconds: ${2:10}', 'End: true'),
  },
  {
    label: 'Choice',
    description: localizable('A Choice state: the first branch whose condition holds, else Default.'),
    body: state('Choice', 'Name: ${1:Choose}', 'Branches:', '  - Condition: ${2:\\$Input.ok == true}', '    Next: ${3:Done}', 'Default: ${4:Done}'),
  },
  {
    label: 'Parallel',
    description: localizable('A Parallel state: runs its branches at once (at most 50).'),
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
    description: localizable('A Map state: runs its processor for each item.'),
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
  { label: 'Succeed', description: localizable('A Succeed state: ends its scope successfully.'), body: state('Succeed', 'Name: ${1:Done}') },
  {
    label: 'Fail',
    description: localizable('A Fail state: ends the execution with an error.'),
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
