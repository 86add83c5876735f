/**
 * Read-only documents of the cloud (cloud-document-paths.ts): deployed definitions, read with
 * DescribeFlow each time one is opened or refreshed, the definition an execution ran (its
 * DescribeExecution FlowDefinition), and Express results, kept in memory.
 */
import * as vscode from 'vscode';
import type { ExecutionSummary } from '../../engine/index';
import { CLOUD_DOCUMENT_SCHEME, flowDocumentPath, parseCloudDocumentPath, resultDocumentPath, resultText } from './cloud-document-paths';
import type { CloudSession } from './cloud-session';

export class CloudDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly results = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly session: CloudSession) {}

  flowUri(flowName: string): vscode.Uri {
    return vscode.Uri.from({ scheme: CLOUD_DOCUMENT_SCHEME, path: flowDocumentPath(this.session.settings.region, flowName) });
  }

  /** Keeps an Express result and returns the document that shows it. */
  showResult(e: ExecutionSummary): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: CLOUD_DOCUMENT_SCHEME, path: resultDocumentPath(e.flowName, e.name) });
    this.results.set(uri.path, resultText(e));
    this.changed.fire(uri);
    return uri;
  }

  /** Reads the open deployed definitions again (after a deploy, they may have changed). */
  refreshDefinitions(): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === CLOUD_DOCUMENT_SCHEME && parseCloudDocumentPath(d.uri.path)?.kind === 'flow') this.changed.fire(d.uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const doc = parseCloudDocumentPath(uri.path);
    if (doc?.kind === 'result') return this.results.get(uri.path) ?? vscode.l10n.t('# This result is no longer kept: run the flow again.');
    if (!doc) return '';
    const backend = this.session.backend;
    if (!backend) return vscode.l10n.t('# Sign in to Alibaba Cloud to read {0}.', doc.flowName);
    if (backend.region !== doc.region) return vscode.l10n.t('# {0} is in {1}; the signed-in region is {2}.', doc.flowName, doc.region, backend.region);
    if (doc.kind === 'execution')
      return (await backend.executionDefinition(doc.flowName, doc.executionName)) ?? vscode.l10n.t('# Flow {0} is not deployed in {1}.', doc.flowName, doc.region);
    const flow = await backend.describeFlow(doc.flowName);
    return flow?.Definition ?? vscode.l10n.t('# Flow {0} is not deployed in {1}.', doc.flowName, doc.region);
  }

  dispose(): void {
    this.changed.dispose();
    this.results.clear();
  }
}
