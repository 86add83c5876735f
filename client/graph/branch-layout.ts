/**
 * Blocks of the steps that hold sequences: a choice or parallel header splitting into columns
 * side by side that merge again at a join, and a foreach with its body in a frame.
 */
import type { GraphGroup, GraphNode } from './graph-model';
import { edge, emptyBlock, placeInto, verticalExtent, type Block } from './layout-block';
import { NODE_HEIGHT, NODE_WIDTH } from './step-node';

export const V_GAP = 30;
const H_GAP = 28;
/** Header bottom → the horizontal line where branches split. */
const SPLIT = 14;
/** Header bottom → the top of the columns (room for branch labels under the split line). */
const BRANCH_ROW = 48;
/** Lowest column bottom → the line where branches merge. */
const MERGE = 18;
export const JOIN_SIZE = 12;
const EMPTY_COLUMN_WIDTH = 120;
const FRAME_PAD = 12;
const FRAME_LABEL = 20;

export interface Column {
  block: Block;
  /** Written on the edge into the column (a choice's condition). */
  label?: string;
}

/** A header splitting into columns that come back together at a join (choice, parallel). */
export function splitAndJoin(header: GraphNode, columns: Column[]): Block {
  const widths = columns.map((c) => Math.max(c.block.width, c.block.entry ? 0 : EMPTY_COLUMN_WIDTH, c.label ? NODE_WIDTH : 0));
  const columnsWidth = widths.reduce((a, b) => a + b, 0) + H_GAP * Math.max(0, columns.length - 1);
  const width = Math.max(NODE_WIDTH, columnsWidth);
  const block = emptyBlock(width, NODE_HEIGHT);
  const hx = width / 2;
  block.nodes.push({ ...header, x: hx - NODE_WIDTH / 2, y: 0 });
  block.entry = header.id;
  if (columns.length === 0) {
    block.exit = header.id;
    return block;
  }

  const splitY = NODE_HEIGHT + SPLIT;
  const rowTop = NODE_HEIGHT + BRANCH_ROW;
  const bottoms = columns.map((c) => rowTop + c.block.height);
  const entryTops = columns.map((c) => rowTop + (c.block.entry ? verticalExtent(c.block, c.block.entry).top : 0));
  const exitBottoms = columns.map((c) => rowTop + (c.block.exit ? verticalExtent(c.block, c.block.exit).bottom : c.block.height));
  const mergeY = Math.max(...bottoms) + MERGE;
  const joinY = mergeY + MERGE;
  const joinId = `${header.id}.join`;
  let joined = false;
  let x = (width - columnsWidth) / 2;
  columns.forEach((c, i) => {
    const cx = x + widths[i] / 2;
    const labelAt = c.label !== undefined ? { x: cx + 4, y: splitY + 14 } : undefined;
    placeInto(block, c.block, cx - c.block.width / 2, rowTop);
    const down = [
      { x: hx, y: NODE_HEIGHT },
      { x: hx, y: splitY },
      { x: cx, y: splitY },
    ];
    const back = [
      { x: cx, y: mergeY },
      { x: hx, y: mergeY },
      { x: hx, y: joinY },
    ];
    if (!c.block.entry) {
      // An empty branch: straight from the split to the join.
      block.edges.push(edge('branch', header.id, joinId, [...down, ...back], c.label, labelAt));
      joined = true;
    } else {
      block.edges.push(edge('branch', header.id, c.block.entry, [...down, { x: cx, y: entryTops[i] }], c.label, labelAt));
      if (c.block.exit) {
        block.edges.push(edge('merge', c.block.exit, joinId, [{ x: cx, y: exitBottoms[i] }, ...back]));
        joined = true;
      }
    }
    for (const from of c.block.earlyExits) {
      block.jumps.push({ from, to: joinId, kind: 'end' });
      joined = true;
    }
    x += widths[i] + H_GAP;
  });

  if (joined) {
    block.nodes.push(joinNode(joinId, hx, joinY));
    block.height = joinY + JOIN_SIZE;
    block.exit = joinId;
  } else {
    block.height = Math.max(...bottoms);
  }
  return block;
}

/** A header above its body, the body in a frame (foreach). */
export function headerOverFrame(header: GraphNode, body: Block): Block {
  const width = Math.max(NODE_WIDTH, body.width);
  const block = emptyBlock(width, NODE_HEIGHT + V_GAP + body.height);
  const hx = width / 2;
  block.nodes.push({ ...header, x: hx - NODE_WIDTH / 2, y: 0 });
  block.entry = header.id;
  const bodyTop = NODE_HEIGHT + V_GAP;
  placeInto(block, body, hx - body.width / 2, bodyTop);
  if (body.entry) {
    const entryTop = bodyTop + verticalExtent(body, body.entry).top;
    block.edges.push(
      edge('next', header.id, body.entry, [
        { x: hx, y: NODE_HEIGHT },
        { x: hx, y: entryTop },
      ]),
    );
    block.exit = body.exit;
  } else {
    block.exit = header.id;
  }
  return block;
}

/** The block inside a labelled frame; control still enters and leaves by the same nodes. */
export function framed(inner: Block, group: Omit<GraphGroup, 'x' | 'y' | 'width' | 'height'>): Block {
  const width = Math.max(inner.width, EMPTY_COLUMN_WIDTH) + 2 * FRAME_PAD;
  const height = FRAME_LABEL + inner.height + 2 * FRAME_PAD;
  const block = emptyBlock(width, height);
  block.groups.push({ ...group, x: 0, y: 0, width, height });
  placeInto(block, inner, (width - inner.width) / 2, FRAME_LABEL + FRAME_PAD);
  block.entry = inner.entry;
  block.exit = inner.exit;
  block.earlyExits = inner.earlyExits;
  return block;
}

/**
 * Gives a sequence with early exits (`end: true` before its last step) one join at the bottom,
 * so whatever holds it sees a single exit.
 */
export function closeSequence(block: Block, joinId: string): Block {
  if (block.earlyExits.length === 0) return block;
  const hx = block.width / 2;
  const joinY = block.height + MERGE;
  if (block.exit)
    block.edges.push(
      edge('merge', block.exit, joinId, [
        { x: hx, y: verticalExtent(block, block.exit).bottom },
        { x: hx, y: joinY },
      ]),
    );
  for (const from of block.earlyExits) block.jumps.push({ from, to: joinId, kind: 'end' });
  block.nodes.push(joinNode(joinId, hx, joinY));
  return { ...block, height: joinY + JOIN_SIZE, exit: joinId, earlyExits: [] };
}

function joinNode(id: string, cx: number, y: number): GraphNode {
  return { id, kind: 'join', label: '', x: cx - JOIN_SIZE / 2, y, width: JOIN_SIZE, height: JOIN_SIZE };
}
