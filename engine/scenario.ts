/**
 * Declarative scenarios for `fdl test` (and the engine's own fixture tests).
 *
 * A scenario is either a file (YAML or JSON):
 *   flow: order.flow.yaml          # relative to the scenario file
 *   input: {orderId: 1}
 *   mocks: order.mocks.yaml        # a mocks file, or inline {tasks: …}
 *   expect: {status: Succeeded, output: {…}, error: …, cause: …, path: [StepA, StepB]}
 *   maxEvents: 200                 # optional: the most events the execution may have, a whole
 *                                  # number ≥ 0 (0 = no limit); default `fdl test --max-events`,
 *                                  # else the service's 5,000 (run/patterns/event-limit.ts)
 * or a folder holding flow.flow.yaml, input.json, mocks.yaml and expected.json (the expect part).
 * Only the expectations written are checked; `path` lists steps in the order they finished;
 * `visitEnds` lists `<event type> <state>` for every event that ends a state visit (StepExited,
 * StateSucceeded, StateFailed, StateTimedOut, StateAborted), in history order.
 */
import { deepStrictEqual } from 'node:assert';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { defineMessages, formatMessage } from '../fdl/messages';
import type { HistoryEvent } from './backend';
import { endsVisit, isEngineEvent } from './history/events';
import { toHistoryEvent, type LocalBackend } from './local-backend';
import { MAX_NESTING, tooDeepAt } from '../fdl/input-limits';
import { MAX_DOCUMENT_BYTES, readUtf8Text, unreadableReason } from './flow-text';
import { checkJsonValue, jsonLimitText, MAX_JSON_BYTES, MAX_JSON_DEPTH } from './json-limits';
import { engineLocale, engineMessages } from './messages';
import { loadMocksFile, parseMocks, type MocksFile } from './invokers/mock-invoker';
import { runFlowFile, stepPath, type RunFlowResult } from './run-flow';
import type { TaskInvoker } from './invoker';

export interface ScenarioExpectation {
  status?: string;
  output?: unknown;
  error?: string;
  cause?: string;
  path?: string[];
  visitEnds?: string[];
}

export interface Scenario {
  name: string;
  flowPath: string;
  input: Record<string, unknown>;
  mocks?: MocksFile;
  expect: ScenarioExpectation;
  /** The event limit this scenario asks for (file form only); else the runner's default. */
  maxEvents?: number;
}

const messages = defineMessages({
  noFolderFlow: '{0}: no flow.flow.yaml in this folder',
  needsFlow: '{0}: a scenario needs `flow: <file>`',
  couldNotRun: 'could not run: {0}',
  unreadable: '{0} cannot be read: {1}',
  notYaml: '{0}: not YAML: {1}',
  notJson: '{0}: not JSON: {1}',
  tooDeep: '{0}:{1}: nests collections more than {2} levels deep; it is not read (a value in a scenario may nest at most {3} levels).',
  maxEvents: "{0}:{1}: maxEvents must be a whole number ≥ 0 (0 = no limit; the service's default is 5,000 events per execution), got {2}",
});

export function loadScenario(path: string): Scenario {
  const p = resolve(path);
  if (statSync(p).isDirectory()) {
    const read = (f: string) => (existsSync(join(p, f)) ? readNamed(join(p, f), f.endsWith('.json') ? MAX_JSON_BYTES : MAX_DOCUMENT_BYTES) : undefined);
    const flowFile = ['flow.flow.yaml', 'flow.flow.yml'].map((f) => join(p, f)).find((f) => existsSync(f));
    if (!flowFile) throw new Error(formatMessage(messages.noFolderFlow, engineLocale(), path));
    return {
      name: p.split(/[\\/]/).pop() ?? path,
      flowPath: flowFile,
      input: jsonOf(join(p, 'input.json'), read('input.json')) as Record<string, unknown>,
      mocks: read('mocks.yaml') !== undefined ? parseMocks(read('mocks.yaml')!, join(p, 'mocks.yaml')) : undefined,
      expect: jsonOf(join(p, 'expected.json'), read('expected.json')) as ScenarioExpectation,
    };
  }
  const text = readNamed(p, MAX_DOCUMENT_BYTES);
  // `yaml` recurses once per level: some thousand levels overflow its stack (as in a flow or a mocks file).
  const deep = tooDeepAt(text, MAX_NESTING);
  if (deep !== undefined) throw new Error(formatMessage(messages.tooDeep, engineLocale(), path, text.slice(0, deep).split('\n').length, MAX_NESTING, MAX_JSON_DEPTH));
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    // A syntax error (its message says where), or aliases expanding past yaml's count.
    throw new Error(formatMessage(messages.notYaml, engineLocale(), path, (e as Error).message));
  }
  const doc = parsed as {
    name?: string;
    flow?: string;
    input?: Record<string, unknown>;
    mocks?: string | MocksFile;
    expect?: ScenarioExpectation;
    maxEvents?: unknown;
  } | null;
  if (!doc || typeof doc.flow !== 'string') throw new Error(formatMessage(messages.needsFlow, engineLocale(), path));
  const base = dirname(p);
  const mocks = typeof doc.mocks === 'string' ? loadMocksFile(resolve(base, doc.mocks)) : doc.mocks ? parseMocks(inlineMocksText(doc.mocks, path), path) : undefined;
  return { name: doc.name ?? path, flowPath: resolve(base, doc.flow), input: doc.input ?? {}, mocks, expect: doc.expect ?? {}, ...maxEventsOf(doc.maxEvents, path, text) };
}

/** A fixture folder's JSON file (`{}` when absent); text that is not JSON fails naming the file. */
function jsonOf(file: string, text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(formatMessage(messages.notJson, engineLocale(), file, (e as Error).message));
  }
}

/** Inline mocks as the text parseMocks reads; a number out of range is refused first (JSON text would write it as null). */
function inlineMocksText(mocks: MocksFile, path: string): string {
  const check = checkJsonValue(mocks, { finiteNumbers: true, maxBytes: Number.POSITIVE_INFINITY, maxDepth: Number.POSITIVE_INFINITY });
  if (!check.ok && check.problem === 'range') throw new Error(`${path}: ${jsonLimitText('mocks', check)}`);
  return JSON.stringify(mocks);
}

/** A file of a scenario, read within `maxBytes` as UTF-8 (flow-text.ts); a failure names the file. */
function readNamed(path: string, maxBytes: number): string {
  let read: ReturnType<typeof readUtf8Text>;
  try {
    read = readUtf8Text(path, maxBytes);
  } catch (e) {
    throw new Error(formatMessage(messages.unreadable, engineLocale(), path, unreadableReason(e)));
  }
  if ('text' in read) return read.text;
  const { byte, line, column } = read.notUtf8;
  throw new Error(formatMessage(messages.unreadable, engineLocale(), path, formatMessage(engineMessages.fileNotUtf8, engineLocale(), byte, line, column)));
}

/** A scenario's `maxEvents`, refused with its file and line unless a whole number ≥ 0. */
function maxEventsOf(value: unknown, path: string, text: string): { maxEvents?: number } {
  if (value === undefined || value === null) return {};
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { maxEvents: value };
  // The key's line (YAML or JSON form); the parsed value alone does not say where it was.
  const line = text.slice(0, Math.max(0, text.search(/^\s*"?maxEvents"?\s*:/m))).split('\n').length;
  throw new Error(formatMessage(messages.maxEvents, engineLocale(), path, line, JSON.stringify(value)));
}

/** One expectation that did not hold: which one, what the scenario expects and what the run gave. */
export interface ScenarioMismatch {
  field: keyof ScenarioExpectation;
  expected: unknown;
  actual: unknown;
}

export interface ScenarioResult {
  scenario: Scenario;
  result?: RunFlowResult;
  /** Each failure as `fdl test` prints it. */
  failures: string[];
  /** The expectations that did not hold (none when the run could not start), for side-by-side views. */
  mismatches: ScenarioMismatch[];
}

/**
 * Runs one scenario. A scenario needs no persistence: its history is kept in memory (MemoryStore)
 * unless `storeDir` asks for a durable store there. `maxEvents` is the event limit of a scenario
 * that does not set its own.
 */
export async function runScenario(s: Scenario, options: { storeDir?: string; timeScale?: number; invokers?: TaskInvoker[]; maxEvents?: number } = {}): Promise<ScenarioResult> {
  try {
    const maxEventsPerExecution = s.maxEvents ?? options.maxEvents;
    const result = await runFlowFile({
      flowPath: s.flowPath,
      input: s.input,
      mocks: s.mocks,
      storeDir: options.storeDir,
      timeScale: options.timeScale ?? 0,
      invokers: options.invokers,
      maxEventsPerExecution,
    });
    return judged(s, result);
  } catch (e) {
    return { scenario: s, mismatches: [], failures: [formatMessage(messages.couldNotRun, engineLocale(), (e as Error).message)] };
  }
}

/**
 * A scenario's expectations checked against an execution that ran elsewhere, on `backend`: the
 * Testing view's Debug profile runs the scenario as a debug session on the embedded engine.
 */
export async function scenarioResultOf(s: Scenario, backend: LocalBackend, flowName: string, executionName: string): Promise<ScenarioResult> {
  const state = await backend.waitForExecution(flowName, executionName);
  const history = backend.readStoredHistory(flowName, executionName);
  return judged(s, { flowName, executionName, status: state.status, output: state.output, error: state.error, cause: state.cause, path: stepPath(history), history });
}

function judged(s: Scenario, result: RunFlowResult): ScenarioResult {
  const mismatches = compare(s.expect, result);
  return { scenario: s, result, mismatches, failures: mismatches.map((m) => `${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`) };
}

/** The run's history as the Backend API shows it (what coverage folds), or undefined when it could not run. */
export function scenarioHistory(r: ScenarioResult): HistoryEvent[] | undefined {
  return r.result?.history.filter((e) => !isEngineEvent(e.type)).map(toHistoryEvent);
}

function compare(expect: ScenarioExpectation, r: RunFlowResult): ScenarioMismatch[] {
  const failures: ScenarioMismatch[] = [];
  const check = (field: keyof ScenarioExpectation, want: unknown, got: unknown) => {
    if (want === undefined) return;
    try {
      deepStrictEqual(got, want);
    } catch {
      failures.push({ field, expected: want, actual: got });
    }
  };
  check('status', expect.status, r.status);
  check('output', expect.output, r.output);
  check('error', expect.error, r.error);
  check('cause', expect.cause, r.cause);
  check('path', expect.path, r.path);
  if (expect.visitEnds)
    check(
      'visitEnds',
      expect.visitEnds,
      r.history.filter((e) => endsVisit(e.type)).map((e) => `${e.type} ${e.stepName ?? ''}`),
    );
  return failures;
}
