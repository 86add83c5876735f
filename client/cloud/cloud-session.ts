/**
 * The signed-in state: a CloudBackend and a CloudFunctionCatalog built from the credentials in
 * SecretStorage and the current settings, rebuilt when either changes, gone after sign-out.
 * The catalog needs the account ID: the setting, else one found in the FnF answers
 * (account-id.ts); when neither gives it, the user is told why the FC checks are off.
 */
import * as vscode from 'vscode';
import { toLocale } from '../../fdl/messages';
import { resolveAccountId, type ResolvedAccountId } from './account-id';
import { CloudBackend } from './cloud-backend';
import type { CloudServiceError } from './cloud-errors';
import { CloudFunctionCatalog, createFcListApi, fcEndpointFor } from './cloud-function-catalog';
import { readCloudSettings, type CloudSettings } from './cloud-settings';
import { CloudCredentialStore } from './credential-store';
import { createFnfClient, type CloudCredentials } from './fnf-client';

/** What the session tells the command layer about the account ID the FC catalog needs. */
export interface AccountIdNotices {
  /** Signed in without the setting, and the ID was found elsewhere: the catalog is on. */
  onAccountIdFound?(resolved: ResolvedAccountId): void;
  /** Signed in, and the ID is nowhere to be found: no catalog, so no resourceArn completion or check from FC. */
  onAccountIdUnknown?(): void;
}

export class CloudSession implements vscode.Disposable {
  private current?: { backend: CloudBackend; catalog?: CloudFunctionCatalog; settings: CloudSettings };
  /** Counts reloads, so a slow account lookup does not land on a newer session. */
  private generation = 0;
  /**
   * Account IDs found from the FnF answers, per AccessKey ID (a key belongs to one account): a
   * reload for another setting or a second sign-in with the same key lists no flows again.
   */
  private readonly foundAccounts = new Map<string, ResolvedAccountId>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly catalogChanged = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires after sign-in, sign-out, and changes of credentials or settings. */
  readonly onDidChange = this.changed.event;
  /** Fires when a catalog appears after the account ID was found (later than onDidChange). */
  readonly onDidChangeCatalog = this.catalogChanged.event;
  readonly credentials: CloudCredentialStore;

  constructor(
    secrets: vscode.SecretStorage,
    private readonly onFollowError: (error: CloudServiceError) => void,
    private readonly notices: AccountIdNotices = {},
  ) {
    this.credentials = new CloudCredentialStore(secrets);
    this.disposables.push(
      this.changed,
      this.catalogChanged,
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
    const generation = ++this.generation;
    this.current?.backend.dispose();
    const current = credentials ? this.build(credentials, readCloudSettings()) : undefined;
    this.current = current;
    this.changed.fire();
    if (credentials && current && !current.catalog) await this.findAccountId(credentials, current, generation);
  }

  /** Without the accountId setting: the ID from the FnF answers, or a notice that the FC checks are off. */
  private async findAccountId(credentials: CloudCredentials, current: NonNullable<CloudSession['current']>, generation: number): Promise<void> {
    const found = this.foundAccounts.get(credentials.accessKeyId);
    const resolved = await resolveAccountId({ roleArn: current.settings.roleArn, listFlows: () => current.backend.listFlows(), foundBefore: found });
    if (generation !== this.generation) return;
    if (resolved?.source.kind === 'flowRole') this.foundAccounts.set(credentials.accessKeyId, resolved);
    if (!resolved) {
      this.notices.onAccountIdUnknown?.();
      return;
    }
    current.catalog = this.catalogFor(credentials, current.settings, resolved.accountId);
    this.notices.onAccountIdFound?.(resolved);
    this.catalogChanged.fire();
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
    const catalog = settings.accountId ? this.catalogFor(credentials, settings, settings.accountId) : undefined;
    return { backend, catalog, settings };
  }

  private catalogFor(credentials: CloudCredentials, settings: CloudSettings, accountId: string): CloudFunctionCatalog {
    const fc = settings.fc ?? { endpoint: fcEndpointFor(accountId, settings.region), protocol: 'https' as const };
    return new CloudFunctionCatalog({ api: createFcListApi({ ...fc, credentials }), region: settings.region, accountId });
  }

  dispose(): void {
    this.current?.backend.dispose();
    this.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
