/// <reference types="mocha" />
/**
 * After a run, in the extension host: Show Coverage over a flow's local executions (both
 * dialects) marks what they took and returns the coverage shown; Compare Executions opens the diff
 * editor over the two executions' per-visit documents and says where their paths part.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import type { FlowCoverage, RunDiff } from '../../../engine/index';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

const CLASSIC = `version: v1
type: flow
steps:
  - type: choice
    name: route
    choices:
      - condition: $.kind == "a"
        steps:
          - type: pass
            name: onA
      - condition: $.kind == "b"
        steps:
          - type: pass
            name: onB
    default:
      steps:
        - type: pass
          name: other
  - type: pass
    name: done
`;

const STATEMACHINE = `Type: StateMachine
Name: after-run-sm
SpecVersion: v1
StartAt: Route
States:
  - Type: Choice
    Name: Route
    Branches:
      - Condition: $Input.kind == "a"
        Next: OnA
    Default: Other
  - Type: Pass
    Name: OnA
    End: true
  - Type: Pass
    Name: Other
    End: true
`;

async function runTo(uri: vscode.Uri, input: object): Promise<Started> {
  const api = await flowStudio();
  await vscode.window.showTextDocument(uri);
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input: JSON.stringify(input) });
  assert.ok(started, 'runFlow returns the execution it started');
  const done = await executionEnd(api, started.flowName, started.executionName);
  assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);
  return started;
}

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

suite('after a run', () => {
  test('Show Coverage: a classic flow run twice has one branch and its step never taken', async () => {
    const uri = await write('flows/after-run-classic.flow.yaml', CLASSIC);
    await runTo(uri, { kind: 'a' });
    await runTo(uri, { kind: 'zzz' });
    const coverage = await vscode.commands.executeCommand<FlowCoverage>(COMMAND_IDS.showCoverage, uri);
    assert.ok(coverage, 'Show Coverage returns what it shows');
    assert.equal(coverage.executions, 2);
    assert.deepEqual(coverage.summary.states, { covered: 4, total: 5 });
    assert.deepEqual(coverage.summary.branches, { covered: 2, total: 3 });
    assert.deepEqual(
      coverage.targets.filter((t) => t.hits === 0).map((t) => `${t.line}:${t.kind}:${t.state}`),
      ['11:branch:route', '14:state:onB'],
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the flow is in front with its marks');
  });

  test('Show Coverage: a StateMachine flow; a flow never run is said, not shown', async () => {
    const uri = await write('flows/after-run-sm.flow.yaml', STATEMACHINE);
    const none = await vscode.commands.executeCommand<FlowCoverage | undefined>(COMMAND_IDS.showCoverage, uri);
    assert.equal(none, undefined);
    await runTo(uri, { kind: 'b' });
    const coverage = await vscode.commands.executeCommand<FlowCoverage>(COMMAND_IDS.showCoverage, uri);
    assert.equal(coverage.dialect, 'statemachine');
    assert.deepEqual(coverage.summary.states, { covered: 2, total: 3 });
    assert.deepEqual(coverage.summary.branches, { covered: 1, total: 2 });
    assert.deepEqual(
      coverage.targets.filter((t) => t.hits === 0).map((t) => t.id),
      ['$/Route:branch0', '$/OnA'],
    );
  });

  test('Compare Executions: the diff editor shows both runs visit by visit; the paths part in the choice', async () => {
    const uri = await write('flows/after-run-compare.flow.yaml', CLASSIC);
    const a = await runTo(uri, { kind: 'a' });
    const b = await runTo(uri, { kind: 'b' });
    const diff = await vscode.commands.executeCommand<RunDiff>(COMMAND_IDS.compareExecutions, { ...a, backend: 'local' }, [
      { ...a, backend: 'local' },
      { ...b, backend: 'local' },
    ]);
    assert.deepEqual(diff.divergence, { scope: '$/route#1/body', a: 'onA', b: 'onB' });
    const tab = await eventually(
      'the diff editor',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (i) => i instanceof vscode.TabInputTextDiff,
    );
    const input = tab as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'flow-studio');
    const left = (await vscode.workspace.openTextDocument(input.original)).getText();
    const right = (await vscode.workspace.openTextDocument(input.modified)).getText();
    assert.match(left, new RegExp(`^flow: after-run-compare\\nexecution: ${a.executionName}\\nsource: local\\nstatus: Succeeded\\n`));
    assert.match(left, /\$\/route#1\/body\/onA#1 {2}\[succeeded\]/);
    assert.match(right, /\$\/route#1\/body\/onB#1 {2}\[succeeded\]/);
    assert.match(right, /"kind": "b"/);
  });
});
