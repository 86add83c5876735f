/**
 * The cloud commands: sign in/out, deploy the open flow, start an execution, refresh. Each is a
 * small named function; the work is done by CloudBackend and CloudFunctionCatalog.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS, VIEW_IDS } from '../command-ids';
import { setExecutionsBackend } from '../config';
import { jsonProblemText } from '../actions/input-picker';
import { checkJsonObject } from '../model/json-input';
import { accountIdNotices } from './account-id-notice';
import type { CloudBackend } from './cloud-backend';
import { CLOUD_DOCUMENT_SCHEME } from './cloud-document-paths';
import { CloudDocuments } from './cloud-documents';
import { CloudServiceError } from './cloud-errors';
import { CredentialChainError, listCliProfiles, supplierFor, type CredentialSource } from './credential-chain';
import { downloadFileName } from './cloud-flow-browser';
import { listCloudFlows } from './cloud-flow-list';
import { cloudFlowNameOf } from './cloud-settings';
import { CloudFunctionsSync, type SendNotification } from './cloud-functions-sync';
import { CloudSession } from './cloud-session';
import { callbackSteps, deployDefinition, type ExecutionMode } from './deploy-definition';
import { isValidFlowName } from './flow-name';
import { localFlowFiles } from './local-flow-files';
import type { CloudCredentials } from './fnf-client';

export interface CloudCommandOptions {
  /** Sends `fdl/cloudFunctions` to the language server (e.g. `client.sendNotification`). */
  sendNotification?: SendNotification;
  /** After a start: show the cloud in the executions view, the steps' statuses in `document`. */
  onExecutionStarted?: (flowName: string, executionName: string, document: vscode.Uri) => void;
}

/** Registers the commands; returns the session whose `backend` the views use when signed in. */
export function registerCloudCommands(context: vscode.ExtensionContext, options: CloudCommandOptions = {}): CloudSession {
  const log = vscode.window.createOutputChannel(vscode.l10n.t('Flow Studio: Cloud'), { log: true });
  const session = new CloudSession(
    context.secrets,
    (e) => log.warn(e.message),
    accountIdNotices(context.globalState, log),
    context.globalState,
    (source, message) => {
      log.warn(`credentials (${source.kind}): ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('No Alibaba Cloud credentials were found ({0}): {1}', sourceLabel(source), message));
    },
  );
  const documents = new CloudDocuments(session);
  const sync = options.sendNotification ? new CloudFunctionsSync(session, options.sendNotification, (l) => log.warn(l)) : undefined;
  context.subscriptions.push(
    log,
    session,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(CLOUD_DOCUMENT_SCHEME, documents),
    ...(sync ? [sync] : []),
    vscode.commands.registerCommand(COMMAND_IDS.cloudSignIn, () => signIn(session, log)),
    vscode.commands.registerCommand(COMMAND_IDS.cloudSignOut, () => signOut(session)),
    vscode.commands.registerCommand(COMMAND_IDS.cloudUseCredentials, () => useExistingCredentials(session)),
    vscode.commands.registerCommand(COMMAND_IDS.cloudDeployFlow, async (uri?: vscode.Uri) => {
      if (await deployFlow(session, uri, log)) documents.refreshDefinitions();
    }),
    vscode.commands.registerCommand(COMMAND_IDS.cloudStartExecution, (uri?: vscode.Uri) => startExecution(session, uri, log, options, documents)),
    vscode.commands.registerCommand(COMMAND_IDS.cloudCompareWithDeployed, (uri?: vscode.Uri) => compareWithDeployed(session, uri, documents)),
    vscode.commands.registerCommand(COMMAND_IDS.cloudShowFlows, () => showCloudFlows(session, log, documents)),
    vscode.commands.registerCommand(COMMAND_IDS.cloudRefresh, async () => {
      await session.reload();
      await sync?.push(true);
    }),
  );
  void session.reload();
  return session;
}

async function signIn(session: CloudSession, log: vscode.LogOutputChannel): Promise<void> {
  const accessKeyId = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign In to Alibaba Cloud (1/3)'),
    prompt: vscode.l10n.t('AccessKey ID of a RAM user or role allowed to use Serverless Workflow'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the AccessKey ID.')),
  });
  if (!accessKeyId) return;
  const accessKeySecret = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign In to Alibaba Cloud (2/3)'),
    prompt: vscode.l10n.t('AccessKey secret (kept in the system keychain through VS Code SecretStorage)'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the AccessKey secret.')),
  });
  if (!accessKeySecret) return;
  const securityToken = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign In to Alibaba Cloud (3/3)'),
    prompt: vscode.l10n.t('STS security token, only for a temporary AccessKey (leave empty otherwise)'),
    password: true,
    ignoreFocusOut: true,
  });
  if (securityToken === undefined) return;
  const credentials: CloudCredentials = {
    accessKeyId: accessKeyId.trim(),
    accessKeySecret: accessKeySecret.trim(),
    ...(securityToken.trim() ? { securityToken: securityToken.trim() } : {}),
  };

  const region = session.settings.region;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the AccessKey against Serverless Workflow in {0}…', region) },
      () => session.probe(credentials).listFlows(),
    );
  } catch (e) {
    if (e instanceof CloudServiceError && /^(SignatureDoesNotMatch|InvalidAccessKeyId|InvalidSecurityToken)/i.test(e.code)) {
      void showCloudError(e);
      return;
    }
    // Reachability or permission problems do not make the key wrong: keep it, and say what failed.
    log.warn(e instanceof Error ? e.message : String(e));
    void showCloudError(e);
  }
  await session.credentials.set(credentials);
  await session.setSource({ kind: 'signIn' });
  void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Alibaba Cloud ({0}). The AccessKey is stored in the system keychain only.', region));
}

async function signOut(session: CloudSession): Promise<void> {
  const wasChain = session.source.kind !== 'signIn';
  await session.credentials.clear();
  await session.setSource({ kind: 'signIn' });
  void vscode.window.showInformationMessage(
    wasChain
      ? vscode.l10n.t('Signed out of Alibaba Cloud: Flow Studio no longer uses the credential chain or aliyun CLI profile.')
      : vscode.l10n.t('Signed out of Alibaba Cloud: the stored AccessKey was deleted.'),
  );
}

function sourceLabel(source: CredentialSource): string {
  return source.kind === 'cliProfile'
    ? vscode.l10n.t('aliyun CLI profile {0}', source.profile)
    : source.kind === 'chain'
      ? vscode.l10n.t('the default credential chain')
      : vscode.l10n.t('Sign In');
}

/**
 * Credentials the user already has: the default chain (environment variables, the aliyun CLI's
 * current profile, ~/.alibabacloud/credentials, an ECS role) or one aliyun CLI profile. Only the
 * choice is remembered (globalState); the key stays where it is and is read on each request.
 */
async function useExistingCredentials(session: CloudSession): Promise<void> {
  const { profiles, current } = listCliProfiles();
  type Item = vscode.QuickPickItem & { source?: CredentialSource };
  const items: Item[] = [
    {
      label: `$(key) ${vscode.l10n.t('Default credential chain')}`,
      detail: vscode.l10n.t('ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, then the aliyun CLI current profile, ~/.alibabacloud/credentials, the ECS instance role'),
      source: { kind: 'chain' },
    },
    ...(profiles.length ? [{ label: vscode.l10n.t('aliyun CLI profiles (~/.aliyun/config.json)'), kind: vscode.QuickPickItemKind.Separator } as Item] : []),
    ...profiles.map((p): Item => ({
      label: `$(account) ${p.name}`,
      description: [p.mode, p.region, p.name === current ? vscode.l10n.t('current') : undefined].filter(Boolean).join(' · '),
      source: { kind: 'cliProfile', profile: p.name },
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(sign-in) ${vscode.l10n.t('Sign In with an AccessKey…')}`, detail: vscode.l10n.t('Kept in the system keychain through VS Code SecretStorage') },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Alibaba Cloud Credentials'),
    placeHolder: vscode.l10n.t('Now: {0}', sourceLabel(session.source)),
  });
  if (!picked) return;
  if (!picked.source) {
    await vscode.commands.executeCommand(COMMAND_IDS.cloudSignIn);
    return;
  }
  const source = picked.source;
  if (source.kind === 'signIn') return;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for credentials in {0}…', sourceLabel(source)) }, async () => {
      const supplier = supplierFor(source);
      await supplier.getCredentials();
      await session.probe(supplier).listFlows();
    });
  } catch (e) {
    if (e instanceof CredentialChainError) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No Alibaba Cloud credentials were found ({0}): {1}', sourceLabel(source), e.message));
      return;
    }
    // The key exists; reaching the service or a permission failed: use it, and say what failed.
    void showCloudError(e);
  }
  await session.setSource(source);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Flow Studio now uses {0} for Alibaba Cloud ({1}). No key is copied or stored.', sourceLabel(source), session.settings.region),
  );
}

/** The flow file a command acts on: its argument, or the active editor. */
function flowDocument(uri: vscode.Uri | undefined): Thenable<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) void vscode.window.showInformationMessage(vscode.l10n.t('Open a flow file (.flow.yaml) first.'));
  return Promise.resolve(doc);
}

/** The signed-in backend, or an offer to sign in. */
async function requireBackend(session: CloudSession) {
  if (session.backend) return session.backend;
  const signInLabel = vscode.l10n.t('Sign In');
  const existing = vscode.l10n.t('Use Existing Credentials');
  const pick = await vscode.window.showWarningMessage(vscode.l10n.t('Sign in to Alibaba Cloud first.'), signInLabel, existing);
  if (pick === signInLabel) await vscode.commands.executeCommand(COMMAND_IDS.cloudSignIn);
  if (pick === existing) await vscode.commands.executeCommand(COMMAND_IDS.cloudUseCredentials);
  return session.backend;
}

async function flowNameFor(session: CloudSession, doc: vscode.TextDocument): Promise<string | undefined> {
  const name = cloudFlowNameOf(doc.uri, session.settings);
  if (isValidFlowName(name)) return name;
  void vscode.window.showErrorMessage(
    vscode.l10n.t(
      '"{0}" is not a valid flow name (letters, digits, _ and -, starting with a letter or _). Rename the file, or map it to a name in the setting flowStudio.cloud.flowNames.',
      name,
    ),
  );
  return undefined;
}

async function deployFlow(session: CloudSession, uri: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<boolean> {
  const doc = await flowDocument(uri);
  if (!doc) return false;
  const backend = await requireBackend(session);
  if (!backend) return false;
  const name = await flowNameFor(session, doc);
  if (!name) return false;
  const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  if (errors.length > 0) {
    const anyway = vscode.l10n.t('Deploy Anyway');
    const pick = await vscode.window.showWarningMessage(vscode.l10n.t('The flow has {0} error(s); the service will likely refuse it.', errors.length), anyway);
    if (pick !== anyway) return false;
  }
  const definition = await checkedDefinition(doc, name);
  if (definition === undefined) return false;
  try {
    const existing = await backend.describeFlow(name);
    let executionMode: ExecutionMode | undefined;
    if (!existing) {
      executionMode = await pickExecutionMode(name, callbackSteps(definition));
      if (!executionMode) return false;
    }
    const { created } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deploying {0} to {1}…', name, backend.region) },
      () => backend.deployFlow({ name, definition, roleArn: session.settings.roleArn, executionMode }, existing !== undefined),
    );
    log.info(`${created ? `CreateFlow (${executionMode})` : 'UpdateFlow'} ${name} (${backend.region})`);
    void vscode.window.showInformationMessage(
      created ? vscode.l10n.t('Created flow {0} in {1}.', name, backend.region) : vscode.l10n.t('Updated flow {0} in {1}.', name, backend.region),
    );
    return true;
  } catch (e) {
    void showCloudError(e);
    return false;
  }
}

/**
 * The text to deploy: a StateMachine's `Name` must be the flow's name (CreateFlow reference), so a
 * different or missing one is offered a fix in the document before anything is sent.
 */
async function checkedDefinition(doc: vscode.TextDocument, name: string): Promise<string | undefined> {
  const { nameCheck } = deployDefinition(doc.getText(), name);
  if (nameCheck.ok) return doc.getText();
  const fix = vscode.l10n.t('Set Name to {0}', name);
  const message =
    nameCheck.found === undefined
      ? vscode.l10n.t('This StateMachine has no Name; the service needs it to be the flow name, {0}.', name)
      : vscode.l10n.t('This StateMachine is named {0}, but it is deployed as {1}; the service needs the two to be equal.', nameCheck.found, name);
  if ((await vscode.window.showWarningMessage(message, fix)) !== fix) return undefined;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(nameCheck.fix.offset), doc.positionAt(nameCheck.fix.offset + nameCheck.fix.length)), nameCheck.fix.text);
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  return doc.getText();
}

/**
 * Standard or Express, asked once: a flow's mode is chosen when it is created. A flow with steps
 * that wait for callbacks is Standard-only; Express is still offered, marked, and confirmed.
 */
async function pickExecutionMode(name: string, callbacks: string[]): Promise<ExecutionMode | undefined> {
  const waits = callbacks.length ? vscode.l10n.t('Not for this flow: {0} wait(s) for a callback, which Express does not run.', callbacks.join(', ')) : undefined;
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('Standard'),
        detail: vscode.l10n.t('Up to one year, every step recorded, callbacks (WaitForCustomCallback, waitForCallback). Started asynchronously.'),
        mode: 'Standard' as const,
      },
      {
        label: vscode.l10n.t('Express'),
        detail: vscode.l10n.t('Up to five minutes, high rate, tasks that complete on request only. Started synchronously: the result comes back at once.'),
        ...(waits ? { description: `$(warning) ${waits}` } : {}),
        mode: 'Express' as const,
      },
    ],
    { title: vscode.l10n.t('Execution mode of {0} (fixed once the flow is created)', name), ignoreFocusOut: true },
  );
  if (picked?.mode !== 'Express' || !waits) return picked?.mode;
  const anyway = vscode.l10n.t('Create as Express');
  return (await vscode.window.showWarningMessage(waits, { modal: true }, anyway)) === anyway ? 'Express' : undefined;
}

async function startExecution(
  session: CloudSession,
  uri: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
  options: CloudCommandOptions,
  documents: CloudDocuments,
): Promise<void> {
  const doc = await flowDocument(uri);
  if (!doc) return;
  const backend = await requireBackend(session);
  if (!backend) return;
  const flowName = await flowNameFor(session, doc);
  if (!flowName) return;
  const input = await askExecutionInput(flowName);
  if (input === undefined) return;
  try {
    if ((await backend.describeFlow(flowName))?.ExecutionMode === 'Express') return await startExpress(backend, flowName, input, log, documents);
  } catch (e) {
    void showCloudError(e);
    return;
  }
  const start = () => backend.startExecution({ flowName, input });
  try {
    let started;
    try {
      started = await start();
    } catch (e) {
      if (!(e instanceof CloudServiceError && e.code === 'FlowNotExists')) throw e;
      const deploy = vscode.l10n.t('Deploy and Start');
      const pick = await vscode.window.showWarningMessage(vscode.l10n.t('Flow {0} is not deployed in {1}.', flowName, backend.region), deploy);
      if (pick !== deploy || !(await deployFlow(session, doc.uri, log))) return;
      // Deployed just now, in the mode picked then.
      if ((await backend.describeFlow(flowName))?.ExecutionMode === 'Express') return await startExpress(backend, flowName, input, log, documents);
      started = await start();
    }
    log.info(`StartExecution ${flowName}/${started.name}`);
    options.onExecutionStarted?.(flowName, started.name, doc.uri);
    const graph = vscode.l10n.t('Show Graph');
    const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Started {0} of {1} in {2}.', started.name, flowName, backend.region), graph);
    if (pick === graph) await vscode.commands.executeCommand(COMMAND_IDS.showFlowGraph, doc.uri);
  } catch (e) {
    void showCloudError(e);
  }
}

/** An Express flow: StartSyncExecution, and its result shown as soon as it answers. */
async function startExpress(backend: CloudBackend, flowName: string, input: string, log: vscode.LogOutputChannel, documents: CloudDocuments): Promise<void> {
  try {
    const done = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0} (Express) in {1}…', flowName, backend.region) },
      () => backend.startSyncExecution({ flowName, input }),
    );
    log.info(`StartSyncExecution ${flowName}/${done.name} ${done.status}`);
    await vscode.window.showTextDocument(documents.showResult(done), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    if (done.status === 'Succeeded') void vscode.window.showInformationMessage(vscode.l10n.t('Express execution {0} of {1} succeeded.', done.name, flowName));
    else
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Express execution {0} of {1} ended {2}: {3}', done.name, flowName, done.status, [done.error, done.cause].filter(Boolean).join(': ')),
      );
  } catch (e) {
    void showCloudError(e);
  }
}

/** The input as JSON text (an empty box is `{}`, as in Run Flow's picker); undefined if cancelled. */
async function askExecutionInput(flowName: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Start {0} in the cloud', flowName),
    prompt: vscode.l10n.t('Execution input (a JSON object)'),
    value: '{}',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const check = checkJsonObject(v);
      return check.ok ? undefined : jsonProblemText(check);
    },
  });
  if (typed === undefined) return undefined;
  const check = checkJsonObject(typed);
  return check.ok ? check.text : undefined;
}

/**
 * A browser of the region's deployed flows, executions or not (the Executions view shows flows
 * only through their executions): pick one, then open its definition read-only, compare it with
 * the local file, download it, see its executions, or start it.
 */
async function showCloudFlows(session: CloudSession, log: vscode.LogOutputChannel, documents: CloudDocuments): Promise<void> {
  const backend = await requireBackend(session);
  if (!backend) return;
  let flows;
  try {
    flows = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing the flows in {0}…', backend.region) }, () =>
      listCloudFlows(backend),
    );
  } catch (e) {
    void showCloudError(e);
    return;
  }
  if (!flows.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No flows are deployed in {0}. Open a flow file and use Deploy Flow to Cloud.', backend.region));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    flows.map((f) => ({
      label: `$(type-hierarchy) ${f.name}`,
      description: [f.executionMode, f.lastModifiedTime ? vscode.l10n.t('modified {0}', new Date(f.lastModifiedTime).toLocaleString(vscode.env.language)) : undefined]
        .filter(Boolean)
        .join(' · '),
      detail: f.description,
      flow: f,
    })),
    {
      title: vscode.l10n.t('Cloud Flows in {0}', backend.region),
      placeHolder: vscode.l10n.t('Choose a flow'),
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (!picked) return;
  const flowName = picked.flow.name;
  const local = await localFlowFiles(flowName, session.settings.flowNames);
  type Action = 'open' | 'compare' | 'download' | 'executions' | 'start';
  const actions: { label: string; detail?: string; action: Action }[] = [
    { label: `$(eye) ${vscode.l10n.t('Open Deployed Definition')}`, detail: vscode.l10n.t('Read-only, as DescribeFlow returns it'), action: 'open' },
    ...(local.length
      ? [
          {
            label: `$(diff) ${vscode.l10n.t('Compare with Local File')}`,
            detail: local.map((f) => vscode.workspace.asRelativePath(f, false)).join(', '),
            action: 'compare' as const,
          },
        ]
      : []),
    { label: `$(cloud-download) ${vscode.l10n.t('Download into Workspace')}`, action: 'download' },
    { label: `$(history) ${vscode.l10n.t('Show Executions')}`, action: 'executions' },
    {
      label: `$(play) ${vscode.l10n.t('Start Execution')}`,
      detail: picked.flow.executionMode === 'Express' ? vscode.l10n.t('Express: the result comes back at once') : undefined,
      action: 'start',
    },
  ];
  const action = await vscode.window.showQuickPick(actions, { title: vscode.l10n.t('{0} in {1}', flowName, backend.region) });
  switch (action?.action) {
    case 'open':
      await vscode.window.showTextDocument(documents.flowUri(flowName), { preview: true });
      return;
    case 'compare':
      await compareWithLocal(documents, flowName, local);
      return;
    case 'download':
      await downloadFlow(backend, flowName, local);
      return;
    case 'executions':
      await showFlowExecutions(backend, flowName);
      return;
    case 'start':
      await startFromBrowser(backend, flowName, picked.flow.executionMode, log, documents);
      return;
  }
}

/** The open flow file beside the definition deployed under its name (the diff editor, deployed on the left). */
async function compareWithDeployed(session: CloudSession, uri: vscode.Uri | undefined, documents: CloudDocuments): Promise<void> {
  const doc = await flowDocument(uri);
  if (!doc) return;
  const backend = await requireBackend(session);
  if (!backend) return;
  const name = await flowNameFor(session, doc);
  if (!name) return;
  try {
    if (!(await backend.describeFlow(name))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Flow {0} is not deployed in {1}.', name, backend.region));
      return;
    }
  } catch (e) {
    void showCloudError(e);
    return;
  }
  await compareWithLocal(documents, name, [doc.uri]);
}

async function compareWithLocal(documents: CloudDocuments, flowName: string, local: vscode.Uri[]): Promise<void> {
  const target =
    local.length === 1
      ? local[0]
      : (
          await vscode.window.showQuickPick(
            local.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
            { title: vscode.l10n.t('Compare {0} with', flowName) },
          )
        )?.uri;
  if (!target) return;
  await vscode.commands.executeCommand(
    'vscode.diff',
    documents.flowUri(flowName),
    target,
    vscode.l10n.t('{0} (deployed) ↔ {1}', flowName, vscode.workspace.asRelativePath(target, false)),
  );
}

/** Writes the deployed definition into the workspace (asking before replacing a file) and opens it. */
async function downloadFlow(backend: CloudBackend, flowName: string, local: vscode.Uri[]): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Download {0} into the workspace', flowName),
    defaultUri: local[0] ?? (folder ? vscode.Uri.joinPath(folder, downloadFileName(flowName)) : undefined),
    filters: { [vscode.l10n.t('Flow files')]: ['yaml', 'yml'] },
  });
  if (!target) return;
  try {
    const flow = await backend.describeFlow(flowName);
    if (!flow?.Definition) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Flow {0} is not deployed in {1}.', flowName, backend.region));
      return;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(flow.Definition));
    await vscode.window.showTextDocument(target);
  } catch (e) {
    void showCloudError(e);
  }
}

/** The Executions view over the cloud; says so when the flow has none yet. */
async function showFlowExecutions(backend: CloudBackend, flowName: string): Promise<void> {
  await setExecutionsBackend('cloud');
  await vscode.commands.executeCommand(`${VIEW_IDS.executions}.focus`);
  try {
    const executions = await backend.listExecutions(flowName);
    if (!executions.length) void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no executions in {1} yet.', flowName, backend.region));
  } catch (e) {
    void showCloudError(e);
  }
}

async function startFromBrowser(backend: CloudBackend, flowName: string, mode: string | undefined, log: vscode.LogOutputChannel, documents: CloudDocuments): Promise<void> {
  const input = await askExecutionInput(flowName);
  if (input === undefined) return;
  if (mode === 'Express') return startExpress(backend, flowName, input, log, documents);
  try {
    const started = await backend.startExecution({ flowName, input });
    log.info(`StartExecution ${flowName}/${started.name}`);
    // The Executions view shows the cloud, where the new execution appears and is followed.
    await setExecutionsBackend('cloud');
    void vscode.window.showInformationMessage(vscode.l10n.t('Started {0} of {1} in {2}.', started.name, flowName, backend.region));
  } catch (e) {
    void showCloudError(e);
  }
}

/** A service error with its next step, and a button that does it when there is one. */
export async function showCloudError(e: unknown): Promise<void> {
  if (!(e instanceof CloudServiceError)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The cloud request failed: {0}', e instanceof Error ? e.message : String(e)));
    return;
  }
  const signIn = vscode.l10n.t('Sign In');
  const deploy = vscode.l10n.t('Deploy Flow');
  const openSettings = vscode.l10n.t('Open Settings');
  const actions = /^(SignatureDoesNotMatch|InvalidAccessKeyId|InvalidSecurityToken)/i.test(e.code)
    ? [signIn]
    : e.code === 'FlowNotExists'
      ? [deploy]
      : e.code === 'NetworkError'
        ? [openSettings]
        : [];
  const pick = await vscode.window.showErrorMessage(`${e.serviceMessage} ${e.guidance}`, ...actions);
  if (pick === signIn) await vscode.commands.executeCommand(COMMAND_IDS.cloudSignIn);
  else if (pick === deploy) await vscode.commands.executeCommand(COMMAND_IDS.cloudDeployFlow);
  else if (pick === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'flowStudio.cloud');
}
