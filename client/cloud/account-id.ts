/**
 * The Alibaba Cloud account ID that Function Compute needs (its endpoint is
 * `<accountId>.<region>.fc.aliyuncs.com`, FC.md §1.2), when the setting does not give it. The FnF
 * answers already carry it: a RAM role ARN is `acs:ram::<accountId>:role/<name>`, and a flow's
 * execution role is a role of the account the flow runs in (the service assumes it for that
 * account), so the `flowStudio.cloud.roleArn` setting or any deployed flow's RoleArn names the
 * account. No extra SDK or permission: ListFlows is what sign-in already calls.
 */
import type { FnfFlow } from './fnf-client';

export type AccountIdSource = { kind: 'setting' } | { kind: 'roleArnSetting' } | { kind: 'flowRole'; flowName: string };

export interface ResolvedAccountId {
  accountId: string;
  source: AccountIdSource;
}

const ROLE_ARN = /^acs:ram::(\d{1,32}):role\/./;

/** The account in a RAM role ARN; anything else (empty, malformed, another service's ARN) → undefined. */
export function accountIdFromRoleArn(arn: string | undefined): string | undefined {
  return ROLE_ARN.exec((arn ?? '').trim())?.[1];
}

/**
 * The setting, else the role setting's account, else a deployed flow's role's account (`foundBefore`:
 * one found so for the same key earlier, so the flows are not listed again). A failing ListFlows is
 * not an error here (sign-in reports those): the account stays unknown.
 */
export async function resolveAccountId(o: {
  setting?: string;
  roleArn?: string;
  listFlows: () => Promise<FnfFlow[]>;
  foundBefore?: ResolvedAccountId;
}): Promise<ResolvedAccountId | undefined> {
  if (o.setting && /^\d{1,32}$/.test(o.setting)) return { accountId: o.setting, source: { kind: 'setting' } };
  const fromSetting = accountIdFromRoleArn(o.roleArn);
  if (fromSetting) return { accountId: fromSetting, source: { kind: 'roleArnSetting' } };
  if (o.foundBefore) return o.foundBefore;
  let flows: FnfFlow[];
  try {
    flows = await o.listFlows();
  } catch {
    return undefined;
  }
  for (const f of flows) {
    const accountId = accountIdFromRoleArn(f.RoleArn);
    if (accountId) return { accountId, source: { kind: 'flowRole', flowName: f.Name } };
  }
  return undefined;
}
