/**
 * A finished execution as a scenario (scenario.ts) that replays it without running a function:
 * its input, one mock entry per task invocation recorded from the history (a task's result, a
 * callback's report, a refused or timed-out invocation), and its status, output or error and path
 * as the expectation. It reads only the Backend's shapes (ExecutionSummary, HistoryEvent), so an
 * embedded engine's execution and a cloud one are recorded alike. No I/O: the caller writes the text.
 *
 * Readings (engine/SEMANTICS.md, "Scenarios recorded from an execution"):
 * - Entries are keyed by step (state) name and listed in the order the tasks were scheduled, which
 *   is the order the mocks are consumed in (one entry per invocation, retries and iterations alike).
 * - Each entry answers after a `delayMs` chosen so that, on the virtual time `fdl test` runs on,
 *   the answers arrive in the order the history recorded them and at their recorded offsets: concurrent
 *   branches and iterations finish in the recorded order, and the path compares equal. (A wait or a
 *   retry interval in between shifts later answers; see SEMANTICS.md.)
 * - A StateMachine state that finished after a sibling branch or iteration had failed (a late
 *   local result) is not in the expected path: the replay cancels its mock there, every time.
 * - `cause` is not expected: the engine words its own causes in the user's language, so the same
 *   execution would not compare equal under another locale. The error name is stable and expected.
 * - A Stopped execution is refused: nothing in a scenario stops an execution, so it cannot replay.
 */
import type { ExecutionSummary, HistoryEvent } from './backend';
import { Document } from 'yaml';
import { asyncRequested } from './invoker';
import type { MockEntry } from './invokers/mocks-file';
import { engineText } from './messages';

export interface RecordedScenario {
  name: string;
  /** The flow file, as the scenario names it (relative to the scenario file). */
  flow: string;
  input: Record<string, unknown>;
  mocks?: { tasks: Record<string, MockEntry[]> };
  expect: { status: string; output?: unknown; error?: string; path: string[] };
}

export interface RecordOptions {
  summary: Pick<ExecutionSummary, 'flowName' | 'name' | 'status' | 'input' | 'output' | 'error'>;
  history: readonly HistoryEvent[];
  /** The flow file relative to where the scenario will be written (forward slashes). */
  flowFile: string;
  name?: string;
}

/** Thrown for an execution that cannot be a scenario; the message is in the user's language. */
export class ScenarioRecordingError extends Error {}

const FINISHED = new Set(['Succeeded', 'Failed', 'TimedOut']);

/** The least flow time between two recorded answers in a replay (see recordTasks). */
const ANSWER_GAP_MS = 100;

export function scenarioFromExecution(o: RecordOptions): RecordedScenario {
  const { summary, history } = o;
  if (summary.status === 'Stopped') throw new ScenarioRecordingError(engineText('recordStopped', summary.name));
  if (!FINISHED.has(summary.status)) throw new ScenarioRecordingError(engineText('recordNotFinished', summary.name, summary.status));
  const started = history.find((e) => e.type === 'ExecutionStarted');
  const input = objectOf(summary.input !== undefined && summary.input !== '' ? parseJson(summary.input) : detailOf(started)?.input);
  const tasks = recordTasks(history);
  const ended = [...history].reverse().find((e) => /^Execution(Succeeded|Failed|TimedOut)$/.test(e.type));
  const expect: RecordedScenario['expect'] = { status: summary.status, path: pathOf(history) };
  if (summary.status === 'Succeeded') expect.output = summary.output !== undefined && summary.output !== '' ? parseJson(summary.output) : (detailOf(ended)?.output ?? {});
  else {
    const error = summary.error ?? (detailOf(ended)?.error as string | undefined);
    if (error) expect.error = error;
  }
  return {
    name: o.name ?? `${summary.flowName} ${summary.name}`,
    flow: o.flowFile,
    input,
    ...(Object.keys(tasks).length ? { mocks: { tasks } } : {}),
    expect,
  };
}

/** One task invocation as the history shows it, filled in as its outcome events arrive. */
interface Invocation {
  key: string;
  scheduledAt: number;
  timeoutSeconds?: number;
  /** An async requestResponse invocation ends when it is accepted (TaskSubmitted). */
  endsWhenAccepted: boolean;
  /** A StateMachine Function Compute result the engine recorded under `Body` (run/sm-states/task.ts). */
  underBody: boolean;
  entry?: MockEntry;
  /** True once a final outcome (not only an accepted submission) is known. */
  final: boolean;
}

function recordTasks(history: readonly HistoryEvent[]): Record<string, MockEntry[]> {
  const byId = new Map<number, Invocation>();
  const order: Invocation[] = [];
  // The replay's time: a task is invoked when the answer before it arrives (virtual time jumps
  // when the flow is idle), and each answer comes at its recorded offset from the start, at least
  // ANSWER_GAP_MS after the one before, so answers arrive in the recorded order (ties included)
  // even though a replay's invocations are themselves a few real milliseconds apart.
  const start = timeOf(history[0]);
  let clock = 0;
  let answered = false;
  const answerAt = (e: HistoryEvent) => {
    clock = answered ? Math.max(timeOf(e) - start, clock + ANSWER_GAP_MS) : Math.max(timeOf(e) - start, 0);
    answered = true;
    return clock;
  };
  const stateMachine = history.some((e) => /^State/.test(e.type));
  for (const e of history) {
    const d = detailOf(e) ?? {};
    if (e.type === 'TaskScheduled') {
      const inv: Invocation = {
        key: e.stepName ?? String(d.resource ?? '*'),
        scheduledAt: clock,
        timeoutSeconds: typeof d.timeoutSeconds === 'number' ? d.timeoutSeconds : undefined,
        endsWhenAccepted: d.pattern === 'requestResponse' && asyncRequested(objectOf(d.serviceParams)),
        // A callback's report is recorded as reported; an invocation's result is put under Body.
        underBody: stateMachine && String(d.resource ?? '').startsWith('acs:fc:') && d.pattern !== 'waitForCallback',
        final: false,
      };
      byId.set(e.eventId, inv);
      order.push(inv);
      continue;
    }
    if (!/^Task(Submitted|SubmitFailed|Succeeded|Failed|TimedOut)$/.test(e.type)) continue;
    // The engine names the scheduling event; a history without it pairs with the step's oldest open task.
    const inv = (e.scheduleEventId !== undefined ? byId.get(e.scheduleEventId) : undefined) ?? order.find((i) => !i.final && i.key === e.stepName);
    if (!inv || inv.final) continue;
    // A callback's acceptance is immediate in a replay (the mock accepts), not an answer.
    const answers = e.type !== 'TaskSubmitted' || inv.endsWhenAccepted;
    // An answer that came in time stays within the task's timeout, whatever the spacing added.
    const inTime = (delay: number) => (inv.timeoutSeconds !== undefined ? Math.min(delay, inv.timeoutSeconds * 1000 - 1) : delay);
    const timed = (entry: MockEntry): MockEntry => (answers ? { ...entry, delayMs: inTime(answerAt(e) - inv.scheduledAt) } : entry);
    switch (e.type) {
      case 'TaskSubmitted':
        // Accepted: the end of an async invocation; else the wait for a callback's or a child flow's result.
        inv.entry = timed({ output: {} });
        inv.final = inv.endsWhenAccepted;
        break;
      case 'TaskSucceeded':
        inv.entry = timed({ output: inv.underBody ? (objectOf(d.output).Body ?? {}) : (d.output ?? {}) });
        inv.final = true;
        break;
      case 'TaskSubmitFailed':
      case 'TaskFailed':
        inv.entry = timed({ error: String(d.error ?? 'Error'), cause: String(d.cause ?? '') });
        inv.final = true;
        break;
      case 'TaskTimedOut':
        // No answer within the task's timeout: an answer that comes later, so the replay times out too.
        inv.entry =
          inv.timeoutSeconds !== undefined
            ? { output: {}, delayMs: inv.timeoutSeconds * 1000 + 1000 }
            : timed({ error: String(d.error ?? 'FnF.TaskTimeout'), cause: String(d.cause ?? '') });
        inv.final = true;
        break;
    }
  }
  const tasks: Record<string, MockEntry[]> = {};
  for (const inv of order) {
    // Still unanswered when the execution ended (another branch failed, the execution timed out):
    // an answer after the recorded end, so the replay ends first as the execution did.
    const entry = inv.final && inv.entry ? inv.entry : { output: {}, delayMs: Math.max(clock, timeOf(history[history.length - 1]) - start) - inv.scheduledAt + 1000 };
    (tasks[inv.key] ??= []).push(entry);
  }
  return tasks;
}

/**
 * The steps (states) that finished, in history order: what `fdl test` compares `path` with
 * (run-flow.ts stepPath), as a replay orders them after a sibling's failure (replayOrder).
 */
function pathOf(history: readonly HistoryEvent[]): string[] {
  const { late, moved } = replayOrder(history);
  return history
    .map((e, i) => ({ e, key: moved.get(e.eventId) ?? i, i }))
    .filter(({ e }) => /^(Step|State)(Succeeded|Failed)$/.test(e.type) && e.stepName && !late.has(e.eventId))
    .sort((x, y) => x.key - y.key || x.i - y.i)
    .map(({ e }) => e.stepName!);
}

const SCOPE_ENTERED = /^(Branch|Iteration)Entered$/;
/** What a replay's flow waits for: an answer (a mock's) or a timer. Each starts what follows it. */
const WAKES = /^(Task(Succeeded|Failed|TimedOut|Submitted|SubmitFailed)|TimerFired)$/;

/**
 * A StateMachine Parallel or Map visit whose branch (iteration) failed uncaught aborts the other
 * branches (iterations) in the same turn (run/steps/concurrent.ts): a mocked task waiting there
 * is cancelled at once, while a local function's code runs on and its late result is still
 * recorded, and the visit ends only after it. A replay's answers come at least ANSWER_GAP_MS apart
 * on virtual time, so no answer can arrive between the failure and the abort. So, as every replay
 * has it:
 * - `late`: the ends of steps in an aborted scope recorded after the abort are not in the path;
 * - `moved`: what followed such a late answer in the scope the visit is in (the visit's end, its
 *   Catch, the states after it) comes right after what followed the failure, before any answer
 *   recorded in between (the value is the history index to sort it before); what followed it
 *   outside that scope (an enclosing Map's end) stays where it was, after those answers.
 * A failure is a branch's when nothing follows from it (no Catch took it); the scopes are read
 * from each event's scheduleEventId (the event it follows from). StateMachine only: there the
 * cancelled visit ends with StateAborted, not in a path; classic records it as StepFailed
 * (run/scheduler.ts), in the path where the execution had it.
 */
function replayOrder(history: readonly HistoryEvent[]): { late: Set<number>; moved: Map<number, number> } {
  const byId = new Map(history.map((e) => [e.eventId, e]));
  const followed = new Set(history.map((e) => e.scheduleEventId));
  // The branch or iteration entries an event is inside, nearest first.
  const scopesOf = (e: HistoryEvent): HistoryEvent[] => {
    const out: HistoryEvent[] = [];
    const seen = new Set<number>();
    for (let p = e.scheduleEventId; p !== undefined && !seen.has(p); p = byId.get(p)?.scheduleEventId) {
      seen.add(p);
      const a = byId.get(p);
      if (!a) break;
      if (SCOPE_ENTERED.test(a.type)) out.push(a);
    }
    return out;
  };
  const nextWake = (from: number) => {
    for (let j = from + 1; j < history.length; j++) if (WAKES.test(history[j].type)) return j;
    return history.length;
  };
  // Aborted scope entry → the history index what follows a late answer there is placed before,
  // and the scope the failed visit is in (what follows it there moves; the rest waits as before).
  const aborted = new Map<number, { at: number; home?: number }>();
  const late = new Set<number>();
  const moved = new Map<number, number>();
  let moving: { at: number; home?: number } | undefined;
  history.forEach((e, i) => {
    const scopes = scopesOf(e);
    const abortedIn = scopes.find((s) => aborted.has(s.eventId));
    if (WAKES.test(e.type)) moving = abortedIn && aborted.get(abortedIn.eventId);
    const at = moving && (moving.home === undefined || scopes.some((s) => s.eventId === moving!.home)) ? moving.at : undefined;
    if (at !== undefined) moved.set(e.eventId, at - 0.5);
    if (/^State(Succeeded|Failed)$/.test(e.type) && abortedIn) late.add(e.eventId);
    if (!/^State(Failed|TimedOut)$/.test(e.type) || followed.has(e.eventId) || late.has(e.eventId)) return;
    // Uncaught: its branch or iteration fails, and the visit aborts that scope's siblings.
    const [scope] = scopes;
    if (!scope) return;
    const visit = byId.get(scope.scheduleEventId!);
    const home = visit ? scopesOf(visit)[0]?.eventId : undefined;
    const to = { at: at ?? nextWake(i), home };
    for (const s of history) if (SCOPE_ENTERED.test(s.type) && s.scheduleEventId === scope.scheduleEventId && s.eventId !== scope.eventId) aborted.set(s.eventId, to);
  });
  return { late, moved };
}

function detailOf(e: HistoryEvent | undefined): Record<string, unknown> | undefined {
  if (!e?.eventDetail) return undefined;
  const v = parseJson(e.eventDetail);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function objectOf(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function timeOf(e: HistoryEvent | undefined): number {
  const t = e ? Date.parse(e.time) : NaN;
  return Number.isFinite(t) ? t : 0;
}

/**
 * The scenario as the YAML `fdl test` reads, after the given comment lines (the caller words them
 * in the user's language). Key order: name, flow, input, mocks, expect.
 */
export function scenarioText(s: RecordedScenario, comment: readonly string[] = []): string {
  const doc = new Document(s);
  if (comment.length) doc.commentBefore = comment.map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}
