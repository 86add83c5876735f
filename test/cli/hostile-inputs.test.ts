/**
 * `fdl validate`, `run`, `test` and `test-step` given damaged or hostile files (flows of both
 * dialects, `--input` files, mocks files, scenarios): nested 10,000 levels, a billion laughs of
 * aliases, tabs, bytes that are not UTF-8, numbers beyond a double, a byte order mark, values of
 * the wrong type. Each gets a clear message naming the file (and the line where there is one),
 * the command's exit code for bad input, and never a stack trace or an engine error's text. An
 * option a command does not take, or one left without its value, is refused before anything runs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMAND_USAGE, optionProblem, optionsOf } from '../../engine/cli/command-usage';
import { tempDir } from '../engine/helpers';
import { fdl, type FdlResult } from './fdl-process';

const laughs = (indent: string, refer: (i: number) => string) =>
  [
    `${indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`,
    ...Array.from({ length: 29 }, (_, k) => `${indent}a${k + 1}: &a${k + 1} [${Array(10).fill(refer(k)).join(', ')}]`),
  ].join('\n');

const FLOWS: Record<string, { text: string | Buffer; expect: RegExp }> = {
  'deep.flow.yaml': { text: 'steps: ' + '['.repeat(10_000) + ']'.repeat(10_000), expect: /:1:\d+: error document-too-deep: / },
  'laughs.flow.yaml': {
    text: `version: v1\ntype: flow\n${laughs('', (i) => `*a${i}`)}\nsteps:\n  - type: pass\n    name: p\n    inputMappings:\n      - target: x\n        source: *a29\n`,
    expect: /:1:1: error yaml-alias-bomb: /,
  },
  'tabs.flow.yaml': { text: 'version: v1\ntype: flow\nsteps:\n\t- type: pass\n', expect: /:4:1: error yaml-tab-as-indent: / },
  'gbk.flow.yaml': { text: Buffer.from([...Buffer.from('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: '), 0xba, 0xaf, 0x0a]), expect: /:5:11: error file-not-utf8: / },
  'wrong-types.flow.yaml': { text: 'version: [v1]\ntype: {a: 1}\nsteps: 3\n', expect: /:3:8: error schema-wrong-type: `steps` must be a list/ },
  'sm-wrong-types.flow.yaml': {
    text: 'Type: StateMachine\nName: x\nSpecVersion: v1\nStartAt: [a]\nStates:\n  - x\n  - Type: Task\n    Name: {a: 1}\n    Next: 12\n',
    expect: /:4:10: error schema-wrong-type: `StartAt` must be a string/,
  },
  'infinity.flow.yaml': {
    text: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n    inputMappings:\n      - target: x\n        source: .inf\n',
    expect: /:8:17: error number-out-of-range: /,
  },
};

const TASK_FLOW = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:cn-hangzhou:1:functions/f\n';

function noCrash(what: string, r: FdlResult): void {
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at |TypeError|RangeError|ReferenceError|Maximum call stack/, `${what}: ${r.stderr}`);
}

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

test('validate: every hostile flow of either dialect is one or more located errors, exit 1, no stack trace', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  write(dir, Object.fromEntries(Object.entries(FLOWS).map(([name, f]) => [name, f.text])));
  const r = await fdl(['validate', ...Object.keys(FLOWS).map((f) => join(dir, f))]);
  assert.equal(r.code, 1, r.stderr);
  noCrash('validate', r);
  for (const [name, f] of Object.entries(FLOWS)) {
    const lines = r.stdout.split('\n').filter((l) => l.startsWith(join(dir, name) + ':'));
    assert.ok(
      lines.some((l) => f.expect.test(l)),
      `${name}: ${f.expect} not in\n${lines.join('\n')}`,
    );
  }
});

test('run and test-step: a hostile flow is refused with its located errors, exit 2, no stack trace', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  for (const name of ['laughs.flow.yaml', 'deep.flow.yaml', 'sm-wrong-types.flow.yaml']) {
    writeFileSync(join(dir, name), FLOWS[name].text);
    const run = await fdl(['run', join(dir, name), '--time-scale', '0', '--store', join(dir, 'store')]);
    assert.equal(run.code, 2, `${name}: ${run.stderr}`);
    noCrash(name, run);
    assert.match(run.stdout + run.stderr, new RegExp(`${join(dir, name).replace(/[.]/g, '\\.')}${FLOWS[name].expect.source}`), name);
  }
  const step = await fdl(['test-step', join(dir, 'laughs.flow.yaml'), 'p']);
  assert.equal(step.code, 2, step.stderr);
  noCrash('test-step', step);
  assert.match(step.stdout + step.stderr, /yaml-alias-bomb|too many aliases/);
});

test('run --input @file: a byte order mark is read past; a file not UTF-8, nested too deep or holding 1e400 is refused naming it, exit 2', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = join(dir, 'pass.flow.yaml');
  writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
  const inputs: Record<string, { text: string | Buffer; code: number; expect: RegExp }> = {
    'bom.json': { text: '\ufeff{"a": 1}', code: 0, expect: /Succeeded/ },
    'gbk.json': {
      text: Buffer.from([...Buffer.from('{\n  "a": "'), 0xba, 0xaf, ...Buffer.from('"}')]),
      code: 2,
      expect: /^fdl: --input file .*gbk\.json cannot be read: it is not UTF-8 \(byte 0xBA at line 2, column 9\); save it as UTF-8$/m,
    },
    'deep.json': { text: '['.repeat(100_000) + ']'.repeat(100_000), code: 2, expect: /^fdl: --input nests more than 128 levels deep \(at \$\[0\]/m },
    'huge.json': { text: '{"order": {"amount": 1e400}}', code: 2, expect: /^fdl: --input holds a number at \$\.order\.amount beyond the range/m },
  };
  for (const [name, input] of Object.entries(inputs)) {
    writeFileSync(join(dir, name), input.text);
    const r = await fdl(['run', flow, '--input', `@${join(dir, name)}`, '--time-scale', '0', '--store', join(dir, 'store')]);
    assert.equal(r.code, input.code, `${name}: ${r.stderr}`);
    noCrash(name, r);
    assert.match(r.stdout + r.stderr, input.expect, name);
  }
});

test(
  'run --mocks: a billion laughs, a mock output of JSON text holding 1e400, mocks nested too deep: refused naming the file (and line), exit 2',
  { timeout: 120_000 },
  async (t) => {
    const dir = tempDir(t);
    const flow = join(dir, 'task.flow.yaml');
    writeFileSync(flow, TASK_FLOW);
    const mocks: Record<string, { text: string; expect: RegExp }> = {
      'laughs.yaml': { text: `${laughs('', (i) => `*a${i}`)}\ntasks:\n  t:\n    - output: *a29\n`, expect: /^fdl: .*laughs\.yaml: not YAML or JSON: / },
      'text-number.yaml': {
        text: `tasks:\n  t:\n    - output: '{"a": 1e400}'\n`,
        expect: /^fdl: .*text-number\.yaml:3: `t`, entry 1: output holds a number at \$\.a beyond the range/,
      },
      'deep.yaml': { text: `tasks:\n  t:\n    - output: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, expect: /^fdl: .*deep\.yaml:3: nests collections more than 200 levels deep/ },
    };
    for (const [name, m] of Object.entries(mocks)) {
      writeFileSync(join(dir, name), m.text);
      const r = await fdl(['run', flow, '--mocks', join(dir, name), '--time-scale', '0', '--store', join(dir, 'store')]);
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      noCrash(name, r);
      assert.match(r.stderr, m.expect, name);
    }
  },
);

test('test: hostile scenarios each FAIL with a message naming the file, the others still run, exit 1, no stack trace', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  write(dir, { 'task.flow.yaml': TASK_FLOW });
  const scenarios: Record<string, { text: string | Buffer; expect: RegExp }> = {
    'deep.scenario.yaml': {
      text: `flow: task.flow.yaml\ninput: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      expect: /deep\.scenario\.yaml:2: nests collections more than 200 levels deep; it is not read/,
    },
    'laughs.scenario.yaml': { text: `flow: task.flow.yaml\n${laughs('', (i) => `*a${i}`)}\ninput: {x: *a29}\n`, expect: /laughs\.scenario\.yaml: not YAML: / },
    'gbk.scenario.yaml': {
      text: Buffer.from([...Buffer.from('flow: task.flow.yaml\ninput: {a: "'), 0xba, 0xaf, ...Buffer.from('"}\n')]),
      expect: /gbk\.scenario\.yaml cannot be read: it is not UTF-8 \(byte 0xBA at line 2, column 13\)/,
    },
    'tabs.scenario.yaml': { text: 'flow: task.flow.yaml\ninput:\n\ta: 1\n', expect: /tabs\.scenario\.yaml: not YAML: Tabs are not allowed as indentation at line 3/ },
    'wrong-types.scenario.yaml': { text: 'flow: [task.flow.yaml]\ninput: 3\n', expect: /wrong-types\.scenario\.yaml: a scenario needs `flow: <file>`/ },
    'text-number.scenario.yaml': {
      text: `flow: task.flow.yaml\nmocks: {tasks: {t: [{output: '{"a": 1e400}'}]}}\n`,
      expect: /text-number\.scenario\.yaml: `t`, entry 1: output holds a number at \$\.a/,
    },
    'fine.scenario.yaml': { text: 'flow: task.flow.yaml\nmocks: {tasks: {t: [{output: {a: 1}}]}}\nexpect: {status: Succeeded, output: {a: 1}}\n', expect: /^PASS /m },
  };
  write(dir, Object.fromEntries(Object.entries(scenarios).map(([name, s]) => [name, s.text])));
  // A fixture folder whose expected.json is cut short.
  mkdirSync(join(dir, 'broken-fixture'));
  write(join(dir, 'broken-fixture'), { 'flow.flow.yaml': TASK_FLOW, 'mocks.yaml': 'tasks: {t: [{output: {}}]}\n', 'expected.json': '{"status": ' });
  scenarios['broken-fixture'] = { text: '', expect: /broken-fixture\/expected\.json: not JSON: / };
  const r = await fdl(['test', ...Object.keys(scenarios).map((s) => join(dir, s)), '--time-scale', '0']);
  assert.equal(r.code, 1, r.stderr);
  noCrash('test', r);
  for (const [name, s] of Object.entries(scenarios)) {
    const block = r.stdout.split(/\n(?=PASS |FAIL )/).find((b) => b.includes(join(dir, name)));
    assert.ok(block, `${name}: not reported in\n${r.stdout}`);
    assert.match(block, s.expect, name);
  }
  assert.match(r.stdout, /^1 passed, 7 failed$/m);
});

test(
  'an option the command does not take, or one given no value, is refused before anything runs, naming it (a typo gets its likely option), exit 2',
  { timeout: 60_000 },
  async (t) => {
    const dir = tempDir(t);
    const flow = join(dir, 'pass.flow.yaml');
    writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
    const store = join(dir, 'store');
    const typo = await fdl(['run', flow, '--mock', 'mocks.yaml', '--store', store]);
    assert.equal(typo.code, 2, typo.stderr);
    assert.equal(typo.stderr, 'fdl: unknown option --mock for fdl run (did you mean --mocks?); fdl run --help lists its options\n');
    assert.equal(existsSync(store), false, 'nothing ran');
    const bare = await fdl(['run', flow, '--input', '--store', store]);
    assert.equal(bare.code, 2, bare.stderr);
    assert.equal(bare.stderr, 'fdl: option --input of fdl run needs a value; fdl run --help shows what it takes\n');
    const validate = await fdl(['validate', '--json', flow], { LANG: 'zh_CN.UTF-8' });
    assert.equal(validate.code, 2, validate.stderr);
    assert.equal(validate.stderr, 'fdl：fdl validate 没有选项 --json；fdl validate --help 列出它的选项\n');
  },
);

test('every option a usage line names is accepted by that command, with its value where it takes one', () => {
  for (const [command, { usage }] of Object.entries(COMMAND_USAGE)) {
    const options = optionsOf(usage);
    assert.ok(options.size > 0, command);
    const args = [...options].flatMap(([name, takesValue]) => (takesValue ? [`--${name}`, 'x'] : [`--${name}`]));
    assert.equal(optionProblem(usage, args), undefined, command);
    for (const [name, takesValue] of options) if (takesValue) assert.deepEqual(optionProblem(usage, [`--${name}`]), { kind: 'no-value', option: name }, `${command} --${name}`);
  }
  assert.deepEqual(
    [...optionsOf(COMMAND_USAGE.run.usage)].filter(([, v]) => !v).map(([k]) => k),
    ['json', 'history'],
  );
  // After `--`, everything is positional: a task token may start with dashes.
  assert.equal(optionProblem(COMMAND_USAGE['report-success'].usage, ['--', '--Xa3']), undefined);
});
