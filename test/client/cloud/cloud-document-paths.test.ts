import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executionDefinitionPath, flowDocumentPath, parseCloudDocumentPath, resultDocumentPath, resultText } from '../../../client/cloud/cloud-document-paths';

test('cloud document paths round-trip; anything else is no cloud document', () => {
  assert.deepEqual(parseCloudDocumentPath(flowDocumentPath('cn-shanghai', 'orders')), { kind: 'flow', region: 'cn-shanghai', flowName: 'orders' });
  assert.deepEqual(parseCloudDocumentPath(executionDefinitionPath('cn-shanghai', 'orders', 'run:1/2')), {
    kind: 'execution',
    region: 'cn-shanghai',
    flowName: 'orders',
    executionName: 'run:1/2',
  });
  assert.match(executionDefinitionPath('cn-shanghai', 'orders', 'e1'), /\.flow\.yaml$/, 'a flow document: the flow language applies');
  assert.deepEqual(parseCloudDocumentPath(resultDocumentPath('orders', 'run:1/2')), { kind: 'result', flowName: 'orders', executionName: 'run:1/2' });
  for (const p of ['/cn-shanghai/../x.flow.yaml', '/evil.com/orders.flow.yaml', '/cn-hangzhou/2bad.flow.yaml', '/results/orders/x.txt', ''])
    assert.equal(parseCloudDocumentPath(p), undefined, p);
});

test('an Express result shows its output as JSON, or its error and cause', () => {
  const ok = JSON.parse(resultText({ flowName: 'greet', name: 'e1', status: 'Succeeded', startedTime: 't0', stoppedTime: 't1', output: '{"greeting":"Ada"}' }));
  assert.deepEqual(ok, { flowName: 'greet', executionName: 'e1', status: 'Succeeded', startedTime: 't0', stoppedTime: 't1', output: { greeting: 'Ada' } });
  const failed = JSON.parse(resultText({ flowName: 'greet', name: 'e2', status: 'Failed', startedTime: 't0', error: 'Boom', cause: 'it broke' }));
  assert.deepEqual([failed.status, failed.error, failed.cause, 'output' in failed], ['Failed', 'Boom', 'it broke', false]);
});
