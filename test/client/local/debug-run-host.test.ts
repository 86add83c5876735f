/**
 * Where VS Code's debug sessions run (client/local/debug-run-host.ts), on the embedded engine: a
 * debugged scenario gets exactly the invokers a Run of it gets (client/local/scenario-invokers.ts),
 * so a task its mocks do not answer ends as in its Run even where the flow's own mocks file (which
 * a plain debug launch falls back to) would answer it, in a child flow too; a launch's timeScale is
 * its execution's own.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { embeddedRunHost } from '../../../client/local/debug-run-host';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../client/local/embedded-engine';
import { NO_INVOKER_ERROR } from '../../../client/local/execution-invokers';
import { scenarioExecutionInvokers, scenarioInvokers } from '../../../client/local/scenario-invokers';
import { FlowDebugger } from '../../../engine/debug/flow-debugger';
import { loadScenario, runScenario } from '../../../engine/scenario';
import type { FlowLaunchArguments, RunEnd } from '../../../debug/flow-run-host';
import { engineOptions } from './engine-options';

function workspace(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-debug-host-'));
  cpSync(join(__dirname, 'fixtures'), dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const noInvoker = (step: string) => `nothing may run ${step} here`;

/** The scenario's invokers as the extension builds them for a Run and for a debugged scenario (not trusted: no local code). */
const setup = (root: string) => ({
  trusted: false,
  workspaceRoot: root,
  locale: 'en' as const,
  noInvokerCause: (inv: { stepName: string }) => noInvoker(inv.stepName),
  onProblem: () => {},
});

/** Debugs `args` on the engine with no breakpoint (it runs to its end), as VS Code's session does; gives its end. */
async function debugRun(engine: EmbeddedEngine, root: string, args: FlowLaunchArguments, input: unknown): Promise<RunEnd> {
  const host = embeddedRunHost(engine, {
    trusted: () => false,
    locale: 'en',
    scenarioInvokers: (_path, scenario, report) => scenarioExecutionInvokers({ scenario, report, ...setup(root) }),
  });
  const definition = readFileSync(args.program, 'utf8');
  const dbg = new FlowDebugger(definition, { stopped: () => {}, thread: () => {}, output: () => {} });
  const run = await host.start(args, definition, JSON.stringify(input), dbg);
  return run.ended;
}

test("a debugged scenario gets its Run's invokers only: a task its mocks do not answer is refused, though the flow's mocks file answers it", async (t) => {
  const root = workspace(t);
  const program = join(root, 'flows', 'statemachine.flow.yaml');
  const scenarioPath = join(root, 'flows', 'describe-only.scenario.yaml');
  // The mocks beside the flow answer both tasks; the scenario's answer Describe only.
  writeFileSync(
    scenarioPath,
    'flow: statemachine.flow.yaml\nmocks:\n  tasks:\n    Describe:\n      - output: {Instances: [i-1]}\nexpect:\n  status: Failed\n  error: Local.NoInvoker\n',
  );
  const scenario = loadScenario(scenarioPath);
  const ran = await runScenario(scenario, { invokers: scenarioInvokers({ scenario, ...setup(root) }) });
  assert.deepEqual(ran.failures, []);
  assert.equal(ran.result!.cause, noInvoker('Invoke'));

  const engine = await startEmbeddedEngine(engineOptions(root, { startApi: false }));
  t.after(() => engine.dispose());
  const debugged = await debugRun(engine, root, { program, mocks: scenario.mocks, scenario: scenarioPath, timeScale: 0 }, scenario.input);
  assert.deepEqual([debugged.status, debugged.error, debugged.cause], [ran.result!.status, NO_INVOKER_ERROR, noInvoker('Invoke')]);
  // The same launch without `scenario` is a plain debug launch: the flow's own mocks answer the rest.
  const plain = await debugRun(engine, root, { program, mocks: scenario.mocks }, scenario.input);
  assert.equal(plain.status, 'Succeeded');
});

test("a child flow of a debugged scenario runs with the scenario's invokers too, not the mocks beside the child", async (t) => {
  const root = workspace(t);
  const program = join(root, 'flows', 'parent.flow.yaml');
  writeFileSync(program, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: runKid\n    resourceArn: acs:fnf:::flow/kid\n    pattern: sync\n');
  writeFileSync(
    join(root, 'flows', 'kid.flow.yaml'),
    'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: charge\n    resourceArn: acs:fc:::services/demo/functions/charge\n',
  );
  writeFileSync(join(root, 'flows', 'kid.mocks.yaml'), 'tasks:\n  charge:\n    - output: {paid: true}\n');
  const scenarioPath = join(root, 'flows', 'parent.scenario.yaml');
  writeFileSync(scenarioPath, 'flow: parent.flow.yaml\nexpect:\n  status: Failed\n  error: Local.NoInvoker\n');
  const scenario = loadScenario(scenarioPath);
  const ran = await runScenario(scenario, { invokers: scenarioInvokers({ scenario, ...setup(root) }) });
  assert.deepEqual(ran.failures, []);

  const engine = await startEmbeddedEngine(engineOptions(root, { startApi: false }));
  t.after(() => engine.dispose());
  const debugged = await debugRun(engine, root, { program, scenario: scenarioPath, timeScale: 0 }, scenario.input);
  assert.deepEqual([debugged.status, debugged.error, debugged.cause], [ran.result!.status, ran.result!.error, ran.result!.cause]);
  const plain = await debugRun(engine, root, { program }, scenario.input);
  assert.equal(plain.status, 'Succeeded');
});

test("a launch's timeScale is its execution's own: an hour's wait at 0 ends at once on an engine at real time", async (t) => {
  const root = workspace(t);
  const program = join(root, 'flows', 'nap.flow.yaml');
  writeFileSync(program, 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: nap\n    duration: 3600\n');
  const engine = await startEmbeddedEngine(engineOptions(root, { startApi: false, timeScale: 1 }));
  t.after(() => engine.dispose());
  const end = await debugRun(engine, root, { program, timeScale: 0 }, {});
  assert.equal(end.status, 'Succeeded');
});
