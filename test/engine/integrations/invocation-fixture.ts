/** A TaskInvocation for invoker tests, with its log lines collected. */
import type { TaskInvocation } from '../../../engine/invoker';

export function makeInvocation(overrides: Partial<TaskInvocation> & { resource: string }): TaskInvocation & { lines: string[] } {
  const lines: string[] = [];
  return {
    flowName: 'test-flow',
    executionName: 'exec-1',
    stepName: 'step1',
    pattern: 'requestResponse',
    serviceParams: {},
    input: {},
    attempt: 1,
    signal: new AbortController().signal,
    log: (line: string) => lines.push(line),
    lines,
    ...overrides,
  };
}
