/// <reference types="mocha" />
/**
 * Deploy of both dialects, Express starts, the cloud flow browser and the credential chain, in
 * the extension host against the loopback stand-in of the FnF service (test/client/cloud/
 * fnf-cloud-standin.ts: CreateFlow/UpdateFlow/DescribeFlow/ListFlows/StartSyncExecution, every
 * signature verified; executions run on an engine behind it). `flowStudio.cloud.endpoint`
 * (machine scope) points the extension at it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { startFnfCloudStandIn, type FnfCloudStandIn } from '../../client/cloud/fnf-cloud-standin';
import { eventually, flowStudio, recordMessages, typeIntoInputBoxes, workspaceFile } from './helpers';

const SIGN_IN = 'flowStudio.cloud.signIn';
const SIGN_OUT = 'flowStudio.cloud.signOut';
const DEPLOY = 'flowStudio.cloud.deployFlow';
const START = 'flowStudio.cloud.startExecution';
const SHOW_FLOWS = 'flowStudio.cloud.showFlows';
const USE_CREDENTIALS = 'flowStudio.cloud.useCredentials';
const COMPARE = 'flowStudio.cloud.compareWithDeployed';
const DOWNLOADED = 'flows/downloaded/sm-deployed.flow.yaml';
const CLOUD_SCENARIO_FLOW = 'flows/cloud-greeting.flow.yaml';
const CLOUD_SCENARIO_FLOW_TEXT = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: greet\n    outputMappings:\n      - target: greeting\n        source: $input.name\n';
const CLOUD_SCENARIO = 'flows/cloud-greeting.scenario.yaml';

const SM_FILE = 'flows/sm-deployed.flow.yaml';
const SM_TEXT = 'Type: StateMachine\nSpecVersion: v1\nName: some-other-name\nStartAt: Accept\nStates:\n  - Type: Pass\n    Name: Accept\n    End: true\n';
const EXPRESS_FILE = 'flows/greet-express.flow.yaml';
const EXPRESS_TEXT = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: greet\n    outputMappings:\n      - target: greeting\n        source: $input.name\n';

let cloud: FnfCloudStandIn;

type Window = Pick<typeof vscode.window, 'showQuickPick' | 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage' | 'showSaveDialog'>;

/**
 * Runs a command answering its quick picks with `picks` (one chooser per pick, given the items)
 * and its warnings with the button `warningAction` (others closed), typing `inputs` in its boxes.
 */
async function drive(
  command: string,
  o: { picks?: ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined)[]; inputs?: string[]; warningAction?: string },
  ...args: unknown[]
) {
  const window = vscode.window as Window;
  const realPick = window.showQuickPick;
  const picks = [...(o.picks ?? [])];
  const offered: string[][] = [];
  window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
    const list = await items;
    offered.push(list.map((i) => i.label));
    const choose = picks.shift();
    if (!choose) throw new Error(`a quick pick nobody answers: ${list.map((i) => i.label).join(', ')}`);
    return choose(list);
  }) as unknown as Window['showQuickPick'];
  const boxes = typeIntoInputBoxes(o.inputs ?? []);
  const messages = recordMessages();
  const recordedWarning = window.showWarningMessage;
  window.showWarningMessage = (async (text: string, ...rest: unknown[]) => {
    await (recordedWarning as (t: string, ...r: unknown[]) => Promise<unknown>)(text, ...rest);
    return rest.find((r) => r === o.warningAction);
  }) as Window['showWarningMessage'];
  try {
    await vscode.commands.executeCommand(command, ...args);
    return { shown: messages.shown, offered };
  } finally {
    window.showQuickPick = realPick;
    boxes.restore();
    messages.restore();
  }
}

const byLabel = (text: string) => (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes(text));

async function writeWorkspaceFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

suite('cloud deploy, Express and the flow browser', () => {
  suiteSetup(async () => {
    cloud = await startFnfCloudStandIn();
    await flowStudio();
    await vscode.commands.executeCommand(SIGN_OUT);
    await vscode.workspace.getConfiguration('flowStudio.cloud').update('endpoint', cloud.endpoint, vscode.ConfigurationTarget.Global);
    await eventually(
      'the endpoint setting',
      () => vscode.workspace.getConfiguration('flowStudio.cloud').get<string>('endpoint'),
      (v) => v === cloud.endpoint,
    );
    await drive(SIGN_IN, { inputs: [cloud.key.accessKeyId, cloud.key.accessKeySecret, ''] });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(SIGN_OUT);
    await vscode.workspace.getConfiguration('flowStudio.cloud').update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    // Show Executions turned the view to the cloud; the suites after this one start on the engine.
    await vscode.workspace.getConfiguration('flowStudio').update('executions.backend', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [SM_FILE, EXPRESS_FILE, 'flows/downloaded', CLOUD_SCENARIO_FLOW, CLOUD_SCENARIO]) rmSync(workspaceFile(f).fsPath, { force: true, recursive: true });
    await cloud.close();
  });

  test('Deploy of a StateMachine whose Name differs offers to fix it, asks for the mode once, and creates it with the fixed text', async () => {
    const uri = await writeWorkspaceFile(SM_FILE, SM_TEXT);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const run = await drive(DEPLOY, { picks: [byLabel('Standard')], warningAction: 'Set Name to sm-deployed' }, uri);
    const nameWarning = run.shown.find((m) => m.severity === 'warning' && /is named some-other-name, but it is deployed as sm-deployed/.test(m.text));
    assert.ok(nameWarning, `the Name warning; saw ${JSON.stringify(run.shown)}`);
    assert.deepEqual(run.offered, [['Standard', 'Express']]);
    assert.match(doc.getText(), /^Name: sm-deployed$/m);
    const deployed = cloud.flows.get('sm-deployed');
    assert.ok(deployed, `created; the service saw ${cloud.actions.join(', ')}`);
    assert.equal(deployed.definition, doc.getText());
    assert.deepEqual([deployed.type, deployed.executionMode], ['FDL', 'Standard']);
    assert.ok(run.shown.some((m) => /Created flow sm-deployed/.test(m.text)));

    // Deploying again updates it, without asking for the mode.
    const again = await drive(DEPLOY, {}, uri);
    assert.ok(
      again.shown.some((m) => /Updated flow sm-deployed/.test(m.text)),
      JSON.stringify(again.shown),
    );
    assert.equal(cloud.actions.at(-1), 'UpdateFlow');
  });

  test('an Express flow starts synchronously and its result opens at once', async () => {
    const uri = await writeWorkspaceFile(EXPRESS_FILE, EXPRESS_TEXT);
    await drive(DEPLOY, { picks: [byLabel('Express')] }, uri);
    assert.equal(cloud.flows.get('greet-express')?.executionMode, 'Express');
    const run = await drive(START, { inputs: ['{"name":"Ada"}'] }, uri);
    assert.ok(
      run.shown.some((m) => m.severity === 'information' && /Express execution .* of greet-express succeeded/.test(m.text)),
      JSON.stringify(run.shown),
    );
    assert.equal(cloud.actions.at(-1), 'StartSyncExecution');
    const result = await eventually(
      'the result document',
      () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'flowstudio-cloud' && e.document.uri.path.startsWith('/results/greet-express/')),
      (e) => e !== undefined,
    );
    const shown = JSON.parse(result!.document.getText());
    assert.equal(shown.status, 'Succeeded');
    assert.deepEqual(shown.output, { greeting: 'Ada' });
  });

  test('Show Cloud Flows opens a deployed definition read-only and compares it with the local file', async () => {
    const open = await drive(SHOW_FLOWS, { picks: [byLabel('sm-deployed'), byLabel('Open Deployed Definition')] });
    assert.ok(
      open.offered[0].some((l) => l.includes('greet-express')),
      'every deployed flow is listed',
    );
    const editor = await eventually(
      'the deployed definition',
      () => vscode.window.activeTextEditor,
      (e) => e?.document.uri.scheme === 'flowstudio-cloud',
    );
    assert.equal(editor!.document.getText(), cloud.flows.get('sm-deployed')!.definition);
    assert.equal(editor!.document.uri.path, '/cn-hangzhou/sm-deployed.flow.yaml');

    await drive(SHOW_FLOWS, { picks: [byLabel('sm-deployed'), byLabel('Compare with Local File')] });
    const tab = await eventually(
      'the diff editor',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (input) => input instanceof vscode.TabInputTextDiff,
    );
    const diff = tab as vscode.TabInputTextDiff;
    assert.equal(diff.original.scheme, 'flowstudio-cloud');
    assert.equal(diff.modified.fsPath, workspaceFile(SM_FILE).fsPath);
  });

  test('Download writes the deployed definition where the user saves it; Show Executions turns the Executions view to the cloud', async () => {
    const window = vscode.window as Window;
    const realSave = window.showSaveDialog;
    const asked: (vscode.SaveDialogOptions | undefined)[] = [];
    window.showSaveDialog = (async (options?: vscode.SaveDialogOptions) => (asked.push(options), workspaceFile(DOWNLOADED))) as Window['showSaveDialog'];
    try {
      await drive(SHOW_FLOWS, { picks: [byLabel('sm-deployed'), byLabel('Download into Workspace')] });
    } finally {
      window.showSaveDialog = realSave;
    }
    assert.equal(asked[0]?.defaultUri?.fsPath, workspaceFile(SM_FILE).fsPath, 'offered over the local copy first');
    assert.equal(readFileSync(workspaceFile(DOWNLOADED).fsPath, 'utf8'), cloud.flows.get('sm-deployed')!.definition);
    await eventually(
      'the downloaded file open',
      () => vscode.window.activeTextEditor?.document.uri.fsPath,
      (p) => p === workspaceFile(DOWNLOADED).fsPath,
    );

    const api = await flowStudio();
    const shown = await drive(SHOW_FLOWS, { picks: [byLabel('sm-deployed'), byLabel('Show Executions')] });
    await eventually(
      'the Executions view on the cloud',
      () => api.executionsView.currentBackend.kind,
      (k) => k === 'cloud',
    );
    assert.ok(
      shown.shown.some((m) => /sm-deployed has no executions in cn-hangzhou yet/.test(m.text)),
      JSON.stringify(shown.shown),
    );
  });

  test('Compare with Deployed Flow shows a redeployed definition, not the one read before', async () => {
    const uri = workspaceFile(SM_FILE);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# second version\n'));
    await doc.save();
    await drive(DEPLOY, {}, uri);
    await drive(COMPARE, {}, uri);
    const diff = (await eventually(
      'the diff editor',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (input) => input instanceof vscode.TabInputTextDiff,
    )) as vscode.TabInputTextDiff;
    assert.equal(diff.modified.fsPath, uri.fsPath);
    const deployed = vscode.workspace.textDocuments.find((d) => d.uri.toString() === diff.original.toString());
    await eventually(
      'the deployed side to show the second version',
      () => deployed?.getText() ?? '',
      (t) => t.startsWith('# second version'),
    );
  });

  test('the default credential chain (environment variables) signs the requests; nothing of the key lands in a setting or file', async () => {
    await vscode.commands.executeCommand(SIGN_OUT);
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = cloud.key.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = cloud.key.accessKeySecret;
    process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
    try {
      const use = await drive(USE_CREDENTIALS, { picks: [byLabel('Default credential chain')] });
      assert.ok(
        use.shown.some((m) => /now uses the default credential chain/.test(m.text)),
        JSON.stringify(use.shown),
      );
      const seen = cloud.actions.length;
      const browse = await drive(SHOW_FLOWS, { picks: [() => undefined] });
      assert.ok(
        browse.offered[0].some((l) => l.includes('sm-deployed')),
        JSON.stringify(browse),
      );
      assert.ok(cloud.actions.slice(seen).includes('ListFlows'), 'ListFlows was signed with the environment key and accepted');
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration()).includes(cloud.key.accessKeySecret));
      for (const f of [workspaceFile('.vscode/settings.json').fsPath]) if (existsSync(f)) assert.ok(!readFileSync(f, 'utf8').includes(cloud.key.accessKeySecret));
    } finally {
      delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
      delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
      await vscode.commands.executeCommand(SIGN_OUT);
    }
  });

  test('Save as Test Scenario on a cloud execution finds the local flow deployed under its name and writes a scenario that passes', async () => {
    const api = await flowStudio();
    // The credential-chain test above ends signed out.
    await drive(SIGN_IN, { inputs: [cloud.key.accessKeyId, cloud.key.accessKeySecret, ''] });
    const uri = await writeWorkspaceFile(CLOUD_SCENARIO_FLOW, CLOUD_SCENARIO_FLOW_TEXT);
    await drive(DEPLOY, { picks: [byLabel('Standard')] }, uri);
    await vscode.workspace.getConfiguration('flowStudio').update('executions.backend', 'cloud', vscode.ConfigurationTarget.Workspace);
    const started = await drive(START, { inputs: ['{"name":"Lin"}'] }, uri);
    assert.ok(
      started.shown.some((m) => /Started .* of cloud-greeting/.test(m.text)),
      JSON.stringify(started.shown),
    );
    const execution = await eventually(
      'the cloud execution to succeed',
      async () => {
        await vscode.commands.executeCommand('flowStudio.refreshExecutions');
        return api.executionsView.executionsModel.executions().find((e) => e.flowName === 'cloud-greeting' && e.status === 'Succeeded');
      },
      (e) => e !== undefined,
    );
    const target = workspaceFile(CLOUD_SCENARIO);
    const written = await vscode.commands.executeCommand<vscode.Uri>(
      'flowStudio.saveAsTestScenario',
      { flowName: 'cloud-greeting', executionName: execution!.executionName, backend: 'cloud' },
      { target: target.fsPath },
    );
    assert.equal(written?.fsPath, target.fsPath);
    const text = readFileSync(target.fsPath, 'utf8');
    assert.match(text, /^flow: cloud-greeting\.flow\.yaml$/m);
    assert.match(text, /^# Saved from execution .* of cloud-greeting \(cloud, /m);
    assert.match(text, /name: Lin/);
    assert.match(text, /greeting: Lin/);
    const scenario = await eventually(
      'the Testing view to find it',
      () => api.scenarioTests.itemOf(target),
      (i) => i !== undefined,
    );
    await api.scenarioTests.runProfile.runHandler(new vscode.TestRunRequest([scenario!]), new vscode.CancellationTokenSource().token);
    const outcome = api.scenarioTests.outcomes.get(scenario!.id);
    assert.equal(outcome?.outcome, 'passed', JSON.stringify(outcome?.messages.map((m) => m.message)));
  });
});
