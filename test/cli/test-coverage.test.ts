/**
 * `fdl test --coverage` prints each flow's coverage after the scenario results (the summary, then
 * every target never taken with its line), in English and Chinese; `--coverage-json FILE` writes
 * the documented JSON (docs/coverage.md) for CI. Neither changes the exit code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, ROOT } from './fdl-process';

const FIXTURES = join(ROOT, 'test', 'engine', 'analysis', 'fixtures');
const scenario = (name: string) => join(FIXTURES, `${name}.scenario.yaml`);
const EN = { LANG: 'en_US.UTF-8' };

test('fdl test --coverage prints the summary per flow and where each target never taken is', { timeout: 60_000 }, async () => {
  const r = await fdl(['test', scenario('order-fan'), '--coverage', scenario('order-loop'), scenario('order-sm-fan'), scenario('order-sm-loop')], EN);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const tally = lines.indexOf('4 passed, 0 failed');
  assert.ok(tally > 0, r.stdout);
  const after = lines.slice(tally + 1).map((l) => l.replace(/^.*test\/engine\/analysis\/fixtures\//, '').replace(/: .*test\/engine\/analysis\/fixtures\//, ': '));
  assert.deepEqual(after, [
    'order.flow.yaml (2 run(s)): 9/10 steps, 2/4 branches, 1/2 catches, 1/1 retries',
    'order.flow.yaml:38:21 catch work: FnF.ALL',
    'order.flow.yaml:45:20 branch route: $.kind == "skip"',
    'order.flow.yaml:48:7 default route',
    'order.flow.yaml:50:17 step unknown',
    'order-sm.flow.yaml (2 run(s)): 8/8 states, 2/4 branches, 1/2 catches, 1/1 retries',
    'order-sm.flow.yaml:15:20 branch Route: $Input.kind == "skip"',
    'order-sm.flow.yaml:17:14 default Route',
    'order-sm.flow.yaml:56:15 catch Work: FnF.ALL',
  ]);
  assert.match(lines[tally + 1], /^coverage of .*order\.flow\.yaml/);
  assert.match(lines[tally + 2], /^ {2}never taken: /);
});

test('fdl test --coverage-json writes the JSON report; the exit code is still the scenarios’ own', { timeout: 60_000 }, async (t) => {
  const out = join(tempDir(t), 'coverage.json');
  const r = await fdl(['test', scenario('order-skip'), join(FIXTURES, 'missing.scenario.yaml'), '--coverage-json', out], EN);
  assert.equal(r.code, 1, 'a scenario that cannot be read still fails the run');
  assert.doesNotMatch(r.stdout, /coverage of/, 'without --coverage nothing is printed');
  assert.match(r.stderr, /coverage written to /);
  const json = JSON.parse(readFileSync(out, 'utf8')) as {
    format: string;
    version: number;
    flows: { flow: string; dialect: string; executions: number; summary: Record<string, { covered: number; total: number }>; targets: Record<string, unknown>[] }[];
  };
  assert.equal(json.format, 'flow-studio-coverage');
  assert.equal(json.version, 1);
  assert.equal(json.flows.length, 1);
  const [flow] = json.flows;
  assert.match(flow.flow, /test\/engine\/analysis\/fixtures\/order\.flow\.yaml$/);
  assert.equal(flow.dialect, 'classic');
  assert.equal(flow.executions, 1);
  assert.deepEqual(flow.summary.states, { covered: 2, total: 10 });
  assert.deepEqual(flow.summary.branches, { covered: 1, total: 4 });
  assert.deepEqual(
    flow.targets.find((x) => x.id === '$/route:branch2'),
    { id: '$/route:branch2', kind: 'branch', state: 'route', scope: '$', index: 2, label: '$.kind == "skip"', line: 45, column: 20, hits: 1 },
  );
});

test('fdl test --coverage speaks Chinese; a bare --coverage-json is refused with exit 2', { timeout: 60_000 }, async () => {
  const zh = await fdl(['test', scenario('order-sm-other'), '--coverage'], { LC_ALL: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 0, zh.stderr);
  assert.match(zh.stdout, /order-sm\.flow\.yaml 的覆盖率（1 次运行）：状态 2\/8，分支 1\/4，Catch 0\/2，Retry 0\/1/);
  assert.match(zh.stdout, /从未执行：.*order-sm\.flow\.yaml:19:11 状态 FanOut/);
  const bare = await fdl(['test', scenario('order-sm-other'), '--coverage-json'], EN);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /^fdl: option --coverage-json of fdl test needs a value; fdl test --help shows what it takes$/m);
});
