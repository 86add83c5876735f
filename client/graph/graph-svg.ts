/**
 * The positioned diagram as SVG markup: what the webview shows (styled there by the theme through
 * media/graph/graph-view.css) and, standalone, what Export Graph as SVG writes (with a light
 * stylesheet of its own, since a file has no VS Code theme). Pure: the same markup in tests.
 * Every text is escaped; nothing in it runs or loads anything.
 */
import { DETAIL_LINE, LABEL_LINE, PAD_TOP, PAD_X } from './elk-layout';
import type { FlowGraph, GraphEdge, GraphNode, NodeRunStatus } from './graph-model';

export interface SvgOptions {
  /** A file of its own: an XML prolog-free document with its own styles and a white background. */
  standalone?: boolean;
  /** The diagram's accessible name. */
  title?: string;
  /** A run's states by state name, drawn on the nodes (the webview applies them itself, live). */
  statuses?: Readonly<Record<string, NodeRunStatus>>;
}

/** The badge each run state shows at a node's top right (media/graph/graph-view.js has the same). */
export const STATUS_BADGES: Record<NodeRunStatus, string> = { running: '●', waiting: '…', succeeded: '✓', failed: '✗', stopped: '■' };

export function graphSvg(graph: FlowGraph, options: SvgOptions = {}): string {
  const out: string[] = [];
  const w = graph.width;
  const h = graph.height;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-graph" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(options.title ?? 'Flow diagram')}">`,
  );
  if (options.standalone) {
    out.push(`<style>${STANDALONE_CSS}</style>`);
    out.push(`<rect class="background" x="0" y="0" width="${w}" height="${h}"/>`);
  }
  out.push('<defs>', marker('arrow'), marker('arrow-goto'), marker('arrow-catch'), '</defs>');
  const containers = graph.nodes.filter((n) => n.container).sort((a, b) => a.depth - b.depth);
  const statusOf = (n: GraphNode) => (n.stepName !== undefined ? options.statuses?.[n.stepName] : undefined);
  for (const n of containers) out.push(node(n, statusOf(n)));
  for (const e of graph.edges) out.push(edge(e));
  for (const n of graph.nodes) if (!n.container) out.push(node(n, statusOf(n)));
  out.push('</svg>');
  return out.join('\n');
}

function marker(id: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`;
}

function node(n: GraphNode, status: NodeRunStatus | undefined): string {
  const step = n.stepName !== undefined;
  const attrs = [`class="node kind-${n.kind}${n.container ? ' container' : ''}${status ? ` status-${status}` : ''}"`, `data-id="${esc(n.id)}"`];
  if (step) attrs.push(`data-step="${esc(n.stepName!)}"`, 'tabindex="0"', 'role="button"', `aria-label="${esc(n.detail ? `${n.label}, ${n.detail}` : n.label)}"`);
  const parts = [`<g ${attrs.join(' ')}>`];
  const pill = n.kind === 'start' || n.kind === 'end' || n.kind === 'succeed' || n.kind === 'fail';
  const rx = n.container ? 6 : pill ? Math.min(n.height / 2, 16) : n.kind === 'choice' ? 12 : 4;
  parts.push(`<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="${rx}"/>`);
  if (n.kind === 'start' || n.kind === 'end') {
    parts.push(`<text class="label" x="${n.x + n.width / 2}" y="${n.y + n.height / 2 + 4}" text-anchor="middle">${esc(n.label)}</text>`);
  } else if (n.kind === 'branch') {
    parts.push(lines(n.labelLines, n.x + PAD_X, n.y + PAD_TOP + 10, DETAIL_LINE, 'frame-label'));
  } else {
    parts.push(lines(n.labelLines, n.x + PAD_X, n.y + PAD_TOP + 11, LABEL_LINE, 'label'));
    if (n.detailLines.length) parts.push(lines(n.detailLines, n.x + PAD_X, n.y + PAD_TOP + n.labelLines.length * LABEL_LINE + 9, DETAIL_LINE, 'detail'));
  }
  if (step) parts.push(`<text class="badge" x="${n.x + n.width - 16}" y="${n.y + 16}">${status ? STATUS_BADGES[status] : ''}</text>`);
  parts.push(`<title>${esc(n.detail ? `${n.label}\n${n.detail}` : n.label)}</title>`, '</g>');
  return parts.join('');
}

function edge(e: GraphEdge): string {
  const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
  const arrow = e.kind === 'goto' ? 'arrow-goto' : e.kind === 'catch' ? 'arrow-catch' : 'arrow';
  const parts = [
    `<g class="edge kind-${e.kind}" data-id="${esc(e.id)}" data-from="${esc(e.from)}" data-to="${esc(e.to)}">`,
    `<path d="${d}"${e.dashOffset !== undefined ? ` stroke-dashoffset="${e.dashOffset}"` : ''} marker-end="url(#${arrow})"/>`,
  ];
  if (e.labelBox) parts.push(lines(e.labelBox.lines, e.labelBox.x + 2, e.labelBox.y + 10, DETAIL_LINE, 'edge-label'));
  if (e.label) parts.push(`<title>${esc(e.label)}</title>`);
  parts.push('</g>');
  return parts.join('');
}

/** Lines of text from a first baseline, one tspan each. */
function lines(values: readonly string[], x: number, y: number, step: number, cls: string): string {
  const spans = values.map((v, i) => `<tspan x="${x}" y="${y + i * step}">${esc(v)}</tspan>`).join('');
  return `<text class="${cls}" xml:space="preserve">${spans}</text>`;
}

function esc(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The exported file's look: the webview's (graph-view.css) with light colours instead of the theme's. */
const STANDALONE_CSS = [
  '.background{fill:#ffffff}',
  'text{font-family:"DejaVu Sans","Segoe UI",Helvetica,Arial,"Microsoft YaHei","PingFang SC",sans-serif}',
  '.node rect{fill:#f8f8f8;stroke:#8a8a8a;stroke-width:1.2}',
  '.node.container rect{fill:none;stroke:#8a8a8a;stroke-dasharray:4 3}',
  '.node.kind-branch rect{stroke:#b0b0b0}',
  '.node .label{fill:#1f1f1f;font-weight:600;font-size:12px}',
  '.node .detail,.node .frame-label{fill:#616161;font-size:10.5px}',
  '.node.kind-choice rect{stroke:#bf8803}',
  '.node.kind-parallel rect,.node.kind-foreach rect,.node.kind-map rect{stroke:#652d90}',
  '.node.kind-task rect{stroke:#1a85ff}',
  '.node.kind-succeed rect{stroke:#388a34;stroke-width:2}',
  '.node.kind-fail rect{stroke:#e51400;stroke-width:2}',
  '.node.kind-start rect,.node.kind-end rect{fill:#4d4d4d;stroke:none}',
  '.node.kind-start .label,.node.kind-end .label{fill:#ffffff;font-weight:400}',
  '.edge path{fill:none;stroke:#616161;stroke-width:1.2}',
  '.edge.kind-goto path{stroke:#bf8803}',
  '.edge.kind-catch path{stroke:#e51400;stroke-dasharray:5 4}',
  '.edge-label{fill:#616161;font-size:10.5px}',
  '.edge.kind-catch .edge-label{fill:#e51400}',
  '.node .badge{font-size:11px}',
  '.node.status-running rect{stroke:#1a85ff;stroke-width:2.5;stroke-dasharray:6 3}.node.status-running .badge{fill:#1a85ff}',
  '.node.status-waiting rect{stroke:#d18616;stroke-width:2.5;stroke-dasharray:2 3}.node.status-waiting .badge{fill:#d18616}',
  '.node.status-succeeded rect{stroke:#388a34;stroke-width:2.5}.node.status-succeeded .badge{fill:#388a34}',
  '.node.status-failed rect{stroke:#e51400;stroke-width:2.5;fill:#fde7e9}.node.status-failed .badge{fill:#e51400}',
  '.node.status-stopped rect{stroke:#8a8a8a;stroke-width:2.5}.node.status-stopped .badge{fill:#8a8a8a}',
  '#arrow path{fill:#616161}',
  '#arrow-goto path{fill:#bf8803}',
  '#arrow-catch path{fill:#e51400}',
].join('');
