/// <reference types="mocha" />
/**
 * A real debug session through VS Code's debug API, for each dialect: a breakpoint set with
 * vscode.debug.addBreakpoints is hit, Step Into enters a parallel branch (a thread of its own), a
 * variable is read and changed through the session's DAP requests, Continue runs to the end, and
 * the changed value is in the output, in the Debug Console and in the execution the embedded
 * engine keeps (the Executions view's backend); a launch's timeScale applies to its execution.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { acceptQuickInput, eventually, flowStudio, workspaceFile } from './helpers';

const CLASSIC = `version: v1
type: flow
steps:
  - type: pass
    name: prepare
    outputMappings:
      - target: amount
        source: $input.amount
  - type: parallel
    name: fanout
    inputMappings:
      - target: amount
        source: $local.amount
    branches:
      - steps:
          - type: task
            name: charge
            resourceArn: acs:fc:::services/pay/functions/charge
      - steps:
          - type: pass
            name: note
  - type: pass
    name: finish
    inputMappings:
      - target: amount
        source: $local.amount
    outputMappings:
      - target: total
        source: $input.amount
`;

const STATEMACHINE = `Type: StateMachine
Name: debug-sm
SpecVersion: v1
StartAt: Prepare
States:
  - Type: Pass
    Name: Prepare
    Next: Fanout
  - Type: Parallel
    Name: Fanout
    Branches:
      - StartAt: Charge
        States:
          - Type: Task
            Name: Charge
            Action: FC:InvokeFunction
            Parameters:
              resourceArn: acs:fc:cn-hangzhou:123456789:functions/charge
            End: true
      - StartAt: Note
        States:
          - Type: Pass
            Name: Note
            End: true
    OutputConstructor:
      amount.$: $Input.amount
    Next: Finish
  - Type: Pass
    Name: Finish
    OutputConstructor:
      total.$: $Input.amount
    End: true
`;

const CASES = [
  { dialect: 'classic', file: 'debug-classic', text: CLASSIC, first: 'prepare', parallel: 'fanout', branchStep: 'charge', input: '$input' },
  { dialect: 'statemachine', file: 'debug-sm', text: STATEMACHINE, first: 'Prepare', parallel: 'Fanout', branchStep: 'Charge', input: '$Input' },
] as const;

/** The DAP messages the adapter sends, as VS Code receives them. */
function trackMessages(): { messages: { type: string; event?: string; body?: Record<string, unknown> }[]; dispose(): void } {
  const messages: { type: string; event?: string; body?: Record<string, unknown> }[] = [];
  const d = vscode.debug.registerDebugAdapterTrackerFactory('flow', { createDebugAdapterTracker: () => ({ onDidSendMessage: (m) => void messages.push(m as never) }) });
  return { messages, dispose: () => d.dispose() };
}

suite('debug flow', () => {
  // Earlier suites leave untitled documents with changes; VS Code would ask where to save them
  // before a debug session starts (debug.saveBeforeStart), a dialog no test can answer.
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', 'none', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', undefined, vscode.ConfigurationTarget.Global);
  });

  for (const c of CASES) {
    test(`${c.dialect}: breakpoint, step into a parallel branch, a variable read and changed, continue to the end`, async () => {
      const api = await flowStudio();
      const uri = workspaceFile(`flows/${c.file}.flow.yaml`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(c.text));
      await vscode.workspace.fs.writeFile(workspaceFile(`flows/${c.file}.mocks.yaml`), new TextEncoder().encode(`tasks:\n  ${c.branchStep}:\n    - output: {receipt: r-1}\n`));
      const lines = c.text.split('\n');
      const line = (name: string) => lines.findIndex((l) => l.includes(`ame: ${name}`));
      const bp = (name: string) => new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(line(name), 0)));
      const breakpoints = [bp(c.first), bp(c.parallel)];
      vscode.debug.addBreakpoints(breakpoints);
      const tracker = trackMessages();
      const stops = () => tracker.messages.filter((m) => m.type === 'event' && m.event === 'stopped');
      const nextStop = async (n: number) => (await eventually(`stop ${n}`, stops, (s) => s.length >= n)).at(n - 1)!.body as { threadId: number; reason: string };
      try {
        const ended = new Promise<void>((resolve) => {
          const d = vscode.debug.onDidTerminateDebugSession(() => {
            d.dispose();
            resolve();
          });
        });
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        assert.ok(await vscode.debug.startDebugging(folder, { type: 'flow', request: 'launch', name: 'Debug Flow', program: uri.fsPath, input: { amount: 50 } }));
        const session = vscode.debug.activeDebugSession!;
        assert.equal(session.type, 'flow');

        // Stopped before the first step: its input read, then changed.
        const first = await nextStop(1);
        assert.equal(first.reason, 'breakpoint');
        const frames = (await session.customRequest('stackTrace', { threadId: first.threadId })) as { stackFrames: { id: number; name: string; line: number }[] };
        assert.match(frames.stackFrames[0].name, new RegExp(`^${c.first}`));
        assert.equal(frames.stackFrames[0].line, line(c.first));
        // VS Code shows the paused step: the flow's editor with the cursor on it (which the graph's cursor sync highlights).
        await eventually(
          'the cursor on the paused step',
          () => vscode.window.activeTextEditor,
          (e) => e?.document.uri.toString() === uri.toString() && e.selection.active.line === line(c.first) - 1,
        );
        const scopes = (await session.customRequest('scopes', { frameId: frames.stackFrames[0].id })) as { scopes: { variablesReference: number }[] };
        const vars = (await session.customRequest('variables', { variablesReference: scopes.scopes[0].variablesReference })) as {
          variables: { name: string; value: string; variablesReference: number }[];
        };
        const input = vars.variables.find((v) => v.name === c.input)!;
        assert.equal(input.value, '{"amount":50}');
        const set = (await session.customRequest('setVariable', { variablesReference: input.variablesReference, name: 'amount', value: '150' })) as { value: string };
        assert.equal(set.value, '150');
        await session.customRequest('continue', { threadId: first.threadId });

        // Stopped before the parallel; Step Into enters its first branch, a thread of its own.
        const atParallel = await nextStop(2);
        await session.customRequest('stepIn', { threadId: atParallel.threadId });
        const inBranch = await nextStop(3);
        assert.notEqual(inBranch.threadId, atParallel.threadId);
        const threads = (await session.customRequest('threads')) as { threads: { id: number; name: string }[] };
        assert.equal(threads.threads.find((t) => t.id === inBranch.threadId)?.name, `${c.parallel}[0]`);
        const branchFrames = (await session.customRequest('stackTrace', { threadId: inBranch.threadId })) as { stackFrames: { name: string }[] };
        assert.deepEqual(
          branchFrames.stackFrames.map((f) => f.name.split(' ')[0]),
          [c.branchStep, c.parallel],
        );

        vscode.debug.removeBreakpoints(breakpoints);
        await session.customRequest('continue', { threadId: inBranch.threadId });
        await ended;
        const output = tracker.messages
          .filter((m) => m.type === 'event' && m.event === 'output')
          .map((m) => String(m.body?.output))
          .join('');
        assert.match(output, /Succeeded/);
        assert.match(output, /"total":150/);
        // The debugged run is an ordinary execution of the embedded engine.
        const executions = await api.localBackend.listExecutions(c.file);
        const run = executions.find((e) => e.name.startsWith('debug-'));
        assert.ok(run, 'the execution is listed');
        assert.equal(run.status, 'Succeeded');
        assert.equal(JSON.parse(run.output ?? '{}').total, 150);
      } finally {
        tracker.dispose();
        vscode.debug.removeBreakpoints(breakpoints);
      }
    });
  }

  test("Debug Flow on a flow that waits for a callback: the sidebar's Approve answers it while debugging, and the session ends with the execution", async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/expense-approval.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/expense-approval.input.json')));
    const ended = new Promise<void>((resolve) => {
      const d = vscode.debug.onDidTerminateDebugSession(() => {
        d.dispose();
        resolve();
      });
    });
    assert.ok(await vscode.commands.executeCommand<boolean>(COMMAND_IDS.debugFlow, uri, { input }));
    const run = await eventually(
      "the debugged execution in the Executions view's backend",
      async () => (await api.localBackend.listExecutions('expense-approval')).find((e) => e.name.startsWith('debug-') && e.status === 'Running'),
      (e) => e !== undefined,
    );
    const token = await eventually(
      'a callback token in the history',
      async () => {
        const history = await api.localBackend.getExecutionHistory(run!.flowName, run!.name);
        const scheduled = history.filter((e) => e.type === 'TaskScheduled').map((e) => JSON.parse(e.eventDetail ?? '{}') as { pattern?: string; taskToken?: string });
        return scheduled.find((d) => d.pattern === 'waitForCallback')?.taskToken;
      },
      (t) => typeof t === 'string',
    );
    const approving = vscode.commands.executeCommand(COMMAND_IDS.approveCallback, { token, stepName: 'ManagerApproval', backend: 'local' });
    await acceptQuickInput();
    await approving;
    await ended;
    assert.equal((await api.localBackend.describeExecution(run!.flowName, run!.name)).status, 'Succeeded');
  });

  test("a launch's timeScale applies to its execution: 1 waits in real time on the engine at 0, and 0 skips an hour while another run holds the engine's clock", async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/nap.flow.yaml');
    const debugToEnd = async (duration: number, timeScale: number) => {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: nap\n    duration: ${duration}\n`));
      const ended = new Promise<void>((resolve) => {
        const d = vscode.debug.onDidTerminateDebugSession(() => {
          d.dispose();
          resolve();
        });
      });
      const began = Date.now();
      assert.ok(
        await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), { type: 'flow', request: 'launch', name: 'nap', program: uri.fsPath, input: {}, timeScale }),
      );
      await ended;
      const runs = (await api.localBackend.listExecutions('nap')).filter((e) => e.name.startsWith('debug-'));
      assert.equal(runs[0].status, 'Succeeded');
      return Date.now() - began;
    };
    // The tests' engine runs at scale 0 (test/vscode/settings.json): a launch at 1 waits its second.
    assert.ok((await debugToEnd(1, 1)) >= 950, 'the launch at scale 1 skipped its wait: it ran on the engine clock');
    // A run waiting for a report from outside (the sidebar's Approve) holds the engine's clock, so
    // an execution on that clock would wait its hour; the launch at 0 has a clock of its own.
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/expense-approval.input.json')));
    const definition = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/expense-approval.flow.yaml')));
    const waiting = await api.localBackend.startExecution({ flowName: 'expense-approval', definition, flowPath: workspaceFile('flows/expense-approval.flow.yaml').fsPath, input });
    try {
      await eventually(
        'the approval waiting for its report',
        async () => (await api.localBackend.getExecutionHistory('expense-approval', waiting.name)).some((e) => e.type === 'TaskSubmitted'),
        (submitted) => submitted,
      );
      assert.ok((await debugToEnd(3600, 0)) < 10_000, "the hour's wait at scale 0 did not skip");
    } finally {
      await api.localBackend.stopExecution('expense-approval', waiting.name).catch(() => undefined);
    }
  });

  test('F5 without a launch configuration debugs the flow in the active editor, with an input picked as Run Flow picks it', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/batch-thumbnails.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const ended = new Promise<void>((resolve) => {
      const d = vscode.debug.onDidTerminateDebugSession(() => {
        d.dispose();
        resolve();
      });
    });
    // What F5 sends when there is no launch.json: a configuration naming no flow.
    const starting = vscode.debug.startDebugging(undefined, { type: 'flow', request: 'launch', name: 'F5' });
    // The picker's first row: the flow's sample input.
    await acceptQuickInput();
    assert.ok(await starting);
    await ended;
    const runs = (await api.localBackend.listExecutions('batch-thumbnails')).filter((e) => e.name.startsWith('debug-'));
    assert.equal(runs.length, 1);
    assert.equal(runs[0].status, 'Succeeded', `${runs[0].error}: ${runs[0].cause}`);
  });
});
