/**
 * Format Document (fdl/format.ts) on large flows, beside its floor: `yaml`'s own parseDocument +
 * toString of the same text, which the formatter is built on (everything above that floor is the
 * formatter's own checks). Generated flows of both dialects at a quarter, a half and all of a
 * 1.4 MB size, and classic flows where every step reuses the first's mappings through an alias
 * (the case that once made one walk of the document per alias). Median and p95 of repeated runs;
 * the machine is shared, so compare the two columns of one run, not runs with each other.
 *
 *   npx tsx bench/format.bench.ts
 */
import { parseDocument } from 'yaml';
import { formatFlowText } from '../fdl/format';
import { generateFlow } from './generate-flow';
import { generateStateMachine } from './generate-statemachine';
import { fmtMs, measure, printTable } from './measure';

function aliasedFlow(n: number): string {
  let s = 'version: v1\ntype: flow\nsteps:\n- type: pass\n  name: s0\n  inputMappings: &m\n  - target: a\n    source: $input.a\n';
  for (let i = 1; i < n; i++) s += `- type: pass\n  name: s${i}\n  inputMappings: *m\n`;
  return s;
}

const FLOOR_OPTIONS = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false };

async function main(): Promise<void> {
  const cases: [string, string][] = [
    ...[2_000, 4_000, 8_000].map((n) => [`classic, ${n} steps`, generateFlow(n)] as [string, string]),
    ...[1_000, 2_000, 4_000].map((n) => [`StateMachine, ${n} states`, generateStateMachine(n)] as [string, string]),
    ...[7_500, 15_000, 30_000].map((n) => [`classic, ${n - 1} aliases`, aliasedFlow(n)] as [string, string]),
  ];
  const rows: (string | number)[][] = [];
  for (const [name, text] of cases) {
    const r = formatFlowText(text, 'en');
    if (!r.ok) throw new Error(`${name}: ${r.reason}`);
    const ours = await measure(() => formatFlowText(text, 'en'), { minRuns: 3, budgetMs: 4000, warmup: 1 });
    const floor = await measure(() => parseDocument(text, { uniqueKeys: false, logLevel: 'silent' }).toString(FLOOR_OPTIONS), { minRuns: 3, budgetMs: 4000, warmup: 1 });
    rows.push([name, (text.length / 1e6).toFixed(2), fmtMs(ours.median), fmtMs(ours.p95), fmtMs(floor.median), (ours.median / floor.median).toFixed(2)]);
  }
  printTable(['flow', 'MB', 'format median ms', 'format p95 ms', 'yaml parse + toString median ms', 'ratio'], rows);
}

void main();
