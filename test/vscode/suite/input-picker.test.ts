/// <reference types="mocha" />
/**
 * Run Flow's input picker (client/actions/input-picker.ts), answered with the keyboard: a recent
 * input is offered after a run and picking it runs with the same input; Save Input… keeps a named
 * input in `<flow>.inputs.json` beside the flow, which the picker then offers; "From a JSON
 * file…" runs with the file's object; the sample input beside a flow comes first, so Enter runs
 * with it; a flow with errors is refused before the picker opens.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import type { FlowStudioApi } from '../../../client/extension';
import { acceptQuickInput, chooseInFileDialog, eventually, executionEnd, flowStudio, recordMessages, typeIntoInputBoxes, watchQuickPicks, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

/** A flow of its own (no sample or saved inputs beside it yet), so the rows of the picker are known. */
const FLOW = 'flows/input-picker-probe.flow.yaml';
const FLOW_TEXT = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: Echo\n';
const SAVED_INPUTS = 'flows/input-picker-probe.inputs.json';

async function probeFlow(): Promise<vscode.Uri> {
  const uri = workspaceFile(FLOW);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FLOW_TEXT));
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function runWith(api: FlowStudioApi, uri: vscode.Uri, input: object): Promise<Started> {
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input: JSON.stringify(input) });
  await executionEnd(api, started.flowName, started.executionName);
  return started;
}

/**
 * Run Flow without an input: the picker opens; `choose` sees its rows (separators left out) and
 * says how many rows below the first to take. Resolves to the execution started and the rows.
 */
async function runPicking(
  api: FlowStudioApi,
  uri: vscode.Uri,
  choose: (rows: readonly vscode.QuickPickItem[]) => number,
): Promise<{ input: unknown; rows: vscode.QuickPickItem[] }> {
  const picks = watchQuickPicks();
  try {
    const running = vscode.commands.executeCommand<Started | undefined>(COMMAND_IDS.runFlow, uri);
    const [picker] = await eventually(
      'the input picker',
      () => picks.created,
      (c) => c.length > 0,
    );
    const rows = picker.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    await acceptQuickInput(choose(rows));
    const started = await running;
    assert.ok(started, 'the run started');
    const done = await executionEnd(api, started.flowName, started.executionName);
    return { input: JSON.parse(done.input ?? 'null'), rows };
  } finally {
    picks.restore();
  }
}

const rowIndex = (rows: readonly vscode.QuickPickItem[], label: RegExp) => {
  const i = rows.findIndex((r) => label.test(r.label));
  assert.ok(i >= 0, `no row ${label} among ${rows.map((r) => r.label).join(' | ')}`);
  return i;
};

suite('input picker', () => {
  test('a recent input is offered after a run, and picking it runs with the same input', async () => {
    const api = await flowStudio();
    const uri = await probeFlow();
    const first = { orderId: `R-${Date.now()}`, quantity: 3 };
    await runWith(api, uri, first);

    const again = await runPicking(api, uri, (rows) => {
      assert.match(rows[0].label, /\{\}/, 'the empty input comes first');
      const recent = rowIndex(rows, /\$\(history\)/);
      assert.equal(rows[recent].label, `$(history) ${JSON.stringify(first)}`);
      assert.match(String(rows[recent].buttons?.[0]?.tooltip), /Save as a named input/);
      return recent;
    });
    assert.deepEqual(again.input, first);
  });

  test('Save Input… keeps a named input beside the flow, and the picker offers it', async () => {
    const api = await flowStudio();
    const uri = await probeFlow();
    const kept = { orderId: `S-${Date.now()}`, note: 'the one to keep' };
    const run = await runWith(api, uri, kept);
    // A later run, so that the newest recent input is another one.
    await runWith(api, uri, { orderId: 'later' });

    const boxes = typeIntoInputBoxes(['nightly batch']);
    try {
      await vscode.commands.executeCommand(COMMAND_IDS.saveExecutionInput, { ...run, backend: 'local' });
    } finally {
      boxes.restore();
    }
    assert.equal(boxes.asked.length, 1, 'a name was asked for');
    const file = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(SAVED_INPUTS)))) as Record<string, unknown>;
    assert.deepEqual(file['nightly batch'], kept);

    const picked = await runPicking(api, uri, (rows) => rowIndex(rows, /^\$\(bookmark\) nightly batch$/));
    assert.deepEqual(picked.input, kept);
  });

  test('From a JSON file… runs with the object in the file', async () => {
    const api = await flowStudio();
    const uri = await probeFlow();
    const fromFile = { orderId: `F-${Date.now()}`, lines: [1, 2, 3] };
    const json = workspaceFile('flows/input-picker-probe.from-file.json');
    await vscode.workspace.fs.writeFile(json, new TextEncoder().encode(JSON.stringify(fromFile, null, 2)));
    const dialog = chooseInFileDialog(json);
    try {
      const picked = await runPicking(api, uri, (rows) => rowIndex(rows, /From a JSON file/));
      assert.equal(dialog.asked.length, 1, 'the file dialog was shown');
      assert.deepEqual(picked.input, fromFile);
    } finally {
      dialog.restore();
    }
  });

  test('the sample input beside the flow is the first row, and Enter runs with it', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/input-picker-sample.flow.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FLOW_TEXT));
    const sample = { orderId: `SAMPLE-${Date.now()}` };
    await vscode.workspace.fs.writeFile(workspaceFile('flows/input-picker-sample.input.json'), new TextEncoder().encode(JSON.stringify(sample)));
    await vscode.window.showTextDocument(uri);
    const picked = await runPicking(api, uri, (rows) => {
      assert.match(rows[0].label, /Sample input/, 'the sample comes first');
      assert.match(rows[1].label, /\{\}/, 'the empty input after it');
      return 0;
    });
    assert.deepEqual(picked.input, sample);
  });

  test('a flow with errors is refused before its input is asked for, the count worded for one or more', async () => {
    const picks = watchQuickPicks();
    const messages = recordMessages();
    try {
      const one = workspaceFile('flows/input-picker-one-error.flow.yaml');
      await vscode.workspace.fs.writeFile(one, new TextEncoder().encode('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    end: maybe\n'));
      const two = workspaceFile('flows/input-picker-two-errors.flow.yaml');
      await vscode.workspace.fs.writeFile(
        two,
        new TextEncoder().encode('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    end: maybe\n  - type: pass\n    name: a\n'),
      );
      assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.runFlow, one), undefined, 'nothing started');
      assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.runFlow, two), undefined, 'nothing started');
      await eventually(
        'the two refusals',
        () => messages.shown.filter((m) => m.severity === 'error'),
        (m) => m.length >= 2,
      );
      assert.equal(picks.created.length, 0, 'no input picker opened');
      const [first, second] = messages.shown.filter((m) => m.severity === 'error');
      assert.match(first.text, /^input-picker-one-error cannot run: it has an error, at line 6: .*Fix it first\.$/);
      assert.match(second.text, /^input-picker-two-errors cannot run: it has 2 errors; the first, at line 6: .*Fix them first\.$/);
      assert.deepEqual(first.actions, ['Show Problems']);
    } finally {
      messages.restore();
      picks.restore();
    }
  });
});
