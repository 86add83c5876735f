/**
 * Step Into a task whose function runs locally (a Node.js function of an s.yaml): the adapter asks
 * its client to start the Node.js debugger as a child session (the reverse request
 * `startDebugging`); this test plays the client and that debugger. It connects to the function's
 * inspector over loopback with the attach configuration it was given, sees the handler's script
 * and a stop at the handler's first line, reads the step's input there, resumes, and the flow
 * pauses after the task with the function's result. Step Over attaches nothing; a client that
 * cannot start child sessions, and a mocked task, are told why nothing is stepped into.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, type TestContext } from 'node:test';
import type { Writable } from 'node:stream';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import WebSocket from 'ws';
import { adapterClient } from './dap-client';

const HANDLER = `exports.handler = async (event, context) => {
  const input = JSON.parse(event.toString());
  return { doubled: input.n * 2, by: context.function.name };
};
`;

const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: double
    resourceArn: acs:fc:cn-hangzhou::services/demo/functions/double
  - type: task
    name: mocked
    resourceArn: acs:fc:cn-hangzhou::services/demo/functions/elsewhere
  - type: pass
    name: finish
`;

const S_YAML = `edition: 1.0.0
name: step-into
access: default
services:
  double:
    component: fc
    props:
      region: cn-hangzhou
      service:
        name: demo
      function:
        name: double
        runtime: nodejs18
        codeUri: ./double
        handler: index.handler
        timeout: 1
`;

const MOCKS = `tasks:
  mocked:
    output: { mocked: true }
`;

interface Workspace {
  program: string;
  handlerFile: string;
  launchArgs: Record<string, unknown>;
}

function workspace(t: TestContext): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'flow-step-into-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'double'));
  const handlerFile = join(dir, 'double', 'index.js');
  writeFileSync(handlerFile, HANDLER);
  writeFileSync(join(dir, 's.yaml'), S_YAML);
  writeFileSync(join(dir, 'mocks.yaml'), MOCKS);
  const program = join(dir, 'steps.flow.yaml');
  writeFileSync(program, FLOW);
  return {
    program,
    handlerFile,
    launchArgs: { program, input: { n: 21 }, functions: join(dir, 's.yaml'), mocks: join(dir, 'mocks.yaml'), stopOnEntry: true, timeScale: 1 },
  };
}

type ReverseAnswer = { success: boolean; message?: string };

/** Answers the adapter's reverse requests (DebugClient itself drops them) with `answer`. */
function onReverseRequest(dc: DebugClient, answer: (request: DebugProtocol.Request) => Promise<ReverseAnswer>): void {
  const client = dc as unknown as { dispatch(body: string): void; outputStream: Writable };
  const dispatch = client.dispatch.bind(dc);
  client.dispatch = (body: string) => {
    const message = JSON.parse(body) as DebugProtocol.ProtocolMessage;
    if (message.type !== 'request') return dispatch(body);
    const request = message as DebugProtocol.Request;
    void answer(request).then((r) => {
      const json = JSON.stringify({ type: 'response', seq: 0, request_seq: request.seq, command: request.command, ...r });
      client.outputStream.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`, 'utf8');
    });
  };
}

/** Refuses every reverse request and records its command: for cases where none should be sent. */
function refuseReverseRequests(dc: DebugClient): string[] {
  const requests: string[] = [];
  onReverseRequest(dc, async (r) => {
    requests.push(r.command);
    return { success: false, message: 'not expected' };
  });
  return requests;
}

/** A Chrome DevTools Protocol connection: what the Node.js debugger does with the attach configuration. */
class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (r: { result?: any; error?: { message: string } }) => void>();
  readonly scripts = new Map<string, string>();
  readonly paused: Promise<any>;
  readonly closed: Promise<void>;

  private constructor(private readonly ws: WebSocket) {
    let onPaused!: (p: any) => void;
    this.paused = new Promise((r) => (onPaused = r));
    this.closed = new Promise((r) => ws.once('close', () => r()));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.id) return this.pending.get(m.id)?.(m);
      if (m.method === 'Debugger.scriptParsed') this.scripts.set(m.params.scriptId, m.params.url);
      if (m.method === 'Debugger.paused') onPaused(m.params);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Inspector(ws);
  }

  async send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = this.nextId++;
    const answer = new Promise<{ result?: any; error?: { message: string } }>((r) => this.pending.set(id, r));
    this.ws.send(JSON.stringify({ id, method, params }));
    const r = await answer;
    if (r.error) throw new Error(`${method}: ${r.error.message}`);
    return r.result;
  }

  close(): void {
    this.ws.close();
  }
}

async function start(t: TestContext, w: Workspace, supportsStartDebuggingRequest: boolean) {
  const dc = await adapterClient(t);
  const outputs: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
  await dc.initializeRequest({ adapterID: 'flow', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsStartDebuggingRequest });
  const entry = dc.waitForEvent('stopped');
  await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.launchRequest(w.launchArgs as DebugProtocol.LaunchRequestArguments)]);
  const threadId = ((await entry) as DebugProtocol.StoppedEvent).body.threadId!;
  return { dc, outputs, threadId };
}

async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  return (await dc.stackTraceRequest({ threadId })).body.stackFrames[0];
}

async function stepValue(dc: DebugClient, frameId: number, name: string): Promise<string> {
  const scopes = (await dc.scopesRequest({ frameId })).body.scopes;
  const vars = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
  const v = vars.find((x) => x.name === name);
  assert.ok(v, `${name} among ${vars.map((x) => x.name).join(', ')}`);
  return v.value;
}

test('Step Into a local Node.js function: the client is asked to attach the Node.js debugger, which stops at the handler; the flow pauses after the task with its result', async (t) => {
  const w = workspace(t);
  let configuration: Record<string, any> | undefined;
  let inspector: Inspector | undefined;
  let flowStoppedWhileInHandler = false;
  let handlerResumed = false;
  const s = await start(t, w, true);
  onReverseRequest(s.dc, async (request) => {
    assert.equal(request.command, 'startDebugging');
    const args = request.arguments as DebugProtocol.StartDebuggingRequestArguments;
    assert.equal(args.request, 'attach');
    configuration = args.configuration;
    // What js-debug does with it: connect to the inspector, set up, and let the process run.
    inspector = await Inspector.connect(configuration.websocketAddress);
    await inspector.send('Runtime.enable');
    await inspector.send('Debugger.enable');
    await inspector.send('Runtime.runIfWaitingForDebugger');
    return { success: true };
  });
  assert.match((await topFrame(s.dc, s.threadId)).name, /^double /);

  let flowStopped = s.dc.waitForEvent('stopped');
  void flowStopped.then(() => (flowStoppedWhileInHandler = !handlerResumed));
  await s.dc.stepInRequest({ threadId: s.threadId });

  const paused = await waitFor(() => inspector?.paused, 'the handler stops');
  assert.ok(configuration);
  assert.equal(configuration.type, 'pwa-node');
  assert.equal(configuration.address, '127.0.0.1');
  assert.match(configuration.websocketAddress, /^ws:\/\/127\.0\.0\.1:\d+\//);
  assert.equal(configuration.port, Number(new URL(configuration.websocketAddress).port));
  assert.equal(configuration.continueOnAttach, true);
  assert.equal(configuration.flowStepInto.stepName, 'double');
  assert.equal(configuration.flowStepInto.handlerFile, w.handlerFile);
  // The inspector listens on loopback and lists the function's process.
  const list = (await (await fetch(`http://127.0.0.1:${configuration.port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  assert.equal(list[0]?.webSocketDebuggerUrl, configuration.websocketAddress);

  const frame = paused.callFrames[0];
  assert.equal(inspector!.scripts.get(frame.location.scriptId), pathToFileURL(w.handlerFile).href, 'stopped in the handler file');
  assert.equal(frame.location.lineNumber + 1, 2, "at the handler's first line");
  const read = await inspector!.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: 'event.toString()' });
  assert.equal(read.result.value, '{"n":21}', 'the step input is the event');
  assert.match(s.outputs.join(''), /Step Into double: function double runs under the Node\.js debugger/);

  // Well past the function's 1 s timeout: a person stepping through it is not timed out.
  await new Promise((r) => setTimeout(r, 1500));
  handlerResumed = true;
  await inspector!.send('Debugger.resume');
  await inspector!.closed; // the function returned and its process closed the inspector: the child session ends

  const after = (await flowStopped) as DebugProtocol.StoppedEvent;
  assert.equal(flowStoppedWhileInHandler, false, 'the flow stays running while the handler is debugged');
  assert.equal(after.body.reason, 'step');
  const top = await topFrame(s.dc, s.threadId);
  assert.match(top.name, /^double /);
  assert.match(await stepValue(s.dc, top.id, 'task result'), /"doubled":42/);

  flowStopped = s.dc.waitForEvent('terminated');
  await s.dc.continueRequest({ threadId: s.threadId });
  await flowStopped;
  assert.match(s.outputs.join(''), /"doubled":42,"by":"double"/);
});

/** Resolves what `get` returns once it returns a promise, and that promise. */
async function waitFor<T>(get: () => Promise<T> | undefined, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const p = get();
    if (p) return p;
    if (Date.now() > until) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('Step Over a local function task attaches nothing and pauses at its end', async (t) => {
  const w = workspace(t);
  const s = await start(t, w, true);
  const requests = refuseReverseRequests(s.dc);
  const stopped = s.dc.waitForEvent('stopped');
  await s.dc.nextRequest({ threadId: s.threadId });
  await stopped;
  assert.match(await stepValue(s.dc, (await topFrame(s.dc, s.threadId)).id, 'task result'), /"doubled":42/);
  assert.deepEqual(requests, []);
  assert.doesNotMatch(s.outputs.join(''), /Step Into/);
});

test('Step Into from a client that cannot start child sessions: the function runs without a debugger, and the Debug Console says why', async (t) => {
  const w = workspace(t);
  const s = await start(t, w, false);
  const stopped = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: s.threadId });
  await stopped;
  assert.match(await stepValue(s.dc, (await topFrame(s.dc, s.threadId)).id, 'task result'), /"doubled":42/);
  assert.match(s.outputs.join(''), /Step Into double: this debugger client cannot start a child debug session/);
});

test('Step Into when the client fails to start the child session: the function runs without a debugger', async (t) => {
  const w = workspace(t);
  const s = await start(t, w, true);
  onReverseRequest(s.dc, async () => ({ success: false, message: 'no Node.js debugger here' }));
  const stopped = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: s.threadId });
  await stopped;
  assert.match(await stepValue(s.dc, (await topFrame(s.dc, s.threadId)).id, 'task result'), /"doubled":42/);
  assert.match(s.outputs.join(''), /the Node\.js debugger did not attach to function double \(no Node\.js debugger here\)/);
});

test('Step Into a mocked task: nothing to step into, said in the Debug Console; the flow pauses after it', async (t) => {
  const w = workspace(t);
  const s = await start(t, w, true);
  const requests = refuseReverseRequests(s.dc);
  // To the mocked task's start: over the first task's end, then its start.
  for (let i = 0; i < 2; i++) {
    const next = s.dc.waitForEvent('stopped');
    await s.dc.nextRequest({ threadId: s.threadId });
    await next;
  }
  assert.match((await topFrame(s.dc, s.threadId)).name, /^mocked /);
  const stopped = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: s.threadId });
  await stopped;
  assert.match(await stepValue(s.dc, (await topFrame(s.dc, s.threadId)).id, 'task result'), /"mocked":true/);
  assert.match(s.outputs.join(''), /Step Into mocked: no function code ran on this machine for the task/);
  assert.deepEqual(requests, []);
});

test('Step Into a task whose result was set while paused: not invoked, nothing to step into, said in the Debug Console', async (t) => {
  const w = workspace(t);
  const s = await start(t, w, true);
  const requests = refuseReverseRequests(s.dc);
  const frameId = (await topFrame(s.dc, s.threadId)).id;
  await s.dc.evaluateRequest({ expression: 'result = {"doubled": 7}', frameId, context: 'repl' });
  const stopped = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: s.threadId });
  await stopped;
  assert.match(await stepValue(s.dc, (await topFrame(s.dc, s.threadId)).id, 'task result'), /"doubled":7/);
  assert.match(s.outputs.join(''), /Step Into double: the task's result was set in the debugger/);
  assert.deepEqual(requests, []);
});

test(
  'A process hosting the adapter: once a Step Into is answered and the session disconnected, nothing of the adapter keeps the process alive',
  { timeout: 120_000 },
  async (t) => {
    const w = workspace(t);
    const script = join(__dirname, 'fixtures', 'step-into-process.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(w.launchArgs)], { env: { ...process.env, FDL_LOCALE: 'en' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as { resources: string[]; output: string };
    assert.match(report.output, /the Node\.js debugger did not attach to function double \(refused here\)/, 'the reverse request was answered');
    // A timer left running (the reverse request's time limit, launch's wait for configuration) holds the process until it fires.
    assert.deepEqual(
      report.resources.filter((r) => r === 'Timeout'),
      [],
      `still alive: ${report.resources.join(', ')}`,
    );
  },
);

const STATEMACHINE = `Type: StateMachine
Name: step-into-sm
SpecVersion: v1
StartAt: Fanout
States:
  - Type: Parallel
    Name: Fanout
    Branches:
      - StartAt: Double
        States:
          - Type: Task
            Name: Double
            Action: FC:InvokeFunction
            Parameters:
              resourceArn: acs:fc:::functions/double/LATEST
              invocationType: Sync
              body:
                n.$: $Input.n
            End: true
    End: true
`;

const S_YAML_FC3 = `edition: 3.0.0
name: step-into-sm
access: default
resources:
  double:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: double
      runtime: nodejs18
      code: ./double
      handler: index.handler
`;

test('StateMachine: Step Into a Task in a parallel branch reaches its FC 3.0 function in the Node.js debugger, and the branch pauses after it', async (t) => {
  const w = workspace(t);
  writeFileSync(w.program, STATEMACHINE);
  writeFileSync(join(w.program, '..', 's.yaml'), S_YAML_FC3);
  const s = await start(t, w, true);
  let inspector: Inspector | undefined;
  onReverseRequest(s.dc, async (request) => {
    inspector = await Inspector.connect((request.arguments as DebugProtocol.StartDebuggingRequestArguments).configuration.websocketAddress);
    await inspector.send('Debugger.enable');
    await inspector.send('Runtime.runIfWaitingForDebugger');
    return { success: true };
  });
  // From the parallel's start into its branch (a thread of its own), then into the Task's function.
  const inBranch = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: s.threadId });
  const branch = ((await inBranch) as DebugProtocol.StoppedEvent).body.threadId!;
  assert.notEqual(branch, s.threadId);
  assert.match((await topFrame(s.dc, branch)).name, /^Double /);
  const after = s.dc.waitForEvent('stopped');
  await s.dc.stepInRequest({ threadId: branch });
  const paused = await waitFor(() => inspector?.paused, 'the handler stops');
  assert.equal(inspector!.scripts.get(paused.callFrames[0].location.scriptId), pathToFileURL(w.handlerFile).href);
  await inspector!.send('Debugger.resume');
  assert.equal(((await after) as DebugProtocol.StoppedEvent).body.threadId, branch);
  const top = await topFrame(s.dc, branch);
  assert.match(top.name, /^Double /);
  const ended = s.dc.waitForEvent('terminated');
  await s.dc.continueRequest({ threadId: branch });
  await ended;
  assert.match(s.outputs.join(''), /"doubled":42,"by":"double"/);
});
