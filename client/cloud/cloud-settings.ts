/** The `flowStudio.cloud.*` settings, read through one typed accessor. Nothing secret lives here. */
import * as vscode from 'vscode';
import { mappedFlowName } from './flow-name';
import { fcEndpointFor } from './cloud-function-catalog';
import { fnfEndpointFor } from './fnf-client';

export interface CloudSettings {
  region: string;
  accountId: string;
  /** The FnF endpoint: the override, or `https://<region>.fnf.aliyuncs.com`. */
  fnfEndpoint: string;
  /** The FC endpoint host[:port] and protocol, when the account ID (or an override) is known. */
  fc?: { endpoint: string; protocol: 'http' | 'https' };
  roleArn?: string;
  /** Workspace-relative flow file → flow name, for files whose name is not the flow's. */
  flowNames: Record<string, string>;
}

export function readCloudSettings(): CloudSettings {
  const c = vscode.workspace.getConfiguration('flowStudio.cloud');
  // Both end up in host names: anything but a plain region id / numeric account id is ignored, so
  // a crafted value cannot point signed requests (with an STS token) at another host.
  const regionText = (c.get<string>('region') || '').trim();
  const region = /^[a-z]{2,}(-[a-z0-9]+)+$/.test(regionText) ? regionText : 'cn-hangzhou';
  const accountText = (c.get<string>('accountId') || '').trim();
  const accountId = /^\d{1,32}$/.test(accountText) ? accountText : '';
  // Endpoint overrides are machine-scoped in package.json: a workspace cannot redirect the AccessKey's requests.
  const fnfOverride = (c.get<string>('endpoint') || '').trim();
  const fcOverride = (c.get<string>('functionComputeEndpoint') || '').trim();
  const roleArn = (c.get<string>('roleArn') || '').trim();
  return {
    region,
    accountId,
    fnfEndpoint: fnfOverride || fnfEndpointFor(region),
    fc: fcOverride ? splitEndpoint(fcOverride) : accountId ? { endpoint: fcEndpointFor(accountId, region), protocol: 'https' } : undefined,
    ...(roleArn ? { roleArn } : {}),
    flowNames: c.get<Record<string, string>>('flowNames') ?? {},
  };
}

/** The name a flow file is deployed and started under. */
export function cloudFlowNameOf(uri: vscode.Uri, settings: CloudSettings): string {
  return mappedFlowName(vscode.workspace.asRelativePath(uri, false), uri.fsPath, settings.flowNames);
}

/** `http://127.0.0.1:9000` → host and protocol, as the FC SDK wants them apart (FC.md §1.2). */
function splitEndpoint(text: string): { endpoint: string; protocol: 'http' | 'https' } {
  const m = /^(https?):\/\/(.+?)\/?$/.exec(text);
  return m ? { endpoint: m[2], protocol: m[1] as 'http' | 'https' } : { endpoint: text, protocol: 'https' };
}
