/**
 * The engine's flow debugger on real fixture flows of both dialects (classic/ and statemachine/
 * beside this file, with their inputs, mocks and expected.json): breakpoints bound to steps by
 * line, stepping into a parallel branch and out again, variables read and changed (the change
 * recorded and visible in the output), conditions, hit counts, logpoints, exception breakpoints,
 * pause, stop, and replay of a debugged run's edits.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FlowDebugger } from '../../../engine/debug/flow-debugger';
import { MemoryStore } from '../../../engine/store/memory-store';
import { runFlowFile } from '../../../engine/run-flow';
import { ExecutionStore } from '../../../engine/store/execution-store';
import { LocalBackend } from '../../../engine/local-backend';
import { loadMocksFile, MockInvoker } from '../../../engine/invokers/mock-invoker';
import { scriptedInvoker, tempDir, until } from '../helpers';
import { fixturePath, startDebugRun, type Dialect } from './debug-harness';

const NAMES = {
  classic: {
    prepare: 'prepare',
    fanout: 'fanout',
    charge: 'charge',
    note: 'note',
    each: 'each',
    visit: 'visit',
    risky: 'risky',
    finish: 'finish',
    input: '$input',
    local: '$local',
    itemIsB: '$input.item.id == "b"',
    itemId: '$input.item.id',
    bigAmount: '$input.amount > 100',
    refuse: 'refuse',
    header: 'version: v1',
  },
  statemachine: {
    prepare: 'Prepare',
    fanout: 'Fanout',
    charge: 'Charge',
    note: 'Note',
    each: 'Each',
    visit: 'Visit',
    risky: 'Risky',
    finish: 'Finish',
    input: '$Input',
    local: undefined,
    itemIsB: '$Input.id == "b"',
    itemId: '$Input.id',
    bigAmount: '$Input.amount > 100',
    refuse: 'Refuse',
    header: 'Type: StateMachine',
  },
} as const;

const expected = (d: Dialect) => JSON.parse(readFileSync(join(__dirname, d, 'expected.json'), 'utf8')) as { status: string; output: unknown };

/** The line of a step's name in the fixture (inside the step). */
const nameLine = (run: { lineOf(t: string): number }, d: Dialect, name: string) => run.lineOf(d === 'classic' ? `name: ${name}` : `Name: ${name}`);

/** A variable of the top frame of a thread: [value text, ref]. */
function variableOf(dbg: FlowDebugger, threadId: number, name: string): { value: string; ref: number; scopeRef: number } {
  const frame = dbg.stackTrace(threadId)[0];
  const scope = dbg.scopes(frame.id)[0];
  const v = dbg.variables(scope.ref).find((x) => x.name === name);
  assert.ok(
    v,
    `variable ${name} in ${dbg
      .variables(scope.ref)
      .map((x) => x.name)
      .join(', ')}`,
  );
  return { value: v.value, ref: v.ref, scopeRef: scope.ref };
}

for (const d of ['classic', 'statemachine'] as const) {
  const n = NAMES[d];

  test(`${d}: without breakpoints a debugged run ends as the flow does (expected.json)`, async () => {
    const run = startDebugRun(d, () => {});
    const r = await run.done;
    assert.equal(r.status, expected(d).status);
    assert.deepEqual(r.output, expected(d).output);
    assert.ok(!r.history.some((e) => e.type === 'DataEdited'));
  });

  test(`${d}: a breakpoint inside a step binds to that step's first line; outside every step it is refused with a reason`, () => {
    const run = startDebugRun(d, () => {}, {});
    const noteLine = nameLine(run, d, n.note);
    const bound = run.dbg.setBreakpoints([{ line: noteLine }, { line: run.lineOf(n.header) }, { line: nameLine(run, d, n.fanout) + 2 }]);
    assert.equal(bound[0].verified, true);
    assert.equal(bound[0].line, noteLine - 1, 'the step starts on the line before its name');
    assert.equal(bound[0].message, n.note);
    assert.equal(bound[1].verified, false);
    assert.match(bound[1].message ?? '', /not inside a step/);
    // A line of the parallel's own keys (not inside a branch's step) binds to the parallel.
    assert.equal(bound[2].message, n.fanout);
    run.dbg.setBreakpoints([]);
    return run.done.then(() => undefined);
  });

  test(`${d}: stop at a breakpoint, read $input, change it, continue: the change is in the output and recorded in the history`, async () => {
    const run = startDebugRun(d, (dbg) => void dbg);
    run.dbg.setBreakpoints([{ line: nameLine(run, d, n.prepare) }]);
    const stop = await run.nextStop();
    assert.equal(stop.reason, 'breakpoint');
    const frames = run.dbg.stackTrace(stop.threadId);
    assert.equal(frames.length, 1);
    assert.match(frames[0].name, new RegExp(`^${n.prepare} \\(before start\\)`));
    assert.equal(frames[0].line, nameLine(run, d, n.prepare) - 1);
    const input = variableOf(run.dbg, stop.threadId, n.input);
    assert.match(input.value, /"amount":50/);
    const amount = run.dbg.variables(input.ref).find((v) => v.name === 'amount');
    assert.equal(amount?.value, '50');
    assert.equal(amount?.editable, true);
    // Over the dialect's data limit (classic 32 KiB, StateMachine 64 KiB): refused, nothing changed.
    const huge = run.dbg.setVariable(input.ref, 'amount', JSON.stringify('x'.repeat(70_000)));
    assert.equal(huge.ok, false);
    assert.match(huge.ok ? '' : huge.message, /over the \d+ bytes/);
    const set = run.dbg.setVariable(input.ref, 'amount', '150');
    assert.ok(set.ok && set.value.value === '150');
    // The Debug Console sees the change in the paused scope.
    const seen = run.dbg.evaluate(n.bigAmount, run.dbg.stackTrace(stop.threadId)[0].id);
    assert.ok(seen.ok && seen.value.value === 'true');
    run.dbg.continue();
    const r = await run.done;
    assert.equal(r.status, 'Succeeded');
    assert.equal((r.output as { total: number }).total, 150);
    const edited = r.history.filter((e) => e.type === 'DataEdited');
    assert.equal(edited.length, 1);
    assert.equal(edited[0].stepName, n.prepare);
    assert.deepEqual((edited[0].detail as { changes: unknown }).changes, [{ variable: 'input', path: 'amount', value: 150 }]);
    // Recorded before the step started, which holds the edited input.
    const started = r.history.find((e) => (e.type === 'StepStarted' || e.type === 'StateStarted') && e.stepName === n.prepare)!;
    assert.ok(started.eventId > edited[0].eventId);
    assert.equal((started.detail as { input: { amount: number } }).input.amount, 150);
  });

  test(`${d}: step into a parallel branch (a thread of its own), out to the parallel's end, over to the next step`, async () => {
    const run = startDebugRun(d, () => {});
    run.dbg.setBreakpoints([{ line: nameLine(run, d, n.fanout) }]);
    const atFanout = await run.nextStop();
    const main = atFanout.threadId;
    run.dbg.stepIn(main);
    const inBranch = await run.nextStop();
    assert.equal(inBranch.reason, 'step');
    assert.notEqual(inBranch.threadId, main);
    const threads = run.dbg.threads();
    assert.equal(threads.find((t) => t.id === inBranch.threadId)?.name, `${n.fanout}[0]`);
    const stack = run.dbg.stackTrace(inBranch.threadId).map((f) => f.name.split(' ')[0]);
    assert.deepEqual(stack, [n.charge, n.fanout]);
    run.dbg.stepOut(inBranch.threadId);
    const out = await run.nextStop();
    assert.equal(out.threadId, main);
    assert.match(run.dbg.stackTrace(main)[0].name, new RegExp(`^${n.fanout} \\(ended\\)`));
    // The branches' threads are gone once their parallel ended.
    assert.deepEqual(
      run.dbg.threads().map((t) => t.id),
      [main],
    );
    assert.ok(run.threadEvents.some((e) => e.reason === 'exited' && e.threadId === inBranch.threadId));
    run.dbg.next(main);
    const next = await run.nextStop();
    assert.match(run.dbg.stackTrace(next.threadId)[0].name, new RegExp(`^${n.each} \\(before start\\)`));
    run.dbg.continue();
    assert.equal((await run.done).status, 'Succeeded');
  });

  test(`${d}: a conditional breakpoint stops in the one iteration it holds in, a thread named after the step and index`, async () => {
    const run = startDebugRun(d, () => {});
    run.dbg.setBreakpoints([{ line: nameLine(run, d, n.visit), condition: n.itemIsB }]);
    const stop = await run.nextStop();
    assert.equal(stop.reason, 'breakpoint');
    assert.equal(run.dbg.threads().find((t) => t.id === stop.threadId)?.name, `${n.each}[1]`);
    assert.deepEqual(
      run.dbg.stackTrace(stop.threadId).map((f) => f.name.split(' ')[0]),
      [n.visit, n.each],
    );
    run.dbg.continue();
    const r = await run.done;
    assert.equal(r.status, 'Succeeded');
  });

  test(`${d}: a hit count stops at that hit; a logpoint writes its message and does not stop`, async () => {
    const run = startDebugRun(d, () => {});
    run.dbg.setBreakpoints([
      { line: nameLine(run, d, n.visit), hitCondition: '3' },
      { line: nameLine(run, d, n.visit) + 1, logMessage: `item {${n.itemId}}` },
    ]);
    const stop = await run.nextStop();
    assert.equal(run.dbg.threads().find((t) => t.id === stop.threadId)?.name, `${n.each}[2]`);
    run.dbg.continue();
    await run.done;
    assert.deepEqual(run.outputs, ['item a', 'item b', 'item c']);
    assert.equal(run.dbg.setBreakpoints([{ line: nameLine(run, d, n.visit), hitCondition: 'often' }])[0].verified, false);
    // A condition that does not parse is refused when set, with the parser's reason.
    const bad = run.dbg.setBreakpoints([{ line: nameLine(run, d, n.visit), condition: `${n.input}.amount >` }])[0];
    assert.equal(bad.verified, false);
    assert.match(bad.message ?? '', /cannot be evaluated/);
  });

  test(`${d}: "any step failure" stops at a caught failure; "uncaught failure" does not`, async () => {
    const any = startDebugRun(d, (dbg) => dbg.setExceptionFilters(['failure']));
    const stop = await any.nextStop();
    assert.equal(stop.reason, 'exception');
    assert.match(stop.text ?? '', /Risk\.Refused/);
    assert.deepEqual(any.dbg.exceptionInfo(stop.threadId), { threadId: stop.threadId, error: 'Risk.Refused', cause: 'too risky', uncaught: false });
    assert.match(any.dbg.stackTrace(stop.threadId)[0].name, new RegExp(`^${n.risky} \\(failed\\)`));
    any.dbg.continue();
    assert.equal((await any.done).status, 'Succeeded');
    const uncaughtOnly = startDebugRun(d, (dbg) => dbg.setExceptionFilters(['uncaught']));
    assert.equal((await uncaughtOnly.done).status, 'Succeeded');
  });

  test(`${d}: "uncaught failure" stops where a failure no catch takes begins, inside the branch`, async () => {
    const run = startDebugRun(d, (dbg) => dbg.setExceptionFilters(['uncaught']), { flow: 'uncaught' });
    const stop = await run.nextStop();
    assert.equal(stop.reason, 'exception');
    assert.equal(run.dbg.exceptionInfo(stop.threadId)?.uncaught, true);
    assert.equal(run.dbg.stackTrace(stop.threadId)[0].name.split(' ')[0], n.refuse);
    run.dbg.continue();
    const r = await run.done;
    assert.equal(r.status, 'Failed');
    assert.equal(r.error, 'Order.Refused');
  });

  test(`${d}: Pause stops at the next step; Stop ends the execution as StopExecution does`, async () => {
    const run = startDebugRun(d, (dbg) => dbg.pause());
    const stop = await run.nextStop();
    assert.equal(stop.reason, 'pause');
    assert.match(run.dbg.stackTrace(stop.threadId)[0].name, new RegExp(`^${n.prepare}`));
    await run.stop();
    const r = await run.done;
    assert.equal(r.status, 'Stopped');
    // Nothing started after the stop.
    assert.ok(!r.history.some((e) => e.type === 'StepStarted' || e.type === 'StateStarted'));
  });

  test(`${d}: the pending task's result set while paused is its answer; the task is not invoked`, async () => {
    const run = startDebugRun(d, () => {});
    run.dbg.setBreakpoints([{ line: nameLine(run, d, n.charge) }]);
    const stop = await run.nextStop();
    const frame = run.dbg.stackTrace(stop.threadId)[0];
    const set = run.dbg.evaluate('result = {"receipt": "edited"}', frame.id);
    assert.ok(set.ok, set.ok ? '' : set.message);
    run.dbg.continue();
    const r = await run.done;
    assert.equal(r.status, 'Succeeded');
    const result = r.history.find((e) => e.type === 'TaskSucceeded' && e.stepName === n.charge)!;
    // Shaped as the mock's answer would be (a StateMachine FC result goes under Body).
    assert.deepEqual((result.detail as { output: unknown }).output, d === 'classic' ? { receipt: 'edited' } : { Body: { receipt: 'edited' } });
    const mocked = r.history.find((e) => e.type === 'TaskSucceeded' && e.stepName === n.charge && JSON.stringify(e.detail).includes('r-1'));
    assert.equal(mocked, undefined);
  });

  test(`${d}: a variable cannot be changed once its step has started, with a reason`, async () => {
    const run = startDebugRun(d, (dbg) => dbg.pause());
    const stop = await run.nextStop();
    run.dbg.next(stop.threadId);
    const ended = await run.nextStop();
    const input = variableOf(run.dbg, ended.threadId, n.input);
    const refused = run.dbg.setVariable(input.scopeRef, n.input, '{}');
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.message, /cannot be changed here/);
    run.dbg.continue();
    await run.done;
  });

  test(`${d}: a debugged run's edits are made again when the execution resumes from its history`, async (t) => {
    const dir = tempDir(t);
    const run = startDebugRun(d, () => {}, { storeDir: dir });
    run.dbg.setBreakpoints([{ line: nameLine(run, d, n.prepare) }]);
    const stop = await run.nextStop();
    const input = variableOf(run.dbg, stop.threadId, n.input);
    assert.ok(run.dbg.setVariable(input.ref, 'amount', '150').ok);
    run.dbg.continue();
    const first = await run.done;
    // The history up to the edit (as if the process died just after writing it), resumed without a debugger.
    const cut = first.history.findIndex((e) => e.type === 'DataEdited');
    const again = tempDir(t);
    const store = new ExecutionStore(again);
    for (const e of first.history.slice(0, cut + 1)) store.append(first.flowName, 'debugged', e);
    store.close();
    const backend = new LocalBackend({ storeDir: again, timeScale: 0 });
    const mocks = loadMocksFile(join(__dirname, d, 'mocks.yaml'));
    backend.addInvoker(new MockInvoker(mocks, {}));
    await backend.open();
    const state = await backend.waitForExecution(first.flowName, 'debugged');
    // The history a client reads says what was changed, and where.
    const shown = (await backend.getExecutionHistory(first.flowName, 'debugged')).find((e) => e.type === 'DataEdited');
    backend.close();
    assert.equal(shown?.stepName, n.prepare);
    assert.deepEqual(JSON.parse(shown?.eventDetail ?? '{}').changes, [{ variable: 'input', path: 'amount', value: 150 }]);
    assert.equal(state.status, 'Succeeded');
    assert.deepEqual(state.output, first.output);
    assert.equal((state.output as { total: number }).total, 150);
  });
}

test('the fixtures run as plain flows too (no debugger)', async () => {
  for (const d of ['classic', 'statemachine'] as const) {
    const r = await runFlowFile({
      flowPath: fixturePath(d),
      input: JSON.parse(readFileSync(join(__dirname, d, 'input.json'), 'utf8')) as Record<string, unknown>,
      mocks: loadMocksFile(join(__dirname, d, 'mocks.yaml')),
      timeScale: 0,
    });
    assert.equal(r.status, expected(d).status);
    assert.deepEqual(r.output, expected(d).output);
  }
});

test('a callback is answered while the debugger holds the run: the report is taken at once and the path goes on when continued', async () => {
  const definition = `version: v1
type: flow
steps:
  - type: parallel
    name: both
    branches:
      - steps:
          - type: task
            name: approve
            resourceArn: acs:fc:::services/s/functions/approve
            pattern: waitForCallback
      - steps:
          - type: wait
            name: pause
            duration: 1
          - type: pass
            name: look
  - type: pass
    name: after
`;
  const backend = new LocalBackend({ store: new MemoryStore(), timeScale: 0, invokers: [scriptedInvoker(() => ({ kind: 'accepted' }))] });
  await backend.open();
  const stops: { threadId: number }[] = [];
  const dbg = new FlowDebugger(definition, { stopped: (s) => stops.push(s), thread: () => {}, output: () => {} });
  dbg.setBreakpoints([{ line: definition.split('\n').findIndex((l) => l.includes('name: look')) + 1 }]);
  await backend.startExecution({ flowName: 'cb', definition, executionName: 'e', input: '{}' }, { debug: dbg });
  await until(() => stops.length === 1);
  // Stopped in the other branch; the callback step waits meanwhile, as the sidebar shows it.
  const history = backend.readStoredHistory('cb', 'e');
  const token = history.find((e) => e.type === 'TaskScheduled')!.detail as { taskToken: string };
  await backend.reportTaskSucceeded(token.taskToken, '{"approved": true}');
  await until(() => backend.readStoredHistory('cb', 'e').some((e) => e.type === 'TaskSucceeded'));
  assert.equal((await backend.describeExecution('cb', 'e')).status, 'Running');
  dbg.continue();
  const end = await backend.waitForExecution('cb', 'e');
  backend.close();
  assert.equal(end.status, 'Succeeded');
});

test("classic: Step Into a task that runs a child flow stops at the child's first step, a path of its own under the task", async () => {
  const run = startDebugRun('classic', () => {}, { flow: 'parent' });
  run.dbg.setBreakpoints([{ line: run.lineOf('name: runChild') }]);
  const atTask = await run.nextStop();
  run.dbg.stepIn(atTask.threadId);
  const inChild = await run.nextStop();
  assert.notEqual(inChild.threadId, atTask.threadId);
  assert.equal(run.dbg.threads().find((t) => t.id === inChild.threadId)?.name, 'runChild › child');
  const frames = run.dbg.stackTrace(inChild.threadId);
  assert.deepEqual(
    frames.map((f) => f.name.split(' ')[0]),
    ['inChild', 'runChild'],
  );
  // The child's frame is in the child's file, at its step's line.
  assert.equal(frames[0].file, join(__dirname, 'classic', 'child.flow.yaml'));
  assert.equal(frames[0].line, 5);
  assert.equal(frames[1].file, undefined);
  // Step Out: the end of the task that ran it, back on the flow's own path.
  run.dbg.stepOut(inChild.threadId);
  const out = await run.nextStop();
  assert.equal(out.threadId, atTask.threadId);
  assert.match(run.dbg.stackTrace(out.threadId)[0].name, /^runChild \(ended\)/);
  run.dbg.continue();
  const r = await run.done;
  assert.equal(r.status, 'Succeeded');
});

/** Stopped at the StateMachine parent fixture's FNF:StartExecution task, then Step Into: stopped at the child's first state. */
async function intoStateMachineChild(flow: string) {
  const run = startDebugRun('statemachine', () => {}, { flow });
  run.dbg.setBreakpoints([{ line: run.lineOf('Name: RunChild') }]);
  const atTask = await run.nextStop();
  run.dbg.stepIn(atTask.threadId);
  const inChild = await run.nextStop();
  assert.notEqual(inChild.threadId, atTask.threadId);
  assert.equal(run.dbg.threads().find((t) => t.id === inChild.threadId)?.name, 'RunChild › child');
  const frames = run.dbg.stackTrace(inChild.threadId);
  assert.deepEqual(
    frames.map((f) => f.name),
    ['InChild (before start)', 'RunChild (running)'],
  );
  // The child's frame is in the child's file, at its state's `- Type:` line; the task's in the debugged one.
  assert.equal(frames[0].file, join(__dirname, 'statemachine', 'child.flow.yaml'));
  assert.equal(frames[0].line, 7);
  assert.equal(frames[1].file, undefined);
  return { run, main: atTask.threadId, child: inChild.threadId };
}

test("statemachine: Step Into an FNF:StartExecution task that waits for its child (WaitForSystemCallback) stops at the child's first state; Step Out at the task's end", async () => {
  const { run, main, child } = await intoStateMachineChild('parent');
  run.dbg.stepOut(child);
  const out = await run.nextStop();
  assert.equal(out.threadId, main);
  assert.equal(run.dbg.stackTrace(main)[0].name, 'RunChild (ended)');
  // The child's path ended with the child.
  assert.deepEqual(
    run.dbg.threads().map((t) => t.id),
    [main],
  );
  run.dbg.continue();
  const r = await run.done;
  assert.equal(r.status, 'Succeeded');
  assert.deepEqual(r.output, { doubled: 50 });
});

test('statemachine: Step Into a task waiting for a report (WaitForCustomCallback) stops in its child; Step Out returns when the report ends the task, not when the child ends', async () => {
  const { run, main, child } = await intoStateMachineChild('parent-callback');
  run.dbg.stepOut(child);
  const backend = run.backend();
  // The child runs to its end, and its path ends with it; the task goes on waiting.
  await until(() => !run.dbg.threads().some((t) => t.id === child));
  assert.deepEqual(
    (await backend.listExecutions('child')).map((e) => e.status),
    ['Succeeded'],
  );
  const parent = run.dbg.threads()[0];
  assert.equal(run.dbg.stackTrace(parent.id)[0]?.name, 'RunChild (running)', 'the task still waits for its report');
  const token = (backend.readStoredHistory('parent-callback', 'debugged').find((e) => e.type === 'TaskScheduled')!.detail as { taskToken: string }).taskToken;
  await backend.reportTaskSucceeded(token, '{"approved": true}');
  const out = await run.nextStop();
  assert.equal(out.threadId, main);
  assert.equal(run.dbg.stackTrace(main)[0].name, 'RunChild (ended)');
  run.dbg.continue();
  const r = await run.done;
  assert.deepEqual([r.status, r.output], ['Succeeded', { approved: true }]);
});

test('statemachine: Step Into a task that starts its child and goes on (RequestComplete) stops in the child, which becomes a path of its own once the task ends; Step Out returns to the parent', async () => {
  const { run, main, child } = await intoStateMachineChild('parent-start');
  // The task ends at once (the parent waits at its end, all paths stopping together): the child's
  // frames no longer stand on it.
  await until(() => run.dbg.stackTrace(child).length === 1);
  assert.equal(run.dbg.stackTrace(child)[0].name, 'InChild (before start)');
  run.dbg.stepOut(child);
  const out = await run.nextStop();
  assert.equal(out.threadId, main);
  assert.equal(run.dbg.stackTrace(main)[0].name, 'RunChild (ended)');
  // The child runs on beside the parent (stopped too, at its next state, until Continue).
  assert.ok(run.dbg.threads().some((t) => t.id === child));
  run.dbg.continue();
  const r = await run.done;
  assert.equal(r.status, 'Succeeded');
  assert.equal((r.output as { FlowName?: string }).FlowName, 'child');
  const backend = run.backend();
  await until(() => !backend.running().some((e) => e.flowName === 'child'));
  assert.deepEqual(
    (await backend.listExecutions('child')).map((e) => e.status),
    ['Succeeded'],
  );
});
