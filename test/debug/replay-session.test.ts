/**
 * Replay in the debugger (launch `replay`), driven by DebugClient over a socket: each dialect's
 * fixture flow (test/engine/debug/) is run in memory, its history written to a file, and the
 * adapter steps through that history forwards and backwards. The data shown at each stop is
 * compared with the recorded events themselves.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { launchMocks } from '../../debug/flow-run-host';
import { adapterClient } from './dap-client';
import { LocalBackend, MemoryStore, MockInvoker, type HistoryEvent } from '../../engine/index';

const FIXTURES = join(__dirname, '..', 'engine', 'debug');

const NAMES = {
  classic: { each: 'each', visit: 'visit', prepare: 'prepare', fanout: 'fanout', charge: 'charge', risky: 'risky', finish: 'finish', input: '$input', result: 'task result' },
  statemachine: { each: 'Each', visit: 'Visit', prepare: 'Prepare', fanout: 'Fanout', charge: 'Charge', risky: 'Risky', finish: 'Finish', input: '$Input', result: '$Output' },
} as const;

type Dialect = keyof typeof NAMES;

/** A state's own succeeded event (not its task's). */
const VISIT_SUCCEEDED = /^(StepSucceeded|StateSucceeded)$/;

/** Runs the fixture on an in-memory engine with its mocks and answers its history. */
async function recordHistory(d: Dialect): Promise<HistoryEvent[]> {
  const program = join(FIXTURES, d, 'orders.flow.yaml');
  const backend = new LocalBackend({ store: new MemoryStore(), timeScale: 0 });
  const mocks = launchMocks({ program, mocks: join(FIXTURES, d, 'mocks.yaml') })!;
  const report = (token: string, r: Parameters<LocalBackend['report']>[1]) => backend.report(token, r);
  backend.addInvoker(new MockInvoker(mocks, { match: 'named', report }), true);
  await backend.open({ resume: () => false });
  try {
    const run = await backend.startExecution({
      flowName: 'orders',
      definition: readFileSync(program, 'utf8'),
      flowPath: program,
      input: readFileSync(join(FIXTURES, d, 'input.json'), 'utf8'),
    });
    const end = await backend.waitForExecution('orders', run.name);
    assert.equal(end.status, 'Succeeded');
    return await backend.getExecutionHistory('orders', run.name);
  } finally {
    backend.close();
  }
}

/** The detail of a step's recorded event of one of the given types. */
function recorded(events: HistoryEvent[], step: string, types: RegExp, key: string): unknown {
  const e = events.find((x) => x.stepName === step && types.test(x.type));
  assert.ok(e, `${step} ${types}`);
  return (JSON.parse(e.eventDetail ?? '{}') as Record<string, unknown>)[key];
}

interface Session {
  dc: DebugClient;
  program: string;
  history: string;
  events: HistoryEvent[];
  outputs: string[];
  line(stepName: string): number;
}

async function session(t: TestContext, d: Dialect): Promise<Session> {
  const dc = await adapterClient(t);
  const dir = mkdtempSync(join(tmpdir(), 'flow-replay-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const events = await recordHistory(d);
  const history = join(dir, 'history.json');
  writeFileSync(history, JSON.stringify({ events }));
  const outputs: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
  const program = join(FIXTURES, d, 'orders.flow.yaml');
  const text = readFileSync(program, 'utf8').split('\n');
  return { dc, program, history, events, outputs, line: (name) => text.findIndex((l) => l.includes(d === 'classic' ? `name: ${name}` : `Name: ${name}`)) + 1 };
}

async function launch(s: Session, breakpoints: DebugProtocol.SourceBreakpoint[]): Promise<{ bound: DebugProtocol.SetBreakpointsResponse; first: DebugProtocol.StoppedEvent }> {
  let bound!: DebugProtocol.SetBreakpointsResponse;
  const stopped = s.dc.waitForEvent('stopped');
  await Promise.all([
    s.dc.waitForEvent('initialized').then(async () => {
      bound = await s.dc.setBreakpointsRequest({ source: { path: s.program }, breakpoints });
      await s.dc.configurationDoneRequest();
    }),
    s.dc.launch({ program: s.program, replay: s.history }),
  ]);
  return { bound, first: (await stopped) as DebugProtocol.StoppedEvent };
}

/** Sends a move and answers the stop it leads to. */
async function move(s: Session, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = s.dc.waitForEvent('stopped');
  await send();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

async function stack(s: Session): Promise<DebugProtocol.StackFrame[]> {
  return (await s.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
}

/** The top frame's step variables, parsed back from their JSON text. */
async function stepValues(s: Session): Promise<Record<string, unknown>> {
  const frame = (await stack(s))[0];
  const scopes = (await s.dc.scopesRequest({ frameId: frame.id })).body.scopes;
  const vars = (await s.dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
  return Object.fromEntries(vars.map((v) => [v.name, v.value === 'undefined' ? undefined : JSON.parse(v.value)]));
}

for (const d of ['classic', 'statemachine'] as const) {
  const n = NAMES[d];

  test(`${d} (replay): a breakpoint in a parallel branch is hit with the recorded input; step over shows the recorded result and output; step back returns`, async (t) => {
    const s = await session(t, d);
    const { bound, first } = await launch(s, [{ line: s.line(n.charge) }, { line: 1 }]);
    assert.equal(bound.body.breakpoints[0].verified, true);
    assert.equal(bound.body.breakpoints[1].verified, false);
    assert.equal(first.body.reason, 'entry');
    assert.deepEqual(
      (await stack(s)).map((f) => f.name),
      [`${n.prepare} (before start)`],
    );
    assert.match(s.outputs.join(''), /Replaying execution history/);

    const hit = await move(s, () => s.dc.continueRequest({ threadId: 1 }));
    assert.equal(hit.body.reason, 'breakpoint');
    assert.deepEqual(hit.body.hitBreakpointIds, [bound.body.breakpoints[0].id]);
    const frames = await stack(s);
    assert.deepEqual(
      frames.map((f) => f.name.split(' ')[0]),
      [n.charge, n.fanout],
    );
    assert.equal(frames[0].line, s.line(n.charge) - 1);
    assert.equal(frames[0].source?.path, s.program);
    assert.deepEqual((await stepValues(s))[n.input], recorded(s.events, n.charge, /Started$/, 'input'));

    const over = await move(s, () => s.dc.nextRequest({ threadId: 1 }));
    assert.equal(over.body.reason, 'step');
    assert.equal((await stack(s))[0].name, `${n.charge} (ended)`);
    const ended = await stepValues(s);
    assert.deepEqual(ended[n.result], recorded(s.events, n.charge, /^TaskSucceeded$/, 'output'));
    assert.deepEqual(ended.output, recorded(s.events, n.charge, VISIT_SUCCEEDED, 'output'));

    await move(s, () => s.dc.stepBackRequest({ threadId: 1 }));
    assert.equal((await stack(s))[0].name, `${n.charge} (before start)`);

    const out = await move(s, () => s.dc.stepOutRequest({ threadId: 1 }));
    assert.equal(out.body.reason, 'step');
    assert.deepEqual(
      (await stack(s)).map((f) => f.name),
      [`${n.fanout} (ended)`],
    );
  });

  test(`${d} (replay): step into a foreach/Map reaches its first iteration's step with that iteration's recorded input`, async (t) => {
    const s = await session(t, d);
    const { bound } = await launch(s, [{ line: s.line(n.each) }]);
    assert.equal(bound.body.breakpoints[0].verified, true);
    const hit = await move(s, () => s.dc.continueRequest({ threadId: 1 }));
    assert.equal(hit.body.reason, 'breakpoint');
    assert.equal((await stack(s))[0].name, `${n.each} (before start)`);
    await move(s, () => s.dc.stepInRequest({ threadId: 1 }));
    assert.deepEqual(
      (await stack(s)).map((f) => f.name),
      [`${n.visit} (before start)`, `${n.each} (running)`],
    );
    assert.deepEqual((await stepValues(s))[n.input], recorded(s.events, n.visit, /Started$/, 'input'));
    // Over from an iteration's end stays in that iteration's path: the next stop is the foreach's end.
    await move(s, () => s.dc.nextRequest({ threadId: 1 }));
    const after = await move(s, () => s.dc.nextRequest({ threadId: 1 }));
    assert.equal(after.body.reason, 'step');
    assert.equal((await stack(s))[0].name, `${n.each} (ended)`);
  });

  test(`${d} (replay): continue to the end, reverse continue to the breakpoint and then to the start`, async (t) => {
    const s = await session(t, d);
    const { first } = await launch(s, [{ line: s.line(n.charge) }]);
    assert.equal(first.body.reason, 'entry');
    await move(s, () => s.dc.continueRequest({ threadId: 1 }));
    const end = await move(s, () => s.dc.continueRequest({ threadId: 1 }));
    assert.equal(end.body.description, 'end of history');
    assert.equal((await stack(s))[0].name, `${n.finish} (ended)`);
    assert.deepEqual((await stepValues(s)).output, recorded(s.events, n.finish, VISIT_SUCCEEDED, 'output'));

    const back = await move(s, () => s.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.equal((await stack(s))[0].name, `${n.charge} (before start)`);
    const start = await move(s, () => s.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(start.body.reason, 'entry');
    assert.equal(start.body.description, 'start of history');
    assert.equal((await stack(s))[0].name, `${n.prepare} (before start)`);

    // Restart replays the same history from its first step, the breakpoints kept.
    await move(s, () => s.dc.continueRequest({ threadId: 1 }));
    const again = await move(s, () => s.dc.customRequest('restart', {}));
    assert.equal(again.body.reason, 'entry');
    const hitAgain = await move(s, () => s.dc.continueRequest({ threadId: 1 }));
    assert.equal(hitAgain.body.reason, 'breakpoint');
  });

  test(`${d} (replay): a caught failure is a stop with its recorded error; nothing can be changed; conditions are refused with a reason`, async (t) => {
    const s = await session(t, d);
    const { bound } = await launch(s, [{ line: s.line(n.risky) }, { line: s.line(n.prepare), condition: 'true' }]);
    assert.equal(bound.body.breakpoints[1].verified, false);
    assert.match(bound.body.breakpoints[1].message ?? '', /live runs only/);
    await move(s, () => s.dc.continueRequest({ threadId: 1 }));
    const failed = await move(s, () => s.dc.nextRequest({ threadId: 1 }));
    assert.equal(failed.body.reason, 'exception');
    assert.equal(failed.body.text, 'Risk.Refused');
    const info = await s.dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, 'Risk.Refused');
    assert.equal(info.body.breakMode, 'always');
    assert.deepEqual((await stepValues(s)).error, { error: 'Risk.Refused', cause: 'too risky' });
    const frame = (await stack(s))[0];
    const scopes = (await s.dc.scopesRequest({ frameId: frame.id })).body.scopes;
    await assert.rejects(s.dc.setVariableRequest({ variablesReference: scopes[0].variablesReference, name: n.input, value: '{}' }), /cannot be changed/);
    const watch = await s.dc.evaluateRequest({ expression: n.input, frameId: frame.id, context: 'watch' });
    assert.deepEqual(JSON.parse(watch.body.result), recorded(s.events, n.risky, /Started$/, 'input'));
  });
}

test('replay: a file that is not a history is refused at launch with its path', async (t) => {
  const s = await session(t, 'classic');
  writeFileSync(s.history, '{"events": 3}');
  await s.dc.initializeRequest();
  await assert.rejects(s.dc.launchRequest({ program: s.program, replay: s.history } as DebugProtocol.LaunchRequestArguments), /not a list of history events/);
});

test('replay of a definition no file holds (a cloud execution read-only): breakpoints set in that document bind, frames point at it', async (t) => {
  const s = await session(t, 'classic');
  const doc = 'flowstudio-cloud:/cn-hangzhou/orders/exec-1.flow.yaml';
  let bound!: DebugProtocol.SetBreakpointsResponse;
  let elsewhere!: DebugProtocol.SetBreakpointsResponse;
  const stopped = s.dc.waitForEvent('stopped');
  await Promise.all([
    s.dc.waitForEvent('initialized').then(async () => {
      bound = await s.dc.setBreakpointsRequest({ source: { path: doc }, breakpoints: [{ line: s.line('charge') }] });
      // The same text in a file is another source: not this session's flow.
      elsewhere = await s.dc.setBreakpointsRequest({ source: { path: s.program }, breakpoints: [{ line: s.line('charge') }] });
      await s.dc.configurationDoneRequest();
    }),
    s.dc.launch({ program: doc, definition: readFileSync(s.program, 'utf8'), replay: s.history } as DebugProtocol.LaunchRequestArguments),
  ]);
  await stopped;
  assert.equal(bound.body.breakpoints[0].verified, true);
  assert.equal(elsewhere.body.breakpoints[0].verified, false);
  const hit = await move(s, () => s.dc.continueRequest({ threadId: 1 }));
  assert.equal(hit.body.reason, 'breakpoint');
  const frames = await stack(s);
  assert.equal(frames[0].source?.path, doc);
  assert.equal(frames[0].line, s.line('charge') - 1);
  assert.deepEqual((await stepValues(s)).$input, recorded(s.events, 'charge', /Started$/, 'input'));
});

test('a launch giving the flow text without replay is refused with the reason', async (t) => {
  const s = await session(t, 'classic');
  await s.dc.initializeRequest();
  await assert.rejects(
    s.dc.launchRequest({ program: 'flowstudio-cloud:/cn-hangzhou/orders.flow.yaml', definition: 'version: v1' } as DebugProtocol.LaunchRequestArguments),
    /only to replay a history/,
  );
});
