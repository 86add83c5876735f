/**
 * One flow graph webview beside one flow document: redraws as the text changes (debounced),
 * follows the editor cursor, moves the editor when a node is clicked, and overlays the latest run
 * of this flow from the backend's live events.
 */
import * as vscode from 'vscode';
import { parseFlow, type ParsedFlow } from '../../fdl/parse';
import { stepAt } from '../../fdl/navigation/steps';
import { localFlowName } from '../model/local-flow-name';
import { executionStatusText, stepStatusText } from '../views/execution-items';
import { layoutFlow } from './flow-layout';
import { NODE_RUN_STATUSES, type FlowGraph, type GraphLabels } from './graph-model';
import { graphPageHtml } from './graph-html';
import { GraphRunFollower, type FollowedRun, type RunSource } from './run-follower';
import type { RunOverlay } from './step-status';

const REDRAW_DELAY_MS = 300;

/**
 * Where the graph of a document finds its runs: each backend (the embedded engine and, when signed
 * in, the cloud) with the name it knows this flow by (the cloud's from flowStudio.cloud.flowNames).
 */
export type RunSourceProvider = (document: vscode.TextDocument) => readonly (RunSource | undefined)[];

export class FlowGraphPanel {
  private parsed?: ParsedFlow;
  private graph?: FlowGraph;
  private redrawTimer?: ReturnType<typeof setTimeout>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly follower = new GraphRunFollower(() => this.postStatus());
  private ready = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly document: vscode.TextDocument,
    private readonly extensionUri: vscode.Uri,
    private readonly runSources: RunSourceProvider,
    onSourcesChanged: vscode.Event<void>,
    private readonly onDisposed: () => void,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media', 'graph');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.webview.html = graphPageHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph-view.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph-view.css')).toString(),
      lang: vscode.env.language,
      strings: {
        title: vscode.l10n.t('Flow graph'),
        diagram: vscode.l10n.t('Flow diagram'),
        zoomIn: vscode.l10n.t('Zoom in'),
        zoomOut: vscode.l10n.t('Zoom out'),
        fit: vscode.l10n.t('Fit'),
        // A node's state reads as in the Executions view.
        ...Object.fromEntries(NODE_RUN_STATUSES.map((s) => [s, stepStatusText(s)])),
      },
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document) this.scheduleRedraw();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === document) this.highlightAt(document.offsetAt(e.selections[0].active));
      }),
      // Signing in or out, or a changed flowStudio.cloud.flowNames, changes where the runs are.
      onSourcesChanged(() => void this.followRuns()),
    );
  }

  get flowName(): string {
    return localFlowName(this.document.uri.path);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private onMessage(m: unknown): void {
    const msg = m as { type?: unknown; nodeId?: unknown };
    if (msg?.type === 'ready') {
      this.ready = true;
      this.redraw();
    } else if (msg?.type === 'reveal' && typeof msg.nodeId === 'string') {
      void this.revealNode(msg.nodeId);
    }
  }

  private scheduleRedraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => this.redraw(), REDRAW_DELAY_MS);
  }

  private redraw(): void {
    if (!this.ready) return;
    try {
      this.parsed = parseFlow(this.document.getText());
      this.graph = layoutFlow(this.parsed.flow, graphLabels());
      this.panel.title = vscode.l10n.t('Graph: {0}', this.flowName);
      void this.panel.webview.postMessage({ type: 'graph', graph: this.graph });
      this.postStatus();
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
      if (editor) this.highlightAt(this.document.offsetAt(editor.selection.active));
    } catch {
      void this.panel.webview.postMessage({
        type: 'error',
        text: vscode.l10n.t('The flow could not be drawn. Fix the errors shown in the Problems view, and the graph will update.'),
      });
    }
    // Backends may have come or gone (signing in to the cloud) since the panel opened.
    void this.followRuns();
  }

  private highlightAt(offset: number): void {
    if (!this.parsed || !this.graph) return;
    const step = stepAt(this.parsed, offset);
    const node = step ? this.graph.nodes.find((n) => n.stepStart === step.span.start) : undefined;
    void this.panel.webview.postMessage({ type: 'highlight', nodeId: node?.id ?? '' });
  }

  private async revealNode(nodeId: string): Promise<void> {
    const node = this.graph?.nodes.find((n) => n.id === nodeId);
    if (!node || node.nameOffset === undefined) return;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const at = this.document.positionAt(node.nameOffset);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private followRuns(): Promise<void> {
    return this.follower.follow(this.runSources(this.document));
  }

  private postStatus(): void {
    if (!this.ready) return;
    const run: FollowedRun | undefined = this.follower.run;
    const outcome = run?.overlay.execution ? ` · ${outcomeText(run.overlay.execution)}` : '';
    const text = !run ? '' : run.backendKind === 'cloud' ? vscode.l10n.t('Cloud run {0}{1}', run.executionName, outcome) : vscode.l10n.t('Run {0}{1}', run.executionName, outcome);
    void this.panel.webview.postMessage({ type: 'status', overlay: run?.overlay ?? { steps: {} }, run: text });
  }

  dispose(): void {
    clearTimeout(this.redrawTimer);
    this.follower.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDisposed();
  }
}

function outcomeText(o: NonNullable<RunOverlay['execution']>): string {
  switch (o) {
    case 'succeeded':
      return executionStatusText('Succeeded');
    case 'failed':
      return executionStatusText('Failed');
    case 'stopped':
      return executionStatusText('Stopped');
    case 'timedOut':
      return executionStatusText('TimedOut');
  }
}

function graphLabels(): GraphLabels {
  return {
    start: vscode.l10n.t('Start'),
    end: vscode.l10n.t('End'),
    branch: (i) => vscode.l10n.t('Branch {0}', i),
    defaultBranch: vscode.l10n.t('default'),
    catchErrors: (errors) => vscode.l10n.t('catch {0}', errors),
    iterate: (collection) => vscode.l10n.t('for each in {0}', collection),
  };
}
