/**
 * The Debug Adapter Protocol adapter, driven by @vscode/debugadapter-testsupport's DebugClient over
 * a socket, for both dialects' fixture flows (test/engine/debug/): every request the adapter claims
 * in its capabilities, answered as a DAP client expects.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { MAX_JSON_BYTES } from '../../engine/json-limits';
import { adapterClient } from './dap-client';

const FIXTURES = join(__dirname, '..', 'engine', 'debug');

const NAMES = {
  classic: {
    prepare: 'prepare',
    fanout: 'fanout',
    charge: 'charge',
    visit: 'visit',
    risky: 'risky',
    input: '$input',
    itemIsB: '$input.item.id == "b"',
    itemId: '$input.item.id',
    amount: '$input.amount',
  },
  statemachine: {
    prepare: 'Prepare',
    fanout: 'Fanout',
    charge: 'Charge',
    visit: 'Visit',
    risky: 'Risky',
    input: '$Input',
    itemIsB: '$Input.id == "b"',
    itemId: '$Input.id',
    amount: '$Input.amount',
  },
} as const;

type Dialect = keyof typeof NAMES;

interface Session {
  dc: DebugClient;
  outputs: string[];
  program: string;
  launchArgs: Record<string, unknown>;
  line(stepName: string): number;
}

async function session(t: TestContext, d: Dialect, flow = 'orders'): Promise<Session> {
  const dc = await adapterClient(t);
  const outputs: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
  const program = join(FIXTURES, d, `${flow}.flow.yaml`);
  const text = readFileSync(program, 'utf8').split('\n');
  return {
    dc,
    outputs,
    program,
    launchArgs: { program, inputFile: join(FIXTURES, d, 'input.json'), mocks: join(FIXTURES, d, 'mocks.yaml'), timeScale: 0 },
    line: (name) => text.findIndex((l) => l.includes(d === 'classic' ? `name: ${name}` : `Name: ${name}`)) + 1,
  };
}

/** The message a classic session's launch with `args` is refused with (fails the test if accepted). */
async function launchRefusal(t: TestContext, args: Record<string, unknown>): Promise<string> {
  const s = await session(t, 'classic');
  s.dc.on('initialized', () => void s.dc.configurationDoneRequest().catch(() => undefined));
  const error = await s.dc.launch(args).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.ok(error, `launch ${JSON.stringify(args)} was accepted`);
  return error.message;
}

/** initialize, launch, the breakpoints and exception filters, configurationDone; resolves with the first stop (if `stops`). */
async function launch(
  s: Session,
  breakpoints: DebugProtocol.SourceBreakpoint[],
  filters: string[] = [],
  extra: Record<string, unknown> = {},
): Promise<DebugProtocol.SetBreakpointsResponse> {
  let bound!: DebugProtocol.SetBreakpointsResponse;
  await Promise.all([
    s.dc.waitForEvent('initialized').then(async () => {
      bound = await s.dc.setBreakpointsRequest({ source: { path: s.program }, breakpoints });
      await s.dc.setExceptionBreakpointsRequest({ filters });
      await s.dc.configurationDoneRequest();
    }),
    s.dc.launch({ ...s.launchArgs, ...extra }),
  ]);
  return bound;
}

async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  return (await dc.stackTraceRequest({ threadId })).body.stackFrames[0];
}

async function stepVariable(dc: DebugClient, frameId: number, name: string): Promise<DebugProtocol.Variable> {
  const scopes = (await dc.scopesRequest({ frameId })).body.scopes;
  const vars = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
  const v = vars.find((x) => x.name === name);
  assert.ok(v, `${name} among ${vars.map((x) => x.name).join(', ')}`);
  return v;
}

const ended = (s: Session) => s.outputs.join('');

for (const d of ['classic', 'statemachine'] as const) {
  const n = NAMES[d];

  test(`${d} (DAP): initialize answers the capabilities, with both exception filters`, async (t) => {
    const s = await session(t, d);
    const r = await s.dc.initializeRequest();
    assert.equal(r.body?.supportsConditionalBreakpoints, true);
    assert.equal(r.body?.supportsHitConditionalBreakpoints, true);
    assert.equal(r.body?.supportsLogPoints, true);
    assert.equal(r.body?.supportsSetVariable, true);
    assert.equal(r.body?.supportsRestartRequest, true);
    assert.deepEqual(
      r.body?.exceptionBreakpointFilters?.map((f) => f.filter),
      ['failure', 'uncaught'],
    );
  });

  test(`${d} (DAP): a breakpoint is hit; $input is read and changed; continue to the end shows the changed value in the output`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    const bound = await launch(s, [{ line: s.line(n.prepare) }, { line: 1 }]);
    assert.equal(bound.body.breakpoints[0].verified, true);
    assert.equal(bound.body.breakpoints[0].line, s.line(n.prepare) - 1);
    assert.equal(bound.body.breakpoints[1].verified, false);
    assert.ok(bound.body.breakpoints[1].message);
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal(stop.body.allThreadsStopped, true);
    const frame = await topFrame(s.dc, stop.body.threadId!);
    assert.equal(frame.line, s.line(n.prepare) - 1);
    assert.equal(frame.source?.path, s.program);
    const input = await stepVariable(s.dc, frame.id, n.input);
    const fields = (await s.dc.variablesRequest({ variablesReference: input.variablesReference })).body.variables;
    assert.equal(fields.find((f) => f.name === 'amount')?.value, '50');
    const set = await s.dc.setVariableRequest({ variablesReference: input.variablesReference, name: 'amount', value: '150' });
    assert.equal(set.body.value, '150');
    const watch = await s.dc.evaluateRequest({ expression: n.amount, frameId: frame.id, context: 'watch' });
    assert.equal(watch.body.result, '150');
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: stop.body.threadId! });
    await terminated;
    assert.match(ended(s), /Succeeded/);
    assert.match(ended(s), /"total":150/);
  });

  test(`${d} (DAP): step into a parallel branch: a thread of its own, named after the step and index`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [{ line: s.line(n.fanout) }]);
    const main = ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
    const inBranch = s.dc.waitForEvent('stopped');
    const threadStarted = s.dc.waitForEvent('thread');
    await s.dc.stepInRequest({ threadId: main });
    const stop = (await inBranch) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'step');
    assert.equal(((await threadStarted) as DebugProtocol.ThreadEvent).body.reason, 'started');
    const threads = (await s.dc.threadsRequest()).body.threads;
    assert.equal(threads.find((x) => x.id === stop.body.threadId)?.name, `${n.fanout}[0]`);
    const stack = (await s.dc.stackTraceRequest({ threadId: stop.body.threadId! })).body;
    assert.deepEqual(
      stack.stackFrames.map((f) => f.name.split(' ')[0]),
      [n.charge, n.fanout],
    );
    assert.equal(stack.totalFrames, 2);
    const out = s.dc.waitForEvent('stopped');
    await s.dc.stepOutRequest({ threadId: stop.body.threadId! });
    assert.equal(((await out) as DebugProtocol.StoppedEvent).body.threadId, main);
    const over = s.dc.waitForEvent('stopped');
    await s.dc.nextRequest({ threadId: main });
    await over;
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: main });
    await terminated;
    assert.match(ended(s), /Succeeded/);
  });

  test(`${d} (DAP): a conditional breakpoint and a logpoint`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [
      { line: s.line(n.visit), condition: n.itemIsB },
      { line: s.line(n.visit) + 1, logMessage: `saw {${n.itemId}}` },
    ]);
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    const threads = (await s.dc.threadsRequest()).body.threads;
    const name = threads.find((x) => x.id === stop.body.threadId)?.name;
    assert.match(name ?? '', /\[1\]$/);
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: stop.body.threadId! });
    await terminated;
    assert.match(ended(s), /saw a\n/);
    assert.match(ended(s), /saw b\n/);
  });

  test(`${d} (DAP): a hit count stops at that hit (the third visit of the step: its third iteration)`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [{ line: s.line(n.visit), hitCondition: '3' }]);
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    assert.match((await s.dc.threadsRequest()).body.threads.find((x) => x.id === stop.body.threadId)?.name ?? '', /\[2\]$/);
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: stop.body.threadId! });
    await terminated;
  });

  test(`${d} (DAP): an exception breakpoint stops at the failing step; exceptionInfo names the error`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [], ['failure']);
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'exception');
    const info = await s.dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
    assert.equal(info.body.exceptionId, 'Risk.Refused');
    assert.equal(info.body.description, 'too risky');
    assert.equal(info.body.breakMode, 'always');
    assert.match((await topFrame(s.dc, stop.body.threadId!)).name, new RegExp(`^${n.risky}`));
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: stop.body.threadId! });
    await terminated;
  });

  test(`${d} (DAP): stop on entry, pause, then terminate stops the execution`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [], [], { stopOnEntry: true });
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'entry');
    await s.dc.pauseRequest({ threadId: stop.body.threadId! });
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.terminateRequest({});
    await terminated;
    assert.match(ended(s), /Stopped/);
  });

  test(`${d} (DAP): Pause while the flow runs stops at the next step`, async (t) => {
    const s = await session(t, d, 'slow');
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [], [], { timeScale: 1 });
    // The flow waits for a second of real time: the pause lands meanwhile.
    await s.dc.pauseRequest({ threadId: 1 });
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'pause');
    assert.match((await topFrame(s.dc, stop.body.threadId!)).name, d === 'classic' ? /^hold \(ended\)/ : /^Hold \(ended\)/);
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: stop.body.threadId! });
    await terminated;
    assert.match(ended(s), /Succeeded/);
  });

  test(`${d} (DAP): restart stops the execution and runs the flow again to the same breakpoint`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [{ line: s.line(n.charge) }]);
    await stopped;
    const again = s.dc.waitForEvent('stopped');
    await s.dc.customRequest('restart', { arguments: s.launchArgs });
    const stop = (await again) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'breakpoint');
    assert.match((await topFrame(s.dc, stop.body.threadId!)).name, new RegExp(`^${n.charge}`));
    assert.match(ended(s), /Stopped/);
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: stop.body.threadId! });
    await terminated;
    assert.match(ended(s), /Succeeded/);
  });

  test(`${d} (DAP): evaluate in the Debug Console changes a variable; a bad expression is refused with a reason`, async (t) => {
    const s = await session(t, d);
    const stopped = s.dc.waitForEvent('stopped');
    await launch(s, [{ line: s.line(n.prepare) }]);
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    const frame = await topFrame(s.dc, stop.body.threadId!);
    const assigned = await s.dc.evaluateRequest({ expression: `${n.input}.amount = 7`, frameId: frame.id, context: 'repl' });
    assert.equal(assigned.body.result, '7');
    await assert.rejects(s.dc.evaluateRequest({ expression: `${n.input}.amount >`, frameId: frame.id, context: 'repl' }));
    await assert.rejects(s.dc.setVariableRequest({ variablesReference: 999_999, name: 'x', value: '1' }));
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: stop.body.threadId! });
    await terminated;
    assert.match(ended(s), /"total":7/);
  });
}

test('classic (DAP): Step Into a child flow: its frame is in the child flow file', async (t) => {
  const s = await session(t, 'classic', 'parent');
  const stopped = s.dc.waitForEvent('stopped');
  await launch(s, [{ line: s.line('runChild') }]);
  const main = ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
  const inChild = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: main });
  const stop = (await inChild) as DebugProtocol.StoppedEvent;
  const frames = (await s.dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
  assert.equal(frames[0].source?.path, join(FIXTURES, 'classic', 'child.flow.yaml'));
  assert.equal(frames[0].line, 5);
  assert.equal(frames[1].source?.path, s.program);
  const terminated = s.dc.waitForEvent('terminated');
  await s.dc.continueRequest({ threadId: stop.body.threadId! });
  await terminated;
  assert.match(ended(s), /Succeeded/);
});

/**
 * Stopped at the StateMachine parent fixture's FNF:StartExecution task (`flow`: which TaskMode),
 * then Step Into: stopped at the child's first state, its frame in the child's file above the
 * task's (unless the task has already ended: RequestComplete ends as soon as the child started).
 */
async function intoChild(t: TestContext, flow: string, taskMayHaveEnded = false) {
  const s = await session(t, 'statemachine', flow);
  const stopped = s.dc.waitForEvent('stopped');
  await launch(s, [{ line: s.line('RunChild') }]);
  const main = ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
  const inChild = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: main });
  const child = ((await inChild) as DebugProtocol.StoppedEvent).body.threadId!;
  assert.notEqual(child, main);
  const frames = (await s.dc.stackTraceRequest({ threadId: child })).body.stackFrames;
  if (taskMayHaveEnded && frames.length === 1) frames.push({ id: 0, name: 'RunChild (running)', source: { path: s.program }, line: s.line('RunChild') - 1, column: 0 });
  assert.deepEqual(
    frames.map((f) => [f.name, f.source?.path, f.line]),
    [
      ['InChild (before start)', join(FIXTURES, 'statemachine', 'child.flow.yaml'), 7],
      ['RunChild (running)', s.program, s.line('RunChild') - 1],
    ],
  );
  const threads = (await s.dc.threadsRequest()).body.threads;
  assert.equal(threads.find((x) => x.id === child)?.name, 'RunChild › child');
  return { s, main, child };
}

test('statemachine (DAP): Step Into an FNF:StartExecution child that the task waits for (WaitForSystemCallback); Step Out returns to the task', async (t) => {
  const { s, main, child } = await intoChild(t, 'parent');
  const exited = s.dc.waitForEvent('thread');
  const out = s.dc.waitForEvent('stopped');
  await s.dc.stepOutRequest({ threadId: child });
  assert.deepEqual((await exited).body, { reason: 'exited', threadId: child });
  const stop = (await out) as DebugProtocol.StoppedEvent;
  assert.equal(stop.body.threadId, main);
  assert.equal((await topFrame(s.dc, main)).name, 'RunChild (ended)');
  const terminated = s.dc.waitForEvent('terminated');
  await s.dc.continueRequest({ threadId: main });
  await terminated;
  assert.match(ended(s), /Succeeded/);
});

test('statemachine (DAP): Step Into the child of a task waiting for a report (WaitForCustomCallback); Step Out returns when the task ends (here its timeout)', async (t) => {
  const { s, main, child } = await intoChild(t, 'parent-callback');
  const out = s.dc.waitForEvent('stopped', 10_000);
  await s.dc.stepOutRequest({ threadId: child });
  // No report comes: the task ends by its 3 s Timeout, which the state's Catch takes.
  const stop = (await out) as DebugProtocol.StoppedEvent;
  assert.equal(stop.body.threadId, main);
  assert.equal((await topFrame(s.dc, main)).name, 'RunChild (failed)');
  assert.deepEqual(
    (await s.dc.threadsRequest()).body.threads.map((x) => x.id),
    [main],
    "the child's path ended with the child",
  );
  const terminated = s.dc.waitForEvent('terminated');
  await s.dc.continueRequest({ threadId: main });
  await terminated;
  assert.match(ended(s), /Succeeded/);
});

test('statemachine (DAP): Step Into the child of a task that goes on (RequestComplete): the child becomes a thread of its own; Step Out returns to the parent', async (t) => {
  const { s, main, child } = await intoChild(t, 'parent-start', true);
  const out = s.dc.waitForEvent('stopped');
  await s.dc.stepOutRequest({ threadId: child });
  const stop = (await out) as DebugProtocol.StoppedEvent;
  assert.equal(stop.body.threadId, main);
  assert.equal((await topFrame(s.dc, main)).name, 'RunChild (ended)');
  // The task has ended: the child, still running beside the parent, stands on its own states only.
  const childFrames = (await s.dc.stackTraceRequest({ threadId: child })).body.stackFrames;
  assert.deepEqual(
    childFrames.map((f) => f.source?.path),
    [join(FIXTURES, 'statemachine', 'child.flow.yaml')],
  );
  const terminated = s.dc.waitForEvent('terminated');
  await s.dc.continueRequest({ threadId: main });
  await terminated;
  assert.match(ended(s), /Succeeded/);
});

test('(DAP) bad launches are refused with a reason: no flow file, a missing file, input that is not JSON, a flow with errors', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'flow-debug-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const badInput = join(tmp, 'input.json');
  writeFileSync(badInput, '{"amount": ');
  const invalid = join(tmp, 'invalid.flow.yaml');
  writeFileSync(invalid, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: pass\n    name: a\n');
  const refusal = (args: Record<string, unknown>) => launchRefusal(t, args);
  assert.match(await refusal({}), /names no flow file/);
  assert.match(await refusal({ program: join(tmp, 'missing.flow.yaml') }), /Cannot read .*missing\.flow\.yaml/);
  assert.match(await refusal({ program: fixtureProgram('classic'), inputFile: badInput }), /is not JSON/);
  assert.match(await refusal({ program: invalid }), /did not start.*error/);
});

test('(DAP) a launch naming a file that cannot be read whole is refused saying why: not UTF-8, too large, a FIFO, a device', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'flow-debug-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const refusal = (args: Record<string, unknown>) => launchRefusal(t, args);
  const gbk = join(tmp, 'gbk.flow.yaml');
  writeFileSync(gbk, Buffer.concat([Buffer.from('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: '), Buffer.from([0xba, 0xaf]), Buffer.from('\n')]));
  assert.match(await refusal({ program: gbk }), /^Cannot read .*gbk\.flow\.yaml: it is not UTF-8 \(byte 0xBA at line 5, column 11\); save it as UTF-8/);
  const big = join(tmp, 'big.json');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, MAX_JSON_BYTES + 1);
  closeSync(fd);
  assert.match(await refusal({ program: fixtureProgram('classic'), inputFile: big }), new RegExp(`^Cannot read .*big\\.json: it is ${MAX_JSON_BYTES + 1} bytes, more than`));
  if (existsSync('/dev/zero')) {
    const zero = join(tmp, 'history.json');
    symlinkSync('/dev/zero', zero);
    assert.match(await refusal({ program: fixtureProgram('classic'), replay: zero }), /^Cannot read .*history\.json: it is a device, not a regular file/);
  }
  const fifo = join(tmp, 'pipe.flow.yaml');
  if (spawnSync('mkfifo', [fifo]).status === 0) assert.match(await refusal({ program: fifo }), /^Cannot read .*pipe\.flow\.yaml: it is a named pipe \(FIFO\), not a regular file/);
});

function fixtureProgram(d: Dialect): string {
  return join(FIXTURES, d, 'orders.flow.yaml');
}

test('statemachine (DAP): mocks given inline answer the tasks; the end is announced with the execution it ran', async (t) => {
  const s = await session(t, 'statemachine');
  const endedEvent = s.dc.waitForEvent('flowExecutionEnded');
  const terminated = s.dc.waitForEvent('terminated');
  await launch(s, [], [], { mocks: { tasks: { Charge: [{ error: 'Card.Declined', cause: 'declined inline' }] } } });
  const e = (await endedEvent) as DebugProtocol.Event & { body: { flowName: string; executionName: string; status: string } };
  await terminated;
  assert.equal(e.body.flowName, 'orders');
  assert.ok(e.body.executionName);
  assert.equal(e.body.status, 'Failed');
  assert.match(ended(s), /Card\.Declined.*declined inline/);
});

test('(DAP) inline mocks with a mistyped key are refused with a reason', async (t) => {
  const s = await session(t, 'statemachine');
  s.dc.on('initialized', () => void s.dc.configurationDoneRequest().catch(() => undefined));
  const error = await s.dc.launch({ ...s.launchArgs, mocks: { tasks: { Charge: [{ erorr: 'x' }] } } }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.ok(error, 'the launch was accepted');
  assert.match(error.message, /did not start.*Charge/);
});
