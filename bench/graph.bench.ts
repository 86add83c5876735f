/**
 * Flow graph benchmark: the time from a flow's text to the SVG the webview shows (parse, describe,
 * ELK layout, render), for generated StateMachine and classic flows of 100 and 1,000 states with
 * choices, catches, Parallel branches and Map processors. The first graph of the process (it loads
 * ELK) is timed apart; the median, p95 and the CPU time per graph follow one warm-up run (two runs
 * for 1,000 states, five or more below). Run: `npm run bench:graph`
 * (sizes: BENCH_SIZES).
 */
import { performance } from 'node:perf_hooks';
import { parseFlow } from '../fdl/parse';
import { describeFlow } from '../client/graph/describe-flow';
import { layoutDescription } from '../client/graph/elk-layout';
import { graphSvg } from '../client/graph/graph-svg';
import { fmtMs, measure, printTable } from './measure';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000').split(',').map(Number);

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

async function draw(text: string): Promise<number> {
  const graph = await layoutDescription(describeFlow(parseFlow(text)));
  graphSvg(graph);
  return graph.nodes.length;
}

async function main(): Promise<void> {
  const rows: (string | number)[][] = [];
  // The first graph of the process loads ELK.
  const t0 = performance.now();
  await draw(stateMachineFlow(10));
  console.log(`first graph of the process (10 states, loads ELK): ${fmtMs(performance.now() - t0)} ms`);
  for (const [dialect, make] of [
    ['StateMachine', stateMachineFlow],
    ['classic', classicFlow],
  ] as const) {
    for (const n of SIZES) {
      const text = make(n);
      // The first draw of each flow is the warm-up; large flows are timed on few runs.
      const nodes = await draw(text);
      const c0 = process.cpuUsage();
      const t = await measure(() => draw(text), n >= 1000 ? { minRuns: 2, budgetMs: 0, warmup: 0 } : { minRuns: 5, budgetMs: 3000, warmup: 0 });
      const cpu = process.cpuUsage(c0);
      rows.push([dialect, n, nodes, fmtMs(t.median), fmtMs(t.p95), fmtMs((cpu.user + cpu.system) / 1000 / t.runs), t.runs]);
      console.log(`${dialect} ${n}: median ${fmtMs(t.median)} ms`);
    }
  }
  printTable(['dialect', 'states', 'nodes drawn', 'median (ms)', 'p95 (ms)', 'CPU per graph (ms)', 'runs'], rows);
}

if (require.main === module) void main();
