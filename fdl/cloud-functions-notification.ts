/**
 * The `fdl/cloudFunctions` notification, client → language server: the signed-in account's
 * Function Compute functions. Declared once here (the pure layer both sides may import) so the
 * sender (client/cloud/cloud-functions-sync.ts) and the receiver (server/cloud-functions.ts)
 * cannot drift apart. Each message is the complete list; an empty list means "nothing known".
 */
export const CLOUD_FUNCTIONS_NOTIFICATION = 'fdl/cloudFunctions';

/** One function as the notification carries it: FC 2.0 (a service's function) or FC 3.0 (no service). */
export interface CloudFunction {
  region: string;
  accountId: string;
  /** Absent for an FC 3.0 function (API 2023-03-30 has no services). */
  serviceName?: string;
  functionName: string;
  /** Reserved for aliases/versions; not sent yet. */
  qualifiers?: string[];
}

export interface CloudFunctionsParams {
  functions: CloudFunction[];
}
