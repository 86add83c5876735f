/**
 * One flow graph webview beside one flow document, for either dialect: redraws as the text changes
 * (debounced), follows the editor cursor, moves the editor when a node is clicked, overlays the
 * latest run of this flow from the backend's live events, marks the step a debug session is paused
 * at (debug-pauses.ts), shows marks after runs (coverage, two executions' paths: graph-marks.ts),
 * and exports the diagram as SVG or PNG.
 */
import * as vscode from 'vscode';
import { parseFlow } from '../../fdl/parse';
import { localFlowName } from '../model/local-flow-name';
import { executionStatusText, stepStatusText } from '../views/execution-items';
import { describeFlow } from './describe-flow';
import { inThisThread, layoutDescription, type ElkRunner } from './elk-layout';
import { LayoutSupersededError, LayoutTooLongError } from './elk-worker-pool';
import type { PausedSteps } from './debug-pauses';
import { nodeAt, nodeStartingOnLine } from './graph-hit';
import { NODE_RUN_STATUSES, type FlowGraph, type GraphLabels } from './graph-model';
import { graphPageHtml } from './graph-html';
import { graphSvg } from './graph-svg';
import { GraphRunFollower, type FollowedRun, type RunSource } from './run-follower';
import type { RunOverlay } from './step-status';
import { NO_MARKS, type GraphMarks } from './graph-marks';

/** Marks to lay over the graph, computed for each graph drawn, and the words saying what they are. */
export interface GraphMarker {
  compute(graph: FlowGraph): GraphMarks;
  legend: string;
  /** Coverage is placed by offsets in the text: an edit ends it. */
  endsOnEdit: boolean;
}

const REDRAW_DELAY_MS = 300;
/** The PNG is drawn at twice the diagram's size, so it stays sharp on high-density screens and in documents. */
const PNG_SCALE = 2;
const PNG_TIMEOUT_MS = 20_000;

/**
 * Where the graph of a document finds its runs: each backend (the embedded engine and, when signed
 * in, the cloud) with the name it knows this flow by (the cloud's from flowStudio.cloud.flowNames).
 */
export type RunSourceProvider = (document: vscode.TextDocument) => readonly (RunSource | undefined)[];

export class FlowGraphPanel {
  private graph?: FlowGraph;
  /** What the page shows once it is ready: the graph's SVG, or why there is none. */
  private shown?: { svg: string } | { error: string };
  /** Counts redraws, so a slow layout of an older text never replaces a newer one's. */
  private generation = 0;
  private readonly pngWaiters = new Map<number, (answer: { data?: string; error?: string }) => void>();
  private nextPngId = 1;
  private readonly graphDrawn = new vscode.EventEmitter<void>();
  private redrawTimer?: ReturnType<typeof setTimeout>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly follower = new GraphRunFollower(() => this.postStatus());
  private ready = false;
  private marker?: GraphMarker;
  /** The node last marked paused ('' for none), so an unchanged pause is not posted again. */
  private pausedNode = '';

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly document: vscode.TextDocument,
    private readonly extensionUri: vscode.Uri,
    private readonly runSources: RunSourceProvider,
    onSourcesChanged: vscode.Event<void>,
    private readonly onDisposed: () => void,
    /** Where ELK runs: the extension gives its layout thread (elk-worker-pool.ts). */
    private readonly runLayout: ElkRunner = inThisThread,
    /** Where debug sessions are paused (the extension's DebugPauses). */
    private readonly pauses?: PausedSteps,
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
        paused: vscode.l10n.t('Paused in the debugger'),
        // A node's state reads as in the Executions view.
        ...Object.fromEntries(NODE_RUN_STATUSES.map((s) => [s, stepStatusText(s)])),
      },
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== document || e.contentChanges.length === 0) return;
        if (this.marker?.endsOnEdit) this.setMarks(undefined);
        this.scheduleRedraw();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === document) this.highlightAt(document.offsetAt(e.selections[0].active));
      }),
      // Signing in or out, or a changed flowStudio.cloud.flowNames, changes where the runs are.
      onSourcesChanged(() => void this.followRuns()),
      ...(pauses ? [pauses.onDidChange(() => this.postPaused(false))] : []),
    );
    // The layout runs while the page loads; the page shows it when it says it is ready.
    void this.redraw();
  }

  get flowName(): string {
    return localFlowName(this.document.uri.path);
  }

  get documentUri(): vscode.Uri {
    return this.document.uri;
  }

  get active(): boolean {
    return this.panel.active;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Lays marks over the graph (undefined: none), now and on each redraw. */
  setMarks(marker: GraphMarker | undefined): void {
    this.marker = marker;
    this.postMarks();
  }

  private postMarks(): void {
    if (!this.ready || !this.graph) return;
    const marks = this.marker ? this.marker.compute(this.graph) : NO_MARKS;
    void this.panel.webview.postMessage({ type: 'marks', marks, legend: this.marker?.legend ?? '' });
  }

  /** The diagram as it is drawn now, once one is (a flow that cannot be drawn is refused after a while). */
  async currentGraph(): Promise<FlowGraph> {
    if (this.graph) return this.graph;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(vscode.l10n.t('The flow could not be drawn. Fix the errors shown in the Problems view, and the graph will update.')));
      }, PNG_TIMEOUT_MS);
      const sub = this.graphDrawn.event(() => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
    return this.graph!;
  }

  /** A standalone SVG document of the diagram, with the followed run's states. */
  async exportSvg(): Promise<string> {
    const graph = await this.currentGraph();
    return graphSvg(graph, { standalone: true, title: vscode.l10n.t('Flow diagram'), statuses: this.follower.run?.overlay.steps });
  }

  /** The same, drawn to PNG by the webview (the extension host has no canvas). */
  async exportPng(): Promise<Uint8Array> {
    const graph = await this.currentGraph();
    const svg = await this.exportSvg();
    const id = this.nextPngId++;
    const answer = await new Promise<{ data?: string; error?: string }>((resolve) => {
      const timer = setTimeout(() => {
        this.pngWaiters.delete(id);
        resolve({ error: 'timeout' });
      }, PNG_TIMEOUT_MS);
      this.pngWaiters.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      void this.panel.webview.postMessage({ type: 'rasterize', id, svg, width: graph.width, height: graph.height, scale: PNG_SCALE });
    });
    if (!answer.data) throw new Error(answer.error ?? 'no image');
    return Buffer.from(answer.data, 'base64');
  }

  private onMessage(m: unknown): void {
    const msg = m as { type?: unknown; nodeId?: unknown; id?: unknown; data?: unknown; error?: unknown };
    if (msg?.type === 'ready') {
      // Also when the page is loaded again (the panel hidden and shown): the graph is still current.
      this.ready = true;
      this.show();
    } else if (msg?.type === 'reveal' && typeof msg.nodeId === 'string') {
      void this.revealNode(msg.nodeId);
    } else if (msg?.type === 'png' && typeof msg.id === 'number') {
      const waiter = this.pngWaiters.get(msg.id);
      this.pngWaiters.delete(msg.id);
      waiter?.({ ...(typeof msg.data === 'string' ? { data: msg.data } : {}), ...(typeof msg.error === 'string' ? { error: msg.error } : {}) });
    }
  }

  private scheduleRedraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
  }

  private async redraw(): Promise<void> {
    const generation = ++this.generation;
    try {
      const graph = await layoutDescription(describeFlow(parseFlow(this.document.getText()), graphLabels()), this.runLayout);
      if (generation !== this.generation) return;
      this.graph = graph;
      this.shown = { svg: graphSvg(graph, { title: vscode.l10n.t('Flow diagram') }) };
      this.panel.title = vscode.l10n.t('Graph: {0}', this.flowName);
      this.graphDrawn.fire();
    } catch (e) {
      // A newer text's layout ended this one: that one draws.
      if (generation !== this.generation) return;
      // Another panel's newer layout ended the one this panel shared with it (the same boxes and
      // transitions, from the cache): lay out again.
      if (e instanceof LayoutSupersededError) return this.scheduleRedraw();
      this.shown = {
        error:
          e instanceof LayoutTooLongError
            ? vscode.l10n.t(
                'This flow is too large to draw: its layout took longer than {0} seconds. Transitions that cross many states (a Catch or a Choice to a distant state) cost the most.',
                e.seconds,
              )
            : vscode.l10n.t('The flow could not be drawn. Fix the errors shown in the Problems view, and the graph will update.'),
      };
    }
    this.show();
    // Backends may have come or gone (signing in to the cloud) since the panel opened.
    void this.followRuns();
  }

  /** Sends the page what it should show, once both are there: the page and the graph. */
  private show(): void {
    if (!this.ready || !this.shown) return;
    if ('error' in this.shown) {
      void this.panel.webview.postMessage({ type: 'error', text: this.shown.error });
      return;
    }
    void this.panel.webview.postMessage({ type: 'graph', graph: this.graph, svg: this.shown.svg });
    this.postStatus();
    this.postMarks();
    this.postPaused(true);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    if (editor) this.highlightAt(this.document.offsetAt(editor.selection.active));
  }

  private highlightAt(offset: number): void {
    if (!this.graph) return;
    const node = nodeAt(this.graph, offset);
    void this.panel.webview.postMessage({ type: 'highlight', nodeId: node?.id ?? '' });
  }

  /** Marks the node of the step a debug session is paused at in this document (none: nodeId ''). */
  private postPaused(always: boolean): void {
    if (!this.ready || !this.graph) return;
    const line = this.pauses?.pausedLine(this.document.uri);
    const node = line !== undefined ? nodeStartingOnLine(this.graph, line - 1, (offset) => this.document.positionAt(offset).line) : undefined;
    const nodeId = node?.id ?? '';
    if (!always && nodeId === this.pausedNode) return;
    this.pausedNode = nodeId;
    void this.panel.webview.postMessage({ type: 'paused', nodeId });
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
    this.graphDrawn.dispose();
    for (const waiter of this.pngWaiters.values()) waiter({ error: 'closed' });
    this.pngWaiters.clear();
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

/** The diagram's own words, in the display language. */
export function graphLabels(): GraphLabels {
  return {
    start: vscode.l10n.t('Start'),
    end: vscode.l10n.t('End'),
    branch: (i) => vscode.l10n.t('Branch {0}', i),
    defaultBranch: vscode.l10n.t('default'),
    catchErrors: (errors) => vscode.l10n.t('catch {0}', errors),
    iterate: (collection) => vscode.l10n.t('for each in {0}', collection),
  };
}
