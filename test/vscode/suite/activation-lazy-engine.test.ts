/// <reference types="mocha" />
/**
 * Activating creates nothing of the engine: no `.fdl/executions` (so no store lock) in the
 * workspace, no local API listening; the first run starts it. index.ts runs the suites in file
 * name order, so this one runs right after `activation-cost` (which runs nothing), before any
 * suite runs a flow, on the fresh copy of examples/ (without its `.fdl`).
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';
import { listeningPorts } from './process-state';

suite('activation starts no engine', () => {
  test('no store, no lock and no local API after activation; the first run starts them', async () => {
    const api = await flowStudio();
    // Read afresh each time (an assertion that it is undefined would narrow the property for good).
    const current = () => api.engine.current;
    const store = workspaceFile('.fdl/executions').fsPath;
    assert.equal(current(), undefined, 'the engine started before any run');
    assert.equal(existsSync(store), false, '.fdl/executions was created by activation');
    const before = listeningPorts();
    if (before) assert.deepEqual([...before], [], 'the extension host listens on a port before any run');

    const uri = workspaceFile('flows/batch-thumbnails.flow.yaml');
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/batch-thumbnails.input.json')));
    const started = await vscode.commands.executeCommand<{ flowName: string; executionName: string }>(COMMAND_IDS.runFlow, uri, { input });
    assert.ok(started, 'runFlow returns the execution it started');
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);

    const engine = current();
    assert.ok(engine, 'the first run started the engine');
    assert.equal(engine.storeDir, store);
    assert.ok(existsSync(store), 'the store exists once a flow ran');
    assert.ok(engine.api, 'the local API started with the engine (flowStudio.run.startLocalApi)');
    const after = listeningPorts();
    if (after) assert.ok(after.has(engine.api.port), `the local API's port ${engine.api.port} listens`);
    // The view lists the run (it relisted when the engine started).
    await eventually(
      'the Executions view to list the run',
      () => api.executionsView.executionsModel.executions().map((e) => e.executionName),
      (names) => names.includes(started.executionName),
    );
  });
});
