/**
 * Where things are in a scenario file's text (scenario.ts), for editors: the scenario's lines (the
 * Testing view's run icon), the flow and mocks files it names, and the line of each expectation
 * (where a mismatch is shown). Reads YAML or JSON text; no I/O. Lines are 0-based.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { ScenarioExpectation } from './scenario';

export interface ScenarioOutline {
  name?: string;
  /** The `flow:` value as written (relative to the scenario file). */
  flow: string;
  /** The `mocks:` value when it names a file. */
  mocksFile?: string;
  /** The first and last line of the scenario's content (comments before it excluded). */
  startLine: number;
  endLine: number;
  /** The `expect:` key's line. */
  expectLine?: number;
  /** The line of each expectation written under `expect`. */
  fieldLines: Partial<Record<keyof ScenarioExpectation, number>>;
}

/** The outline of a scenario file's text, or undefined when the text is not a map with a `flow:` file. */
export function scenarioOutline(text: string): ScenarioOutline | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const lineOf = (n: Node | null | undefined) => (n?.range ? lines.linePos(n.range[0]).line - 1 : undefined);
  const pairOf = (map: typeof root, key: string) => map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  const flow = pairOf(root, 'flow');
  if (!flow || !isScalar(flow.value) || typeof flow.value.value !== 'string') return undefined;
  const name = pairOf(root, 'name');
  const mocks = pairOf(root, 'mocks');
  const expect = pairOf(root, 'expect');
  const fieldLines: ScenarioOutline['fieldLines'] = {};
  if (expect && isMap(expect.value)) {
    for (const field of ['status', 'output', 'error', 'cause', 'path'] as const) {
      const line = lineOf(pairOf(expect.value, field)?.key as Node | undefined);
      if (line !== undefined) fieldLines[field] = line;
    }
  }
  const [start, , end] = root.range ?? [0, 0, text.length];
  return {
    ...(name && isScalar(name.value) && typeof name.value.value === 'string' ? { name: name.value.value } : {}),
    flow: flow.value.value,
    ...(mocks && isScalar(mocks.value) && typeof mocks.value.value === 'string' ? { mocksFile: mocks.value.value } : {}),
    startLine: lines.linePos(start).line - 1,
    endLine: lines.linePos(Math.max(start, end - 1)).line - 1,
    ...(expect ? { expectLine: lineOf(expect.key as Node) } : {}),
    fieldLines,
  };
}
