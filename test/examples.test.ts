/**
 * The examples/ workspace a newcomer opens: every example flow validates with zero errors, the
 * deliberately broken one shows its diagnostic, and the flows run on the engine as their comments
 * promise (mocks, local functions, and a function calling back through the real FnF SDK).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRequire } from 'node:module';

interface FnfClient {
  startExecution(req: Record<string, string>): Promise<unknown>;
  describeExecution(req: Record<string, string>): Promise<unknown>;
  getExecutionHistory(req: Record<string, string>): Promise<unknown>;
  reportTaskSucceeded(req: Record<string, string>): Promise<unknown>;
}
// The real SDK (plain JS, no typings): the same client examples/functions/auto-approver uses.
const FnF = createRequire(import.meta.url)('@alicloud/fnf-2019-03-15') as new (config: Record<string, unknown>) => FnfClient;

const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'dist', 'cli.js');
const examples = join(repo, 'examples');
const flowsDir = join(examples, 'flows');
const exampleFlows = readdirSync(flowsDir)
  .filter((f) => f.endsWith('.flow.yaml'))
  .sort();
// The StateMachine examples (`Type: StateMachine`) with their own s.yaml (FC 3.0) and functions.
const smDir = join(examples, 'statemachine');
const smFlowsDir = join(smDir, 'flows');
const smFlows = readdirSync(smFlowsDir)
  .filter((f) => f.endsWith('.flow.yaml'))
  .sort();

interface CliDiagnostic {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

function validate(files: string[]): CliDiagnostic[] {
  const r = spawnSync(process.execPath, [cli, 'validate', ...files, '--format', 'json'], { cwd: repo, encoding: 'utf8' });
  return JSON.parse(r.stdout || '[]') as CliDiagnostic[];
}

function runFlow(flow: string, args: string[], dir = flowsDir): { status: string; output: unknown; error: string | null } {
  const store = mkdtempSync(join(tmpdir(), 'examples-store-'));
  try {
    const r = spawnSync(process.execPath, [cli, 'run', join(dir, flow), '--json', '--store', store, ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    assert.ok(r.stdout, `fdl run ${flow} printed nothing; stderr:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

before(() => {
  if (!existsSync(cli)) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
});

describe('examples/', () => {
  it('holds flows for every task pattern and step type', () => {
    const text = exampleFlows.map((f) => readFileSync(join(flowsDir, f), 'utf8')).join('\n');
    for (const pattern of ['requestResponse', 'sync', 'waitForCallback']) assert.match(text, new RegExp(`pattern: ${pattern}\\b`), pattern);
    for (const type of ['task', 'pass', 'choice', 'parallel', 'foreach', 'wait', 'succeed', 'fail']) assert.match(text, new RegExp(`type: ${type}\\b`), type);
  });

  for (const flow of exampleFlows) {
    it(`${flow} validates with zero errors`, () => {
      const errors = validate([join(flowsDir, flow)]).filter((d) => d.severity === 'error');
      assert.deepEqual(errors, []);
    });
  }

  it('holds StateMachine flows: an approval waiting for a custom callback, a Map over orders with a Parallel inside, built-in functions', () => {
    const text = (f: string) => readFileSync(join(smFlowsDir, f), 'utf8');
    assert.match(text('leave-approval.flow.yaml'), /TaskMode: WaitForCustomCallback\b[^]*taskToken\.\$: \$Context\.Current\.TaskToken/);
    assert.match(text('order-fulfilment.flow.yaml'), /Type: Map\b[^]*Processor:[^]*Type: Parallel\b/);
    for (const fn of ['format', 'split', 'get', 'length', 'hash', 'uuid', 'jsonMerge', 'arrayContains'])
      assert.match(text('signup-greeting.flow.yaml'), new RegExp(`\\.\\$: [^\\n]*\\b${fn}\\(`), fn);
  });

  for (const flow of smFlows) {
    it(`statemachine/${flow} validates with zero errors and has its sample input, saved inputs and mocks`, () => {
      const file = join(smFlowsDir, flow);
      assert.match(readFileSync(file, 'utf8'), /^Type: StateMachine$/m);
      assert.deepEqual(validate([file]), []);
      const base = flow.replace(/\.flow\.yaml$/, '');
      for (const companion of ['input.json', 'inputs.json', 'mocks.yaml']) assert.ok(existsSync(join(smFlowsDir, `${base}.${companion}`)), `${base}.${companion}`);
      JSON.parse(readFileSync(join(smFlowsDir, `${base}.input.json`), 'utf8'));
    });
  }

  it('every function the StateMachine examples call is declared in statemachine/s.yaml with its code', () => {
    const sYaml = readFileSync(join(smDir, 's.yaml'), 'utf8');
    const called = smFlows.flatMap((f) => [...readFileSync(join(smFlowsDir, f), 'utf8').matchAll(/resourceArn: acs:fc:::functions\/([\w-]+)/g)].map((m) => m[1]));
    assert.ok(called.length >= 4);
    for (const name of called) {
      assert.match(sYaml, new RegExp(`functionName: ${name}\\n`), name);
      assert.ok(existsSync(join(smDir, 'functions', name, 'index.js')), name);
    }
  });

  it('broken/diagnostics-demo.flow.yaml shows its deliberate error', () => {
    const diagnostics = validate([join(examples, 'broken', 'diagnostics-demo.flow.yaml')]);
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code, d.line]),
      [['error', 'unknown-goto-target', 13]],
    );
  });

  it('batch-thumbnails runs on its mocks (foreach, wait, pass)', () => {
    const r = runFlow('batch-thumbnails.flow.yaml', [
      '--input',
      `@${join(flowsDir, 'batch-thumbnails.input.json')}`,
      '--mocks',
      join(flowsDir, 'batch-thumbnails.mocks.yaml'),
      '--time-scale',
      '0.01',
    ]);
    assert.deepEqual(r, { status: 'Succeeded', output: { thumbnails: ['cat-thumb.png', 'dog-thumb.png', 'fox-thumb.png'], count: 3 }, error: null, cause: null });
  });

  it('thumbnails-statemachine (Type: StateMachine) runs on the make-thumbnail function and on its mocks to the same output (Map, FC task, Wait, Pass)', () => {
    const expected = {
      status: 'Succeeded',
      output: { thumbnails: [{ thumbnail: 'cat-thumb.png' }, { thumbnail: 'dog-thumb.png' }, { thumbnail: 'fox-thumb.png' }], count: 3, title: '3 thumbnails' },
      error: null,
      cause: null,
    };
    const input = `@${join(flowsDir, 'thumbnails-statemachine.input.json')}`;
    assert.deepEqual(runFlow('thumbnails-statemachine.flow.yaml', ['--input', input, '--functions', join(examples, 's.yaml'), '--time-scale', '0']), expected);
    assert.deepEqual(
      runFlow('thumbnails-statemachine.flow.yaml', ['--input', input, '--mocks', join(flowsDir, 'thumbnails-statemachine.mocks.yaml'), '--time-scale', '0']),
      expected,
    );
  });

  it('the StateMachine examples run on their FC 3.0 functions and on their mocks to the same output', () => {
    const smRun = (base: string, via: string[]) => runFlow(`${base}.flow.yaml`, ['--input', `@${join(smFlowsDir, `${base}.input.json`)}`, '--time-scale', '0', ...via], smFlowsDir);
    const functions = ['--functions', join(examples, 'statemachine', 's.yaml')];
    const mocks = (base: string) => ['--mocks', join(smFlowsDir, `${base}.mocks.yaml`)];
    const fulfilled = {
      status: 'Succeeded',
      output: {
        results: [
          { orderId: 'A-2001', reservation: 'R-tea-set-1', receipt: 'receipt-A-2001', status: 'fulfilled' },
          { orderId: 'A-2002', reservation: 'R-green-tea-4', receipt: 'receipt-A-2002', status: 'fulfilled' },
        ],
        count: 2,
      },
      error: null,
      cause: null,
    };
    assert.deepEqual(smRun('order-fulfilment', functions), fulfilled);
    assert.deepEqual(smRun('order-fulfilment', mocks('order-fulfilment')), fulfilled);
    for (const via of [functions, mocks('signup-greeting')]) {
      const r = smRun('signup-greeting', via) as { status: string; output: { userId: string; greeting: string; sent: boolean } };
      assert.equal(r.status, 'Succeeded');
      assert.match(r.output.userId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'uuid() makes the user id');
      assert.deepEqual({ ...r.output, userId: '' }, { userId: '', greeting: 'Welcome, Mei!', sent: true });
    }
    // The approval waits for a person on its function; its mocks play the approver.
    assert.deepEqual(smRun('leave-approval', mocks('leave-approval')), {
      status: 'Succeeded',
      output: { summary: 'Mei Lin is off for 3 days', comment: 'enjoy' },
      error: null,
      cause: null,
    });
  });

  it('order-approval stops at SoldOut when the inventory function says so (local code, choice, fail)', () => {
    const r = runFlow('order-approval.flow.yaml', [
      '--input',
      JSON.stringify({ orderId: 'X', sku: 'out-of-tea', quantity: 1, amount: 5 }),
      '--functions',
      join(examples, 's.yaml'),
    ]);
    assert.equal(r.status, 'Failed');
    assert.equal(r.error, 'OutOfStock');
  });
});

describe('examples/ on the local FnF API (fdl serve)', () => {
  let serve: ReturnType<typeof spawn> | undefined;
  let store = '';
  let client: FnfClient;

  before(async () => {
    store = mkdtempSync(join(tmpdir(), 'examples-serve-'));
    serve = spawn(process.execPath, [cli, 'serve', '--store', store, '--flows', flowsDir, '--functions', join(examples, 's.yaml')], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    serve.stderr!.on('data', (d) => (err += d));
    const endpoint = await new Promise<string>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`fdl serve did not print its endpoint:\n${out}\n${err}`)), 20_000);
      serve!.stdout!.on('data', (d) => {
        out += d;
        const m = /endpoint: (\S+)/.exec(out);
        if (m && /keyFile: (\S+)/.test(out)) {
          clearTimeout(t);
          res(m[1]);
        }
      });
    });
    const keyFile = /keyFile: (\S+)/.exec(out)![1];
    const key = JSON.parse(readFileSync(keyFile, 'utf8')) as { accessKeyId: string; accessKeySecret: string };
    client = new FnF({ endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 15_000 } });
  });

  after(() => {
    serve?.kill();
    rmSync(store, { recursive: true, force: true });
  });

  async function finished(flowName: string, executionName: string) {
    for (let i = 0; i < 60; i++) {
      const d = (await client.describeExecution({ FlowName: flowName, ExecutionName: executionName })) as { Status: string; Output?: string };
      if (d.Status !== 'Running' && d.Status !== 'Starting') return d;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${flowName}/${executionName} still running after 15 s`);
  }

  it('order-approval succeeds: auto-approver reports back through @alicloud/fnf-2019-03-15', async () => {
    const input = readFileSync(join(flowsDir, 'order-approval.input.json'), 'utf8');
    const started = (await client.startExecution({ FlowName: 'order-approval', ExecutionName: 'small-order', Input: input })) as { Name: string };
    const d = await finished('order-approval', started.Name);
    assert.equal(d.Status, 'Succeeded', JSON.stringify(d));
    const output = JSON.parse(d.Output ?? '{}') as Record<string, unknown>;
    assert.equal(output.approvedBy, 'auto-approver');
  });

  it('order-approval waits for a manager above the automatic limit, and a report with the task token finishes it', async () => {
    const saved = JSON.parse(readFileSync(join(flowsDir, 'order-approval.inputs.json'), 'utf8')) as Record<string, unknown>;
    await client.startExecution({ FlowName: 'order-approval', ExecutionName: 'big-order', Input: JSON.stringify(saved['above the automatic limit']) });
    let token: string | undefined;
    for (let i = 0; i < 60 && !token; i++) {
      const history = JSON.stringify(await client.getExecutionHistory({ FlowName: 'order-approval', ExecutionName: 'big-order' }));
      token = /ManagerApproval[^]*?taskToken\\*":\\*"([^"\\]+)/.exec(history)?.[1];
      if (!token) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(token, 'no task token for ManagerApproval in the history');
    const waiting = (await client.describeExecution({ FlowName: 'order-approval', ExecutionName: 'big-order' })) as { Status: string };
    assert.equal(waiting.Status, 'Running');
    await client.reportTaskSucceeded({ TaskToken: token, Output: '{}' });
    assert.equal((await finished('order-approval', 'big-order')).Status, 'Succeeded');
  });

  it('order-approval catches a declined payment (sync task error → catch → fail)', async () => {
    const input = { ...JSON.parse(readFileSync(join(flowsDir, 'order-approval.input.json'), 'utf8')), card: '4000000000000000' };
    await client.startExecution({ FlowName: 'order-approval', ExecutionName: 'declined', Input: JSON.stringify(input) });
    const d = (await finished('order-approval', 'declined')) as { Status: string; Error?: string };
    assert.equal(d.Status, 'Failed');
  });
});
