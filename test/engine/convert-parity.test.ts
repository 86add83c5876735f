/**
 * Converting classic flows, proved by running (docs/convert-classic.md): every classic flow of the
 * engine fixtures (test/engine/fixtures/<case>) and of examples/ (cases in convert-parity/) that
 * converts is run as written and as converted by fdl/cloudflow/convert-classic.ts, on the same
 * input and mocks, and the two results must agree on status, error and output.
 *
 * Where they legitimately cannot agree, the case says so beside its data (a fixture's convert.json,
 * an example case's `differs`): which of status / error / output differ, the converter finding that
 * warns the user about it, and why. Such a mark is checked too: the marked fields must differ (a
 * stale mark fails), the others must agree, and the converter must have reported the finding.
 * `engine` marks a difference that is the engine's to settle; it is reported as a todo.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../../fdl/index';
import { convertClassicFlow } from '../../fdl/cloudflow/convert-classic';
import { flowNameFromPath } from '../../engine/flow-resolver';
import { parseMocks, type MocksFile } from '../../engine/invokers/mock-invoker';
import { runFlowFile } from '../../engine/run-flow';
import { loadScenario } from '../../engine/scenario';
import { tempDir } from './helpers';

type Field = 'status' | 'error' | 'output';
const FIELDS: Field[] = ['status', 'error', 'output'];

interface Differs {
  fields: Field[];
  /** The converter finding that tells the user about this difference, or null when none can (reason says why). */
  finding: string | null;
  reason: string;
}

interface ParityCase {
  name: string;
  flowPath: string;
  input: Record<string, unknown>;
  mocks?: MocksFile;
  differs?: Differs;
  engine?: string;
}

const fixtures = join(__dirname, 'fixtures');
const examples = join(__dirname, 'convert-parity');

function fixtureCases(): ParityCase[] {
  const out: ParityCase[] = [];
  for (const name of readdirSync(fixtures).sort()) {
    const s = loadScenario(join(fixtures, name));
    const mark = existsSync(join(fixtures, name, 'convert.json'))
      ? (JSON.parse(readFileSync(join(fixtures, name, 'convert.json'), 'utf8')) as Pick<ParityCase, 'differs' | 'engine'>)
      : {};
    out.push({ name: `fixture ${name}`, flowPath: s.flowPath, input: s.input, mocks: s.mocks, ...mark });
  }
  return out;
}

function exampleCases(): ParityCase[] {
  const out: ParityCase[] = [];
  for (const file of readdirSync(examples)
    .filter((f) => f.endsWith('.parity.yaml'))
    .sort()) {
    const path = join(examples, file);
    const doc = parseYaml(readFileSync(path, 'utf8')) as {
      flow: string;
      cases: { name: string; input: Record<string, unknown>; mocks?: unknown; differs?: Differs; engine?: string }[];
    };
    for (const c of doc.cases) {
      out.push({
        name: `${basename(doc.flow)}: ${c.name}`,
        flowPath: resolve(dirname(path), doc.flow),
        input: c.input,
        mocks: c.mocks ? parseMocks(JSON.stringify(c.mocks), path) : undefined,
        ...(c.differs ? { differs: c.differs } : {}),
        ...(c.engine ? { engine: c.engine } : {}),
      });
    }
  }
  return out;
}

/** The classic flows that convert: classic, and without errors (the converter's precondition). */
function converts(text: string): boolean {
  const a = analyze(text);
  return a.parsed.dialect === 'classic' && !a.diagnostics.some((d) => d.severity === 'error');
}

async function outcome(flowPath: string, c: ParityCase): Promise<Record<Field, unknown> & { cause?: string }> {
  // The same execution name for both, so `$Context` / `$context` reads agree; child flows beside the original.
  const r = await runFlowFile({ flowPath, input: c.input, mocks: c.mocks, timeScale: 0, executionName: 'parity', flowsDirs: [dirname(c.flowPath)] });
  return { status: r.status, error: r.error, output: r.output, cause: r.cause };
}

const cases = [...fixtureCases(), ...exampleCases()].filter((c) => converts(readFileSync(c.flowPath, 'utf8')));

test('the parity cases cover the examples and most engine fixtures', () => {
  assert.ok(cases.filter((c) => c.name.startsWith('fixture ')).length >= 40, 'engine fixtures');
  for (const f of ['order-approval', 'expense-approval', 'batch-thumbnails'])
    assert.ok(
      cases.some((c) => c.name.startsWith(`${f}.flow.yaml`)),
      f,
    );
});

for (const c of cases) {
  test(`${c.name}: the converted flow runs to the classic flow's result`, { todo: c.engine }, async (t) => {
    const text = readFileSync(c.flowPath, 'utf8');
    const flowName = flowNameFromPath(c.flowPath);
    const conversion = convertClassicFlow(analyze(text).parsed.flow, text, { name: flowName });
    const convertedPath = join(tempDir(t), basename(c.flowPath));
    writeFileSync(convertedPath, conversion.yaml);
    const classic = await outcome(c.flowPath, c);
    const converted = await outcome(convertedPath, c);
    const show = `\nclassic:   ${JSON.stringify(classic)}\nconverted: ${JSON.stringify(converted)}\n${conversion.yaml}`;
    const marked = new Set(c.differs?.fields ?? []);
    for (const f of FIELDS) {
      if (marked.has(f)) assert.notDeepEqual(converted[f], classic[f], `${c.name}: ${f} is marked as differing but agrees (remove the mark)${show}`);
      else assert.deepEqual(converted[f], classic[f], `${c.name}: ${f} differs${show}`);
    }
    if (c.differs?.finding) {
      const codes = conversion.findings.map((x) => x.code);
      assert.ok(codes.includes(c.differs.finding as (typeof codes)[number]), `${c.name}: the converter should report ${c.differs.finding}; it reported ${codes.join(', ')}`);
    }
    if (c.differs) assert.ok(c.differs.reason.length > 20, `${c.name}: a mark needs its reason`);
  });
}
