/**
 * The embedded engine's one invoker for every execution: it picks, per execution, the invokers
 * made for that execution's flow file (its mocks, its local functions), so one LocalBackend serves
 * flows from many folders. The set is built on the first task of an execution (also after a
 * restart resumed it) and dropped when the execution ends. A child execution falls back to its
 * parent's set for tasks its own set cannot run, so mocks written for the parent flow keep working
 * in the flows it starts. The engine asks which invoker it picked (`delegateFor`) and treats the
 * task as that invoker's: a mock behind it answers on the execution's clock, as in `fdl run`.
 */
import { ExecutionEnd, type TaskInvocation, type TaskInvoker, type TaskOutcome } from '../../engine/index';

export interface ExecutionRef {
  flowName: string;
  executionName: string;
}

export interface ExecutionInvokersOptions {
  /** The invokers for one execution (from its flow file), built once per execution. */
  invokersFor(execution: ExecutionRef): TaskInvoker[];
  /** The execution that started this one (a child flow), if any. */
  parentOf(execution: ExecutionRef): ExecutionRef | undefined;
  /** The cause a task gets when nothing can run it (worded for the user: which file to edit). */
  noInvokerCause(invocation: TaskInvocation): string;
}

export const NO_INVOKER_ERROR = 'Local.NoInvoker';

export class ExecutionInvokers implements TaskInvoker {
  readonly name = 'workspace';
  private readonly sets = new Map<string, TaskInvoker[]>();

  constructor(private readonly options: ExecutionInvokersOptions) {}

  /** The choice is made per execution in invoke(); an execution without a way fails there with a clear cause. */
  canInvoke(): boolean {
    return true;
  }

  async invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    const invoker = this.find(inv);
    if (!invoker) throw new ExecutionEnd('fail', NO_INVOKER_ERROR, this.options.noInvokerCause(inv));
    return invoker.invoke(inv);
  }

  /**
   * The engine runs the invocation through the invoker picked here, as it would have been given
   * it: a mock's `delayMs` then counts on the execution's clock (skipped at time scale 0), and only
   * local code or Function Compute hold the clock while they run.
   */
  delegateFor(inv: TaskInvocation): TaskInvoker | undefined {
    return this.find(inv);
  }

  /** Forgets an execution's invokers (call when it ends). */
  forget(execution: ExecutionRef): void {
    this.sets.delete(key(execution));
  }

  private find(inv: TaskInvocation): TaskInvoker | undefined {
    const seen = new Set<string>();
    for (let ref: ExecutionRef | undefined = inv; ref && !seen.has(key(ref)); ref = this.options.parentOf(ref)) {
      seen.add(key(ref));
      const hit = this.setOf(ref).find((i) => i.canInvoke(inv));
      if (hit) return hit;
    }
    return undefined;
  }

  private setOf(ref: ExecutionRef): TaskInvoker[] {
    const k = key(ref);
    let set = this.sets.get(k);
    if (!set) {
      set = this.options.invokersFor({ flowName: ref.flowName, executionName: ref.executionName });
      this.sets.set(k, set);
    }
    return set;
  }
}

function key(ref: ExecutionRef): string {
  return `${ref.flowName}/${ref.executionName}`;
}
