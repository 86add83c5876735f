/// <reference types="mocha" />
/**
 * The flow graph's click-to-navigate, both ways, at the panel's message level: the webview's page
 * cannot be clicked from the extension host, so FlowGraphPanel (the class the Show Flow Graph
 * command creates) is given a stand-in for its WebviewPanel that delivers the page's messages and
 * records what the panel posts back. The editor side is the real one.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FlowGraphPanel } from '../../../client/graph/flow-graph-panel';
import type { FlowGraph } from '../../../client/graph/graph-model';
import { eventually, EXTENSION_ID, flowStudio, workspaceFile } from './helpers';

interface Posted {
  type: string;
  graph?: FlowGraph;
  nodeId?: string;
}

/** A WebviewPanel as the panel uses it: the page's messages go in through `fromPage`, what the panel posts is in `posted`. */
function webviewStandIn() {
  const fromPage = new vscode.EventEmitter<unknown>();
  const disposed = new vscode.EventEmitter<void>();
  const posted: Posted[] = [];
  const webview = {
    options: {},
    html: '',
    cspSource: 'https://flow-studio.test',
    asWebviewUri: (uri: vscode.Uri) => uri,
    onDidReceiveMessage: fromPage.event,
    postMessage: async (m: Posted) => {
      posted.push(m);
      return true;
    },
  };
  const panel = { webview, title: '', onDidDispose: disposed.event, reveal: () => undefined };
  return { panel: panel as unknown as vscode.WebviewPanel, fromPage, posted, close: () => disposed.fire() };
}

suite('graph navigation', () => {
  test('the graph is laid out while the page loads: the page ready, it is posted at once', async () => {
    const uri = workspaceFile('flows/order-approval.flow.yaml');
    const document = (await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One })).document;
    const page = webviewStandIn();
    const panel = new FlowGraphPanel(
      page.panel,
      document,
      vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
      () => [],
      new vscode.EventEmitter<void>().event,
      () => undefined,
    );
    try {
      // No 'ready' from the page yet: the layout has run all the same, and nothing was posted.
      const graph = await panel.currentGraph();
      assert.ok(graph.nodes.some((n) => n.stepName === 'ManagerApproval'));
      assert.equal(page.posted.filter((m) => m.type === 'graph').length, 0);
      page.fromPage.fire({ type: 'ready' });
      assert.equal(page.posted.filter((m) => m.type === 'graph').length, 1, 'posted as the page said ready, with no layout in between');
      // The page loaded again (the panel hidden and shown): the same graph, not laid out again.
      page.fromPage.fire({ type: 'ready' });
      assert.equal(page.posted.filter((m) => m.type === 'graph').at(-1)!.graph, graph);
    } finally {
      page.close();
    }
  });

  test('clicking a node moves the editor to its step; moving the cursor to a step highlights its node', async () => {
    const uri = workspaceFile('flows/order-approval.flow.yaml');
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const document = editor.document;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const page = webviewStandIn();
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    new FlowGraphPanel(
      page.panel,
      document,
      extensionUri,
      () => [],
      new vscode.EventEmitter<void>().event,
      () => undefined,
    );
    try {
      page.fromPage.fire({ type: 'ready' });
      const drawn = await eventually(
        'the graph posted to the page',
        () => page.posted.find((m) => m.type === 'graph'),
        (m) => m !== undefined,
      );
      const nodes = drawn!.graph!.nodes;
      const node = (step: string) => {
        const n = nodes.find((x) => x.stepName === step);
        assert.ok(n, `no node for ${step} among ${nodes.map((x) => x.stepName ?? x.id).join(', ')}`);
        return n;
      };

      // The page says ManagerApproval's node was clicked: the editor's cursor goes to its name.
      page.fromPage.fire({ type: 'reveal', nodeId: node('ManagerApproval').id });
      const moved = await eventually(
        'the cursor on ManagerApproval',
        () => vscode.window.activeTextEditor?.selection.active.line,
        (l) => l !== 0,
      );
      assert.equal(vscode.window.activeTextEditor?.document, document);
      assert.match(document.lineAt(moved!).text, /name: ManagerApproval$/);
      assert.deepEqual(vscode.window.activeTextEditor!.selection.active, document.positionAt(node('ManagerApproval').nameOffset!));

      // The user moves the cursor into PrepareShipment (a parallel branch's step): its node is highlighted.
      const line = document
        .getText()
        .split('\n')
        .findIndex((l) => /name: PrepareShipment$/.test(l));
      vscode.window.activeTextEditor!.selection = new vscode.Selection(line + 2, 8, line + 2, 8);
      const highlight = await eventually(
        'a highlight of PrepareShipment',
        () => page.posted.filter((m) => m.type === 'highlight').at(-1),
        (m) => m?.nodeId === node('PrepareShipment').id,
      );
      assert.ok(highlight);
      // And back to the top of the file, outside every step: nothing is highlighted.
      vscode.window.activeTextEditor!.selection = new vscode.Selection(0, 0, 0, 0);
      await eventually(
        'no highlight',
        () => page.posted.filter((m) => m.type === 'highlight').at(-1),
        (m) => m?.nodeId === '',
      );
    } finally {
      page.close();
    }
  });
  test('a debug session paused at a step marks its node paused, a step in a parallel branch included; continue clears it', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/graph-paused.flow.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(PAUSED_FLOW, 'utf8'));
    const document = (await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One })).document;
    const page = webviewStandIn();
    new FlowGraphPanel(
      page.panel,
      document,
      vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
      () => [],
      new vscode.EventEmitter<void>().event,
      () => undefined,
      undefined,
      api.debugPauses,
    );
    const lines = PAUSED_FLOW.split('\n');
    const bp = (name: string) =>
      new vscode.SourceBreakpoint(
        new vscode.Location(
          uri,
          new vscode.Position(
            lines.findIndex((l) => l.endsWith(`name: ${name}`)),
            0,
          ),
        ),
      );
    const breakpoints = [bp('left'), bp('last')];
    vscode.debug.addBreakpoints(breakpoints);
    await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', 'none', vscode.ConfigurationTarget.Global);
    const paused = () => page.posted.filter((m) => m.type === 'paused').map((m) => m.nodeId);
    try {
      page.fromPage.fire({ type: 'ready' });
      const drawn = await eventually(
        'the graph posted to the page',
        () => page.posted.find((m) => m.type === 'graph'),
        (m) => m !== undefined,
      );
      const node = (step: string) => drawn!.graph!.nodes.find((n) => n.stepName === step)!.id;
      assert.deepEqual(paused(), [''], 'nothing is paused yet');
      const ended = new Promise<void>((resolve) => {
        const d = vscode.debug.onDidTerminateDebugSession(() => {
          d.dispose();
          resolve();
        });
      });
      assert.ok(await vscode.debug.startDebugging(undefined, { type: 'flow', request: 'launch', name: 'Debug Flow', program: uri.fsPath, input: {} }));
      const session = vscode.debug.activeDebugSession!;
      // VS Code shows the stop (it asks for the stopped thread's frames): the graph marks that step.
      await eventually(
        'left marked paused',
        () => paused().at(-1),
        (id) => id === node('left'),
      );
      await session.customRequest('continue', {});
      await eventually('the mark cleared, then last marked', paused, (ids) => ids.slice(ids.lastIndexOf(node('left')) + 1).join() === ['', node('last')].join());
      await session.customRequest('continue', {});
      await ended;
      await eventually(
        'no step marked once the run goes on',
        () => paused().at(-1),
        (id) => id === '',
      );
    } finally {
      vscode.debug.removeBreakpoints(breakpoints);
      await vscode.workspace.getConfiguration('debug').update('saveBeforeStart', undefined, vscode.ConfigurationTarget.Global);
      page.close();
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('a StateMachine flow: its states inside a Map and a Parallel are nodes, reached by click and cursor; Export Graph as SVG draws them', async () => {
    const uri = workspaceFile('flows/graph-navigation.statemachine.flow.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(STATE_MACHINE, 'utf8'));
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const document = editor.document;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const page = webviewStandIn();
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const panel = new FlowGraphPanel(
      page.panel,
      document,
      extensionUri,
      () => [],
      new vscode.EventEmitter<void>().event,
      () => undefined,
    );
    try {
      page.fromPage.fire({ type: 'ready' });
      const drawn = await eventually(
        'the graph posted to the page',
        () => page.posted.find((m) => m.type === 'graph'),
        (m) => m !== undefined,
      );
      const nodes = drawn!.graph!.nodes;
      const node = (state: string) => {
        const n = nodes.find((x) => x.stepName === state);
        assert.ok(n, `no node for ${state} among ${nodes.map((x) => x.stepName ?? x.id).join(', ')}`);
        return n;
      };
      assert.equal(node('EachItem').kind, 'map');
      assert.equal(node('Ship').parent, node('EachItem').id);
      assert.equal(node('Notify').kind, 'task');

      // Clicking Ship's node (in the Map's processor) puts the cursor on its name.
      page.fromPage.fire({ type: 'reveal', nodeId: node('Ship').id });
      const moved = await eventually(
        'the cursor on Ship',
        () => vscode.window.activeTextEditor?.selection.active.line,
        (l) => l !== 0,
      );
      assert.match(document.lineAt(moved!).text, /Name: Ship$/);

      // The cursor in Notify's Parameters highlights Notify, not the Parallel around it.
      const line = document
        .getText()
        .split('\n')
        .findIndex((l) => /resourceArn:/.test(l));
      vscode.window.activeTextEditor!.selection = new vscode.Selection(line, 10, line, 10);
      await eventually(
        'a highlight of Notify',
        () => page.posted.filter((m) => m.type === 'highlight').at(-1),
        (m) => m?.nodeId === node('Notify').id,
      );

      const svg = await panel.exportSvg();
      for (const state of ['EachItem', 'Ship', 'Both', 'Notify', 'Pause']) assert.ok(svg.includes(`>${state}</tspan>`), `${state} drawn in the exported SVG`);
    } finally {
      page.close();
      await vscode.workspace.fs.delete(uri);
    }
  });
});

const STATE_MACHINE = `Type: StateMachine
Name: graph-navigation
SpecVersion: v1
StartAt: EachItem
States:
  - Type: Map
    Name: EachItem
    ItemsPath: $Input.items
    Next: Both
    Processor:
      StartAt: Ship
      States:
        - Type: Pass
          Name: Ship
          End: true
  - Type: Parallel
    Name: Both
    End: true
    Branches:
      - StartAt: Notify
        States:
          - Type: Task
            Name: Notify
            Action: FC:InvokeFunction
            Parameters:
              resourceArn: acs:fc:cn-hangzhou:123:functions/notify/LATEST
            End: true
      - StartAt: Pause
        States:
          - Type: Wait
            Name: Pause
            Seconds: 1
            End: true
`;

const PAUSED_FLOW = `version: v1
type: flow
steps:
  - type: pass
    name: first
  - type: parallel
    name: fan
    branches:
      - steps:
          - type: pass
            name: left
      - steps:
          - type: pass
            name: right
  - type: pass
    name: last
`;
