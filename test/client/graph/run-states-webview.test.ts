/**
 * Every state a step can have on the graph is drawn distinctly by the webview: a badge in
 * graph-view.js, a style in graph-view.css built from theme colours only (so it follows light,
 * dark and high-contrast themes), and a localised word the panel hands to the page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { NODE_RUN_STATUSES } from '../../../client/graph/graph-model';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

test('each run state has a badge and a themed style in the webview', () => {
  const script = read('media/graph/graph-view.js');
  const badges = /const BADGE = (\{[^}]*\});/.exec(script)?.[1];
  assert.ok(badges, 'BADGE table in graph-view.js');
  const css = read('media/graph/graph-view.css');
  for (const status of NODE_RUN_STATUSES) {
    assert.match(badges, new RegExp(`\\b${status}: '[^']+'`), `badge for ${status}`);
    const rule = new RegExp(`\\.node\\.status-${status} rect \\{([^}]*)\\}`).exec(css)?.[1];
    assert.ok(rule, `style for .node.status-${status} rect`);
    assert.match(rule, /stroke: var\(--vscode-[\w-]+\)/, `${status} uses a theme colour`);
    assert.ok(!/#[0-9a-f]{3,8}\b|rgb\(/i.test(rule), `${status}: no fixed colours`);
  }
  const strokes = NODE_RUN_STATUSES.map((s) => new RegExp(`\\.node\\.status-${s} rect \\{[^}]*stroke: (var\\([^)]*\\))`).exec(css)?.[1]);
  assert.equal(new Set(strokes).size, NODE_RUN_STATUSES.length, 'each state has its own colour');
});

test('the panel gives the page a localised word for every run state', () => {
  const panel = read('client/graph/flow-graph-panel.ts');
  assert.match(panel, /NODE_RUN_STATUSES\.map\(\(s\) => \[s, stepStatusText\(s\)\]\)/);
  const table = read('client/views/execution-items.ts');
  const stepWords = /export function stepStatusText[\s\S]*?\n}\n/.exec(table)?.[0] ?? '';
  for (const status of NODE_RUN_STATUSES) assert.match(stepWords, new RegExp(`case '${status}':\\s*return vscode\\.l10n\\.t\\(`), `stepStatusText words ${status}`);
});

test('the step a debug session is paused at has its own themed style, and the page its localised word', () => {
  const css = read('media/graph/graph-view.css');
  const rule = /\.node\.paused > rect \{([^}]*)\}/.exec(css)?.[1];
  assert.ok(rule, 'style for .node.paused');
  assert.match(rule, /stroke: var\(--vscode-[\w-]+/);
  assert.ok(!/#[0-9a-f]{3,8}\b|rgb\(/i.test(rule), 'no fixed colours');
  assert.match(read('media/graph/graph-view.js'), /m\.type === 'paused'/);
  assert.match(read('client/graph/flow-graph-panel.ts'), /paused: vscode\.l10n\.t\('Paused in the debugger'\)/);
});
