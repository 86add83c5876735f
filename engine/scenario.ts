/**
 * Declarative scenarios for `fdl test` (and the engine's own fixture tests).
 *
 * A scenario is either a file (YAML or JSON):
 *   flow: order.flow.yaml          # relative to the scenario file
 *   input: {orderId: 1}
 *   mocks: order.mocks.yaml        # a mocks file, or inline {tasks: …}
 *   expect: {status: Succeeded, output: {…}, error: …, cause: …, path: [StepA, StepB]}
 * or a folder holding flow.flow.yaml, input.json, mocks.yaml and expected.json (the expect part).
 * Only the expectations written are checked; `path` lists steps in the order they finished.
 */
import { deepStrictEqual } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadMocksFile, parseMocks, type MocksFile } from './invokers/mock-invoker';
import { runFlowFile, type RunFlowResult } from './run-flow';
import type { TaskInvoker } from './invoker';

export interface ScenarioExpectation {
  status?: string;
  output?: unknown;
  error?: string;
  cause?: string;
  path?: string[];
}

export interface Scenario {
  name: string;
  flowPath: string;
  input: Record<string, unknown>;
  mocks?: MocksFile;
  expect: ScenarioExpectation;
}

export function loadScenario(path: string): Scenario {
  const p = resolve(path);
  if (statSync(p).isDirectory()) {
    const read = (f: string) => (existsSync(join(p, f)) ? readFileSync(join(p, f), 'utf8') : undefined);
    const flowFile = ['flow.flow.yaml', 'flow.flow.yml'].map((f) => join(p, f)).find((f) => existsSync(f));
    if (!flowFile) throw new Error(`${path}: no flow.flow.yaml in this folder`);
    return {
      name: p.split(/[\\/]/).pop() ?? path,
      flowPath: flowFile,
      input: JSON.parse(read('input.json') ?? '{}') as Record<string, unknown>,
      mocks: read('mocks.yaml') !== undefined ? parseMocks(read('mocks.yaml')!, join(p, 'mocks.yaml')) : undefined,
      expect: JSON.parse(read('expected.json') ?? '{}') as ScenarioExpectation,
    };
  }
  const doc = parseYaml(readFileSync(p, 'utf8')) as { name?: string; flow?: string; input?: Record<string, unknown>; mocks?: string | MocksFile; expect?: ScenarioExpectation } | null;
  if (!doc || typeof doc.flow !== 'string') throw new Error(`${path}: a scenario needs \`flow: <file>\``);
  const base = dirname(p);
  const mocks = typeof doc.mocks === 'string' ? loadMocksFile(resolve(base, doc.mocks)) : doc.mocks ? parseMocks(JSON.stringify(doc.mocks), path) : undefined;
  return { name: doc.name ?? path, flowPath: resolve(base, doc.flow), input: doc.input ?? {}, mocks, expect: doc.expect ?? {} };
}

export interface ScenarioResult {
  scenario: Scenario;
  result?: RunFlowResult;
  failures: string[];
}

/**
 * Runs one scenario. A scenario needs no persistence: its history is kept in memory (MemoryStore)
 * unless `storeDir` asks for a durable store there.
 */
export async function runScenario(s: Scenario, options: { storeDir?: string; timeScale?: number; invokers?: TaskInvoker[] } = {}): Promise<ScenarioResult> {
  try {
    const result = await runFlowFile({ flowPath: s.flowPath, input: s.input, mocks: s.mocks, storeDir: options.storeDir, timeScale: options.timeScale ?? 0, invokers: options.invokers });
    return { scenario: s, result, failures: compare(s.expect, result) };
  } catch (e) {
    return { scenario: s, failures: [`could not run: ${(e as Error).message}`] };
  }
}

function compare(expect: ScenarioExpectation, r: RunFlowResult): string[] {
  const failures: string[] = [];
  const check = (what: string, want: unknown, got: unknown) => {
    if (want === undefined) return;
    try {
      deepStrictEqual(got, want);
    } catch {
      failures.push(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  };
  check('status', expect.status, r.status);
  check('output', expect.output, r.output);
  check('error', expect.error, r.error);
  check('cause', expect.cause, r.cause);
  check('path', expect.path, r.path);
  return failures;
}
