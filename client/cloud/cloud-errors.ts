/**
 * Service and network failures of the cloud calls, turned into one error a user can act on: the
 * service's code and message, its request id (for a support ticket), and what to do next.
 * Nothing secret ever gets into the text: pop-core's own message carries the request URL (with
 * the AccessKey ID and signature), so only the body's Message is used.
 */
import { defineMessages, formatMessage, type Locale } from '../../fdl/messages';

const messages = defineMessages({
  failed: { en: 'Serverless Workflow {0} failed: {1} ({2}).', 'zh-cn': 'Serverless Workflow {0} 调用失败：{1}（{2}）。' },
  requestId: { en: 'Request ID: {0}.', 'zh-cn': '请求 ID：{0}。' },
  signature: {
    en: 'The AccessKey secret does not match the AccessKey ID. Run "Flow Studio: Sign In to Alibaba Cloud" again and paste the secret of this AccessKey.',
    'zh-cn': 'AccessKey Secret 与 AccessKey ID 不匹配。请重新运行“Flow Studio: 登录阿里云”，并粘贴该 AccessKey 的 Secret。',
  },
  keyNotFound: {
    en: 'This AccessKey ID does not exist or is disabled. Create or enable an AccessKey in the RAM console, then sign in again.',
    'zh-cn': '此 AccessKey ID 不存在或已禁用。请在 RAM 控制台创建或启用 AccessKey，然后重新登录。',
  },
  stsToken: {
    en: 'The STS security token is expired or does not belong to this AccessKey. Get a new STS token and sign in again.',
    'zh-cn': 'STS 安全令牌已过期或与此 AccessKey 不匹配。请获取新的 STS 令牌后重新登录。',
  },
  clock: { en: "The request time was refused: check that this computer's clock is correct.", 'zh-cn': '请求时间被拒绝：请检查本机时钟是否准确。' },
  permission: {
    en: 'The RAM user or role of this AccessKey may not call fnf:{0}. Attach the system policy AliyunFnFFullAccess, or a custom policy that allows the action "fnf:{0}" on resource "acs:fnf:{1}:{2}:flow/*", then try again.',
    'zh-cn':
      '此 AccessKey 所属的 RAM 用户或角色无权调用 fnf:{0}。请授予系统策略 AliyunFnFFullAccess，或授予允许在资源 "acs:fnf:{1}:{2}:flow/*" 上执行 "fnf:{0}" 的自定义策略，然后重试。',
  },
  reportPermission: {
    en: 'Approving or rejecting a callback needs the RAM permissions fnf:ReportTaskSucceeded and fnf:ReportTaskFailed. Attach AliyunFnFFullAccess, or a custom policy that allows both actions on "acs:fnf:{0}:{1}:flow/*", then try again.',
    'zh-cn':
      '批准或拒绝回调需要 RAM 权限 fnf:ReportTaskSucceeded 和 fnf:ReportTaskFailed。请授予 AliyunFnFFullAccess，或授予允许在 "acs:fnf:{0}:{1}:flow/*" 上执行这两个操作的自定义策略，然后重试。',
  },
  flowNotExists: {
    en: 'Deploy the flow first ("Flow Studio: Deploy Flow to Cloud"), or check the region setting.',
    'zh-cn': '请先部署流程（“Flow Studio: 部署流程到云端”），或检查地域设置。',
  },
  executionNotExists: {
    en: 'The execution is gone or belongs to another flow or region: refresh the executions view.',
    'zh-cn': '该执行不存在，或属于其他流程或地域：请刷新执行列表。',
  },
  executionExists: { en: 'An execution with this name already exists: choose another name or leave it empty.', 'zh-cn': '同名执行已存在：请换一个名称或留空。' },
  taskDone: {
    en: 'This callback was already answered, timed out, or its execution ended: refresh to see its state.',
    'zh-cn': '该回调已被响应、已超时，或其执行已结束：请刷新查看状态。',
  },
  invalidToken: {
    en: 'The service does not know this task token: refresh the execution and answer a callback that is still waiting.',
    'zh-cn': '服务不认识该任务令牌：请刷新执行，并响应仍在等待的回调。',
  },
  invalidDefinition: {
    en: 'The service refused the flow definition: fix the problems shown in the editor, then deploy again.',
    'zh-cn': '服务拒绝了流程定义：请修复编辑器中显示的问题后重新部署。',
  },
  throttled: { en: 'Too many requests: wait a moment and try again.', 'zh-cn': '请求过多：请稍后重试。' },
  notSupported: { en: 'This endpoint does not support {0}: check the endpoint setting.', 'zh-cn': '此端点不支持 {0}：请检查端点设置。' },
  network: {
    en: 'Could not reach {0} ({1}). Check the region setting (flowStudio.cloud.region), the endpoint override and your network.',
    'zh-cn': '无法连接 {0}（{1}）。请检查地域设置（flowStudio.cloud.region）、端点覆盖设置和网络。',
  },
  unreadable: { en: 'The service answered something that is not an API response ({0}). Check the endpoint setting.', 'zh-cn': '服务返回的不是 API 响应（{0}）。请检查端点设置。' },
  generic: { en: 'See the Serverless Workflow error codes for {0}.', 'zh-cn': '请查阅 Serverless Workflow 错误码 {0} 的说明。' },
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
