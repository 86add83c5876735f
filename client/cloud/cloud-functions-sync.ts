/**
 * Keeps the language server's list of the account's FC functions current: the `fdl/cloudFunctions`
 * notification (shape in fdl/cloud-functions-notification.ts) after sign-in, settings
 * changes and refreshes, then again whenever the catalog's cache would expire. Signed out → an
 * empty list, so the server stops warning about functions it cannot see.
 */
import * as vscode from 'vscode';
import { CLOUD_FUNCTIONS_NOTIFICATION, type CloudFunction, type CloudFunctionsParams } from '../../fdl/cloud-functions-notification';
import type { CloudSession } from './cloud-session';

export { CLOUD_FUNCTIONS_NOTIFICATION, type CloudFunctionsParams };

export type SendNotification = (method: string, params: CloudFunctionsParams) => void | Promise<void>;

const RESEND_MS = 5 * 60_000;

export class CloudFunctionsSync implements vscode.Disposable {
  private timer?: ReturnType<typeof setInterval>;
  private readonly subscriptions: vscode.Disposable[];
  private lastError?: string;

  constructor(
    private readonly session: CloudSession,
    private readonly send: SendNotification,
    private readonly log: (line: string) => void,
  ) {
    this.subscriptions = [session.onDidChange(() => void this.push()), session.onDidChangeCatalog(() => void this.push())];
    this.timer = setInterval(() => void this.push(), RESEND_MS);
  }

  /** Lists (from the cache unless `force`) and sends. Failures are logged once, never thrown. */
  async push(force = false): Promise<void> {
    const catalog = this.session.catalog;
    let functions: CloudFunction[] = [];
    if (catalog) {
      try {
        functions = await catalog.list(force);
        this.lastError = undefined;
      } catch (e) {
        const code = (e as { data?: { ErrorCode?: string; Code?: string } })?.data?.ErrorCode ?? (e as { code?: string })?.code ?? 'error';
        if (code !== this.lastError) this.log(vscode.l10n.t('Could not list Function Compute functions ({0}); resourceArn checks against the account are paused.', String(code)));
        this.lastError = String(code);
        return;
      }
    }
    try {
      await this.send(CLOUD_FUNCTIONS_NOTIFICATION, { functions });
    } catch {
      // The language server is not running (yet): the next change or tick sends again.
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
