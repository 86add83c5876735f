/// <reference types="mocha" />
/**
 * The Testing view's scenarios (client/views/scenario-tests.ts) on the examples copy: discovery
 * grouped by flow with each scenario's lines, Run All through VS Code's own testing command, a
 * failing scenario written into the workspace found by the watcher and reported with expected and
 * actual side by side at its expectation's line, a re-run on save in a continuous run, and Save as
 * Test Scenario on a finished execution writing a scenario that then passes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

function item(collection: vscode.TestItemCollection, id: string): vscode.TestItem | undefined {
  return collection.get(id);
}

async function write(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

suite('scenario tests', () => {
  test('the example scenarios are discovered under the flow they test, each on its own lines', async () => {
    const api = await flowStudio();
    const tests = api.scenarioTests;
    await tests.discover();
    const flow = workspaceFile('statemachine/flows/order-fulfilment.flow.yaml');
    const group = item(tests.controller.items, `flow:${flow.toString()}`);
    assert.ok(group, 'a group for the StateMachine flow');
    const scenario = workspaceFile('statemachine/flows/order-fulfilment.scenario.yaml');
    const child = item(group.children, scenario.toString());
    assert.ok(child, 'its scenario under it');
    assert.equal(child.label, 'two orders fulfilled');
    assert.deepEqual([child.range?.start.line, child.range?.end.line], [2, 16]);
    assert.ok(item(tests.controller.items, `flow:${workspaceFile('flows/batch-thumbnails.flow.yaml').toString()}`), 'a group for the classic flow');
  });

  test('Run All in the Testing view passes both example scenarios', async () => {
    const api = await flowStudio();
    const ids = [workspaceFile('flows/batch-thumbnails.scenario.yaml'), workspaceFile('statemachine/flows/order-fulfilment.scenario.yaml')].map((u) => u.toString());
    for (const id of ids) api.scenarioTests.outcomes.delete(id);
    await vscode.commands.executeCommand('testing.runAll');
    for (const id of ids) {
      const outcome = await eventually(
        `the result of ${id}`,
        () => api.scenarioTests.outcomes.get(id),
        (o) => o !== undefined,
      );
      assert.equal(outcome!.outcome, 'passed', JSON.stringify(outcome!.messages.map((m) => m.message)));
    }
  });

  test('a failing scenario is found when written and reported at its expectation with expected and actual side by side; saving a fix re-runs it', async () => {
    const api = await flowStudio();
    const tests = api.scenarioTests;
    const text = [
      '# count is wrong on purpose',
      'name: wrong count',
      'flow: batch-thumbnails.flow.yaml',
      'input: {images: [cat.png, dog.png, fox.png]}',
      'mocks: batch-thumbnails.mocks.yaml',
      'expect:',
      '  status: Succeeded',
      '  output: {thumbnails: [cat-thumb.png, dog-thumb.png, fox-thumb.png], count: 4}',
      '',
    ].join('\n');
    const uri = await write('flows/wrong-count.scenario.yaml', text);
    const scenario = await eventually(
      'the watcher to add the new scenario',
      () => tests.itemOf(uri),
      (i) => i !== undefined,
    );
    const cancel = new vscode.CancellationTokenSource();
    // A continuous run of this one scenario: it runs now, and again when its file is saved.
    const running = tests.runProfile.runHandler(new vscode.TestRunRequest([scenario!], undefined, tests.runProfile, true), cancel.token);
    try {
      const failed = await eventually(
        'the scenario to fail',
        () => tests.outcomes.get(scenario!.id),
        (o) => o !== undefined,
      );
      assert.equal(failed!.outcome, 'failed');
      assert.equal(failed!.messages.length, 1);
      const [message] = failed!.messages;
      assert.match(String(message.message), /^output: expected .*"count":4.*got .*"count":3/);
      assert.match(message.expectedOutput!, /"count": 4/);
      assert.match(message.actualOutput!, /"count": 3/);
      assert.equal(message.location?.uri.toString(), uri.toString());
      assert.equal(message.location?.range.start.line, 7, 'the line of `output:` under expect');

      tests.outcomes.delete(scenario!.id);
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((b) =>
        b.replace(new vscode.Range(7, 0, 7, document.lineAt(7).text.length), '  output: {thumbnails: [cat-thumb.png, dog-thumb.png, fox-thumb.png], count: 3}'),
      );
      await document.save();
      const fixed = await eventually(
        'the re-run on save',
        () => tests.outcomes.get(scenario!.id),
        (o) => o !== undefined,
      );
      assert.equal(fixed!.outcome, 'passed', JSON.stringify(fixed!.messages.map((m) => m.message)));
    } finally {
      cancel.cancel();
      await running;
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('Save as Test Scenario writes a finished execution as a scenario that passes in the Testing view', async () => {
    const api = await flowStudio();
    const flow = workspaceFile('statemachine/flows/order-fulfilment.flow.yaml');
    await vscode.window.showTextDocument(flow);
    const input = JSON.stringify({ orders: [{ orderId: 'A-9', sku: 'tea-set', quantity: 2, amount: 20 }] });
    const started = await vscode.commands.executeCommand<{ flowName: string; executionName: string }>(COMMAND_IDS.runFlow, flow, { input });
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);

    const target = workspaceFile('statemachine/flows/saved.scenario.yaml');
    const written = await vscode.commands.executeCommand<vscode.Uri>(COMMAND_IDS.saveAsTestScenario, { ...started, backend: 'local' }, { target: target.fsPath });
    try {
      assert.equal(written?.toString(), target.toString());
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString(), 'the scenario opens');
      const text = vscode.window.activeTextEditor!.document.getText();
      assert.match(text, /^flow: order-fulfilment\.flow\.yaml$/m);
      assert.match(text, /orderId: A-9/);
      assert.match(text, /ReserveStock:\n\s+- output:/);
      const scenario = await eventually(
        'the watcher to add the saved scenario',
        () => api.scenarioTests.itemOf(target),
        (i) => i !== undefined,
      );
      api.scenarioTests.outcomes.delete(scenario!.id);
      await api.scenarioTests.runProfile.runHandler(new vscode.TestRunRequest([scenario!]), new vscode.CancellationTokenSource().token);
      const outcome = api.scenarioTests.outcomes.get(scenario!.id);
      assert.equal(outcome?.outcome, 'passed', JSON.stringify(outcome?.messages.map((m) => m.message)));
    } finally {
      await vscode.workspace.fs.delete(target);
    }
  });
});
