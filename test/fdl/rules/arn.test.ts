/** resourceArn parsing: every documented form, placeholders and deploy tags, and what is invalid where. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integrationKind, parseResourceArn, PATTERNS_BY_KIND } from '../../../fdl/arn';

const parsedAs: [string, Record<string, unknown>][] = [
  ['acs:fc:::services/demo/functions/hello', { kind: 'fc', region: '', account: '', service: 'demo', qualifier: undefined, function: 'hello' }],
  [
    'acs:fc:cn-shanghai:1234567890:services/fnf_test.LATEST/functions/hello',
    { kind: 'fc', region: 'cn-shanghai', account: '1234567890', service: 'fnf_test', qualifier: 'LATEST', function: 'hello' },
  ],
  ['acs:fc:cn-hangzhou::services/video-demo.2/functions/transcode', { kind: 'fc', service: 'video-demo', qualifier: '2', function: 'transcode' }],
  ['acs:fc:cn-hangzhou:123:functions/hello/prod', { kind: 'fc', service: undefined, function: 'hello', qualifier: 'prod' }],
  ['acs:fnf:::flow/copy_files_flow', { kind: 'fnf-flow', flow: 'copy_files_flow' }],
  ['acs:mns:::/queues/jobs/messages', { kind: 'mns-queue', queue: 'jobs' }],
  ['acs:mns:cn-hangzhou:123:/topics/events/messages', { kind: 'mns-topic', topic: 'events', region: 'cn-hangzhou', account: '123' }],
  ['acs:eci:cn-hangzhou::container/run', { kind: 'other', product: 'eci', resource: 'container/run' }],
  // the longest names the docs allow
  [`acs:fc:::services/${'s'.repeat(128)}/functions/${'f'.repeat(64)}`, { kind: 'fc', service: 's'.repeat(128), function: 'f'.repeat(64) }],
  [`acs:fnf:::flow/_${'c'.repeat(127)}`, { kind: 'fnf-flow', flow: `_${'c'.repeat(127)}` }],
  [`acs:mns:::/topics/${'t'.repeat(120)}/messages`, { kind: 'mns-topic', topic: 't'.repeat(120) }],
];

for (const [text, expected] of parsedAs) {
  test(`${text} parses as ${expected.kind}`, () => {
    const arn = parseResourceArn(text) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(arn[k], v, k);
  });
}

const placeholders: [string, boolean, string | undefined][] = [
  ['acs:fc:{region}:{account}:services/{serviceName}.{qualifier}/functions/{functionName}', false, 'fc'],
  ['acs:fc:{region}:{accountID}:xxx', false, 'fc'],
  ['acs:fc:::services/demo-etl-<random-suffix>/functions/mapper', false, 'fc'],
  ['${demo-etl-servicemapper.ARN}', false, undefined],
  ['acs:fc:{{region}}:{{account_alias}}:services/{{fc_service}}/functions/{{fc_name}}', false, 'fc'],
  ['acs:mns:::/topics/<topic>/messages', false, 'mns-topic'],
  ['acs:fnf:::flow/<restoreFlow>', false, 'fnf-flow'],
  ['acs:fc:cn-shanghai:18807708****3420:services/fnf_test/functions/hello', false, 'fc'],
  ['<resource-arn>', false, undefined],
  ['demoService/hello', true, 'fc'],
];

for (const [text, tagged, kind] of placeholders) {
  test(`${text}${tagged ? ' (from !Ref)' : ''} is a placeholder for ${kind ?? 'an unknown kind'}`, () => {
    const arn = parseResourceArn(text, tagged);
    assert.equal(arn.kind, 'placeholder');
    assert.equal(integrationKind(arn), kind);
  });
}

const invalid: [string, string, string][] = [
  ['demo/hello', 'not-acs', 'demo/hello'],
  ['acs:fc:cn-hangzhou', 'too-few-parts', 'acs:fc:cn-hangzhou'],
  ['acs:fc:Hangzhou::services/a/functions/b', 'bad-region', 'Hangzhou'],
  ['acs:fc:cn-hangzhou:abc:services/a/functions/b', 'bad-account', 'abc'],
  ['acs:fc:::services/a/function/b', 'bad-fc-resource', 'services/a/function/b'],
  ['acs:fc:::services/9a/functions/b', 'bad-name', 'services/9a/functions/b'],
  // Names follow fdl/resource-name.ts: service ≤ 128, function ≤ 64, flow ≤ 128, MNS ≤ 120 characters.
  [`acs:fc:::services/${'s'.repeat(129)}/functions/b`, 'bad-name', `services/${'s'.repeat(129)}/functions/b`],
  [`acs:fc:::services/a/functions/${'f'.repeat(65)}`, 'bad-name', `services/a/functions/${'f'.repeat(65)}`],
  [`acs:fc:::functions/${'f'.repeat(65)}`, 'bad-name', `functions/${'f'.repeat(65)}`],
  [`acs:fnf:::flow/${'c'.repeat(129)}`, 'bad-name', `flow/${'c'.repeat(129)}`],
  ['acs:fnf:::flow/-child', 'bad-name', 'flow/-child'],
  [`acs:mns:::/queues/${'q'.repeat(121)}/messages`, 'bad-name', `/queues/${'q'.repeat(121)}/messages`],
  ['acs:fnf:::flows/child', 'bad-fnf-resource', 'flows/child'],
  ['acs:mns:::queues/q/messages', 'bad-mns-resource', 'queues/q/messages'],
  ['acs::::x', 'too-few-parts', 'acs::::x'],
];

for (const [text, reason, pointsAt] of invalid) {
  test(`${text} is invalid (${reason}) and points at \`${pointsAt}\``, () => {
    const arn = parseResourceArn(text);
    assert.equal(arn.kind, 'invalid');
    if (arn.kind !== 'invalid') return;
    assert.equal(arn.reason, reason);
    assert.equal(text.slice(arn.span.start, arn.span.end), pointsAt);
  });
}

test('patterns per integration follow the docs', () => {
  assert.deepEqual(PATTERNS_BY_KIND.fc, ['requestResponse', 'sync', 'waitForCallback']);
  assert.deepEqual(PATTERNS_BY_KIND['mns-queue'], ['requestResponse', 'waitForCallback']);
});

test('parsing never throws and stays fast on hostile text', () => {
  const started = Date.now();
  for (const t of ['', ':::::', 'acs:' + ':'.repeat(10_000), '{'.repeat(50_000), '<'.repeat(50_000) + '>', 'acs:fc:::' + 'services/'.repeat(5000)]) parseResourceArn(t);
  assert.ok(Date.now() - started < 500);
});
