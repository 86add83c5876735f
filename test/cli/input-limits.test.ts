import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildOnce, ROOT } from '../server/lsp-client';

// The input limits live in the language layer, so the CLI refuses the same texts the editor does.
const dir = mkdtempSync(join(tmpdir(), 'fdl-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => buildOnce());

function validate(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'validate', file, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, FDL_LOCALE: 'en' } });
  return { code: r.status, rows: JSON.parse(r.stdout) as { line: number; column: number; code: string; severity: string; message: string }[] };
}

test('a document nested too deeply is one located document-too-deep error, exit 1', () => {
  const r = validate('deep.flow.yaml', 'version: v1\nx: ' + '['.repeat(1000) + '\n');
  assert.equal(r.code, 1);
  assert.deepEqual(
    r.rows.map((x) => [x.code, x.severity, x.line]),
    [['document-too-deep', 'error', 2]],
  );
  assert.match(r.rows[0].message, /more than 200 levels/);
});

test('a document over the size limit is one document-too-large error, exit 1', () => {
  const r = validate('huge.flow.yaml', '# ' + 'x'.repeat(2_100_000) + '\n');
  assert.equal(r.code, 1);
  assert.deepEqual(
    r.rows.map((x) => [x.code, x.line, x.column]),
    [['document-too-large', 1, 1]],
  );
});

test('a quoted item of a few hundred `{` across a line break: one located error, well within a second', () => {
  const text = readFileSync(join(ROOT, 'test', 'fdl', 'parser-budget', 'quoted-braces.flow.yaml'), 'utf8');
  const t0 = Date.now();
  const r = validate('braces.flow.yaml', text);
  // The process's own start is included; the parse alone took 10 to 20 s before the guard.
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
  assert.equal(r.code, 1);
  assert.deepEqual(
    r.rows.map((x) => [x.code, x.line]),
    [['document-too-deep', 14]],
  );
});
