/// <reference types="mocha" />
/**
 * Step Into a task whose function runs locally, in a real debug session: the flow session asks
 * VS Code for a child session, VS Code's JavaScript debugger (ms-vscode.js-debug, built in)
 * attaches to the function's process and stops in the handler's file at its first line; Continue
 * there returns to the flow, which pauses after the task and then ends with the function's result.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, flowStudio, workspaceFile } from './helpers';

const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: double
    resourceArn: acs:fc:cn-hangzhou::services/stepinto/functions/double
  - type: pass
    name: finish
`;

const HANDLER = `exports.handler = async (event, context) => {
  const input = JSON.parse(event.toString());
  return { doubled: input.n * 2, by: context.function.name };
};
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
        name: stepinto
      function:
        name: double
        runtime: nodejs18
        codeUri: ./double
        handler: index.handler
`;

type Message = { type: string; event?: string; body?: Record<string, unknown> };

/** The DAP messages sent by the adapters of `type`, by session. */
function trackMessages(type: string): { of(session: vscode.DebugSession): Message[]; all(): [vscode.DebugSession, Message[]][]; dispose(): void } {
  const bySession = new Map<vscode.DebugSession, Message[]>();
  const d = vscode.debug.registerDebugAdapterTrackerFactory(type, {
    createDebugAdapterTracker: (session) => {
      const list: Message[] = [];
      bySession.set(session, list);
      return { onDidSendMessage: (m) => void list.push(m as Message) };
    },
  });
  return { of: (s) => bySession.get(s) ?? [], all: () => [...bySession], dispose: () => d.dispose() };
}

const stopsIn = (messages: Message[]) => messages.filter((m) => m.type === 'event' && m.event === 'stopped').map((m) => m.body as { threadId: number; reason: string });

suite('step into a local function', () => {
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', 'none', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', undefined, vscode.ConfigurationTarget.Global);
  });

  test("Step Into a task whose Node.js function runs locally stops in the handler's first line; Continue there returns to the flow, which ends with the function's result", async () => {
    assert.ok(vscode.extensions.getExtension('ms-vscode.js-debug'), "VS Code's JavaScript debugger is built in");
    await flowStudio();
    const write = (path: string, text: string) => vscode.workspace.fs.writeFile(workspaceFile(path), new TextEncoder().encode(text));
    await write('stepinto/double/index.js', HANDLER);
    await write('stepinto/s.yaml', S_YAML);
    await write('stepinto/steps.flow.yaml', FLOW);
    const flowUri = workspaceFile('stepinto/steps.flow.yaml');
    const handlerPath = workspaceFile('stepinto/double/index.js').path;

    const flowMessages = trackMessages('flow');
    const nodeMessages = trackMessages('pwa-node');
    const started: vscode.DebugSession[] = [];
    const onStart = vscode.debug.onDidStartDebugSession((s) => started.push(s));
    const terminated = new Set<string>();
    const onEnd = vscode.debug.onDidTerminateDebugSession((s) => terminated.add(s.id));
    try {
      const folder = vscode.workspace.getWorkspaceFolder(flowUri);
      assert.ok(
        await vscode.debug.startDebugging(folder, {
          type: 'flow',
          request: 'launch',
          name: 'Step Into',
          program: flowUri.fsPath,
          input: { n: 21 },
          functions: 's.yaml',
          stopOnEntry: true,
        }),
      );
      const flow = vscode.debug.activeDebugSession!;
      assert.equal(flow.type, 'flow');
      const ended = new Promise<void>((resolve) => {
        const d = vscode.debug.onDidTerminateDebugSession((s) => {
          if (s.id !== flow.id) return;
          d.dispose();
          resolve();
        });
      });
      const flowStops = () => stopsIn(flowMessages.of(flow));
      const entry = (await eventually('the flow stopped on entry', flowStops, (s) => s.length >= 1))[0];
      await flow.customRequest('stepIn', { threadId: entry.threadId });

      // A Node.js session under the flow's, stopped in the handler.
      const underFlow = (s: vscode.DebugSession) => {
        for (let p = s.parentSession; p; p = p.parentSession) if (p.id === flow.id) return true;
        return false;
      };
      const [node, stop] = await eventually(
        'a Node.js session under the flow stopped in the handler',
        () => {
          for (const [s, messages] of nodeMessages.all()) {
            const stops = stopsIn(messages);
            if (underFlow(s) && stops.length) return [s, stops[0]] as const;
          }
          return undefined;
        },
        (found) => found !== undefined,
      ).then((found) => found!);
      assert.ok(
        started.some((s) => s.type === 'pwa-node' && s.parentSession?.id === flow.id),
        `a pwa-node child of the flow session among ${started.map((s) => `${s.type}:${s.name}`).join(', ')}`,
      );
      assert.equal(flowStops().length, 1, 'the flow runs on while its task is in the Node.js debugger');
      const frames = (await node.customRequest('stackTrace', { threadId: stop.threadId })) as { stackFrames: { name: string; line: number; source?: { path?: string } }[] };
      const top = frames.stackFrames[0];
      // A path, or in a remote window (code-server) a vscode-remote URI of it.
      const framePath = top.source?.path ?? '';
      assert.equal(framePath.includes('://') ? vscode.Uri.parse(framePath).path : framePath, handlerPath, `the top frame ${JSON.stringify(top)}`);
      assert.equal(top.line, 2, "the handler's first line");

      await node.customRequest('continue', { threadId: stop.threadId });
      // The handler returned: its process ended, and the Node.js sessions with it.
      await eventually(
        'the Node.js sessions under the flow ended',
        () => started.filter((s) => s.type === 'pwa-node' && underFlow(s)).every((s) => terminated.has(s.id)),
        (all) => all,
      );
      // Back in the flow: paused after the task, with the function's result.
      const after = (await eventually('the flow paused after the task', flowStops, (s) => s.length >= 2))[1];
      assert.equal(after.reason, 'step');
      const flowFrames = (await flow.customRequest('stackTrace', { threadId: after.threadId })) as { stackFrames: { name: string }[] };
      assert.match(flowFrames.stackFrames[0].name, /^double /);
      await flow.customRequest('continue', { threadId: after.threadId });
      await ended;
      const output = flowMessages
        .of(flow)
        .filter((m) => m.type === 'event' && m.event === 'output')
        .map((m) => String(m.body?.output))
        .join('');
      assert.match(output, /Succeeded/);
      assert.match(output, /"doubled":42,"by":"double"/);
    } finally {
      onStart.dispose();
      onEnd.dispose();
      flowMessages.dispose();
      nodeMessages.dispose();
    }
  });
});
