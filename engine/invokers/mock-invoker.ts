/**
 * Mocked tasks, from a YAML or JSON file:
 *
 *   tasks:
 *     CheckOrder:                      # a step name (checked first) …
 *       - output: {ok: false}          # 1st invocation
 *       - error: FC.ResourceThrottled  # 2nd invocation
 *         cause: busy
 *         delayMs: 50                  # answer after 50 ms of flow time (a callback: report then)
 *       - output: {ok: true}           # 3rd and every later invocation (the last entry repeats)
 *     "acs:fc:::services/s/functions/f":   # … or a resourceArn (or `action`)
 *       - output: {}
 *     "*":                              # optional catch-all for any other task
 *       - output: {}
 *
 * Entries are consumed one per invocation, attempts and foreach iterations alike, in the order the
 * engine invokes (per process: a restart starts again at the first entry). For a waitForCallback
 * task the entry is delivered as the callback report (through the same path as
 * ReportTaskSucceeded/Failed); for a sync task it is the result. For a requestResponse task with
 * serviceParams InvocationType Async the step only learns that the invocation was accepted (as
 * with Function Compute, the function's result goes nowhere): an `output` entry is an acceptance
 * (TaskSubmitted, an empty $local), an `error` entry a refused submission (the step fails with it).
 */
import { systemClock, type Clock } from '../clock';
import { isAsyncRequestResponse, type TaskInvocation, type TaskInvoker, type TaskOutcome } from '../invoker';
import type { CallbackReport } from '../task-tokens';
import type { MockEntry, MocksFile } from './mocks-file';

// The file format and its checks live in mocks-file.ts; re-exported for the existing importers.
export { loadMocksFile, parseMocks, type MockEntry, type MocksFile } from './mocks-file';

export const MOCK_CATCH_ALL = '*';

export interface MockInvokerOptions {
  /**
   * Which entries this invoker answers: 'all' (default), 'named' (step names and resources only)
   * or 'catch-all' (only `*`). run-flow puts named mocks before other invokers and the catch-all
   * after them, so local code still runs the tasks no mock names.
   */
  match?: 'all' | 'named' | 'catch-all';
  /** Delivers waitForCallback reports (LocalBackend.report); refusals are logged, not thrown. */
  report?: (token: string, report: CallbackReport) => void;
  /**
   * What `delayMs` is counted on: this clock if given, else the engine's (the invocation's), so a
   * delay is flow time like a wait or a timeout, scaled and skipped with them; any length.
   */
  clock?: Clock;
}

export class MockInvoker implements TaskInvoker {
  readonly name = 'mock';
  private used = new Map<string, number>();

  constructor(
    private readonly mocks: MocksFile,
    private readonly options: MockInvokerOptions = {},
  ) {}

  canInvoke(inv: Pick<TaskInvocation, 'stepName' | 'resource'>): boolean {
    return this.keyFor(inv) !== undefined;
  }

  /** Answered at once, but after its delay (flow time): one promise only for a mock with `delayMs`. */
  invoke(inv: TaskInvocation): TaskOutcome | Promise<TaskOutcome> {
    const key = this.keyFor(inv)!;
    const list = this.mocks.tasks[key];
    const n = this.used.get(key) ?? 0;
    this.used.set(key, n + 1);
    const entry = list[Math.min(n, list.length - 1)];
    const callback = inv.pattern === 'waitForCallback' && inv.taskToken !== undefined && this.options.report !== undefined;
    // For a callback, delayMs delays the report (the invocation itself is accepted at once).
    if (entry.delayMs && !callback) return (this.options.clock ?? inv.clock ?? systemClock).sleep(entry.delayMs, inv.signal).then(() => this.answer(inv, key, n, entry, false));
    return this.answer(inv, key, n, entry, callback);
  }

  private answer(inv: TaskInvocation, key: string, n: number, entry: MockEntry, callback: boolean): TaskOutcome {
    const outcome: TaskOutcome =
      entry.error !== undefined ? { kind: 'failed', error: String(entry.error), cause: String(entry.cause ?? '') } : { kind: 'succeeded', output: entry.output ?? {} };
    inv.log(`mock ${key} #${n + 1}: ${outcome.kind === 'failed' ? `${outcome.error}` : 'output'}`);
    if (callback) {
      const clock = this.options.clock ?? inv.clock ?? systemClock;
      const token = inv.taskToken!;
      const report: CallbackReport = outcome.kind === 'failed' ? outcome : { kind: 'succeeded', output: (outcome.output ?? {}) as Record<string, unknown> };
      const send = () => {
        try {
          this.options.report!(token, report);
        } catch (e) {
          inv.log(`mock callback refused: ${(e as Error).message}`);
        }
      };
      // A report held for long must not keep `fdl run` open once its execution ended (reported
      // by hand, stopped): this sleep alone keeps nothing alive.
      if (entry.delayMs) void clock.sleep(entry.delayMs, undefined, { keepAlive: false }).then(send);
      else setImmediate(send);
      return { kind: 'accepted', reportsOnClock: true };
    }
    if (outcome.kind === 'succeeded' && isAsyncRequestResponse(inv)) return { kind: 'accepted' };
    return outcome;
  }

  private keyFor(inv: Pick<TaskInvocation, 'stepName' | 'resource'>): string | undefined {
    const match = this.options.match ?? 'all';
    if (match !== 'catch-all') {
      if (this.has(inv.stepName)) return inv.stepName;
      if (inv.resource && this.has(inv.resource)) return inv.resource;
    }
    if (match !== 'named' && this.has(MOCK_CATCH_ALL)) return MOCK_CATCH_ALL;
    return undefined;
  }

  /** An empty list is no mock (parseMocks drops them; a MocksFile built in code may hold one). */
  private has(key: string): boolean {
    return (this.mocks.tasks[key]?.length ?? 0) > 0;
  }
}
