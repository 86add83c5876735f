/**
 * Flow graph benchmark: Show Flow Graph's path from a flow's text to the SVG the webview shows, as
 * the extension runs it: parse, describe, ELK layout in the layout thread (dist/elk-worker.js, the
 * extension's own), render. For the examples (both dialects): the first graph with the thread not
 * started (what every first graph paid before the thread was warmed at a flow's opening), with the
 * thread warm, and a redraw of an unchanged description (the layout cache). For generated flows of
 * BENCH_SIZES states (default 100, 500, 1000) with choices, a catch on every seventh task to one
 * Fail state, Parallel branches and Map processors: the warm median, split the same way.
 * The webview's own part (the page loading, which the layout now overlaps, and inserting the SVG)
 * is not in these figures. Needs `npm run build` first. Run: `npm run bench:graph`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFlow } from '../fdl/parse';
import { describeFlow } from '../client/graph/describe-flow';
import { layoutDescription, type ElkRunner } from '../client/graph/elk-layout';
import { ElkWorkerPool } from '../client/graph/elk-worker-pool';
import { LayoutCache } from '../client/graph/layout-cache';
import { graphSvg } from '../client/graph/graph-svg';
import { fmtMs, printTable } from './measure';

const ROOT = join(__dirname, '..');
const WORKER = join(ROOT, 'dist', 'elk-worker.js');
const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000').split(',').map(Number);

/** About `n` states: a Task chain with catches, a Choice looping back every 10, a Parallel every 25, a Map every 40. */
export function stateMachineFlow(n: number): string {
  const out = ['Type: StateMachine', 'Name: bench', 'SpecVersion: v1', 'StartAt: s0', 'States:'];
  let count = 0;
  let i = 0;
  const pass = (name: string, next: string | undefined, indent: string) => `${indent}- Type: Pass\n${indent}  Name: ${name}\n${indent}  ${next ? `Next: ${next}` : 'End: true'}`;
  while (count < n) {
    const name = `s${i}`;
    const next = `s${i + 1}`;
    if (i % 10 === 9) {
      out.push(`  - Type: Choice\n    Name: ${name}\n    Branches:\n      - Condition: $Input.again == true\n        Next: s${i - 5}\n    Default: ${next}`);
      count++;
    } else if (i % 25 === 24) {
      const branch = (b: number) =>
        `      - StartAt: ${name}b${b}x\n        States:\n${pass(`${name}b${b}x`, `${name}b${b}y`, '          ')}\n${pass(`${name}b${b}y`, undefined, '          ')}`;
      out.push(`  - Type: Parallel\n    Name: ${name}\n    Next: ${next}\n    Branches:\n${branch(0)}\n${branch(1)}`);
      count += 5;
    } else if (i % 40 === 39) {
      out.push(
        `  - Type: Map\n    Name: ${name}\n    ItemsPath: $Input.items\n    Next: ${next}\n    Processor:\n      StartAt: ${name}p0\n      States:\n${pass(`${name}p0`, `${name}p1`, '        ')}\n${pass(`${name}p1`, `${name}p2`, '        ')}\n${pass(`${name}p2`, undefined, '        ')}`,
      );
      count += 4;
    } else {
      out.push(
        `  - Type: Task\n    Name: ${name}\n    Action: FC:InvokeFunction\n    Parameters:\n      resourceArn: acs:fc:cn-hangzhou:123:functions/f${i}/LATEST\n    Next: ${next}${i % 7 === 3 ? '\n    Catch:\n      - Errors: [FC.Unknown]\n        Description: give up\n        Next: failed' : ''}`,
      );
      count++;
    }
    i++;
  }
  out.push(pass(`s${i}`, undefined, '  '));
  out.push('  - Type: Fail\n    Name: failed\n    Detail: gave up');
  return out.join('\n') + '\n';
}

/** About `n` classic steps: tasks with catches, a choice with an inline branch every 10, a parallel every 25, a foreach every 40. */
export function classicFlow(n: number): string {
  const out = ['version: v1', 'type: flow', 'steps:'];
  let count = 0;
  let i = 0;
  while (count < n) {
    if (i % 10 === 9) {
      out.push(
        `  - type: choice\n    name: s${i}\n    choices:\n      - condition: $.again\n        steps:\n          - type: pass\n            name: s${i}c\n    default:\n      goto: s${i + 1}`,
      );
      count += 2;
    } else if (i % 25 === 24) {
      out.push(
        `  - type: parallel\n    name: s${i}\n    branches:\n      - steps:\n          - type: pass\n            name: s${i}a\n      - steps:\n          - type: pass\n            name: s${i}b`,
      );
      count += 3;
    } else if (i % 40 === 39) {
      out.push(`  - type: foreach\n    name: s${i}\n    iterationMapping:\n      collection: $.items\n      item: item\n    steps:\n      - type: pass\n        name: s${i}p`);
      count += 2;
    } else {
      out.push(
        `  - type: task\n    name: s${i}\n    resourceArn: acs:fc:::services/bench/functions/f${i}${i % 7 === 3 ? '\n    catch:\n      - errors: [FC.Unknown]\n        goto: failed' : ''}`,
      );
      count++;
    }
    i++;
  }
  out.push('  - type: fail\n    name: failed\n    error: GaveUp');
  return out.join('\n') + '\n';
}

interface Split {
  parse: number;
  describe: number;
  layout: number;
  render: number;
  total: number;
  nodes: number;
}

/** One graph, timed stage by stage. */
async function draw(text: string, run: ElkRunner): Promise<Split> {
  const t0 = performance.now();
  const parsed = parseFlow(text);
  const t1 = performance.now();
  const description = describeFlow(parsed);
  const t2 = performance.now();
  const graph = await layoutDescription(description, run);
  const t3 = performance.now();
  graphSvg(graph);
  const t4 = performance.now();
  return { parse: t1 - t0, describe: t2 - t1, layout: t3 - t2, render: t4 - t3, total: t4 - t0, nodes: graph.nodes.length };
}

/** The run with the median total. */
function medianOf(runs: Split[]): Split {
  return [...runs].sort((a, b) => a.total - b.total)[Math.floor(runs.length / 2)];
}

const cells = (s: Split) => [fmtMs(s.total), fmtMs(s.parse), fmtMs(s.describe), fmtMs(s.layout), fmtMs(s.render)];

function examples(): { name: string; text: string }[] {
  const dirs = [join(ROOT, 'examples', 'flows'), join(ROOT, 'examples', 'statemachine', 'flows')];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.flow.yaml'))
      .map((f) => ({ name: f.replace('.flow.yaml', ''), text: readFileSync(join(dir, f), 'utf8') })),
  );
}

async function main(): Promise<void> {
  console.log(`Flow graph: command → SVG ready (ms), node ${process.version}`);
  const rows: (string | number)[][] = [];
  const flows = examples();
  for (const [k, { name, text }] of flows.entries()) {
    // The thread not started: it starts and loads ELK for this graph (every first graph, before).
    const coldPool = new ElkWorkerPool(WORKER);
    const cold = await draw(text, coldPool.run);
    coldPool.dispose();
    // As the extension does: the thread warmed on the first flow opened (here another example),
    // then this one's graph asked for; then this flow opened first, so its layout is ready.
    const pool = new ElkWorkerPool(WORKER);
    const cache = new LayoutCache();
    await layoutDescription(describeFlow(parseFlow(flows[(k + 1) % flows.length].text)), cache.runner(pool.warm));
    const first = await draw(text, cache.runner(pool.run));
    const warm: Split[] = [];
    for (let i = 0; i < 7; i++) warm.push(await draw(text, pool.run));
    const opened = new LayoutCache();
    await layoutDescription(describeFlow(parseFlow(text)), opened.runner(pool.warm));
    const ready = await draw(text, opened.runner(pool.run));
    pool.dispose();
    const w = medianOf(warm);
    rows.push([name, parseFlow(text).dialect, w.nodes, fmtMs(cold.total), fmtMs(first.total), ...cells(w), fmtMs(ready.total)]);
  }
  printTable(['example', 'dialect', 'nodes', 'thread cold', 'thread warm: first graph', 'warm: median', 'parse', 'describe', 'layout', 'render', 'warmed on this flow'], rows);

  const big: (string | number)[][] = [];
  const pool = new ElkWorkerPool(WORKER);
  await layoutDescription(describeFlow(parseFlow(flows[0].text)), pool.warm);
  for (const [dialect, make] of [
    ['StateMachine', stateMachineFlow],
    ['classic', classicFlow],
  ] as const) {
    for (const n of SIZES) {
      const text = make(n);
      const runs: Split[] = [];
      const count = n >= 1000 ? 3 : n >= 500 ? 5 : 7;
      const c0 = process.cpuUsage();
      for (let i = 0; i < count; i++) runs.push(await draw(text, pool.run));
      const cpu = process.cpuUsage(c0);
      const m = medianOf(runs);
      big.push([dialect, n, m.nodes, ...cells(m), fmtMs((cpu.user + cpu.system) / 1000 / count), count]);
      console.log(`${dialect} ${n}: ${fmtMs(m.total)} ms`);
    }
  }
  pool.dispose();
  printTable(['generated', 'states', 'nodes', 'total (median)', 'parse', 'describe', 'layout (thread)', 'render', 'CPU per graph (all threads)', 'runs'], big);
}

if (require.main === module) void main();
