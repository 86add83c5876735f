/**
 * `--fc <region> [--fc-account id] [--fc-endpoint host[:port] | http(s)://host[:port]]`: tasks
 * whose resourceArn names a Function Compute function (and that no mock or local code answers)
 * run on real Function Compute: FC 2.0 `services/…` ARNs through FcInvoker
 * (@alicloud/fc-open20210406), FC 3.0 `functions/…` ARNs through Fc3Invoker (@alicloud/fc20230330).
 *
 * Credentials come ONLY from the standard environment variables ALIBABA_CLOUD_ACCESS_KEY_ID,
 * ALIBABA_CLOUD_ACCESS_KEY_SECRET and, for STS, ALIBABA_CLOUD_SECURITY_TOKEN — never from flags
 * (they would land in shell history and `ps`), files, or logs; nothing here prints them.
 * The account id (not a secret) is `--fc-account`, else ALIBABA_CLOUD_ACCOUNT_ID, else the one in
 * each resourceArn. `--fc-endpoint` replaces `{account}.{region}.fc.aliyuncs.com` (tests point it
 * at a loopback stand-in; `http://` selects plain HTTP).
 */
import type { TaskInvoker } from '../invoker';
import type { FcCredentials, FcInvokerOptions } from '../invokers/fc-invoker-base';
import { flagString, type ParsedArgs } from './cli-args';
import { say, usageError } from './cli-messages';

const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export async function fcInvokersFrom(p: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Promise<TaskInvoker[]> {
  const region = p.flags.get('fc');
  if (region === undefined) {
    if (p.flags.has('fc-endpoint') || p.flags.has('fc-account')) throw usageError('fcEndpointWithoutFc');
    return [];
  }
  if (typeof region !== 'string' || !REGION.test(region)) throw usageError('fcRegion', region === true ? '' : region);
  const credentials = credentialsFrom(env);
  if (!credentials) throw usageError('fcNoCredentials');
  const accountId = flagString(p, 'fc-account') ?? env.ALIBABA_CLOUD_ACCOUNT_ID ?? '';
  const endpointFlag = flagString(p, 'fc-endpoint');
  const endpoint = endpointFlag !== undefined ? parseEndpoint(endpointFlag) : undefined;
  say('fcUsing', endpoint ? `${endpoint.protocol}://${endpoint.host}` : `https://${accountId || '{account}'}.${region}.fc.aliyuncs.com`);
  const options: FcInvokerOptions = { credentials, accountId, region, endpoint: endpoint?.host, protocol: endpoint?.protocol ?? 'https' };
  // The SDKs are loaded only by a run that reaches Function Compute: they are most of the CLI's code.
  const [{ FcInvoker }, { Fc3Invoker }] = await Promise.all([import('../invokers/fc-invoker'), import('../invokers/fc3-invoker')]);
  return [new FcInvoker(options), new Fc3Invoker(options)];
}

function credentialsFrom(env: NodeJS.ProcessEnv): FcCredentials | undefined {
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim();
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim();
  if (!accessKeyId || !accessKeySecret) return undefined;
  const securityToken = env.ALIBABA_CLOUD_SECURITY_TOKEN?.trim();
  return { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) };
}

function parseEndpoint(text: string): { host: string; protocol: 'http' | 'https' } {
  const m = /^(?:(https?):\/\/)?([A-Za-z0-9.-]+(?::\d{1,5})?)\/?$/.exec(text.trim());
  if (!m) throw usageError('fcEndpoint', text);
  return { host: m[2], protocol: (m[1] as 'http' | 'https' | undefined) ?? 'https' };
}
