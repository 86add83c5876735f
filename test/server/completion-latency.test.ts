import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../server/completion';
import { hover } from '../../server/hover';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';

const env: FeatureEnv = { locale: 'en', workspaceFunctions: () => [] };

function bigFlow(steps: number): string {
  const lines = ['version: v1', 'type: flow', 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push(
      '  - type: task',
      `    name: task${i}`,
      '    resourceArn: acs:fc:::services/orders/functions/f',
      '    inputMappings:',
      `      - target: a${i}`,
      '        source: $input.orderId',
      '    retry:',
      '      - errors: [FC.ResourceThrottled]',
      '    catch:',
      '      - errors: [FnF.ALL]',
      '        goto: task0',
    );
  }
  return lines.join('\n') + '\n';
}

function median(run: () => void, times = 41): number {
  const t: number[] = [];
  for (let i = 0; i < times; i++) {
    const s = performance.now();
    run();
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[times >> 1];
}

test('completion and hover on a 1,000-step flow take well under 5 ms (median) from the per-version cache', () => {
  const base = bigFlow(1000);
  const mid = base.indexOf('name: task500');
  const at = base.indexOf('\n', base.indexOf('resourceArn:', mid)) + 1;
  const text = base.slice(0, at) + '    pa\n' + base.slice(at);
  const cache = new FlowDocumentCache(() => 'en');
  const doc = cache.get(TextDocument.create('file:///big.flow.yaml', 'fdl', 1, text));
  const keyAt = at + 6;
  const gotoAt = text.indexOf('goto: task0', at) + 8;
  assert.ok(complete(doc, keyAt, env).some((i) => i.label === 'pattern'));
  assert.equal(complete(doc, gotoAt, env).length, 999);
  const keys = median(() => complete(doc, keyAt, env));
  const gotos = median(() => complete(doc, gotoAt, env));
  const tail = median(() => complete(doc, text.length - 5, env));
  const hovers = median(() => hover(doc, gotoAt, env));
  if (process.env.FDL_PRINT_TIMES) console.log({ keys, gotos, tail, hovers });
  for (const [what, ms] of Object.entries({ keys, gotos, tail, hovers })) assert.ok(ms < 5, `${what}: median ${ms.toFixed(2)} ms`);
});
