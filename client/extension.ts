/** Extension entry: wiring only. Features live in their own modules. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCloudCommands } from './cloud/cloud-commands';
import { registerFlowGraph } from './graph/register-flow-graph';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'fdl' }],
  };
  client = new LanguageClient('fdl', 'Serverless Workflow (FDL)', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  const cloud = registerCloudCommands(context, { sendNotification: (method, params) => client?.sendNotification(method, params) });
  registerFlowGraph(context, () => [cloud.backend]);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
