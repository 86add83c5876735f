/** scenarioOutline: the lines the Testing view shows a scenario and its mismatches at, in YAML and JSON scenarios. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scenarioOutline } from '../../engine/scenario-outline';

test('a YAML scenario of the corpus: its content lines, its flow and each expectation line', () => {
  const text = readFileSync(join(__dirname, 'statemachine-corpus', '06-parallel.scenario.yaml'), 'utf8');
  assert.deepEqual(scenarioOutline(text), {
    flow: '../../fixtures/cloudflow/06-parallel.yaml',
    startLine: 1,
    endLine: 3,
    expectLine: 3,
    fieldLines: { status: 3, output: 3, path: 3 },
  });
});

test('block YAML with a name, a mocks file and expectations on their own lines', () => {
  const text = [
    '# comment',
    'name: happy path',
    'flow: order.flow.yaml',
    'mocks: order.mocks.yaml',
    'expect:',
    '  status: Succeeded',
    '  path:',
    '    - A',
    '  output: {a: 1}',
    '',
  ].join('\n');
  assert.deepEqual(scenarioOutline(text), {
    name: 'happy path',
    flow: 'order.flow.yaml',
    mocksFile: 'order.mocks.yaml',
    startLine: 1,
    endLine: 8,
    expectLine: 4,
    fieldLines: { status: 5, path: 6, output: 8 },
  });
});

test('JSON scenarios are read too; text that is no scenario has no outline', () => {
  const outline = scenarioOutline('{\n  "flow": "f.flow.yaml",\n  "expect": {\n    "error": "Boom"\n  }\n}\n');
  assert.equal(outline?.fieldLines.error, 3);
  assert.equal(scenarioOutline('tasks: {}'), undefined);
  assert.equal(scenarioOutline('- a\n- b'), undefined);
  assert.equal(scenarioOutline(': : :'), undefined);
});
