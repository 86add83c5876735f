/**
 * `fdl serve` as a user runs it: a separate process that prints its endpoint and key id, serves
 * the flows folder, runs local functions that call back, and exits cleanly on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

const root = resolve(__dirname, '..', '..', '..');
const fixtures = join(__dirname, 'fixtures');

test('fdl serve: endpoint + key id on stdout, a waitForCallback flow completes through it, SIGTERM exits 0', async () => {
  const store = mkdtempSync(join(tmpdir(), 'fdl-serve-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'engine', 'cli', 'main.ts'),
      'serve',
      '--store',
      store,
      '--flows',
      join(fixtures, 'flows'),
      '--functions',
      join(fixtures, 'local-app', 's.yaml'),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const info: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout! });
    for await (const line of lines) {
      const m = /^(\w+): (.*)$/.exec(line);
      if (m) info[m[1]] = m[2];
      if (info.store) break;
    }
    assert.match(info.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.keyFile, join(store, 'local-api-key.json'));
    const key = JSON.parse(readFileSync(info.keyFile, 'utf8'));
    assert.equal(info.accessKeyId, key.accessKeyId);
    assert.ok(!Object.values(info).some((v) => v.includes(key.accessKeySecret)), 'the secret is not printed');

    const client = new FnF({ endpoint: info.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 20000 } });
    await client.startExecution({ FlowName: 'approval', ExecutionName: 'via-serve', Input: JSON.stringify({ request: 'desk', mode: 'approve' }) });
    let d: any;
    for (let i = 0; i < 5; i++) {
      d = await client.describeExecution({ FlowName: 'approval', ExecutionName: 'via-serve', WaitTimeSeconds: 10 });
      if (d.Status !== 'Running') break;
    }
    assert.equal(d.Status, 'Succeeded', stderr.join('\n'));
    assert.equal(JSON.parse(d.Output).decision, 'approved: desk');
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr.join('\n'));
    assert.equal(existsSync(join(store, 'engine.lock')), false, 'the store lock is released');
    rmSync(store, { recursive: true, force: true });
  }
});
