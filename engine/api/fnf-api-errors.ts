/**
 * Errors of the local FnF API, answered like the service: HTTP 4xx/5xx with a JSON body
 * `{ "RequestId", "HostId", "Code", "Message" }` (pop-core throws `<Code>Error` from it; tea-style
 * clients throw on the status). The API's own refusals and the backend's (ExecutionNotExists,
 * TaskAlreadyCompleted, InvalidArgument…) are the one class FnfApiError (engine/errors.ts) and
 * pass through with their code and status.
 */

export interface ErrorBody {
  status: number;
  body: { RequestId: string; HostId: string; Code: string; Message: string };
}

/** Any thrown value → the service's error response; unexpected errors never leak a stack trace. */
export function errorResponse(e: unknown, requestId: string, hostId: string): ErrorBody {
  const err = e as { code?: unknown; httpStatus?: unknown; message?: unknown };
  if (e && typeof err.code === 'string' && /^[A-Za-z][\w.]*$/.test(err.code)) {
    const status = typeof err.httpStatus === 'number' && err.httpStatus >= 400 && err.httpStatus < 600 ? err.httpStatus : 400;
    return { status, body: { RequestId: requestId, HostId: hostId, Code: err.code, Message: String(err.message ?? err.code) } };
  }
  return { status: 500, body: { RequestId: requestId, HostId: hostId, Code: 'InternalServerError', Message: 'The local engine could not handle the request; see its log.' } };
}
