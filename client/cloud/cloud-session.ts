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
import { CloudFunctionCatalog, createFc3ListApi, createFcListApi, fcEndpointFor } from './cloud-function-catalog';
import { readCloudSettings, type CloudSettings } from './cloud-settings';
import { supplierFor, type CredentialSource } from './credential-chain';
import { CloudCredentialStore } from './credential-store';
import { createFnfClient, type CloudKey } from './fnf-client';

/** The globalState key of the credential source: its kind and a profile name, never a key. */
const SOURCE_KEY = 'flowStudio.cloud.credentialSource';

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
    private readonly state?: vscode.Memento,
    /** The chosen credential chain or profile found no key (the message is safe to show). */
    private readonly onSourceError: (source: CredentialSource, message: string) => void = () => undefined,
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

  /** Where the key comes from: Sign In (SecretStorage, the default), the credential chain, or a CLI profile. */
  get source(): CredentialSource {
    const s = this.state?.get<CredentialSource>(SOURCE_KEY);
    return s?.kind === 'chain' || (s?.kind === 'cliProfile' && typeof s.profile === 'string') ? s : { kind: 'signIn' };
  }

  async setSource(source: CredentialSource): Promise<void> {
    await this.state?.update(SOURCE_KEY, source.kind === 'signIn' ? undefined : source);
    await this.reload();
  }

  /** Rebuilds from the credential source and settings. */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    const resolved = await this.key();
    if (generation !== this.generation) return;
    this.current?.backend.dispose();
    const current = resolved ? this.build(resolved.key, readCloudSettings()) : undefined;
    this.current = current;
    this.changed.fire();
    if (resolved && current && !current.catalog) await this.findAccountId(resolved, current, generation);
  }

  /** The key and its AccessKey ID (the account cache's key), or undefined when the source has none. */
  private async key(): Promise<{ key: CloudKey; id: string } | undefined> {
    const source = this.source;
    if (source.kind === 'signIn') {
      const stored = await this.credentials.get();
      return stored && { key: stored, id: stored.accessKeyId };
    }
    const supplier = supplierFor(source);
    try {
      return { key: supplier, id: (await supplier.getCredentials()).accessKeyId };
    } catch (e) {
      this.onSourceError(source, e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }

  /** Without the accountId setting: the ID from the FnF answers, or a notice that the FC checks are off. */
  private async findAccountId(credentials: { key: CloudKey; id: string }, current: NonNullable<CloudSession['current']>, generation: number): Promise<void> {
    const found = this.foundAccounts.get(credentials.id);
    const resolved = await resolveAccountId({ roleArn: current.settings.roleArn, listFlows: () => current.backend.listFlows(), foundBefore: found });
    if (generation !== this.generation) return;
    if (resolved?.source.kind === 'flowRole') this.foundAccounts.set(credentials.id, resolved);
    if (!resolved) {
      this.notices.onAccountIdUnknown?.();
      return;
    }
    current.catalog = this.catalogFor(credentials.key, current.settings, resolved.accountId);
    this.notices.onAccountIdFound?.(resolved);
    this.catalogChanged.fire();
  }

  /** A backend for credentials not stored yet (to check them before keeping them). */
  probe(credentials: CloudKey): CloudBackend {
    return this.build(credentials, readCloudSettings()).backend;
  }

  private build(credentials: CloudKey, settings: CloudSettings) {
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

  private catalogFor(credentials: CloudKey, settings: CloudSettings, accountId: string): CloudFunctionCatalog {
    const fc = settings.fc ?? { endpoint: fcEndpointFor(accountId, settings.region), protocol: 'https' as const };
    return new CloudFunctionCatalog({ api: createFcListApi({ ...fc, credentials }), fc3Api: createFc3ListApi({ ...fc, credentials }), region: settings.region, accountId });
  }

  dispose(): void {
    this.current?.backend.dispose();
    this.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
