/**
 * Paths of the read-only cloud documents (scheme `flowstudio-cloud`): a deployed flow's definition
 * as DescribeFlow gives it, `/<region>/<flow>.flow.yaml` (so the flow language and its checks apply),
 * the definition one execution ran as DescribeExecution gives it, `/<region>/<flow>/<execution>.flow.yaml`
 * (what Replay in Debugger binds breakpoints to when no local file deploys as the flow), and an
 * Express execution's result, `/results/<flow>/<execution>.json`. No vscode here.
 */
import type { ExecutionSummary } from '../../engine/index';

export const CLOUD_DOCUMENT_SCHEME = 'flowstudio-cloud';

export type CloudDocument =
  | { kind: 'flow'; region: string; flowName: string }
  | { kind: 'execution'; region: string; flowName: string; executionName: string }
  | { kind: 'result'; flowName: string; executionName: string };

export function flowDocumentPath(region: string, flowName: string): string {
  return `/${region}/${flowName}.flow.yaml`;
}

export function executionDefinitionPath(region: string, flowName: string, executionName: string): string {
  return `/${region}/${flowName}/${encodeURIComponent(executionName)}.flow.yaml`;
}

export function resultDocumentPath(flowName: string, executionName: string): string {
  return `/results/${flowName}/${encodeURIComponent(executionName)}.json`;
}

export function parseCloudDocumentPath(path: string): CloudDocument | undefined {
  const result = /^\/results\/([A-Za-z_][\w-]*)\/([^/]+)\.json$/.exec(path);
  if (result) return { kind: 'result', flowName: result[1], executionName: decodeURIComponent(result[2]) };
  const execution = /^\/([a-z]{2,}(?:-[a-z0-9]+)+)\/([A-Za-z_][\w-]{0,127})\/([^/]+)\.flow\.yaml$/.exec(path);
  if (execution) return { kind: 'execution', region: execution[1], flowName: execution[2], executionName: decodeURIComponent(execution[3]) };
  const flow = /^\/([a-z]{2,}(?:-[a-z0-9]+)+)\/([A-Za-z_][\w-]{0,127})\.flow\.yaml$/.exec(path);
  return flow ? { kind: 'flow', region: flow[1], flowName: flow[2] } : undefined;
}

/** What an Express execution's result document shows: status, output (parsed when JSON), error. */
export function resultText(e: ExecutionSummary): string {
  const parse = (t: string | undefined): unknown => {
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
  };
  const body = {
    flowName: e.flowName,
    executionName: e.name,
    status: e.status,
    startedTime: e.startedTime,
    ...(e.stoppedTime ? { stoppedTime: e.stoppedTime } : {}),
    ...(e.output !== undefined ? { output: parse(e.output) } : {}),
    ...(e.error ? { error: e.error } : {}),
    ...(e.cause ? { cause: e.cause } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
