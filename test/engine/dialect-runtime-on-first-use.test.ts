/**
 * Each dialect's run-time side (engine/run/dialects/index.ts) is required when a flow of that
 * dialect first runs, and the `yaml` reader (fdl/yaml/read.ts) when a text first needs it: a
 * classic run of a block YAML flow evaluates neither the StateMachine states nor CloudFlow's
 * expression language nor `yaml`'s path, and a StateMachine run then still runs as before.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runFlowFile } from '../../engine/run-flow';
import { tempDir } from './helpers';

const loaded = (file: string) => Object.keys(require.cache).some((k) => k.endsWith(join(...file.split('/'))));
const STATEMACHINE_SIDE = ['engine/run/dialects/statemachine.ts', 'engine/run/sm-states/task.ts', 'fdl/cloudflow/expressions/functions.ts'];
const YAML_PATH = ['fdl/yaml/yaml-document.ts', 'fdl/yaml/from-yaml-document.ts', 'fdl/yaml/syntax-errors.ts', 'fdl/yaml/sequence-blocks.ts'];

test('a classic run loads neither the StateMachine run-time side nor the yaml path; a StateMachine run then loads its own and succeeds', async (t) => {
  const dir = tempDir(t);
  const classic = join(dir, 'hello.flow.yaml');
  writeFileSync(classic, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: hello\n    resourceArn: acs:fc:::services/demo/functions/hello\n');
  const one = await runFlowFile({ flowPath: classic, timeScale: 0, mocks: { tasks: { hello: [{ output: { greeting: 'hi' } }] } } });
  assert.deepEqual([one.status, one.output], ['Succeeded', { greeting: 'hi' }]);
  assert.deepEqual([...STATEMACHINE_SIDE, ...YAML_PATH].filter(loaded), []);

  const sm = join(dir, 'shout.flow.yaml');
  writeFileSync(
    sm,
    'Type: StateMachine\nName: shout\nSpecVersion: v1\nStartAt: Up\nStates:\n  - Type: Pass\n    Name: Up\n    OutputConstructor:\n      n.$: intAdd(1, 2)\n    End: true\n',
  );
  const two = await runFlowFile({ flowPath: sm, timeScale: 0 });
  assert.deepEqual([two.status, two.output], ['Succeeded', { n: 3 }]);
  assert.deepEqual(STATEMACHINE_SIDE.filter(loaded), STATEMACHINE_SIDE);
});
