/**
 * Runs a task's function from the workspace, in a child Node.js process that reproduces the
 * Function Compute Node.js runtime (FC.md §3; local-runtime/fc-node-runtime.js).
 *
 * Trust: this executes workspace code. The VS Code client only uses it in a trusted workspace
 * (Workspace Trust); the CLI runs what it is told.
 *
 * One process per invocation (no warm instances): the initializer, if any, runs before every
 * invocation, and nothing leaks between steps.
 *
 * Under a debugger (`inv.debug`: a person stepped into the task) the process opens an inspector on
 * 127.0.0.1 before the function's code loads and waits; `inv.debug.attach` is told where, and a
 * debugger attaching lets it run, stopping at the handler's first line. The function's own timeout
 * does not apply then (a person is stepping through it). When no debugger attaches, the waiting
 * process is ended and the invocation runs as usual, in a new one: none of its code had run.
 *
 * What the function sees (event, context, environment, logs) is written for users in
 * engine/api/README.md, "What a local function gets".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Locale } from '../../fdl/messages';
import { parseFunctionArn } from '../../fdl/serverless-devs';
import { asyncRequested, isAsyncRequestResponse, type FunctionDebugging, type TaskInvocation, type TaskInvoker, type TaskOutcome } from '../invoker';
import { checkJsonValue, jsonLimitText } from '../json-limits';
import { engineText } from '../messages';
import { outcomeFromFunctionBody, outcomeFromFunctionError, stackLines } from './fc-function-result';
import type { LocalFunction, LocalFunctionCatalog } from './local-function-catalog';
import { defaultLocale, localMessage } from './local-messages';

/** How functions reach the local FnF-compatible API (engine/api). */
export interface LocalFnfApiAccess {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface LocalCodeInvokerOptions {
  catalog: LocalFunctionCatalog;
  /**
   * The local FnF API functions call back to. May be a promise when the API starts alongside the
   * engine (`fdl run`): an invocation waits for it, so the first task never misses the endpoint.
   */
  fnfApi?: LocalFnfApiAccess | PromiseLike<LocalFnfApiAccess>;
  /** context.accountId / FC_ACCOUNT_ID when the ARN does not name one. */
  accountId?: string;
  /** context.region when neither the ARN nor the declaration names one. */
  region?: string;
  /** Multiplies function timeouts (tests use small values instead of real waits). */
  timeScale?: number;
  locale?: Locale;
}

/** Error names for problems that are about the local setup, not the function. */
export const LOCAL_ERRORS = {
  functionNotFound: 'Local.FunctionNotFound',
  unsupportedRuntime: 'Local.UnsupportedRuntime',
  codeNotFound: 'Local.CodeNotFound',
} as const;

/**
 * From the runtime: `ack` when it has the invocation and calls the handler, `done` with the
 * result. The function's own code can send anything (process.send), so every field is checked.
 */
interface RuntimeMessage {
  type: 'ack' | 'done' | 'inspector' | 'attached' | 'noInspector';
  body?: unknown;
  errorType?: unknown;
  payload?: unknown;
  /** `inspector`: where it waits for a debugger, and the handler's file. */
  url?: unknown;
  handlerFile?: unknown;
  /** `noInspector`: why it has none. */
  reason?: unknown;
}

/** How long the function's output may stay open after its answer before the log is cut. */
const OUTPUT_GRACE_MS = 1000;

/** How long a function process killed by someone else's signal waits for the engine to cancel the step. */
const KILLED_FROM_OUTSIDE_GRACE_MS = 1000;

/** How long a debugger said to be attaching may take to let the function's process run. */
const ATTACH_WAIT_MS = 30_000;

export class LocalCodeInvoker implements TaskInvoker {
  readonly name = 'local';
  private readonly locale: Locale;
  private readonly inFlight = new Set<Promise<TaskOutcome>>();

  constructor(private readonly options: LocalCodeInvokerOptions) {
    this.locale = options.locale ?? defaultLocale();
  }

  canInvoke(inv: Pick<TaskInvocation, 'stepName' | 'resource'>): boolean {
    return this.options.catalog.find(inv.resource) !== undefined;
  }

  async invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    const fn = this.options.catalog.find(inv.resource);
    if (!fn) return this.setupFailure(inv, LOCAL_ERRORS.functionNotFound, localMessage('functionNotFound', this.locale, inv.stepName, inv.resource));
    if (!/^nodejs/i.test(fn.runtime)) {
      inv.debug?.cannot(localMessage('debugNodeOnly', this.locale, fn.functionName, fn.runtime || '?'));
      return this.setupFailure(inv, LOCAL_ERRORS.unsupportedRuntime, localMessage('unsupportedRuntime', this.locale, inv.stepName, fn.functionName, fn.runtime || '?'));
    }
    if (!existsSync(fn.codeDir)) {
      return this.setupFailure(inv, LOCAL_ERRORS.codeNotFound, localMessage('codeDirMissing', this.locale, inv.stepName, fn.codeDir, fn.functionName, fn.declaredIn));
    }
    const script = runtimeScriptPath();
    if (!script) return this.setupFailure(inv, LOCAL_ERRORS.codeNotFound, localMessage('runtimeMissing', this.locale, 'fc-node-runtime.js'));

    // context.requestId is the invocation's own request id (x-fc-request-id, FC.md §3.4), also for
    // a stateful async invocation: FC answers it beside the stateful id, and the invocation record
    // keeps both (`invocationId`, `requestId`, FC.md §1.5). The stateful id names the invocation.
    const requestId = randomUUID();
    const statefulId = statefulInvocationIdOf(inv);
    if (statefulId) inv.log(`local: stateful async invocation ${statefulId} (request id ${requestId})`);
    const api = await this.options.fnfApi;
    const { ended: running, delivered } = this.run(inv, fn, script, requestId, api, inv.debug);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
    const ended = (o: TaskOutcome) => `${o.kind === 'failed' ? `${o.error}: ${o.cause}` : 'succeeded'}`;
    if (isAsynchronous(inv)) {
      // Like FC's Async invocation: accepted, and the function reports back (waitForCallback)
      // through the local API; its own ending is only logged. Accepted only once the function's
      // process has the invocation (its ack): the engine records TaskSubmitted on this answer
      // and never invokes that attempt again, so an engine killed before the ack must find no
      // TaskSubmitted and invoke again on resume.
      running.then((o) => inv.log(`local: async invocation ${statefulId ?? requestId} ended: ${ended(o)}`));
      if (!(await delivered)) return running;
      return { kind: 'accepted', requestId };
    }
    if (!statefulId) return running;
    const outcome = await running;
    inv.log(`local: stateful async invocation ${statefulId} ended: ${ended(outcome)}`);
    return outcome;
  }

  /** Whether a function process started by this invoker is still running. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /**
   * Resolves when the function processes running now have ended, or after `maxMs`. An async
   * invocation (waitForCallback) may still be talking to the local API after its execution
   * ended; `fdl run` waits for it before closing the API so its last calls get real answers.
   */
  async settled(maxMs: number): Promise<void> {
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise<void>((r) => (timer = setTimeout(r, maxMs)))]);
    clearTimeout(timer);
  }

  private setupFailure(inv: TaskInvocation, error: string, cause: string): TaskOutcome {
    inv.log(`local: ${cause}`);
    return { kind: 'failed', error, cause };
  }

  /**
   * Starts the function's process. `ended`: the invocation's outcome. `delivered`: true once the
   * runtime acknowledged the invocation (it is about to call the handler) or has ended by itself
   * (an answer, an exit of its own, its own timeout: it ran); false when it never got that far
   * (it could not start, the step was cancelled, a signal from outside killed it).
   */
  private run(
    inv: TaskInvocation,
    fn: LocalFunction,
    script: string,
    requestId: string,
    api: LocalFnfApiAccess | undefined,
    debug: FunctionDebugging | undefined,
  ): { ended: Promise<TaskOutcome>; delivered: Promise<boolean> } {
    const arn = parseArnParts(inv.resource);
    const region = arn.region || fn.region || this.options.region || 'cn-hangzhou';
    const accountId = arn.accountId || this.options.accountId || '0';
    const env = childEnvironment(fn, region, accountId, api);
    const child = spawn(process.execPath, [script], { cwd: fn.codeDir, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    pipeLines(child, inv.log);

    const timeoutMs = Math.max(1, fn.timeoutSeconds * 1000 * (this.options.timeScale ?? 1));
    const started = Date.now();
    let deliveredAs: (ran: boolean) => void = () => {};
    const delivered = new Promise<boolean>((r) => (deliveredAs = r));
    const ended = new Promise<TaskOutcome>((resolve) => {
      let outcome: TaskOutcome | undefined;
      let resolved = false;
      /** Set when the process was stopped before it could run: not started, cancelled, killed from outside. */
      let cancelled = false;
      const resolveOnce = () => {
        if (resolved || !outcome) return;
        resolved = true;
        clearTimeout(timer);
        clearTimeout(grace);
        inv.signal.removeEventListener('abort', onAbort);
        deliveredAs(!cancelled);
        resolve(outcome);
      };
      let grace: NodeJS.Timeout | undefined;
      // The answer is final once known, but the step log should hold every line the function
      // wrote, so resolve when the child's streams close (the runtime answers only after its
      // output drained), or after a short grace period: then the log says it was cut there.
      const answered = (o: TaskOutcome) => {
        if (outcome) return;
        outcome = o;
        grace = setTimeout(() => {
          if (child.stdout?.readable || child.stderr?.readable) {
            inv.log(localMessage('outputCut', this.locale, OUTPUT_GRACE_MS));
            child.stdout?.destroy();
            child.stderr?.destroy();
          }
          child.kill('SIGKILL');
          resolveOnce();
        }, OUTPUT_GRACE_MS);
      };
      const fail = (errorType: string, errorMessage: string, kill: boolean) => {
        if (outcome) return;
        const body = JSON.stringify({ errorMessage });
        inv.log(`local: ${errorType}: ${errorMessage}`);
        answered(outcomeFromFunctionError(errorType, body));
        if (kill) child.kill('SIGKILL');
      };
      const timer = debug ? undefined : setTimeout(() => fail('UnhandledInvocationError', `Function time out after ${fn.timeoutSeconds} seconds`, true), timeoutMs);
      /** Set once this process is given up for a new one without a debugger: its own events no longer count. */
      let replaced = false;
      let attachTimer: NodeJS.Timeout | undefined;
      const withoutDebugger = (why: string) => {
        if (replaced || outcome) return;
        replaced = true;
        clearTimeout(attachTimer);
        inv.signal.removeEventListener('abort', onAbort);
        inv.log(localMessage('debugNotAttached', this.locale, why));
        child.kill('SIGKILL');
        const again = this.run(inv, fn, script, requestId, api, undefined);
        void again.delivered.then(deliveredAs);
        void again.ended.then(resolve);
      };
      const onInspector = (m: RuntimeMessage) => {
        if (!debug || typeof m.url !== 'string' || !child.pid) return withoutDebugger('no inspector address');
        const port = Number(new URL(m.url).port);
        const target = { url: m.url, port, pid: child.pid, functionName: fn.functionName, handlerFile: String(m.handlerFile ?? fn.codeDir), runtimeFile: script };
        attachTimer = setTimeout(() => withoutDebugger(`no debugger within ${ATTACH_WAIT_MS / 1000} s`), ATTACH_WAIT_MS);
        debug.attach(target).then(
          (attaching) => attaching || withoutDebugger('the debugger did not attach'),
          (e: unknown) => withoutDebugger((e as Error).message),
        );
      };
      const onAbort = () => {
        if (!outcome) cancelled = true;
        fail('UnhandledInvocationError', 'Invocation cancelled (step timed out or execution stopped)', true);
      };
      if (inv.signal.aborted) onAbort();
      else inv.signal.addEventListener('abort', onAbort, { once: true });

      child.on('message', (m: RuntimeMessage) => {
        if (replaced) return;
        if (m?.type === 'inspector') return onInspector(m);
        if (m?.type === 'attached') return clearTimeout(attachTimer);
        if (m?.type === 'noInspector') return debug?.cannot(String(m.reason));
        if (m?.type === 'ack' || m?.type === 'done') deliveredAs(true);
        if (!m || m.type !== 'done' || outcome) return;
        if (m.errorType) {
          // Serialised here, so held to the limits first (a RangeError in this handler would crash the engine).
          const check = checkJsonValue(m.payload ?? {});
          const body = check.ok ? JSON.stringify(m.payload ?? {}) : JSON.stringify({ errorMessage: jsonLimitText(engineText('valueTaskResult', inv.stepName), check) });
          const o = outcomeFromFunctionError(String(m.errorType), body);
          inv.log(`local: ${m.errorType}: ${o.error}: ${o.cause}`);
          for (const line of stackLines(body)) inv.log(line);
          answered(o);
        } else {
          // Text is parsed as FC does; any other value goes as it is to the engine, which judges every result (task-attempt.ts).
          answered(typeof m.body === 'string' || m.body === undefined ? outcomeFromFunctionBody(m.body ?? '', inv.stepName, this.locale) : { kind: 'succeeded', output: m.body });
        }
      });
      child.on('error', (e) => {
        if (replaced) return;
        // A message to a process that has just died (killed with the engine's group, Ctrl-C):
        // its 'close' follows and judges the death, with the grace a signal from outside gets.
        if ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ERR_IPC_CHANNEL_CLOSED') return;
        if (!outcome) cancelled = true;
        fail('UnhandledInvocationError', e.message, true);
        resolveOnce();
      });
      child.on('close', (_code, signal) => {
        if (replaced) return;
        clearTimeout(attachTimer);
        // Exited without answering: a crash or process.exit() inside the function, or a signal
        // from outside. Ctrl-C in a terminal reaches the function's process as well as the
        // engine's: the engine then suspends the execution (which cancels the step), and must
        // not first record the invocation as failed. So a process killed from outside answers
        // a moment later, and only if the step is still waiting then.
        const killedFromOutside = signal !== null && !outcome;
        fail('UnhandledInvocationError', `Process exited unexpectedly before completing request (duration: ${Date.now() - started}ms, maxMemoryUsage: 0MB)`, false);
        if (!killedFromOutside) return resolveOnce();
        cancelled = true;
        clearTimeout(grace);
        grace = setTimeout(resolveOnce, KILLED_FROM_OUTSIDE_GRACE_MS);
      });
      const message = {
        type: 'invoke',
        requestId,
        codeDir: fn.codeDir,
        event: JSON.stringify(inv.input ?? {}),
        credentials: { accessKeyId: api?.accessKeyId ?? '', accessKeySecret: api?.accessKeySecret ?? '', securityToken: '' },
        function: {
          name: fn.functionName,
          handler: fn.handler,
          memory: fn.memorySize,
          timeout: fn.timeoutSeconds,
          initializer: fn.initializer,
          initializationTimeout: fn.initializationTimeoutSeconds,
        },
        service: { name: fn.serviceName ?? '', logProject: fn.logProject ?? '', logStore: fn.logStore ?? '', qualifier: arn.qualifier || 'LATEST', versionId: '' },
        region,
        accountId,
        ...(debug ? { debug: true } : {}),
      };
      try {
        child.send(message);
      } catch (e) {
        cancelled = true;
        fail('UnhandledInvocationError', (e as Error).message, true);
      }
    });
    return { ended, delivered };
  }
}

/** waitForCallback always submits asynchronously; requestResponse does when serviceParams say Async. */
function isAsynchronous(inv: TaskInvocation): boolean {
  if (inv.pattern === 'waitForCallback') return true;
  return isAsyncRequestResponse(inv);
}

/**
 * The id a stateful async invocation carries: serviceParams.StatefulAsyncInvocationID with
 * InvocationType Async (issue 3: `sync` "with InvocationType: Async and StatefulAsyncInvocationID
 * the invocation carries that id"; an async requestResponse sends it to FC too).
 */
function statefulInvocationIdOf(inv: TaskInvocation): string | undefined {
  const params = inv.serviceParams ?? {};
  const id = params.StatefulAsyncInvocationID;
  if (typeof id !== 'string' || !id || !asyncRequested(params)) return undefined;
  return inv.pattern === 'sync' || inv.pattern === 'requestResponse' ? id : undefined;
}

function childEnvironment(fn: LocalFunction, region: string, accountId: string, api: LocalFnfApiAccess | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'Path', 'HOME', 'USERPROFILE', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'SYSTEMROOT', 'SystemRoot']) {
    if (process.env[k] !== undefined) env[k] = process.env[k];
  }
  Object.assign(env, fn.environmentVariables);
  Object.assign(env, {
    FC_FUNC_CODE_PATH: fn.codeDir,
    FC_FUNCTION_NAME: fn.functionName,
    FC_FUNCTION_HANDLER: fn.handler,
    FC_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    FC_REGION: region,
    FC_ACCOUNT_ID: accountId,
  });
  if (api) {
    Object.assign(env, {
      FNF_ENDPOINT: api.endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: api.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: api.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: '',
    });
  }
  return env;
}

function pipeLines(child: ChildProcess, log: (line: string) => void): void {
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (l) => log(l));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (l) => log(`stderr: ${l}`));
}

function parseArnParts(arn: string): { region: string; accountId: string; qualifier: string } {
  const p = parseFunctionArn(arn);
  return { region: p?.region ?? '', accountId: p?.accountId ?? '', qualifier: p?.qualifier ?? '' };
}

/**
 * The runtime script: beside the bundle in dist/ (esbuild copies it there), or in the source tree
 * when running from TypeScript sources (tests).
 */
export function runtimeScriptPath(): string | undefined {
  const candidates = [join(__dirname, 'fc-node-runtime.js'), join(__dirname, 'local-runtime', 'fc-node-runtime.js')];
  return candidates.find((p) => existsSync(p));
}
