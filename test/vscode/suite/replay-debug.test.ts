/// <reference types="mocha" />
/**
 * Replay in Debugger through VS Code's debug API: on a finished local execution and on a cloud one
 * (the loopback stand-in of the FnF service, test/client/cloud/fnf-cloud-standin.ts, every request
 * signed by the unmodified SDK), the command starts a `flow` session in replay mode; stepping
 * forwards and back shows a step's recorded input and output as variables, and a breakpoint on a
 * step's line stops there. A cloud flow with no local file is bound to the definition the
 * execution ran, opened read-only; with a local file deployed as it, to that file.
 */
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { startFnfCloudStandIn, type FnfCloudStandIn } from '../../client/cloud/fnf-cloud-standin';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, flowStudio, recordMessages, typeIntoInputBoxes, workspaceFile } from './helpers';

const FLOW = `version: v1
type: flow
steps:
  - type: pass
    name: greet
    outputMappings:
      - target: greeting
        source: $input.name
  - type: pass
    name: shout
    inputMappings:
      - target: text
        source: $local.greeting
    outputMappings:
      - target: said
        source: $input.text
`;
const lineOf = (name: string) => FLOW.split('\n').findIndex((l) => l.includes(`name: ${name}`));

type Message = { type: string; event?: string; body?: Record<string, unknown> };
type Frame = { id: number; name: string; line: number; source?: { path?: string } };

/** The replay session the command starts, with the stops its adapter announces. */
function replayProbe() {
  const messages: Message[] = [];
  let session: vscode.DebugSession | undefined;
  let running = false;
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('flow', {
    createDebugAdapterTracker: (s) => (s.configuration.replay === undefined ? undefined : { onDidSendMessage: (m) => void messages.push(m as Message) }),
  });
  const started = vscode.debug.onDidStartDebugSession((s) => {
    if (s.configuration.replay === undefined) return;
    session = s;
    running = true;
  });
  const stops = () => messages.filter((m) => m.type === 'event' && m.event === 'stopped');
  const ended = new Promise<void>((resolve) => {
    const d = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s !== session) return;
      running = false;
      d.dispose();
      resolve();
    });
  });
  return {
    ended,
    session: () => {
      assert.ok(session, 'a replay session started');
      return session;
    },
    nextStop: async (n: number) => (await eventually(`stop ${n}`, stops, (s) => s.length >= n)).at(n - 1)!.body as { reason: string; threadId: number },
    /** Ends the session if a failed step left it running. */
    dispose: async () => {
      tracker.dispose();
      started.dispose();
      if (session && running) await vscode.debug.stopDebugging(session);
    },
  };
}

async function top(session: vscode.DebugSession): Promise<Frame> {
  return ((await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: Frame[] }).stackFrames[0];
}

/** The paused frame's step variables, parsed back from their JSON text. */
async function stepValues(session: vscode.DebugSession): Promise<Record<string, Record<string, unknown> | undefined>> {
  const frame = await top(session);
  const scopes = (await session.customRequest('scopes', { frameId: frame.id })) as { scopes: { variablesReference: number }[] };
  const vars = (await session.customRequest('variables', { variablesReference: scopes.scopes[0].variablesReference })) as { variables: { name: string; value: string }[] };
  return Object.fromEntries(vars.variables.map((v) => [v.name, v.value === 'undefined' ? undefined : JSON.parse(v.value)]));
}

/**
 * The journey both tests share: stopped at the first step, a breakpoint on `shout` is hit with its
 * recorded input, Step Over shows its output, Step Back returns before it; then the session stops.
 */
async function stepThrough(probe: ReturnType<typeof replayProbe>, source: vscode.Uri): Promise<void> {
  const session = probe.session();
  assert.equal(session.type, 'flow');
  const entry = await probe.nextStop(1);
  assert.equal(entry.reason, 'entry');
  assert.equal((await top(session)).name, 'greet (before start)');
  assert.deepEqual((await stepValues(session)).$input, { name: 'Lin' });

  await session.customRequest('next', { threadId: 1 });
  await probe.nextStop(2);
  assert.equal((await top(session)).name, 'greet (ended)');
  assert.equal((await stepValues(session)).output?.greeting, 'Lin');

  await session.customRequest('continue', { threadId: 1 });
  const hit = await probe.nextStop(3);
  assert.equal(hit.reason, 'breakpoint');
  const atShout = await top(session);
  assert.equal(atShout.name, 'shout (before start)');
  // The step's first line (its `- type:` line, just above its name), 1-based.
  assert.equal(atShout.line, lineOf('shout'));
  assert.ok(sameSource(atShout.source?.path, source), `${atShout.source?.path} is ${source.toString()}`);
  assert.deepEqual((await stepValues(session)).$input, { text: 'Lin' });

  await session.customRequest('next', { threadId: 1 });
  await probe.nextStop(4);
  assert.equal((await top(session)).name, 'shout (ended)');
  assert.equal((await stepValues(session)).output?.said, 'Lin');

  await session.customRequest('stepBack', { threadId: 1 });
  await probe.nextStop(5);
  assert.equal((await top(session)).name, 'shout (before start)');
  await assert.rejects(Promise.resolve(session.customRequest('setVariable', { variablesReference: 1, name: '$input', value: '{}' })), /cannot be changed/);

  await vscode.debug.stopDebugging(session);
  await probe.ended;
}

/**
 * A frame's source as VS Code hands it to an extension: a file may come back as a path or, when the
 * extension host is remote (code-server), as its `vscode-remote:` URI; another document as its URI.
 */
function sameSource(path: string | undefined, expected: vscode.Uri): boolean {
  if (!path) return false;
  if (!/^[a-z][a-z0-9+.-]+:/i.test(path)) return expected.scheme === 'file' && path === expected.fsPath;
  const given = vscode.Uri.parse(path);
  return given.toString() === expected.toString() || (expected.scheme === 'file' && given.scheme === 'vscode-remote' && given.path === expected.path);
}

const breakpointAt = (uri: vscode.Uri, name: string) => new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(lineOf(name), 0)));

suite('replay in debugger', () => {
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', 'none', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', undefined, vscode.ConfigurationTarget.Global);
  });

  test('a finished local execution: stepped forwards and back with its recorded data, a breakpoint on a step stops there', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/replay-local.flow.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FLOW));
    const started = await vscode.commands.executeCommand<{ flowName: string; executionName: string }>(COMMAND_IDS.runFlow, uri, { input: '{"name":"Lin"}' });
    assert.ok(started);
    await eventually(
      'the run to succeed',
      () => api.localBackend.describeExecution(started.flowName, started.executionName),
      (e) => e.status === 'Succeeded',
    );
    const bp = breakpointAt(uri, 'shout');
    vscode.debug.addBreakpoints([bp]);
    const probe = replayProbe();
    try {
      assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.replayInDebugger, { ...started, backend: 'local' }), true);
      const config = probe.session().configuration;
      assert.equal(config.program, uri.fsPath);
      assert.match(String(config.replay), /\.history\.json$/);
      await stepThrough(probe, uri);
      // Nothing ran again: the flow still has the one execution.
      assert.equal((await api.localBackend.listExecutions(started.flowName)).length, 1);
    } finally {
      await probe.dispose();
      vscode.debug.removeBreakpoints([bp]);
      rmSync(uri.fsPath, { force: true });
    }
  });

  suite('a cloud execution', () => {
    let cloud: FnfCloudStandIn;
    const LOCAL = 'flows/replay-cloud.flow.yaml';
    let executionName = '';

    suiteSetup(async function () {
      this.timeout(120_000);
      cloud = await startFnfCloudStandIn();
      const api = await flowStudio();
      await vscode.commands.executeCommand('flowStudio.cloud.signOut');
      await vscode.workspace.getConfiguration('flowStudio.cloud').update('endpoint', cloud.endpoint, vscode.ConfigurationTarget.Global);
      await eventually(
        'the endpoint setting',
        () => vscode.workspace.getConfiguration('flowStudio.cloud').get<string>('endpoint'),
        (v) => v === cloud.endpoint,
      );
      const boxes = typeIntoInputBoxes([cloud.key.accessKeyId, cloud.key.accessKeySecret, '', '{"name":"Lin"}']);
      const messages = recordMessages();
      const window = vscode.window as { showQuickPick: typeof vscode.window.showQuickPick };
      const realPick = window.showQuickPick;
      // Deploy asks for the execution mode of a new flow.
      window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) =>
        (await items).find((i) => i.label === 'Standard')) as unknown as typeof window.showQuickPick;
      try {
        await vscode.commands.executeCommand('flowStudio.cloud.signIn');
        const uri = workspaceFile(LOCAL);
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FLOW));
        await vscode.commands.executeCommand('flowStudio.cloud.deployFlow', uri);
        assert.ok(cloud.flows.has('replay-cloud'), `deployed; the service saw ${cloud.actions.join(', ')}`);
        await vscode.commands.executeCommand('flowStudio.cloud.startExecution', uri);
        const said = messages.shown.map((m) => /Started (\S+) of replay-cloud/.exec(m.text)?.[1]).find((n) => n !== undefined);
        assert.ok(said, JSON.stringify(messages.shown));
        executionName = said;
      } finally {
        window.showQuickPick = realPick;
        boxes.restore();
        messages.restore();
      }
      await vscode.workspace.getConfiguration('flowStudio').update('executions.backend', 'cloud', vscode.ConfigurationTarget.Workspace);
      await eventually(
        'the cloud execution to succeed',
        async () => {
          await vscode.commands.executeCommand('flowStudio.refreshExecutions');
          return api.executionsView.executionsModel.executions().find((e) => e.executionName === executionName)?.status;
        },
        (s) => s === 'Succeeded',
      );
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('flowStudio.cloud.signOut');
      await vscode.workspace.getConfiguration('flowStudio.cloud').update('endpoint', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('flowStudio').update('executions.backend', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(workspaceFile(LOCAL).fsPath, { force: true });
      await cloud.close();
    });

    test('with no local file: the definition it ran opens read-only, and the replay binds to it', async () => {
      rmSync(workspaceFile(LOCAL).fsPath, { force: true });
      const document = vscode.Uri.parse(`flowstudio-cloud:/cn-hangzhou/replay-cloud/${executionName}.flow.yaml`);
      const bp = breakpointAt(document, 'shout');
      vscode.debug.addBreakpoints([bp]);
      const probe = replayProbe();
      try {
        assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.replayInDebugger, { flowName: 'replay-cloud', executionName, backend: 'cloud' }), true);
        // The execution exists only behind the stand-in: its definition and history came through the SDK.
        const config = probe.session().configuration;
        assert.equal(config.program, document.toString());
        assert.equal(config.definition, FLOW);
        const shown = vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.toString());
        assert.equal(shown?.getText(), FLOW, 'the definition is open read-only');
        await stepThrough(probe, document);
      } finally {
        await probe.dispose();
        vscode.debug.removeBreakpoints([bp]);
      }
    });

    test('with the local file that deploys as the flow: the replay binds to that file', async () => {
      const uri = workspaceFile(LOCAL);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FLOW));
      const bp = breakpointAt(uri, 'shout');
      vscode.debug.addBreakpoints([bp]);
      const probe = replayProbe();
      try {
        assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.replayInDebugger, { flowName: 'replay-cloud', executionName, backend: 'cloud' }), true);
        const config = probe.session().configuration;
        assert.equal(config.program, uri.fsPath);
        assert.equal(config.definition, undefined);
        await stepThrough(probe, uri);
      } finally {
        await probe.dispose();
        vscode.debug.removeBreakpoints([bp]);
      }
    });

    test('a local file that differs from what the execution ran is still used, and the user is told so', async () => {
      const uri = workspaceFile(LOCAL);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`# edited since the deploy\n${FLOW}`));
      const probe = replayProbe();
      const messages = recordMessages();
      try {
        assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.replayInDebugger, { flowName: 'replay-cloud', executionName, backend: 'cloud' }), true);
        assert.equal(probe.session().configuration.program, uri.fsPath);
        const notice = messages.shown.find((m) => m.text.includes('differs from the definition execution'));
        assert.ok(notice, JSON.stringify(messages.shown));
        assert.match(notice.text, new RegExp(`^flows/replay-cloud\\.flow\\.yaml differs from the definition execution ${executionName} ran`));
        await probe.nextStop(1);
      } finally {
        messages.restore();
        await probe.dispose();
      }
    });
  });
});
