/**
 * A step run alone (step-test.ts), written for a person: Markdown, which `fdl test-step` prints
 * and the extension shows as a document. In the engine's locale (messages.ts).
 */
import { engineText, type engineMessages } from './messages';
import type { ScopeKind, StepTestNext, StepTestResult } from './step-test';

type EngineMessage = keyof typeof engineMessages;

const STATUS: Record<StepTestResult['status'], EngineMessage> = { succeeded: 'stepTestSucceeded', caught: 'stepTestCaught', failed: 'stepTestFailed' };
const SCOPE: Record<ScopeKind, EngineMessage> = { flow: 'stepTestScopeFlow', branch: 'stepTestScopeBranch', iteration: 'stepTestScopeIteration', choice: 'stepTestScopeChoice' };
const VIA: Record<Extract<StepTestNext, { kind: 'step' }>['via'], EngineMessage> = {
  next: 'stepTestViaNext',
  goto: 'stepTestViaGoto',
  choice: 'stepTestViaChoice',
  default: 'stepTestViaDefault',
  catch: 'stepTestViaCatch',
};

export function stepTestMarkdown(r: StepTestResult): string {
  const out: string[] = [`# ${engineText('stepTestHeading', '`' + r.path + '`', r.type, engineText(STATUS[r.status]))}`, ''];
  const block = (title: string, value: unknown) => out.push(`## ${title}`, '', '```json', JSON.stringify(value, null, 2), '```', '');
  if (r.mappedInput) block(engineText('stepTestMappedInput'), r.mappedInput);
  else out.push(engineText('stepTestNoInput'), '');
  if (r.task) block(engineText('stepTestTask', '`' + r.task.resource + '`', r.task.pattern, r.task.attempts), r.task.input);
  if (r.waitSeconds !== undefined) out.push(engineText('stepTestWait', r.waitSeconds), '');
  if (r.error) out.push(engineText('stepTestError', '`' + r.error.error + '`', r.error.cause), '');
  // Only a task, a parallel or a map has a result of its own; the others hand on their input.
  if (r.result !== undefined && r.status === 'succeeded' && (r.kind === 'task' || r.kind === 'parallel' || r.kind === 'map')) block(engineText('stepTestResult'), r.result);
  if (r.output) block(engineText(r.status === 'caught' ? 'stepTestCatchData' : 'stepTestOutput'), r.output);
  if (r.local && r.status !== 'failed') block(engineText('stepTestLocal'), r.local);
  out.push(`## ${engineText('stepTestNext')}`, '', nextText(r.next), '');
  return out.join('\n');
}

export function nextText(n: StepTestNext): string {
  switch (n.kind) {
    case 'step':
      return engineText('stepTestNextStep', '`' + n.path + '`', engineText(VIA[n.via]));
    case 'end':
      return engineText(n.via === 'succeed' ? 'stepTestEndSucceed' : 'stepTestEnd', engineText(SCOPE[n.scope]));
    case 'error':
      return engineText('stepTestUncaught', '`' + n.error + '`', n.cause);
    case 'execution-ends':
      return engineText('stepTestExecutionEnds', '`' + n.error + '`', n.cause);
  }
}
