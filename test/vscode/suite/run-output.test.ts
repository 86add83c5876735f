/// <reference types="mocha" />
/**
 * The "Flow Studio: Runs" output channel during a run of a flow with local function code
 * (order-approval: functions/check-inventory logs through context.logger). An output channel
 * cannot be read through the API, but once shown in the Output panel VS Code gives extensions its
 * text as a document (scheme `output`), which is what the user reads there.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

function runsChannelText(): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('Flow Studio: Runs'))?.getText();
}

suite('run output', () => {
  test("the Runs channel shows each step's function log lines, under the execution and step", async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/order-approval.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = { orderId: `O-${Date.now()}`, sku: 'green-tea', quantity: 2, amount: 42, card: '4111111111111111' };
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input: JSON.stringify(input) });
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);

    await vscode.commands.executeCommand(COMMAND_IDS.showRunOutput);
    const prefix = `[${started.flowName}/${started.executionName}]`;
    // context.logger.info's line as FC prints it (time, request id, level), after the step's name.
    const logLine = /CheckInventory: .*\[INFO\] checked green-tea x2: in stock$/;
    const ofThisRun = (t: string | undefined) => (t ?? '').split('\n').filter((l) => l.includes(prefix));
    const lines = await eventually(
      'the run in the Flow Studio: Runs channel',
      () => ofThisRun(runsChannelText()),
      (ls) => ls.some((l) => logLine.test(l)) && ls.some((l) => l.includes('Succeeded with output')),
    );
    // The function's own line comes between the run's start and its end, with its step's name.
    const startAt = lines.findIndex((l) => l.includes('started with input'));
    const logAt = lines.findIndex((l) => logLine.test(l));
    const endAt = lines.findIndex((l) => l.includes('Succeeded with output'));
    assert.ok(startAt >= 0 && startAt < logAt && logAt < endAt, lines.join('\n'));
  });
});
