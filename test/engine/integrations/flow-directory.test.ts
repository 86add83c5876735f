/**
 * The local API's named flows (`<name>.flow.yaml` in its folders) when a file there cannot be read
 * whole: not UTF-8, a link to /dev/zero, a FIFO. Each is no flow (DescribeFlow says FlowNotExists,
 * ListFlows leaves it out) and the others are still listed; nothing hangs or fills the memory.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { tempDir } from '../helpers';

test('a flow file that is not UTF-8, a link to /dev/zero or a FIFO is no flow; the readable ones are listed', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'ok.flow.yaml'), 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n');
  writeFileSync(
    join(dir, 'gbk.flow.yaml'),
    Buffer.concat([Buffer.from('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: '), Buffer.from([0xba, 0xaf]), Buffer.from('\n')]),
  );
  const flows = flowDirectory([dir]);
  assert.equal(flows.get('gbk'), undefined);
  if (existsSync('/dev/zero')) symlinkSync('/dev/zero', join(dir, 'zero.flow.yaml'));
  spawnSync('mkfifo', [join(dir, 'pipe.flow.yaml')]);
  assert.equal(flows.get('zero'), undefined);
  assert.equal(flows.get('pipe'), undefined);
  assert.deepEqual(
    flows.list().map((f) => f.name),
    ['ok'],
  );
});
