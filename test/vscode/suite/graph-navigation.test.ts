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
import { eventually, EXTENSION_ID, workspaceFile } from './helpers';

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
});
