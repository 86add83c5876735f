/// <reference types="mocha" />
/**
 * Runs only in the untrusted launch (code-server.test.ts: Workspace Trust on, the examples copy
 * not trusted, no startup prompt), loaded by untrusted-index.ts. Running local function code needs
 * a trusted workspace; a run that mocks answer does not.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, executionEnd, flowStudio, recordMessages, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

async function run(flow: string, input: string): Promise<Started> {
  const uri = workspaceFile(`flows/${flow}.flow.yaml`);
  await vscode.window.showTextDocument(uri);
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
  assert.ok(started, `Run Flow starts ${flow} in an untrusted workspace`);
  return started;
}

suite('workspace trust (untrusted workspace)', () => {
  test('the workspace is really untrusted (Restricted Mode) and the extension is active', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await flowStudio();
  });

  test('a run that mocks answer succeeds without trust', async () => {
    const api = await flowStudio();
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/batch-thumbnails.input.json')));
    const started = await run('batch-thumbnails', input);
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);
  });

  test('a run that needs local function code is refused with the Workspace Trust message, and no function runs', async () => {
    const api = await flowStudio();
    const messages = recordMessages();
    try {
      const input = { orderId: `O-${Date.now()}`, sku: 'green-tea', quantity: 2, amount: 42, card: '4111111111111111' };
      const started = await run('order-approval', JSON.stringify(input));
      const done = await executionEnd(api, started.flowName, started.executionName);
      assert.equal(done.status, 'Failed');
      assert.match(done.cause ?? '', /No way to run task step CheckInventory/);
      assert.match(done.cause ?? '', /Local function code runs only in a trusted workspace \(Manage Workspace Trust\)/);
      const history = await api.localBackend.getExecutionHistory(started.flowName, started.executionName);
      assert.ok(!history.some((e) => e.type === 'TaskSucceeded'), 'no task ran');
      // What the user is told when it ends: the failure with the same next step.
      const shown = await (async () => {
        for (let i = 0; i < 50 && !messages.shown.some((m) => m.severity === 'error'); i++) await new Promise((r) => setTimeout(r, 100));
        return messages.shown.find((m) => m.severity === 'error');
      })();
      assert.ok(shown, `an error message when the run ends; saw ${JSON.stringify(messages.shown)}`);
      assert.match(shown.text, /order-approval ended: Failed\..*trusted workspace/);
    } finally {
      messages.restore();
    }
  });

  test('a scenario whose tasks need local function code fails in the Testing view with the Workspace Trust message beside the mismatch', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/needs-code.scenario.yaml');
    const text =
      'name: needs local code\nflow: order-approval.flow.yaml\ninput: {orderId: O-1, sku: green-tea, quantity: 2, amount: 42, card: "4111111111111111"}\nexpect:\n  status: Succeeded\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const scenario = await eventually(
        'the watcher to add the scenario',
        () => api.scenarioTests.itemOf(uri),
        (i) => i !== undefined,
      );
      await api.scenarioTests.runProfile.runHandler(new vscode.TestRunRequest([scenario!]), new vscode.CancellationTokenSource().token);
      const outcome = api.scenarioTests.outcomes.get(scenario!.id);
      assert.equal(outcome?.outcome, 'failed');
      const texts = outcome!.messages.map((m) => String(m.message));
      assert.match(texts[0], /^status: expected "Succeeded", got "Failed"/);
      assert.match(texts[1], /Local\.NoInvoker .*No way to run task step CheckInventory.*trusted workspace \(Manage Workspace Trust\)/);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
