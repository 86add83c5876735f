/**
 * `fdl run` (the CLI as shipped) started many times at once on one store: nothing lost to a second
 * owner. The exclusive lock itself is raced more precisely in store-lock.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSync } from 'esbuild';
import { tempDir } from './helpers';

const ROOT = join(__dirname, '..', '..');

test(
  'fdl run started many times at once on one store: each run owns it alone or is refused StoreInUse, and every run that succeeded is in the store',
  { timeout: 60_000 },
  async (t) => {
    const dir = tempDir(t);
    const store = join(dir, 'store');
    // The CLI as shipped (dist/cli.js), bundled here so the test does not depend on a prior build.
    const cli = join(dir, 'cli.js');
    buildSync({
      entryPoints: [join(ROOT, 'engine', 'cli', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: cli,
      loader: { '.json': 'json' },
      logLevel: 'error',
    });
    const flow = join(ROOT, 'test', 'cli', 'fixtures', 'wait-then-pass.flow.yaml');
    const runs = Array.from({ length: 8 }, (_, i) => {
      const child = spawn(process.execPath, [cli, 'run', flow, '--name', `e${i}`, '--time-scale', '0', '--store', store, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      return new Promise<Record<string, unknown>>((resolve) => child.on('close', () => resolve(JSON.parse(out) as Record<string, unknown>)));
    });
    const results = await Promise.all(runs);
    const succeeded = results.filter((r) => r.status === 'Succeeded').map((r) => r.executionName as string);
    const refused = results.filter((r) => r.status !== 'Succeeded');
    assert.ok(succeeded.length >= 1, JSON.stringify(results));
    for (const r of refused) assert.equal(r.error, 'StoreInUse', JSON.stringify(r));
    const list = spawnSync(process.execPath, [cli, 'list', '--store', store], { encoding: 'utf8' });
    const listed = (JSON.parse(list.stdout) as { executionName: string; status: string }[]).filter((e) => e.status === 'Succeeded').map((e) => e.executionName);
    assert.deepEqual([...listed].sort(), [...succeeded].sort(), 'every run that printed Succeeded is in the store, and nothing else');
  },
);
