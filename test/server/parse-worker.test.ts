/**
 * The language server parses in a worker thread within a time budget (server/parse-worker.ts):
 * a parse comes back equal to one made on the calling thread, and a parse past its budget is
 * abandoned with one located error while the next text parses in a new worker.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeParsed, parseFlow } from '../../fdl/index';
import { WorkerParser } from '../../server/parse-worker';
import { buildOnce, ROOT } from './lsp-client';

const SCRIPT = join(ROOT, 'dist', 'parse-worker.js');
const FLOW = readFileSync(join(ROOT, 'examples', 'flows', 'order-approval.flow.yaml'), 'utf8');
const parsers: WorkerParser[] = [];
before(() => buildOnce());
after(() => parsers.forEach((p) => p.dispose()));

/** A parser whose worker has loaded (before that, texts are parsed on the calling thread). */
async function parser(budgetMs?: number): Promise<WorkerParser> {
  const p = new WorkerParser(SCRIPT, budgetMs);
  parsers.push(p);
  assert.equal(await p.whenLoaded(), true);
  return p;
}

test('a flow parsed in the worker is the parse made on this thread (model, diagnostics, positions)', async () => {
  const broken = FLOW.replace('type: flow', 'type: flow\nx: [ "{{{\n');
  const p = await parser();
  for (const text of [FLOW, broken]) {
    const here = parseFlow(text, 'zh-cn');
    const there = await p.parse(text, 'zh-cn');
    assert.deepEqual(
      there.steps.map((s) => [s.type, s.name, s.span]),
      here.steps.map((s) => [s.type, s.name, s.span]),
    );
    assert.deepEqual(there.value, here.value);
    assert.deepEqual(analyzeParsed(there, { locale: 'zh-cn' }), analyzeParsed(here, { locale: 'zh-cn' }));
    assert.deepEqual(there.lines.positionAt(text.length - 1), here.lines.positionAt(text.length - 1));
    // Scopes and their steps are still one graph (a step's scope holds the step itself).
    for (const s of there.steps) assert.ok(s.scope.steps.includes(s));
    assert.equal(there.doc.errors.length, here.doc.errors.length);
  }
});

test('a parse past its budget is abandoned: one located document-too-complex error, and the next text parses anew', async () => {
  // A megabyte of steps cannot be parsed (nor the worker even started) within 1 ms.
  const big = FLOW + FLOW.slice(FLOW.indexOf('steps:') + 7).repeat(Math.ceil(1_000_000 / FLOW.length));
  const p = await parser(1);
  const refused = await p.parse(big, 'en');
  assert.deepEqual(
    refused.syntaxDiagnostics.map((d) => d.code),
    ['document-too-complex'],
  );
  assert.match(refused.syntaxDiagnostics[0].message, /took longer than 0\.001 s/);
  assert.equal(refused.steps.length, 0);
  assert.equal(refused.lines.positionAt(big.length).line, big.split('\n').length - 1);
  const zh = await p.parse(big, 'zh-cn');
  assert.match(zh.syntaxDiagnostics[0].message, /读取此文档超过/);
  // The same parser with room to work: a new worker answers.
  const roomy = await parser();
  assert.equal((await roomy.parse(FLOW, 'en')).steps.length, parseFlow(FLOW).steps.length);
});

test('a parser started later (the server: once its first diagnostics are out) parses on this thread until warmUp, then in its worker', async () => {
  const big = FLOW + FLOW.slice(FLOW.indexOf('steps:') + 7).repeat(Math.ceil(1_000_000 / FLOW.length));
  const p = new WorkerParser(SCRIPT, 1, undefined, false);
  parsers.push(p);
  // No worker yet: the text is parsed here, whatever the budget.
  const here = await p.parse(big, 'en');
  assert.deepEqual(here.syntaxDiagnostics, []);
  assert.ok(here.steps.length > 1000);
  p.warmUp();
  assert.equal(await p.whenLoaded(), true);
  // Now in the worker, within its 1 ms budget: refused.
  assert.deepEqual(
    (await p.parse(big, 'en')).syntaxDiagnostics.map((d) => d.code),
    ['document-too-complex'],
  );
});
