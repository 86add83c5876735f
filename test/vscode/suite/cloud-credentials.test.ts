/// <reference types="mocha" />
/**
 * Signing in to Alibaba Cloud, against the engine's local FnF-compatible API (engine/api) started
 * here in the extension host with its own key pair: the real @alicloud/fnf-2019-03-15 client in the
 * extension signs each request and the server verifies the signature, so a request that works
 * proves the extension used the AccessKey the user typed. The API's key lives in a temporary
 * folder outside the workspace, so finding its secret in a workspace file can only mean the
 * extension wrote it there.
 *
 * `flowStudio.cloud.endpoint` (machine scope) points the cloud backend at the local API; the
 * region stays the default.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey, type LocalAccessKey } from '../../../engine/api/local-api-key';
import type { TaskInvoker } from '../../../engine/invoker';
import { LocalBackend } from '../../../engine/local-backend';
import { eventually, flowStudio, recordMessages, typeIntoInputBoxes, workspaceFile, type ShownMessage } from './helpers';

const SIGN_IN = 'flowStudio.cloud.signIn';
const SIGN_OUT = 'flowStudio.cloud.signOut';
const START = 'flowStudio.cloud.startExecution';
const FLOW = 'expense-approval';

/** Task steps are accepted and left waiting, as a cloud function that calls back later would. */
const acceptingInvoker: TaskInvoker = { name: 'accepting', canInvoke: () => true, invoke: async () => ({ kind: 'accepted' }) };

let store: string;
let engine: LocalBackend;
let server: FnfApiServer;
let key: LocalAccessKey;

/** Runs a command while typing `answers` into its input boxes and recording its messages. */
async function withDialogs(command: string, answers: string[], ...args: unknown[]): Promise<{ shown: ShownMessage[]; prompts: (string | undefined)[] }> {
  const boxes = typeIntoInputBoxes(answers);
  const messages = recordMessages();
  try {
    await vscode.commands.executeCommand(command, ...args);
    return { shown: messages.shown, prompts: boxes.asked.map((a) => a.prompt) };
  } finally {
    boxes.restore();
    messages.restore();
  }
}

/** Every file under `dir` (the workspace copy is small), skipping nothing. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The settings.json files of this window: workspace, user and (code-server) remote machine settings. */
function settingsFiles(): string[] {
  const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
  // code-server.test.ts lays out test-results/vscode/{workspace,scratch/user-data}.
  const userData = join(workspace, '..', 'scratch', 'user-data');
  return [join(workspace, '.vscode', 'settings.json'), join(userData, 'User', 'settings.json'), join(userData, 'Machine', 'settings.json')].filter((f) => existsSync(f));
}

async function cloudExecutions(): Promise<string[]> {
  return (await engine.listExecutions(FLOW)).map((e) => e.name);
}

suite('cloud credentials', () => {
  suiteSetup(async () => {
    store = mkdtempSync(join(tmpdir(), 'flow-studio-cloud-api-'));
    engine = new LocalBackend({ storeDir: store, invokers: [acceptingInvoker] });
    await engine.open();
    key = loadOrCreateLocalAccessKey(store);
    server = await new FnfApiServer({ backend: engine, key, flows: flowDirectory([workspaceFile('flows').fsPath]) }).start();
    await flowStudio();
    await vscode.commands.executeCommand(SIGN_OUT);
    await vscode.workspace.getConfiguration('flowStudio.cloud').update('endpoint', server.endpoint, vscode.ConfigurationTarget.Global);
    await eventually(
      'the endpoint setting',
      () => vscode.workspace.getConfiguration('flowStudio.cloud').get<string>('endpoint'),
      (v) => v === server.endpoint,
    );
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(SIGN_OUT);
    await vscode.workspace.getConfiguration('flowStudio.cloud').update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    for (const r of engine.running()) await engine.stopExecution(r.flowName, r.executionName).catch(() => undefined);
    await server.stop();
    engine.close();
    rmSync(store, { recursive: true, force: true });
  });

  test('Sign In asks for the AccessKey ID, secret and STS token, keeps them out of every setting and file, and the cloud backend then works', async () => {
    const signIn = await withDialogs(SIGN_IN, [key.accessKeyId, key.accessKeySecret, '']);
    assert.equal(signIn.prompts.length, 3, `three boxes: ID, secret, STS token; asked ${JSON.stringify(signIn.prompts)}`);
    assert.match(signIn.prompts[0] ?? '', /AccessKey ID/);
    assert.match(signIn.prompts[1] ?? '', /AccessKey secret/);
    assert.match(signIn.prompts[2] ?? '', /STS security token/);
    assert.deepEqual(
      signIn.shown.filter((m) => m.severity !== 'information'),
      [],
      'the key is accepted without errors',
    );
    assert.ok(
      signIn.shown.some((m) => /Signed in to Alibaba Cloud/.test(m.text)),
      `a signed-in message; saw ${JSON.stringify(signIn.shown)}`,
    );

    // The secret is nowhere a file or a setting could keep it.
    const everySetting = JSON.stringify(vscode.workspace.getConfiguration());
    assert.ok(!everySetting.includes(key.accessKeySecret), 'no setting holds the AccessKey secret');
    const files = settingsFiles();
    for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes(key.accessKeySecret), `${f} does not hold the secret`);
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    for (const f of filesUnder(workspace)) assert.ok(!readFileSync(f).includes(key.accessKeySecret), `${f} does not hold the secret`);

    // Start Execution in the cloud reaches the API with a signature it verifies.
    const before = await cloudExecutions();
    const start = await withDialogs(START, ['{"employee":"Li Lei","amount":42,"reason":"cloud sign-in test"}'], workspaceFile(`flows/${FLOW}.flow.yaml`));
    assert.deepEqual(
      start.shown.filter((m) => m.severity === 'error'),
      [],
      'the signed request is accepted',
    );
    const started = await eventually('a new execution on the API', cloudExecutions, (names) => names.length === before.length + 1);
    const name = started.find((n) => !before.includes(n))!;
    assert.ok(
      start.shown.some((m) => m.text.includes(name) && m.text.includes(FLOW)),
      `the started message names ${name}; saw ${JSON.stringify(start.shown)}`,
    );
    const api = await flowStudio();
    await eventually(
      'the Executions view to show the cloud execution',
      () => api.executionsView.currentBackend.kind === 'cloud' && api.executionsView.execution(FLOW, name) !== undefined,
      (b) => b,
    );
  });

  test('Sign Out deletes the AccessKey: the cloud commands then ask to sign in and send nothing', async () => {
    await withDialogs(SIGN_IN, [key.accessKeyId, key.accessKeySecret, '']);
    const out = await withDialogs(SIGN_OUT, []);
    assert.ok(
      out.shown.some((m) => /Signed out of Alibaba Cloud/.test(m.text)),
      `a signed-out message; saw ${JSON.stringify(out.shown)}`,
    );
    const before = await cloudExecutions();
    const start = await withDialogs(START, ['{}'], workspaceFile(`flows/${FLOW}.flow.yaml`));
    const warning = start.shown.find((m) => m.severity === 'warning');
    assert.ok(warning, `a warning; saw ${JSON.stringify(start.shown)}`);
    assert.match(warning.text, /Sign in to Alibaba Cloud first/);
    assert.deepEqual(warning.actions, ['Sign In', 'Use Existing Credentials']);
    assert.deepEqual(start.prompts, [], 'no input is asked for');
    assert.deepEqual(await cloudExecutions(), before, 'nothing reached the API');
    const api = await flowStudio();
    assert.equal(api.executionsView.currentBackend.kind, 'local', 'the Executions view is back on the engine');
  });

  test('a wrong AccessKey secret is refused with what to do, and is not kept', async () => {
    const signIn = await withDialogs(SIGN_IN, [key.accessKeyId, `${key.accessKeySecret}x`, '']);
    const error = signIn.shown.find((m) => m.severity === 'error');
    assert.ok(error, `an error message; saw ${JSON.stringify(signIn.shown)}`);
    assert.match(error.text, /SignatureDoesNotMatch/);
    assert.match(error.text, /The AccessKey secret does not match the AccessKey ID\. Run "Flow Studio: Sign In to Alibaba Cloud" again/);
    assert.deepEqual(error.actions, ['Sign In']);
    assert.ok(!signIn.shown.some((m) => /Signed in/.test(m.text)), 'no signed-in message');
    const start = await withDialogs(START, ['{}'], workspaceFile(`flows/${FLOW}.flow.yaml`));
    assert.ok(
      start.shown.some((m) => m.severity === 'warning' && /Sign in to Alibaba Cloud first/.test(m.text)),
      'still signed out',
    );
  });

  test('an unknown AccessKey ID is refused with the RAM console guidance', async () => {
    const signIn = await withDialogs(SIGN_IN, ['LTAI5tUnknownKeyId000000', key.accessKeySecret, '']);
    const error = signIn.shown.find((m) => m.severity === 'error');
    assert.ok(error, `an error message; saw ${JSON.stringify(signIn.shown)}`);
    assert.match(error.text, /This AccessKey ID does not exist or is disabled\. Create or enable an AccessKey in the RAM console/);
    assert.ok(!error.text.includes(key.accessKeySecret), 'the message does not show the secret');
  });
});
