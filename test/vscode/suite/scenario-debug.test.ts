/// <reference types="mocha" />
/**
 * The Testing view's Debug profile (client/views/scenario-tests.ts): debugging the example
 * StateMachine scenario starts a `flow` debug session with the scenario's input and mocks, a
 * breakpoint set in its flow is hit, and after Continue the scenario is judged on the debugged
 * execution (its output and path) and passes; a scenario with inline mocks whose expectation is
 * wrong fails at that expectation's line with expected and actual side by side, as a Run reports it;
 * a task its mocks do not answer is run as its Run runs it (the flow's own mocks file is not read).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, flowStudio, workspaceFile } from './helpers';

/** The DAP messages the adapter sends, as VS Code receives them. */
function trackStops(): { stops: { threadId: number; reason: string }[]; dispose(): void } {
  const stops: { threadId: number; reason: string }[] = [];
  const d = vscode.debug.registerDebugAdapterTrackerFactory('flow', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: { type: string; event?: string; body?: { threadId: number; reason: string } }) => {
        if (m.type === 'event' && m.event === 'stopped') stops.push(m.body!);
      },
    }),
  });
  return { stops, dispose: () => d.dispose() };
}

suite('scenario debug', () => {
  // Earlier suites leave untitled documents with changes; VS Code would ask where to save them.
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', 'none', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', undefined, vscode.ConfigurationTarget.Global);
  });

  /** Debugs one scenario through the Debug profile, stopping once at a breakpoint on `stepName`; gives its outcome. */
  async function debugScenario(scenarioUri: vscode.Uri, flowUri: vscode.Uri, stepName: string) {
    const api = await flowStudio();
    const tests = api.scenarioTests;
    await tests.discover();
    const scenario = await eventually(
      'the scenario in the Testing view',
      () => tests.itemOf(scenarioUri),
      (i) => i !== undefined,
    );
    tests.outcomes.delete(scenario!.id);
    const flowText = new TextDecoder().decode(await vscode.workspace.fs.readFile(flowUri));
    const line = flowText.split('\n').findIndex((l) => l.includes(`Name: ${stepName}`));
    assert.ok(line >= 0, `${stepName} in the flow`);
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(flowUri, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const tracker = trackStops();
    const cancel = new vscode.CancellationTokenSource();
    let session: vscode.DebugSession | undefined;
    const started = vscode.debug.onDidStartDebugSession((s) => (session = s));
    try {
      const running = tests.debugProfile.runHandler(new vscode.TestRunRequest([scenario!], undefined, tests.debugProfile), cancel.token);
      const stop = (
        await eventually(
          'the session to stop at the breakpoint',
          () => tracker.stops,
          (s) => s.length >= 1,
        )
      )[0];
      assert.equal(stop.reason, 'breakpoint');
      await eventually(
        'the debug session',
        () => session,
        (x) => x !== undefined,
      );
      assert.equal(session!.type, 'flow');
      assert.equal(session!.configuration.program, flowUri.fsPath, "the scenario's flow is debugged");
      const frames = (await session!.customRequest('stackTrace', { threadId: stop.threadId })) as { stackFrames: { name: string; line: number }[] };
      assert.match(frames.stackFrames[0].name, new RegExp(`^${stepName}`));
      // The step's first line (1-based): its `- Type: …` line, just above its Name.
      assert.equal(frames.stackFrames[0].line, line);
      assert.equal(tests.outcomes.get(scenario!.id), undefined, 'not judged while paused');
      vscode.debug.removeBreakpoints([breakpoint]);
      await session!.customRequest('continue', { threadId: stop.threadId });
      await running;
      return tests.outcomes.get(scenario!.id);
    } finally {
      started.dispose();
      // A failed assertion leaves the session paused: cancelling the test run stops it.
      cancel.cancel();
      cancel.dispose();
      tracker.dispose();
      vscode.debug.removeBreakpoints([breakpoint]);
    }
  }

  test('debugging the example scenario stops at a breakpoint in its flow, and after Continue the scenario passes', async () => {
    const outcome = await debugScenario(
      workspaceFile('statemachine/flows/order-fulfilment.scenario.yaml'),
      workspaceFile('statemachine/flows/order-fulfilment.flow.yaml'),
      'EachOrder',
    );
    assert.ok(outcome, 'a result in the Testing view');
    assert.equal(outcome.outcome, 'passed', JSON.stringify(outcome.messages.map((m) => m.message)));
  });

  test("a debugged scenario runs with its Run's invokers: a task its mocks do not answer runs the function's code, not the mocks file beside the flow", async () => {
    const uri = workspaceFile('statemachine/flows/declined.scenario.yaml');
    // ChargeCard is not mocked here: a Run calls the local function, which declines 600; the
    // flow's own mocks file (order-fulfilment.mocks.yaml) would answer it with a receipt.
    const text = [
      'name: a declined card',
      'flow: order-fulfilment.flow.yaml',
      'input:',
      '  orders:',
      '    - {orderId: A-9, sku: tea-set, quantity: 1, amount: 600}',
      'mocks:',
      '  tasks:',
      '    ReserveStock:',
      '      - output: {reservation: R-inline}',
      'expect:',
      '  status: Succeeded',
      '  output: {results: [{orderId: A-9, status: declined}], count: 1}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const tests = (await flowStudio()).scenarioTests;
      await tests.discover();
      const item = await eventually(
        'the scenario in the Testing view',
        () => tests.itemOf(uri),
        (i) => i !== undefined,
      );
      const cancel = new vscode.CancellationTokenSource();
      await tests.runProfile.runHandler(new vscode.TestRunRequest([item!], undefined, tests.runProfile), cancel.token);
      const ran = tests.outcomes.get(item!.id);
      assert.equal(ran?.outcome, 'passed', JSON.stringify(ran?.messages.map((m) => m.message)));
      const debugged = await debugScenario(uri, workspaceFile('statemachine/flows/order-fulfilment.flow.yaml'), 'ReserveStock');
      assert.equal(debugged?.outcome, 'passed', JSON.stringify(debugged?.messages.map((m) => m.message)));
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('a debugged scenario whose expectation does not hold fails at that line with expected and actual side by side', async () => {
    const uri = workspaceFile('statemachine/flows/wrong-count.scenario.yaml');
    const text = [
      '# count is wrong on purpose; the orders are mocked inline',
      'name: wrong count when debugged',
      'flow: order-fulfilment.flow.yaml',
      'input:',
      '  orders:',
      '    - {orderId: A-7, sku: tea-set, quantity: 1, amount: 42}',
      'mocks:',
      '  tasks:',
      '    ReserveStock:',
      '      - output: {reservation: R-inline}',
      '    ChargeCard:',
      '      - output: {receipt: receipt-inline}',
      'expect:',
      '  status: Succeeded',
      '  output: {results: [{orderId: A-7, reservation: R-inline, receipt: receipt-inline, status: fulfilled}], count: 2}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const outcome = await debugScenario(uri, workspaceFile('statemachine/flows/order-fulfilment.flow.yaml'), 'ReserveStock');
      assert.ok(outcome, 'a result in the Testing view');
      assert.equal(outcome.outcome, 'failed', JSON.stringify(outcome.messages.map((m) => m.message)));
      assert.equal(outcome.messages.length, 1, JSON.stringify(outcome.messages.map((m) => m.message)));
      const [message] = outcome.messages;
      assert.match(String(message.message), /^output: expected .*"count":2.*got .*"count":1/);
      // The actual output is the debugged run's, answered by the scenario's inline mocks.
      assert.match(message.actualOutput!, /"reservation": "R-inline"/);
      assert.match(message.expectedOutput!, /"count": 2/);
      assert.equal(message.location?.uri.toString(), uri.toString());
      assert.equal(message.location?.range.start.line, 14, 'the line of `output:` under expect');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
