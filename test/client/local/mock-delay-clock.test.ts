/**
 * A mock's `delayMs` in the extension's runs (the embedded engine, whose one invoker picks each
 * execution's mocks and local functions: client/local/execution-invokers.ts) is flow time on the
 * execution's clock, as in `fdl run`: at time scale 0 a 2 s mock against a 1 s timeoutSeconds times
 * out at once and its catch runs; at scale 1 it times out after 1 s of real time; a debug launch's
 * own scale counts it too; waits and mock delays keep their order (engine/SEMANTICS.md "Time").
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { embeddedRunHost } from '../../../client/local/debug-run-host';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../client/local/embedded-engine';
import { scenarioExecutionInvokers, scenarioInvokers } from '../../../client/local/scenario-invokers';
import { FlowDebugger } from '../../../engine/debug/flow-debugger';
import type { HistoryEvent } from '../../../engine/backend';
import { loadScenario, runScenario } from '../../../engine/scenario';
import { engineOptions } from './engine-options';

function workspace(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-mock-clock-'));
  cpSync(join(__dirname, 'fixtures'), dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function engineAt(t: { after(fn: () => Promise<void>): void }, root: string, timeScale: number): Promise<EmbeddedEngine> {
  const engine = await startEmbeddedEngine(engineOptions(root, { timeScale, startApi: false }));
  t.after(() => engine.dispose());
  return engine;
}

/** Runs a flow of the fixtures as Run Flow does (its mocks file beside it); gives its end, history and the real milliseconds it took. */
async function runFlow(engine: EmbeddedEngine, root: string, flowName: string) {
  const flowPath = join(root, 'flows', `${flowName}.flow.yaml`);
  const began = performance.now();
  const started = await engine.backend.startExecution({ flowName, definition: readFileSync(flowPath, 'utf8'), flowPath });
  const end = await engine.backend.waitForExecution(flowName, started.name);
  const realMs = performance.now() - began;
  return { end, realMs, history: await engine.backend.getExecutionHistory(flowName, started.name) };
}

/** Flow milliseconds from the execution's start to the event of `type` for `step`. */
function at(history: HistoryEvent[], type: string, step: string): number {
  const e = history.find((x) => x.type === type && x.stepName === step);
  assert.ok(e, `a ${type} for ${step}`);
  return Date.parse(e.time) - Date.parse(history[0].time);
}

/** The timed-out task took its catch: what the flow ends with (errorMappings, then the recover step). */
function assertCaught(end: { status: string; output?: unknown; cause?: string }, history: HistoryEvent[]): void {
  assert.equal(end.status, 'Succeeded', end.cause);
  assert.deepEqual(end.output, { failedWith: 'FnF.TaskTimeout', recovered: true });
  assert.ok(!history.some((e) => e.stepName === 'skipped'), 'the step after the task is skipped by the catch');
  // The timeout fired at 1 s of flow time, before the mock's 2 s answer.
  const timedOut = at(history, 'TaskTimedOut', 'slow');
  assert.ok(timedOut >= 1000 && timedOut < 1500, `timed out at ${timedOut} ms of flow time`);
}

test('Run Flow at time scale 0: a 2 s mock against a 1 s timeoutSeconds times out at once and the catch runs', async (t) => {
  const root = workspace(t);
  const engine = await engineAt(t, root, 0);
  const { end, realMs, history } = await runFlow(engine, root, 'slow-timeout');
  assertCaught(end, history);
  // Held in real time (the mock counted as real work), the timeout would have fired after 1 s.
  t.diagnostic(`real time: ${realMs.toFixed(0)} ms`);
  assert.ok(realMs < 700, `took ${realMs.toFixed(0)} ms of real time`);
});

test('Run Flow at time scale 1: the same mock times out after 1 s of real time, not at its 2 s answer', async (t) => {
  const root = workspace(t);
  const engine = await engineAt(t, root, 1);
  const { end, realMs, history } = await runFlow(engine, root, 'slow-timeout');
  assertCaught(end, history);
  t.diagnostic(`real time: ${realMs.toFixed(0)} ms`);
  assert.ok(realMs >= 990 && realMs < 1900, `took ${realMs.toFixed(0)} ms of real time`);
});

test('a debug launch at time scale 0 on an engine at 1: its mocks file counts on the launch’s own clock', async (t) => {
  const root = workspace(t);
  const engine = await engineAt(t, root, 1);
  const program = join(root, 'flows', 'slow-timeout.flow.yaml');
  const host = embeddedRunHost(engine, { trusted: () => false, locale: 'en', scenarioInvokers: () => [] });
  const definition = readFileSync(program, 'utf8');
  const dbg = new FlowDebugger(definition, { stopped: () => {}, thread: () => {}, output: () => {} });
  const began = performance.now();
  // The launch's own mocks file (engine.useInvokers), not the one beside the flow.
  const run = await host.start({ program, mocks: 'slow-timeout.mocks.yaml', timeScale: 0 }, definition, '{}', dbg);
  const ended = await run.ended;
  const realMs = performance.now() - began;
  const end = await engine.backend.waitForExecution(run.flowName, run.executionName);
  assertCaught(end, await engine.backend.getExecutionHistory(run.flowName, run.executionName));
  assert.equal(ended.status, 'Succeeded');
  t.diagnostic(`real time: ${realMs.toFixed(0)} ms`);
  assert.ok(realMs < 700, `took ${realMs.toFixed(0)} ms of real time`);
});

test('Run Flow at time scale 0: a mock’s delay keeps its order with the waits of another branch', async (t) => {
  const root = workspace(t);
  const engine = await engineAt(t, root, 0);
  const { end, realMs, history } = await runFlow(engine, root, 'mock-and-waits');
  assert.equal(end.status, 'Succeeded', end.cause);
  const shortPause = at(history, 'StepExited', 'shortPause');
  const slowCall = at(history, 'TaskSucceeded', 'slowCall');
  const longPause = at(history, 'StepExited', 'longPause');
  assert.ok(shortPause < slowCall && slowCall < longPause, `1 s wait at ${shortPause}, 3 s mock at ${slowCall}, then 4 s wait at ${longPause} (flow ms)`);
  assert.ok(Math.abs(slowCall - 3000) < 300 && Math.abs(longPause - 5000) < 300, `mock at ${slowCall}, second wait at ${longPause} (flow ms)`);
  t.diagnostic(`real time: ${realMs.toFixed(0)} ms`);
  assert.ok(realMs < 700, `took ${realMs.toFixed(0)} ms of real time`);
});

test('local function code behind the same invoker still holds the clock at time scale 0: its 300 ms of real work is not timed out', async (t) => {
  const root = workspace(t);
  const engine = await startEmbeddedEngine(engineOptions(root, { timeScale: 0, startApi: false, isTrusted: () => true }));
  t.after(() => engine.dispose());
  const flowPath = join(root, 'local-code', 'work.flow.yaml');
  const started = await engine.backend.startExecution({ flowName: 'work', definition: readFileSync(flowPath, 'utf8'), flowPath });
  const end = await engine.backend.waitForExecution('work', started.name);
  assert.equal(end.status, 'Succeeded', end.cause);
  // Time skipped to the 1 s timeout while the function ran would have taken the catch instead.
  assert.deepEqual(end.output, { worked: true });
});

test('a scenario run and debugged from the Testing view (time scale 0): its 2 s mock times out against the 1 s timeout at once', async (t) => {
  const root = workspace(t);
  const scenarioPath = join(root, 'flows', 'slow-timeout.scenario.yaml');
  writeFileSync(
    scenarioPath,
    'flow: slow-timeout.flow.yaml\nmocks:\n  tasks:\n    slow:\n      - output: {late: true}\n        delayMs: 2000\nexpect:\n  status: Succeeded\n  output: {failedWith: FnF.TaskTimeout, recovered: true}\n',
  );
  const scenario = loadScenario(scenarioPath);
  const setup = { scenario, trusted: false, workspaceRoot: root, locale: 'en' as const, noInvokerCause: () => 'refused', onProblem: () => {} };
  // Run: as client/views/scenario-tests.ts runs it.
  let began = performance.now();
  const ran = await runScenario(scenario, { timeScale: 0, invokers: scenarioInvokers(setup) });
  let realMs = performance.now() - began;
  assert.deepEqual(ran.failures, []);
  assert.ok(realMs < 700, `the run took ${realMs.toFixed(0)} ms of real time`);
  // Debug: a `scenario` launch at scale 0 on the embedded engine (at real time), with the Run's invokers only.
  const engine = await engineAt(t, root, 1);
  const host = embeddedRunHost(engine, { trusted: () => false, locale: 'en', scenarioInvokers: (_p, sc, report) => scenarioExecutionInvokers({ ...setup, scenario: sc, report }) });
  const program = scenario.flowPath;
  const definition = readFileSync(program, 'utf8');
  const dbg = new FlowDebugger(definition, { stopped: () => {}, thread: () => {}, output: () => {} });
  began = performance.now();
  const run = await host.start({ program, mocks: scenario.mocks, scenario: scenarioPath, timeScale: 0 }, definition, '{}', dbg);
  await run.ended;
  realMs = performance.now() - began;
  const end = await engine.backend.waitForExecution(run.flowName, run.executionName);
  assertCaught(end, await engine.backend.getExecutionHistory(run.flowName, run.executionName));
  assert.ok(realMs < 700, `the debugged run took ${realMs.toFixed(0)} ms of real time`);
});
