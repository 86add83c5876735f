/**
 * The Alibaba Cloud AccessKey (and optional STS token), kept only in VS Code SecretStorage (the OS
 * keychain). Never in settings, files, logs or messages.
 */
import type * as vscode from 'vscode';
import type { CloudCredentials } from './fnf-client';

const SECRET_KEY = 'flowStudio.cloud.credentials';

export class CloudCredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<CloudCredentials | undefined> {
    const text = await this.secrets.get(SECRET_KEY);
    if (!text) return undefined;
    try {
      const v = JSON.parse(text) as Partial<CloudCredentials>;
      if (typeof v.accessKeyId !== 'string' || typeof v.accessKeySecret !== 'string' || !v.accessKeyId || !v.accessKeySecret) return undefined;
      return {
        accessKeyId: v.accessKeyId,
        accessKeySecret: v.accessKeySecret,
        ...(typeof v.securityToken === 'string' && v.securityToken ? { securityToken: v.securityToken } : {}),
      };
    } catch {
      return undefined;
    }
  }

  async set(c: CloudCredentials): Promise<void> {
    await this.secrets.store(SECRET_KEY, JSON.stringify(c));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  /** Fires when the secret changes, also from another window. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) listener();
    });
  }
}
