import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, withCursor } from './lsp-client';

let client: LspClient;
let n = 0;

before(async () => {
  buildOnce();
  client = new LspClient();
  const ws = pathToFileURL(join(__dirname, 'fixtures', 'workspace')).toString();
  await client.initialize({ locale: 'en', workspaceFolders: [{ uri: ws, name: 'ws' }] });
});
after(() => client.stop());

/** Opens `src` (with a `|` cursor) as a new document and completes at the cursor. */
async function completeAt(src: string): Promise<CompletionItem[]> {
  const { text, position } = withCursor(src);
  const uri = `file:///ws/c${++n}.flow.yaml`;
  await client.open(uri, text);
  const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  return Array.isArray(r) ? r : (r?.items ?? []);
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const flow = (body: string) => `version: v1\ntype: flow\nsteps:\n${body}`;

test('keys of a task step while typing on a new line, without keys already written', async () => {
  const items = await completeAt(flow(`  - type: task\n    name: a\n    pat|\n  - type: pass\n    name: b\n`));
  const l = labels(items);
  for (const k of ['pattern', 'resourceArn', 'serviceParams', 'retry', 'catch', 'inputMappings', 'timeoutSeconds']) assert.ok(l.includes(k), k);
  assert.ok(!l.includes('type') && !l.includes('name'), 'present keys are not offered again');
  assert.ok(!l.includes('choices'), 'no keys of other step types');
  const pattern = items.find((i) => i.label === 'pattern')!;
  assert.match(JSON.stringify(pattern.documentation), /waitForCallback/);
  assert.deepEqual((pattern.textEdit as { range: unknown }).range, { start: { line: 5, character: 4 }, end: { line: 5, character: 7 } });
});

test('keys by context: flow level, choice, retry, catch, iterationMapping, mappings', async () => {
  assert.deepEqual(labels(await completeAt(`version: v1\n|`)).sort(), ['inputMappings', 'outputMappings', 'steps', 'timeoutSeconds', 'type']);
  assert.ok(labels(await completeAt(flow(`  - type: choice\n    name: c\n    |\n`))).includes('choices'));
  assert.deepEqual(labels(await completeAt(flow(`  - type: choice\n    name: c\n    choices:\n      - |\n`))).sort(), ['condition', 'goto', 'steps']);
  const retry = labels(await completeAt(flow(`  - type: task\n    retry:\n      - errors: [FnF.ALL]\n        |\n`)));
  assert.deepEqual(retry.sort(), ['intervalSeconds', 'maxAttempts', 'maxIntervalSeconds', 'multiplier']);
  assert.deepEqual(labels(await completeAt(flow(`  - type: task\n    catch:\n      - |\n`))).sort(), ['errors', 'goto']);
  assert.deepEqual(labels(await completeAt(flow(`  - type: foreach\n    iterationMapping:\n      collection: $.a\n      |\n`))).sort(), ['index', 'item']);
  assert.deepEqual(labels(await completeAt(flow(`  - type: pass\n    inputMappings:\n      - |\n`))).sort(), ['source', 'target']);
});

test('serviceParams keys follow the resource kind; enum values for InvocationType and pattern', async () => {
  assert.deepEqual(labels(await completeAt(flow(`  - type: task\n    resourceArn: acs:fc:::services/s/functions/f\n    serviceParams:\n      |\n`))).sort(), [
    'InvocationType',
    'StatefulAsyncInvocationID',
  ]);
  assert.deepEqual(labels(await completeAt(flow(`  - type: task\n    resourceArn: acs:fnf:::flow/child\n    serviceParams:\n      |\n`))).sort(), ['ExecutionName', 'Input']);
  assert.deepEqual(labels(await completeAt(flow(`  - type: task\n    resourceArn: acs:fc:::services/s/functions/f\n    serviceParams:\n      InvocationType: |\n`))), [
    'Sync',
    'Async',
  ]);
  assert.deepEqual(labels(await completeAt(flow(`  - type: task\n    pattern: |\n`))), ['requestResponse', 'sync', 'waitForCallback']);
  const types = labels(await completeAt(flow(`  - type: |\n`)));
  assert.deepEqual(types.sort(), ['choice', 'fail', 'foreach', 'parallel', 'pass', 'succeed', 'task', 'wait']);
});

test('goto offers only the steps in scope: siblings of the choice or of the failing step', async () => {
  const src = flow(`  - type: pass
    name: first
  - type: choice
    name: pick
    choices:
      - condition: $.a
        steps:
          - type: pass
            name: nested
        goto: |
  - type: succeed
    name: done
`);
  const items = await completeAt(src);
  assert.deepEqual(labels(items), ['first', 'done']);
  const resolved = await client.request<CompletionItem>('completionItem/resolve', items[1]);
  assert.match((resolved.documentation as { value: string }).value, /\*\*done\*\* — succeed step at line 14\n\n```yaml\ntype: succeed\nname: done\n```/);
  const inner = flow(`  - type: pass
    name: outer
  - type: parallel
    name: par
    branches:
      - steps:
          - type: task
            name: t
            catch:
              - errors: [FnF.ALL]
                goto: |
          - type: fail
            name: oops
`);
  assert.deepEqual(labels(await completeAt(inner)), ['oops']);
});

test('error names in retry and catch, in flow and block sequences', async () => {
  const flowSeq = labels(await completeAt(flow(`  - type: task\n    retry:\n      - errors: [FnF.ALL, |]\n`)));
  assert.ok(flowSeq.includes('FC.ResourceThrottled') && flowSeq.includes('FnF.Timeout'));
  const block = labels(await completeAt(flow(`  - type: task\n    catch:\n      - errors:\n          - FC|\n`)));
  assert.ok(block.includes('FC.ResourceExhausted'));
});

test('$input / $local / $context paths with fields seen in earlier mappings', async () => {
  const items = labels(
    await completeAt(
      flow(`  - type: task
    name: a
    inputMappings:
      - target: orderId
        source: $input.id
    outputMappings:
      - target: total
        source: $local.sum
  - type: task
    name: b
    inputMappings:
      - target: token
        source: $|
`),
    ),
  );
  for (const p of ['$input.orderId', '$local.total', '$context.task.token', '$context.execution.name']) assert.ok(items.includes(p), p);
});

test('resourceArn offers the functions declared in the workspace s.yaml / s.yml files, then the ARN skeletons', async () => {
  const items = await completeAt(flow(`  - type: task\n    name: t\n    resourceArn: |\n`));
  assert.deepEqual(labels(items).sort(), [
    'acs:fc:::functions/reserve-stock',
    'acs:fc:::services/orders/functions/ship',
    'acs:fc:{region}:{accountId}:functions/{functionName}',
    'acs:fc:{region}:{accountId}:services/{serviceName}/functions/{functionName}',
  ]);
});

test('hover on a resourceArn names the function and the s.yaml declaring it', async () => {
  const text = flow(`  - type: task\n    name: t\n    resourceArn: acs:fc:::services/orders/functions/ship\n`);
  const uri = `file:///ws/c${++n}.flow.yaml`;
  await client.open(uri, text);
  const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 30 } });
  assert.match(h.contents.value, /Function Compute function `ship` of service `orders`/);
  assert.match(h.contents.value, /Declared in `.*s\.yml` \(python3\.9, index\.handler\)/);
});

test('typing in a 1,000-step flow: each new version (half-typed, not valid YAML) is completed before its diagnostics, goto previews resolve', async () => {
  // Its own server with the editor's pause before diagnostics, so completion runs before any parse of the new version.
  const typing = new LspClient();
  await typing.initialize({ locale: 'en', initializationOptions: { diagnosticsDelayMs: 300 } });
  try {
    const lines = ['version: v1', 'type: flow', 'steps:'];
    for (let i = 0; i < 1000; i++) {
      lines.push(
        `  - type: task`,
        `    name: s${i}`,
        `    resourceArn: acs:fc:::services/s/functions/f`,
        `    inputMappings:`,
        `      - target: a${i}`,
        `        source: $input.x`,
        `    catch:`,
        `      - errors: [FnF.ALL]`,
        `        goto: s0`,
      );
    }
    const uri = 'file:///ws/typing.flow.yaml';
    await typing.open(uri, lines.join('\n') + '\n');
    await typing.diagnosticsOf(uri);
    const at = lines.length - 6;
    for (const word of ['p', 'pa', 'pat']) {
      const edited = [...lines.slice(0, at), `    ${word}`, ...lines.slice(at)];
      await typing.change(uri, edited.join('\n') + '\n');
      const keys = await typing.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: at, character: 4 + word.length } });
      assert.ok(labels(keys).includes('pattern') && !labels(keys).includes('resourceArn'), word);
      const gotos = await typing.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: at + 6, character: 14 } });
      assert.equal(gotos.length, 999);
      const resolved = await typing.request<CompletionItem>(
        'completionItem/resolve',
        gotos.find((g) => g.label === 's998'),
      );
      assert.match((resolved.documentation as { value: string }).value, /\*\*s998\*\* — task step at line \d+/);
    }
  } finally {
    await typing.stop();
  }
});
