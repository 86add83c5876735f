/**
 * Credentials the user already has, besides Sign In: Alibaba Cloud's standard credential chain
 * (`@alicloud/credentials`: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, the aliyun CLI's
 * current profile in ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS instance role…),
 * or one named aliyun CLI profile (AK, StsToken, RamRoleArn through STS, …). Nothing is copied:
 * the SDK clients ask the provider for a key on each request, so temporary keys are refreshed by
 * the library, and only the source's kind and profile name are remembered. No vscode here.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { credentialsSdk } from './cloud-sdks';
import type { CloudCredentials, CredentialSupplier } from './fnf-client';

/** Where the key comes from. Remembered as is: it holds no secret. */
export type CredentialSource = { kind: 'signIn' } | { kind: 'chain' } | { kind: 'cliProfile'; profile: string };

export interface CliProfile {
  name: string;
  /** AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn, CloudSSO, OAuth, External… */
  mode: string;
  region?: string;
}

/** The profiles of the aliyun CLI's config (names, modes and regions only; never a key). */
export function listCliProfiles(home: string = homedir()): { profiles: CliProfile[]; current?: string } {
  let conf: { current?: unknown; profiles?: unknown };
  try {
    conf = JSON.parse(readFileSync(join(home, '.aliyun', 'config.json'), 'utf8')) as typeof conf;
  } catch {
    return { profiles: [] };
  }
  const profiles = (Array.isArray(conf.profiles) ? conf.profiles : [])
    .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string')
    .map((p) => ({
      name: String(p.name),
      mode: typeof p.mode === 'string' ? p.mode : 'AK',
      ...(typeof p.region_id === 'string' && p.region_id ? { region: p.region_id } : {}),
    }));
  return { profiles, ...(typeof conf.current === 'string' && conf.current ? { current: conf.current } : {}) };
}

/** A supplier over the chain or one CLI profile; its errors never carry what the library read. */
export function supplierFor(source: Exclude<CredentialSource, { kind: 'signIn' }>): CredentialSupplier {
  const { CLIProfileCredentialsProvider, DefaultCredentialsProvider } = credentialsSdk();
  const provider = source.kind === 'chain' ? DefaultCredentialsProvider.builder().build() : CLIProfileCredentialsProvider.builder().withProfileName(source.profile).build();
  return {
    async getCredentials(): Promise<CloudCredentials> {
      let c;
      try {
        c = await provider.getCredentials();
      } catch (e) {
        throw new CredentialChainError(safeChainMessage(e));
      }
      return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...(c.securityToken ? { securityToken: c.securityToken } : {}) };
    },
  };
}

export class CredentialChainError extends Error {
  override readonly name = 'CredentialChainError';
}

/**
 * The library's message, cut where it would quote what it read: it puts a config file's whole
 * content into "parse aliyun cli config … failed: <content>", and a server's answer into others.
 * Long tokens that may be keys are masked too.
 */
export function safeChainMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text
    .split('\n')
    .map((line) => line.replace(/(failed|fail|response|result|content|message)\s*[:=][\s\S]*$/i, '$1'))
    .map((line) => line.replace(/[A-Za-z0-9+/=_-]{20,}/g, '***'))
    .join('\n')
    .slice(0, 600);
}
