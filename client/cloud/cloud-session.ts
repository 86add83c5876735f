/**
 * The signed-in state: a CloudBackend and a CloudFunctionCatalog built from the credentials in
 * SecretStorage and the current settings, rebuilt when either changes, gone after sign-out.
 */
import * as vscode from 'vscode';
import { toLocale } from '../../fdl/messages';
import { CloudBackend } from './cloud-backend';
import type { CloudServiceError } from './cloud-errors';
import { CloudFunctionCatalog, createFcListApi } from './cloud-function-catalog';
import { readCloudSettings, type CloudSettings } from './cloud-settings';
import { CloudCredentialStore } from './credential-store';
import { createFnfClient, type CloudCredentials } from './fnf-client';

export class CloudSession implements vscode.Disposable {
  private current?: { backend: CloudBackend; catalog?: CloudFunctionCatalog; settings: CloudSettings };
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires after sign-in, sign-out, and changes of credentials or settings. */
  readonly onDidChange = this.changed.event;
  readonly credentials: CloudCredentialStore;

  constructor(
    secrets: vscode.SecretStorage,
    private readonly onFollowError: (error: CloudServiceError) => void,
  ) {
    this.credentials = new CloudCredentialStore(secrets);
    this.disposables.push(
      this.changed,
      this.credentials.onDidChange(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('flowStudio.cloud')) void this.reload();
      }),
    );
  }

  get backend(): CloudBackend | undefined {
    return this.current?.backend;
  }

  get catalog(): CloudFunctionCatalog | undefined {
    return this.current?.catalog;
  }

  get settings(): CloudSettings {
    return this.current?.settings ?? readCloudSettings();
  }

  /** Rebuilds from SecretStorage and settings. */
  async reload(): Promise<void> {
    const credentials = await this.credentials.get();
    this.current?.backend.dispose();
    this.current = credentials ? this.build(credentials, readCloudSettings()) : undefined;
    this.changed.fire();
  }

  /** A backend for credentials not stored yet (to check them before keeping them). */
  probe(credentials: CloudCredentials): CloudBackend {
    return this.build(credentials, readCloudSettings()).backend;
  }

  private build(credentials: CloudCredentials, settings: CloudSettings) {
    const backend = new CloudBackend({
      client: createFnfClient({ endpoint: settings.fnfEndpoint, credentials }),
      endpoint: settings.fnfEndpoint,
      region: settings.region,
      accountId: settings.accountId || undefined,
      locale: toLocale(vscode.env.language),
      onFollowError: (_flow, _execution, error) => this.onFollowError(error),
    });
    const catalog = settings.fc && settings.accountId ? new CloudFunctionCatalog({ api: createFcListApi({ ...settings.fc, credentials }), region: settings.region, accountId: settings.accountId }) : undefined;
    return { backend, catalog, settings };
  }

  dispose(): void {
    this.current?.backend.dispose();
    this.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
