/**
 * The Run Flow picker's saved inputs (`<flow>.inputs.json`) when that file cannot be read whole: a
 * FIFO, a link to /dev/zero, a file over the JSON limit, bytes that are not UTF-8. Each gives no
 * inputs and a reason (shown as a warning), in the user's language; nothing blocks or fills the
 * memory of the extension host.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSavedInputsFile } from '../../../client/local/saved-inputs-file';
import { MAX_JSON_BYTES } from '../../../engine/json-limits';
import { tempDir } from '../../engine/helpers';

test('saved inputs: a missing file is none; a non-UTF-8, oversize, device or FIFO file is none with why', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(readSavedInputsFile(join(dir, 'missing.inputs.json')), { inputs: [] });
  const ok = join(dir, 'ok.inputs.json');
  writeFileSync(ok, '{"small": {"n": 1}}');
  assert.deepEqual(readSavedInputsFile(ok), { inputs: [{ name: 'small', input: '{"n":1}' }] });
  const gbk = join(dir, 'gbk.inputs.json');
  writeFileSync(gbk, Buffer.concat([Buffer.from('{"'), Buffer.from([0xba, 0xaf]), Buffer.from('": {}}')]));
  assert.deepEqual(readSavedInputsFile(gbk, 'en'), { inputs: [], error: 'it is not UTF-8 (byte 0xBA at line 1, column 3); save it as UTF-8' });
  assert.deepEqual(readSavedInputsFile(gbk, 'zh-cn'), { inputs: [], error: '它不是 UTF-8 编码（第 1 行第 3 列的字节 0xBA）；请以 UTF-8 保存' });
  const big = join(dir, 'big.inputs.json');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, MAX_JSON_BYTES + 1);
  closeSync(fd);
  assert.match(readSavedInputsFile(big, 'en').error ?? '', new RegExp(`^it is ${MAX_JSON_BYTES + 1} bytes, more than the ${MAX_JSON_BYTES} bytes`));
  if (existsSync('/dev/zero')) {
    const zero = join(dir, 'zero.inputs.json');
    symlinkSync('/dev/zero', zero);
    assert.deepEqual(readSavedInputsFile(zero, 'en'), { inputs: [], error: 'it is a device, not a regular file; nothing was read from it' });
  }
  const fifo = join(dir, 'pipe.inputs.json');
  if (spawnSync('mkfifo', [fifo]).status === 0)
    assert.deepEqual(readSavedInputsFile(fifo, 'en'), { inputs: [], error: 'it is a named pipe (FIFO), not a regular file; nothing was read from it' });
});
