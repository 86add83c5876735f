import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { buildOnce, ROOT } from '../server/lsp-client';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, FDL_LOCALE: 'en' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

before(() => buildOnce());

test('a valid published flow passes with exit code 0 and no errors', () => {
  const r = cli('validate', fixture('valid.flow.yaml'), '--format', 'json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const rows = JSON.parse(r.stdout) as Row[];
  assert.deepEqual(
    rows.filter((x) => x.severity === 'error'),
    [],
  );
});

test('errors exit 1 with one JSON row per finding: file, line, column, severity, code, message', () => {
  const r = cli('validate', fixture('broken.flow.yaml'), fixture('valid.flow.yaml'), '--format', 'json');
  assert.equal(r.code, 1);
  const rows = JSON.parse(r.stdout) as Row[];
  const typo = rows.find((x) => x.code === 'schema-unknown-property');
  assert.ok(typo, r.stdout);
  assert.equal(typo.file, fixture('broken.flow.yaml'));
  assert.deepEqual([typo.line, typo.column, typo.severity], [7, 5, 'error']);
  assert.match(typo.message, /patern/);
  const step = rows.find((x) => x.code === 'schema-unknown-step-type');
  assert.ok(step);
  assert.equal(step.line, 8);
  for (const row of rows) for (const k of ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']) assert.ok(k in row, k);
});

test('YAML syntax errors are located rows too; the text format is file:line:column', () => {
  const r = cli('validate', fixture('not-yaml.flow.yaml'));
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length >= 1);
  assert.match(lines[0], /not-yaml\.flow\.yaml:\d+:\d+: error yaml-[a-z-]+: /);
});

test('a missing file is a row, not a crash; no files is a usage error', () => {
  const r = cli('validate', fixture('missing.flow.yaml'), '--format', 'json');
  assert.equal(r.code, 1);
  assert.equal((JSON.parse(r.stdout) as Row[])[0].code, 'file-unreadable');
  const u = cli('validate');
  assert.equal(u.code, 2);
  assert.match(u.stderr, /usage/);
});

test('a flow saved in another encoding (GBK) is one located file-not-utf8 row, not a flow checked with replaced characters', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-validate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'gbk.flow.yaml');
  // "name: 付款" with 付款 in GBK (B8 B6 BF EE): no UTF-8.
  writeFileSync(file, Buffer.concat([Buffer.from('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: '), Buffer.from([0xb8, 0xb6, 0xbf, 0xee]), Buffer.from('\n')]));
  const r = cli('validate', file, '--format', 'json');
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout) as Row[], [
    {
      file,
      line: 5,
      column: 11,
      endLine: 5,
      endColumn: 12,
      severity: 'error',
      code: 'file-not-utf8',
      message: 'This file is not UTF-8: byte 0xB8 here is no UTF-8 character. Save the file as UTF-8.',
    },
  ]);
});

test('both dialects: a StateMachine flow exported from the console passes, a mistaken one is located', () => {
  const cloudflow = (name: string) => join(__dirname, '..', 'fixtures', 'cloudflow', name);
  const ok = cli('validate', cloudflow('10-real-video-edit.yaml'), '--format', 'json');
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), []);
  const bad = cli('validate', cloudflow('invalid/transitions.yaml'), '--format', 'json');
  assert.equal(bad.code, 1);
  const rows = JSON.parse(bad.stdout) as Row[];
  assert.deepEqual(
    rows.map((r) => [r.code, r.line, r.column]),
    [
      ['sm-next-and-end', 12, 5],
      ['sm-missing-transition', 14, 11],
      ['sm-unreachable-state', 16, 11],
    ],
  );
});
