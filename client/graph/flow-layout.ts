/**
 * Flow → positioned diagram. Pure (no vscode, no DOM): tested on its own, run in the extension
 * host, drawn by the webview.
 *
 * A structured layout, because FDL is structured: a sequence is a column of blocks joined by
 * straight edges; a choice or parallel splits into columns side by side that merge at a join; a
 * foreach body sits in a frame under its header. What breaks the structure — gotos, catches, and
 * `end: true` before a sequence's last step — is routed afterwards along lanes on the right.
 * Control semantics follow fdl/rules/reachability.ts: fail ends the execution; succeed and `end`
 * end the step's own sequence (a branch, an iteration, or the flow: engine/SEMANTICS.md), gotos and catches land on siblings, and a choice without a
 * default falls through when nothing matches.
 */
import type { Flow, Scope, Step } from '../../fdl/model';
import { closeSequence, framed, headerOverFrame, splitAndJoin, V_GAP, type Column } from './branch-layout';
import { ENGLISH_LABELS, type FlowGraph, type GraphLabels, type GraphNode } from './graph-model';
import { routeJumps } from './jump-routes';
import { edge, emptyBlock, placeInto, verticalExtent, type Block } from './layout-block';
import { stepNode } from './step-node';

const MARGIN = 24;
const TERMINAL_WIDTH = 96;
const TERMINAL_HEIGHT = 30;

export function layoutFlow(flow: Flow, labels: GraphLabels = ENGLISH_LABELS): FlowGraph {
  const body = layoutSequence(flow.body, '', labels);
  const width = Math.max(TERMINAL_WIDTH, body.width);
  const cx = width / 2;
  const all = emptyBlock(width);
  const start: GraphNode = { id: 'start', kind: 'start', label: labels.start, x: cx - TERMINAL_WIDTH / 2, y: 0, width: TERMINAL_WIDTH, height: TERMINAL_HEIGHT };
  all.nodes.push(start);
  const bodyTop = TERMINAL_HEIGHT + V_GAP;
  placeInto(all, body, cx - body.width / 2, bodyTop);
  const endTop = bodyTop + body.height + (body.entry ? V_GAP : 0);
  const reachesEnd = !body.entry || body.exit !== undefined || body.earlyExits.length > 0;
  if (body.entry)
    all.edges.push(
      edge('next', 'start', body.entry, [
        { x: cx, y: TERMINAL_HEIGHT },
        { x: cx, y: bodyTop + verticalExtent(body, body.entry).top },
      ]),
    );
  else
    all.edges.push(
      edge('next', 'start', 'end', [
        { x: cx, y: TERMINAL_HEIGHT },
        { x: cx, y: endTop },
      ]),
    );
  if (body.exit)
    all.edges.push(
      edge('next', body.exit, 'end', [
        { x: cx, y: bodyTop + verticalExtent(body, body.exit).bottom },
        { x: cx, y: endTop },
      ]),
    );
  for (const from of body.earlyExits) all.jumps.push({ from, to: 'end', kind: 'end' });
  // A flow that only ever stops in fail steps has no edge into End: leave it out.
  if (reachesEnd) all.nodes.push({ id: 'end', kind: 'end', label: labels.end, x: cx - TERMINAL_WIDTH / 2, y: endTop, width: TERMINAL_WIDTH, height: TERMINAL_HEIGHT });
  const height = reachesEnd ? endTop + TERMINAL_HEIGHT : bodyTop + body.height;

  const byId = new Map(all.nodes.map((n) => [n.id, n]));
  const routed = routeJumps(byId, all.jumps, width);
  const edges = [...all.edges, ...routed.edges];
  const move = (p: { x: number; y: number }) => ({ x: p.x + MARGIN, y: p.y + MARGIN });
  return {
    nodes: all.nodes.map((n) => ({ ...n, ...move(n) })),
    groups: all.groups.map((g) => ({ ...g, ...move(g) })),
    edges: edges.map((e, i) => ({ ...e, id: `e${i}`, points: e.points.map(move), ...(e.labelAt ? { labelAt: move(e.labelAt) } : {}) })),
    width: Math.max(width, routed.rightEdge) + 2 * MARGIN,
    height: height + 2 * MARGIN,
  };
}

/** One sequence: its blocks stacked and centred; its gotos and catches resolved among its steps. */
function layoutSequence(scope: Scope, path: string, labels: GraphLabels): Block {
  const blocks = scope.steps.map((s, i) => layoutStep(s, `${path}${i}`, labels));
  const width = blocks.reduce((w, b) => Math.max(w, b.width), 0);
  const seq = emptyBlock(width);
  const entryByName = new Map<string, string>();
  let y = 0;
  let previous: { block: Block; top: number; step: Step } | undefined;
  blocks.forEach((b, i) => {
    const step = scope.steps[i];
    placeInto(seq, b, (width - b.width) / 2, y);
    if (b.entry && step.name && !entryByName.has(step.name)) entryByName.set(step.name, b.entry);
    if (previous?.block.exit && b.entry && !endsSequence(previous.step)) {
      const from = previous.top + verticalExtent(previous.block, previous.block.exit).bottom;
      seq.edges.push(
        edge('next', previous.block.exit, b.entry, [
          { x: width / 2, y: from },
          { x: width / 2, y: y + verticalExtent(b, b.entry).top },
        ]),
      );
    }
    if (i < blocks.length - 1 && b.exit && endsSequence(step)) seq.earlyExits.push(b.exit);
    previous = { block: b, top: y, step };
    y += b.height + V_GAP;
  });
  seq.height = Math.max(0, y - V_GAP);
  seq.entry = blocks[0]?.entry;
  seq.exit = blocks[blocks.length - 1]?.exit;
  for (const b of blocks) {
    for (const j of b.siblingJumps) {
      const to = entryByName.get(j.toName);
      if (to) seq.jumps.push({ from: j.from, to, kind: j.kind, ...(j.label !== undefined ? { label: j.label } : {}) });
    }
  }
  return seq;
}

function endsSequence(step: Step): boolean {
  return step.type === 'succeed' || (step.end?.value === true && step.type !== 'fail');
}

function layoutStep(step: Step, id: string, labels: GraphLabels): Block {
  const node = stepNode(step, id);
  let block: Block;
  switch (step.type) {
    case 'choice': {
      const columns: Column[] = [];
      const branches = [...step.choices.map((c) => ({ ...c, label: c.condition?.value ?? '' })), ...(step.default ? [{ ...step.default, label: labels.defaultBranch }] : [])];
      const gotos: Block['siblingJumps'] = [];
      branches.forEach((br, i) => {
        if (br.goto) gotos.push({ from: id, toName: br.goto.value, kind: 'goto', label: br.label });
        else columns.push({ block: closeSequence(layoutSequence(br.scope, `${id}.c${i}.`, labels), `${id}.c${i}.join`), label: br.label });
      });
      // No default: when no condition holds, control goes on after the choice (see the module comment).
      if (!step.default) columns.push({ block: emptyBlock(0), label: labels.defaultBranch });
      block = splitAndJoin(node, columns);
      block.siblingJumps.push(...gotos);
      break;
    }
    case 'parallel':
      block = splitAndJoin(
        node,
        step.branches.map((br, i) => ({
          block: framed(closeSequence(layoutSequence(br.scope, `${id}.b${i}.`, labels), `${id}.b${i}.join`), { id: `${id}.b${i}`, kind: 'branch', label: labels.branch(i + 1) }),
        })),
      );
      break;
    case 'foreach': {
      const body = closeSequence(layoutSequence(step.body, `${id}.f.`, labels), `${id}.f.join`);
      const collection = step.iterationMapping?.collection?.value ?? '';
      block = headerOverFrame(node, framed(body, { id: `${id}.f`, kind: 'foreach', label: labels.iterate(collection) }));
      break;
    }
    default:
      block = emptyBlock(node.width, node.height);
      block.nodes.push(node);
      block.entry = id;
      // fail ends the whole execution: nothing follows it. A succeed leaves its sequence like
      // `end: true` (endsSequence): to its branch's or iteration's join, or to End.
      block.exit = step.type === 'fail' ? undefined : id;
  }
  if (step.type === 'task' || step.type === 'parallel' || step.type === 'foreach') {
    for (const c of step.catch) {
      if (c.goto) block.siblingJumps.push({ from: id, toName: c.goto.value, kind: 'catch', label: labels.catchErrors(c.errors.map((e) => e.value).join(', ')) });
    }
  }
  return block;
}
