/**
 * Service and network failures of the cloud calls, turned into one error a user can act on: the
 * service's code and message, its request id (for a support ticket), and what to do next.
 * Nothing secret ever gets into the text: pop-core's own message carries the request URL (with
 * the AccessKey ID and signature), so only the body's Message is used.
 */
import { defineMessages, formatMessage, type Locale } from '../../fdl/messages';

const messages = defineMessages({
  failed: 'Serverless Workflow {0} failed: {1} ({2}).',
  requestId: 'Request ID: {0}.',
  signature: 'The AccessKey secret does not match the AccessKey ID. Run "Flow Studio: Sign In to Alibaba Cloud" again and paste the secret of this AccessKey.',
  keyNotFound: 'This AccessKey ID does not exist or is disabled. Create or enable an AccessKey in the RAM console, then sign in again.',
  stsToken: 'The STS security token is expired or does not belong to this AccessKey. Get a new STS token and sign in again.',
  clock: "The request time was refused: check that this computer's clock is correct.",
  permission:
    'The RAM user or role of this AccessKey may not call fnf:{0}. Attach the system policy AliyunFnFFullAccess, or a custom policy that allows the action "fnf:{0}" on resource "acs:fnf:{1}:{2}:flow/*", then try again.',
  reportPermission:
    'Approving or rejecting a callback needs the RAM permissions fnf:ReportTaskSucceeded and fnf:ReportTaskFailed. Attach AliyunFnFFullAccess, or a custom policy that allows both actions on "acs:fnf:{0}:{1}:flow/*", then try again.',
  flowNotExists: 'Deploy the flow first ("Flow Studio: Deploy Flow to Cloud"), or check the region setting.',
  executionNotExists: 'The execution is gone or belongs to another flow or region: refresh the executions view.',
  executionExists: 'An execution with this name already exists: choose another name or leave it empty.',
  taskDone: 'This callback was already answered, timed out, or its execution ended: refresh to see its state.',
  invalidToken: 'The service does not know this task token: refresh the execution and answer a callback that is still waiting.',
  invalidDefinition: 'The service refused the flow definition: fix the problems shown in the editor, then deploy again.',
  throttled: 'Too many requests: wait a moment and try again.',
  notSupported: 'This endpoint does not support {0}: check the endpoint setting.',
  network: 'Could not reach {0} ({1}). Check the region setting (flowStudio.cloud.region), the endpoint override and your network.',
  unreadable: 'The service answered something that is not an API response ({0}). Check the endpoint setting.',
  generic: 'See the Serverless Workflow error codes for {0}.',
});

export interface CloudErrorContext {
  /** The API action, e.g. ReportTaskSucceeded. */
  action: string;
  endpoint: string;
  region: string;
  accountId?: string;
  locale: Locale;
}

export class CloudServiceError extends Error {
  constructor(
    /** The service's error code (`SignatureDoesNotMatch`…), or `NetworkError` / `UnreadableResponse`. */
    readonly code: string,
    /** The service's own message. */
    readonly serviceMessage: string,
    /** What the user can do about it. */
    readonly guidance: string,
    readonly action: string,
    readonly requestId?: string,
  ) {
    super(`${serviceMessage} ${guidance}`.trim());
    this.name = 'CloudServiceError';
  }
}

/** Any failure of an SDK call → CloudServiceError with guidance. */
export function toCloudError(e: unknown, ctx: CloudErrorContext): CloudServiceError {
  if (e instanceof CloudServiceError) return e;
  const err = (e ?? {}) as { code?: unknown; data?: { Code?: unknown; Message?: unknown; RequestId?: unknown }; message?: unknown; name?: unknown };
  const t = (key: keyof typeof messages, ...args: unknown[]) => formatMessage(messages[key], ctx.locale, ...args);
  const data = err.data;
  if (data && typeof data.Code === 'string') {
    const code = data.Code;
    const serviceMessage = typeof data.Message === 'string' ? data.Message : code;
    const requestId = typeof data.RequestId === 'string' ? data.RequestId : undefined;
    const text = `${t('failed', ctx.action, serviceMessage, code)}${requestId ? ' ' + t('requestId', requestId) : ''}`;
    return new CloudServiceError(code, text, guidanceFor(code, ctx, t), ctx.action, requestId);
  }
  if (err.name === 'SyntaxError')
    return new CloudServiceError('UnreadableResponse', t('failed', ctx.action, 'UnreadableResponse', ctx.endpoint), t('unreadable', ctx.endpoint), ctx.action);
  const detail = typeof err.code === 'string' ? err.code : typeof err.message === 'string' ? stripUrl(err.message) : 'error';
  return new CloudServiceError('NetworkError', t('failed', ctx.action, detail, 'NetworkError'), t('network', ctx.endpoint, detail), ctx.action);
}

function guidanceFor(code: string, ctx: CloudErrorContext, t: (key: keyof typeof messages, ...args: unknown[]) => string): string {
  const account = ctx.accountId || '*';
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature') return t('signature');
  // The service answers InvalidAccessKeyID; other gateways InvalidAccessKeyId.NotFound.
  if (/^InvalidAccessKeyId/i.test(code)) return t('keyNotFound');
  if (code.startsWith('InvalidSecurityToken')) return t('stsToken');
  if (code.startsWith('InvalidTimeStamp') || code === 'SignatureNonceUsed') return t('clock');
  if (/^(Forbidden|NoPermission|AccessDenied|Unauthorized)/i.test(code)) {
    return ctx.action === 'ReportTaskSucceeded' || ctx.action === 'ReportTaskFailed'
      ? t('reportPermission', ctx.region, account)
      : t('permission', ctx.action, ctx.region, account);
  }
  if (code === 'FlowNotExists') return t('flowNotExists');
  if (code === 'ExecutionNotExists') return t('executionNotExists');
  if (code === 'ExecutionAlreadyExists') return t('executionExists');
  if (code === 'TaskAlreadyCompleted') return t('taskDone');
  if (code === 'InvalidArgument' && ctx.action.startsWith('ReportTask')) return t('invalidToken');
  if (code === 'InvalidDefinition' || code === 'InvalidFlowDefinition') return t('invalidDefinition');
  if (/Throttl|TooManyRequests|ResourceThrottled/i.test(code)) return t('throttled');
  if (code === 'ActionNotSupported') return t('notSupported', ctx.action);
  return t('generic', code);
}

/** pop-core appends `, URL: <request url>` (AccessKey ID and signature in the query); never show it. */
function stripUrl(message: string): string {
  return message.replace(/,?\s*URL:\s*\S+/g, '').replace(/https?:\/\/\S+/g, '<endpoint>');
}
