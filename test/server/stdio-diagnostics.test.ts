/**
 * Diagnostics as an editor receives them: published over stdio by `node dist/server.js --stdio`
 * to a real JSON-RPC client, checked field by field (range, severity, code, source, message) for
 * each kind of finding: a YAML syntax error, a schema finding and a semantic rule finding. The
 * server takes its locale from the client's `InitializeParams.locale` (VS Code sends its display
 * language there); with `zh-cn` the same findings arrive in Simplified Chinese.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient } from './lsp-client';

const SYNTAX = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: "first\n  - type: succeed\n    name: done\n';
const SCHEMA = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: hello\n    resourceArn: acs:fc:::services/demo/functions/hello\n    patern: requestResponse\n';
const RULE =
  'version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: route\n    choices:\n      - condition: $.ok\n        goto: finnish\n    default:\n      goto: finish\n  - type: pass\n    name: finish\n';

let en: LspClient;
let zh: LspClient;
before(async () => {
  buildOnce();
  en = new LspClient();
  zh = new LspClient();
  await Promise.all([en.initialize({ locale: 'en' }), zh.initialize({ locale: 'zh-cn' })]);
});
after(async () => {
  await Promise.all([en.stop(), zh.stop()]);
});

async function published(client: LspClient, name: string, text: string): Promise<Diagnostic[]> {
  const uri = `file:///ws/${name}.flow.yaml`;
  await client.open(uri, text);
  return client.diagnosticsOf(uri);
}

/** The fields an editor shows, without `data` (quick-fix payload, tested with code actions). */
function shown(d: Diagnostic) {
  // (LSP 3.18 allows markup in a message; this server sends plain text.)
  return { range: d.range, severity: d.severity, code: d.code, source: d.source, message: String(d.message) };
}

const range = (line: number, start: number, endLine: number, end: number) => ({ start: { line, character: start }, end: { line: endLine, character: end } });

test('a YAML syntax error is published with its range, severity, code and our message', async () => {
  const diags = (await published(en, 'syntax', SYNTAX)).map(shown);
  assert.deepEqual(diags, [
    {
      range: range(6, 13, 6, 14),
      severity: DiagnosticSeverity.Error,
      code: 'yaml-missing-char',
      source: 'fdl',
      message: 'YAML syntax error: a quoted value is missing its closing double quote `"`. Add the closing quote at the end of the value.',
    },
  ]);
});

test('a schema finding (an unknown key) is published on the key, with did-you-mean', async () => {
  const diags = (await published(en, 'schema', SCHEMA)).map(shown);
  assert.deepEqual(diags, [
    {
      range: range(6, 4, 6, 10),
      severity: DiagnosticSeverity.Error,
      code: 'schema-unknown-property',
      source: 'fdl',
      message: 'Unknown property `patern` on a task step — did you mean `pattern`?',
    },
  ]);
});

test('a semantic rule finding (goto to a missing step) is published on the target', async () => {
  const diags = (await published(en, 'rule', RULE)).map(shown);
  const goto = diags.filter((d) => d.code === 'unknown-goto-target');
  assert.equal(goto.length, 1, JSON.stringify(diags, null, 1));
  assert.deepEqual(goto[0].range, range(7, 14, 7, 21));
  assert.equal(goto[0].severity, DiagnosticSeverity.Error);
  assert.equal(goto[0].source, 'fdl');
  assert.match(goto[0].message, /^No step named `finnish`/);
});

test('with the zh-cn client locale the same findings arrive in Simplified Chinese, same ranges and codes', async () => {
  for (const [name, text] of [
    ['syntax', SYNTAX],
    ['schema', SCHEMA],
    ['rule', RULE],
  ] as const) {
    const inEnglish = (await published(en, `${name}-again`, text)).map(shown);
    const inChinese = (await published(zh, name, text)).map(shown);
    assert.deepEqual(
      inChinese.map(({ range, severity, code }) => ({ range, severity, code })),
      inEnglish.map(({ range, severity, code }) => ({ range, severity, code })),
      name,
    );
    for (const d of inChinese) {
      assert.match(d.message, /[\u4e00-\u9fff]/, `${name} ${d.code}: ${d.message}`);
      // No English sentence outside quoted names.
      assert.doesNotMatch(d.message.replace(/`[^`]*`/g, ''), /[A-Za-z]{3,} [A-Za-z]{2,} [A-Za-z]{2,}/, `${name} ${d.code}: ${d.message}`);
    }
  }
  const syntax = shown((await published(zh, 'syntax-zh', SYNTAX))[0]);
  assert.equal(syntax.message, 'YAML 语法错误：带引号的值缺少结尾的 双引号 `"`。请在值的末尾补上结尾引号。');
});
