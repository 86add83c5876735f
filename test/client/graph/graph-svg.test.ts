/**
 * What the graph shows and exports: every label whole (wrapped, never cut with "…" as the old
 * fixed-width boxes did to "catch Rejec…" and "task · waitForCallback · n…"), the run's states,
 * and markup that cannot carry script.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlow } from '../../../fdl/parse';
import { describeFlow } from '../../../client/graph/describe-flow';
import { DETAIL_STYLE, LABEL_STYLE, layoutDescription, PAD_X } from '../../../client/graph/elk-layout';
import { graphSvg, STATUS_BADGES } from '../../../client/graph/graph-svg';
import { NODE_RUN_STATUSES } from '../../../client/graph/graph-model';
import { foldRunOverlay } from '../../../client/graph/step-status';
import type { HistoryEvent } from '../../../engine/index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textWidth, wrapText } from '../../../client/graph/text-metrics';

const LONG_NAME = 'WaitForTheRegionalWarehouseManagerToApproveTheQuarterlyBudgetIncrease';
const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: ${LONG_NAME}
    resourceArn: acs:fc:::services/flow-studio-demo/functions/notify-the-regional-warehouse-manager-by-mail
    pattern: waitForCallback
    catch:
      - errors:
          - RejectedByTheFinanceDepartmentAfterReview
          - FC.Unknown
        goto: Rejected
  - type: pass
    name: 审批通过后通知申请人并更新财务系统中的预算记录
  - type: fail
    name: Rejected
    error: Rejected
`;

/** The text of the SVG element with this data-id: its tspans, in order. */
function textsOf(svg: string, id: string): string[] {
  const start = svg.indexOf(`data-id="${id}"`);
  const group = svg.slice(start, svg.indexOf('</g>', start));
  return [...group.matchAll(/<text class="(label|detail)"[^>]*>(.*?)<\/text>/g)].map((m) => [...m[2].matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((t) => t[1]).join('\n'));
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

test('labels longer than a box are wrapped onto lines that each fit it, and every character is drawn', async () => {
  const g = await layoutDescription(describeFlow(parseFlow(FLOW)));
  const svg = graphSvg(g, { standalone: true });
  const task = g.nodes.find((n) => n.stepName === LONG_NAME)!;
  assert.equal(task.detail, 'task · waitForCallback · notify-the-regional-warehouse-manager-by-mail');
  const [label, detail] = textsOf(svg, task.id).map(unescape);
  assert.equal(label.replace(/\n/g, ''), LONG_NAME, 'the whole name');
  assert.equal(detail.replace(/\s/g, ''), task.detail!.replace(/\s/g, ''));
  assert.ok(task.labelLines.length > 1, 'the name was wrapped, not cut');
  for (const line of task.labelLines) assert.ok(textWidth(line, LABEL_STYLE) + 2 * PAD_X <= task.width, `"${line}" fits ${task.width}`);
  for (const line of task.detailLines) assert.ok(textWidth(line, DETAIL_STYLE) + 2 * PAD_X <= task.width, `"${line}" fits ${task.width}`);
  assert.ok(!svg.includes('…'), 'nothing is cut with an ellipsis');

  const chinese = g.nodes.find((n) => n.stepName?.startsWith('审批'))!;
  assert.equal(textsOf(svg, chinese.id)[0].replace(/\n/g, ''), chinese.label);
  for (const line of chinese.labelLines) assert.ok(textWidth(line, LABEL_STYLE) + 2 * PAD_X <= chinese.width);

  const caught = g.edges.find((e) => e.kind === 'catch')!;
  assert.equal(caught.label, 'catch RejectedByTheFinanceDepartmentAfterReview, FC.Unknown');
  assert.equal(caught.labelBox!.lines.join('').replace(/\s/g, ''), caught.label!.replace(/\s/g, ''));
  for (const line of caught.labelBox!.lines) assert.ok(textWidth(line, DETAIL_STYLE) <= caught.labelBox!.width);
  assert.ok(svg.includes('RejectedByTheFinanceDepartmentAfterReview'));
});

test('wrapping keeps every character, breaks long words at punctuation, and measures wide characters as wide', () => {
  const arn = 'acs:fc:cn-hangzhou:123456789:services/flow-studio-demo.LATEST/functions/notify-approver';
  const lines = wrapText(arn, 120, DETAIL_STYLE);
  assert.equal(lines.join(''), arn);
  assert.ok(lines.length > 2 && lines.every((l) => textWidth(l, DETAIL_STYLE) <= 120));
  assert.ok(
    lines.slice(0, -1).every((l) => /[.:/_,-]$/.test(l) || textWidth(l, DETAIL_STYLE) > 100),
    lines.join(' | '),
  );
  assert.ok(textWidth('审批', LABEL_STYLE) > textWidth('ab', LABEL_STYLE) * 1.4);
  assert.deepEqual(wrapText('', 100, LABEL_STYLE), ['']);
});

test('an exported SVG is a document of its own: its own styles, a background, the run states; no script', async () => {
  const g = await layoutDescription(describeFlow(parseFlow(FLOW)));
  const svg = graphSvg(g, { standalone: true, title: '流程图示 <x>', statuses: { [LONG_NAME]: 'failed', Rejected: 'succeeded' } });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<style>[^<]*\.node rect\{/);
  assert.match(svg, /<rect class="background"/);
  assert.match(svg, /aria-label="流程图示 &lt;x&gt;"/);
  const task = g.nodes.find((n) => n.stepName === LONG_NAME)!;
  assert.match(svg, new RegExp(`class="node kind-task status-failed" data-id="${task.id}"[^>]*>.*<text class="badge"[^>]*>✗</text>`));
  assert.ok(!/<script|on\w+=|href=/i.test(svg));
  // The webview's copy has no styles of its own (the theme's CSS applies) and no states (applied live).
  const inWebview = graphSvg(g);
  assert.ok(!inWebview.includes('<style>') && !inWebview.includes('status-'));
});

test("a run's states land on the StateMachine nodes of the states history names, nested ones included", async () => {
  const text = readFileSync(join(__dirname, 'fixtures', 'orders.statemachine.yaml'), 'utf8');
  const g = await layoutDescription(describeFlow(parseFlow(text)));
  let id = 0;
  const at = (type: string, stepName?: string, eventDetail?: string): HistoryEvent => ({
    eventId: ++id,
    type,
    time: '2026-12-07T00:00:00Z',
    ...(stepName ? { stepName } : {}),
    ...(eventDetail ? { eventDetail } : {}),
  });
  const overlay = foldRunOverlay([
    at('ExecutionStarted'),
    at('StepEntered', 'CheckOrders'),
    at('StepSucceeded', 'CheckOrders'),
    at('StepEntered', 'Route'),
    at('StepSucceeded', 'Route'),
    at('StepEntered', 'Fulfil'),
    at('StepEntered', 'Pause'),
    at('StepEntered', 'WaitForTheRegionalWarehouseManagerApproval'),
    at('TaskSubmitted', 'WaitForTheRegionalWarehouseManagerApproval'),
  ]);
  const svg = graphSvg(g, { statuses: overlay.steps });
  const classOf = (state: string) => new RegExp(`<g class="([^"]*)" data-id="[^"]*" data-step="${state}"`).exec(svg)?.[1];
  assert.match(classOf('CheckOrders')!, /status-succeeded/);
  assert.match(classOf('Route')!, /status-succeeded/);
  assert.match(classOf('Fulfil')!, /container.*status-running/);
  assert.match(classOf('Pause')!, /status-running/);
  assert.match(classOf('WaitForTheRegionalWarehouseManagerApproval')!, /status-waiting/);
  assert.doesNotMatch(classOf('Rejected')!, /status-/);
});

test('the exported file and the webview draw the same badge for each run state', () => {
  const script = readFileSync(join(__dirname, '..', '..', '..', 'media', 'graph', 'graph-view.js'), 'utf8');
  const badges = /const BADGE = (\{[^}]*\});/.exec(script)![1];
  for (const status of NODE_RUN_STATUSES) assert.match(badges, new RegExp(`\\b${status}: '${STATUS_BADGES[status]}'`), status);
});
