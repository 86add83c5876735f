/**
 * The account's Function Compute functions, as the client's `fdl/cloudFunctions` notification
 * reports them (see client/cloud/cloud-functions-sync.ts). They feed `resourceArn` completion and
 * a "function not found" warning. Each notification replaces the list; an empty list means the
 * server knows nothing of the cloud (signed out), so no warning is given then.
 */
import type { Locale } from '../fdl/messages';
import type { ParsedFlow } from '../fdl/parse';
import type { FdlDiagnostic } from '../fdl/diagnostic';
import { parseResourceArn } from '../fdl/arn';
import { defineMessages, formatMessage } from '../fdl/messages';
import { CLOUD_FUNCTIONS_NOTIFICATION, type CloudFunction } from '../fdl/cloud-functions-notification';
import { taskResourceArns } from '../fdl/task-arns';
import type { WorkspaceFunction } from './feature-env';

export { CLOUD_FUNCTIONS_NOTIFICATION };

const messages = defineMessages({
  notFound:
    'Function `{0}` of service `{1}` was not found in the account {2} ({3}). Deploy it first, or check the name; the list comes from Function Compute ListServices/ListFunctions.',
  notFound3: 'Function `{0}` was not found in the account {1} ({2}). Deploy it first, or check the name; the list comes from Function Compute 3.0 ListFunctions.',
});

export class CloudFunctionList {
  private functions: CloudFunction[] = [];

  /** Keeps only well-formed entries: the notification comes from another process. */
  replace(params: unknown): void {
    const list = (params as { functions?: unknown } | null)?.functions;
    this.functions = Array.isArray(list)
      ? list.filter(
          (f): f is CloudFunction =>
            !!f &&
            typeof f === 'object' &&
            ['region', 'accountId', 'functionName'].every((k) => typeof (f as Record<string, unknown>)[k] === 'string') &&
            ['string', 'undefined'].includes(typeof (f as Record<string, unknown>).serviceName),
        )
      : [];
  }

  /** Completion entries, in the full ARN form of their generation (FC 2.0 services/…/functions/…, FC 3.0 functions/…). */
  asWorkspaceFunctions(): WorkspaceFunction[] {
    return this.functions.map((f) =>
      f.serviceName === undefined
        ? {
            arn: `acs:fc:${f.region}:${f.accountId}:functions/${f.functionName}`,
            flavor: 'fc3' as const,
            region: f.region,
            functionName: f.functionName,
            source: `Function Compute 3.0 ${f.region}`,
          }
        : {
            arn: `acs:fc:${f.region}:${f.accountId}:services/${f.serviceName}/functions/${f.functionName}`,
            flavor: 'fc' as const,
            region: f.region,
            serviceName: f.serviceName,
            functionName: f.functionName,
            source: `Function Compute ${f.region}`,
          },
    );
  }

  /** Warnings for FC task ARNs (either dialect, fdl/task-arns.ts) naming a function the account does not have (in the ARN's region, if it names one). */
  check(parsed: ParsedFlow, locale: Locale): FdlDiagnostic[] {
    if (this.functions.length === 0) return [];
    const out: FdlDiagnostic[] = [];
    for (const located of taskResourceArns(parsed)) {
      const arn = parseResourceArn(located.value);
      if (arn.kind !== 'fc') continue;
      const regionOk = (f: CloudFunction) => !arn.region || arn.region === f.region;
      const accountOk = (f: CloudFunction) => !arn.account || arn.account === f.accountId;
      // An FC 2.0 ARN is checked against the listed services' functions, an FC 3.0 ARN
      // (`functions/<name>`) against the listed 3.0 functions: the two APIs list apart.
      const sameGeneration = (f: CloudFunction) => (arn.service ? f.serviceName !== undefined : f.serviceName === undefined);
      const inScope = this.functions.filter((f) => regionOk(f) && accountOk(f) && sameGeneration(f));
      // Another region, account or generation than the ones listed: nothing is known about it.
      if (inScope.length === 0) continue;
      if (inScope.some((f) => f.serviceName === arn.service && f.functionName === arn.function)) continue;
      const region = arn.region || inScope[0].region;
      out.push({
        code: 'cloud-function-not-found',
        severity: 'warning',
        message: arn.service
          ? formatMessage(messages.notFound, locale, arn.function, arn.service, inScope[0].accountId, region)
          : formatMessage(messages.notFound3, locale, arn.function, inScope[0].accountId, region),
        span: located.span,
      });
    }
    return out;
  }
}
