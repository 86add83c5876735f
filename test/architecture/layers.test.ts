// The layers import only what ARCHITECTURE.md allows, and no project file takes part in an import
// cycle. The first test checks the real tree; the others feed the check small made-up trees, so a
// bad import is shown to fail with a message naming the file, the import and the rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { checkArchitecture, describeReport } from './layer-rules';
import type { SourceFile } from './import-graph';

const root = join(__dirname, '..', '..');
const SOURCE_FOLDERS = ['fdl', 'engine', 'startup', 'server', 'client', 'debug', 'test', 'bench', 'scripts'];
const SKIPPED = new Set(['node_modules', 'fixtures', '.cache', 'dist']);

function projectSources(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mts|js|mjs|cjs)$/.test(entry.name)) out.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(join(root, folder));
  return out;
}

/** The check over a made-up tree, with no known cycles unless given. */
const checkMadeUp = (entries: Record<string, string>, knownCycles: string[][] = []) =>
  checkArchitecture(
    Object.entries(entries).map(([path, text]): SourceFile => ({ path, text })),
    undefined,
    knownCycles,
  );

test('the tree keeps every layer rule and has no import cycle but the known ones', () => {
  const sources = projectSources();
  const problems = describeReport(checkArchitecture(sources));
  assert.deepEqual(problems, []);
  assert.ok(
    sources.some((f) => f.path === 'engine/index.ts'),
    'engine/index.ts is found',
  );
  assert.ok(sources.length > 300, `${sources.length} files read`);
});

test('client/ reaching an engine file other than engine/index.ts fails, naming file, import and rule', () => {
  const report = checkMadeUp({
    'engine/index.ts': "export type { Backend } from './backend';\n",
    'engine/backend.ts': 'export interface Backend {}\n',
    'client/ok.ts': "import type { Backend } from '../engine/index';\nimport { x } from '../engine';\nimport * as vscode from 'vscode';\n",
    'client/views/bad.ts': "import * as vscode from 'vscode';\nimport type { Backend } from '../../engine/backend';\n",
  });
  assert.deepEqual(describeReport(report), [
    "client/views/bad.ts:2 imports '../../engine/backend': client/ reaches the engine only through engine/index.ts (and the debug adapter in debug/, which it runs inline), and never imports server/ (it starts it as a process)",
  ]);
});

test('fdl/ importing an I/O module, a Node built-in or an unlisted package fails; its libraries pass', () => {
  const report = checkMadeUp({
    'fdl/parse.ts':
      "import { parseDocument } from 'yaml';\nimport Ajv from 'ajv';\nimport { sha256 } from '@noble/hashes/sha2.js';\nimport raw from '../schemas/fdl-v1.schema.json';\n",
    'fdl/read.ts': "import { readFileSync } from 'node:fs';\nimport { spawn } from 'child_process';\nconst http = require('node:http');\n",
    'fdl/lazy.ts': "export const load = () => import('../engine/run-flow');\nexport const v = () => import('vscode');\n",
  });
  assert.deepEqual(
    report.violations.map((v) => `${v.file}:${v.line} ${v.specifier}`),
    ['fdl/read.ts:1 node:fs', 'fdl/read.ts:2 child_process', 'fdl/read.ts:3 node:http', 'fdl/lazy.ts:1 ../engine/run-flow', 'fdl/lazy.ts:2 vscode'],
  );
  assert.match(describeReport(report)[0], /^fdl\/read\.ts:1 imports 'node:fs': fdl\/ is the pure language core: .*no I\/O$/);
});

test('engine/ importing vscode, server/ or client/ fails; server/ importing engine/, client/ or vscode fails', () => {
  const report = checkMadeUp({
    'engine/run.ts':
      "import { parse } from '../fdl/parse';\nimport { readFile } from 'node:fs';\nimport * as vscode from 'vscode';\nimport { x } from '../client/config';\nimport { y } from '../server/hover';\n",
    'engine/lsp.ts': "import { LanguageClient } from 'vscode-languageclient/node';\n",
    'server/hover.ts':
      "import { analyze } from '../fdl/index';\nimport { createConnection } from 'vscode-languageserver/node';\nimport { LocalBackend } from '../engine/index';\nimport type { T } from '../client/model/t';\nimport * as vscode from 'vscode';\n",
  });
  assert.deepEqual(
    report.violations.map((v) => `${v.file}:${v.line} ${v.specifier}`),
    [
      'engine/run.ts:3 vscode',
      'engine/run.ts:4 ../client/config',
      'engine/run.ts:5 ../server/hover',
      'engine/lsp.ts:1 vscode-languageclient/node',
      'server/hover.ts:3 ../engine/index',
      'server/hover.ts:4 ../client/model/t',
      'server/hover.ts:5 vscode',
    ],
  );
  assert.match(describeReport(report)[3], /^engine\/lsp\.ts:1 imports 'vscode-languageclient\/node': engine\/ runs outside VS Code/);
});

test('an import cycle fails and names its files, whatever kind of import closes it; comments and strings do not count', () => {
  const report = checkMadeUp({
    'fdl/a.ts': "import { b } from './b';\n// import { z } from './z';\nexport const s = \"import('./c')\";\n",
    'fdl/b.ts': "export { c } from './sub/c';\n",
    'fdl/sub/c.ts': "import type { A } from '../a';\n",
    'engine/x.ts': "export const y = () => import('./y');\n",
    'engine/y.ts': "const x = require('./x');\n",
    'engine/self.ts': "import './self';\n",
    'fdl/z.ts': "import { a } from './a';\n",
  });
  assert.deepEqual(report.violations, []);
  assert.deepEqual(describeReport(report).sort(), [
    'import cycle: engine/self.ts -> engine/self.ts (no import cycles among project files)',
    'import cycle: engine/x.ts -> engine/y.ts -> engine/x.ts (no import cycles among project files)',
    'import cycle: fdl/a.ts -> fdl/b.ts -> fdl/sub/c.ts -> fdl/a.ts (no import cycles among project files)',
  ]);
});

test('a known cycle that is gone fails too, so the list of known cycles only shrinks', () => {
  const report = checkMadeUp({ 'fdl/model.ts': 'export type Span = [number, number];\n' }, [['fdl/model.ts', 'fdl/yaml/tree.ts', 'fdl/model.ts']]);
  assert.deepEqual(describeReport(report), [
    'the known cycle fdl/model.ts -> fdl/yaml/tree.ts -> fdl/model.ts is gone: remove it from KNOWN_CYCLES in test/architecture/layer-rules.ts',
  ]);
});
