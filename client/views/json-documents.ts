/**
 * Read-only JSON documents under the `flow-studio:` scheme:
 *   flow-studio:/history/<backend>/<flow>/<execution>.json   an execution's history, as the backend
 *                                                           returns it (EventDetail shown parsed)
 *   flow-studio:/step/<backend>/<flow>/<execution>/<eventId>.json  one step visit's input, output, error
 *   flow-studio:/run/<backend>/<flow>/<execution>.txt       an execution visit by visit (engine runDocument),
 *                                                           what Compare Executions puts side by side
 * Content providers' documents cannot be edited, which is what we want for recorded facts.
 */
import * as vscode from 'vscode';
import { runDocument, type Backend } from '../../engine/index';
import { JSON_DOCUMENT_SCHEME } from '../command-ids';
import type { BackendKind } from '../config';
import type { StepNode } from '../model/execution-tree';
import type { ExecutionsView } from './executions-view';

export function historyUri(kind: BackendKind, flowName: string, executionName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: JSON_DOCUMENT_SCHEME, path: `/history/${kind}/${encodeURIComponent(flowName)}/${encodeURIComponent(executionName)}.json` });
}

export function runUri(kind: BackendKind, flowName: string, executionName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: JSON_DOCUMENT_SCHEME, path: `/run/${kind}/${encodeURIComponent(flowName)}/${encodeURIComponent(executionName)}.txt` });
}

export function stepUri(kind: BackendKind, step: StepNode): vscode.Uri {
  const [execId, eventId] = step.id.split('#');
  const [flowName, executionName] = execId.split('/');
  return vscode.Uri.from({
    scheme: JSON_DOCUMENT_SCHEME,
    path: `/step/${kind}/${encodeURIComponent(flowName)}/${encodeURIComponent(executionName)}/${eventId}-${encodeURIComponent(step.stepName)}.json`,
  });
}

export class JsonDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly backendOf: (kind: BackendKind) => Backend,
    private readonly view: ExecutionsView,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, what, kind, ...rest] = uri.path.split('/');
    const parts = rest.map((p) => decodeURIComponent(p.replace(/\.(json|txt)$/, '')));
    const backend = this.backendOf(kind === 'cloud' ? 'cloud' : 'local');
    if (what === 'history') {
      const [flowName, executionName] = parts;
      const events = await backend.getExecutionHistory(flowName, executionName);
      // EventDetail is JSON text in the API; shown parsed so it can be read and folded.
      const readable = events.map((e) => ({ ...e, eventDetail: parseOrText(e.eventDetail) }));
      return `${JSON.stringify(readable, null, 2)}\n`;
    }
    if (what === 'run') {
      const [flowName, executionName] = parts;
      const [summary, events] = await Promise.all([backend.describeExecution(flowName, executionName), backend.getExecutionHistory(flowName, executionName)]);
      return runDocument({ flowName, executionName, status: summary.status, source: backend.kind }, events);
    }
    if (what === 'step') {
      const [flowName, executionName, file] = parts;
      const eventId = file.split('-')[0];
      const execution = await this.view.ensureLoaded(flowName, executionName);
      const step = execution ? this.view.executionsModel.findStep(`${execution.id}#${eventId}`) : undefined;
      if (!step || step.kind !== 'step') return `${JSON.stringify({ error: vscode.l10n.t('This step is no longer in the Executions view.') }, null, 2)}\n`;
      const { stepName, status, input, output, error, cause, attempts, enteredTime, endedTime } = step;
      return `${JSON.stringify({ step: stepName, status, attempts, enteredTime, endedTime, input, output, error, cause }, null, 2)}\n`;
    }
    return '';
  }
}

function parseOrText(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
