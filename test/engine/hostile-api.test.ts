/**
 * The local FnF API (engine/api) over real HTTP, through the unmodified `@alicloud/fnf-2019-03-15`
 * client, served hostile flow files and hostile inputs: nesting 10,000 deep, a billion laughs of
 * aliases, unknown tags, NUL characters, bytes that are not UTF-8 (a lone surrogate's encoding),
 * escaped lone surrogates, lone CR line ends, a 1.5 MB step name, an expression past its length.
 * Every request is answered: the flow runs to its end, or StartExecution is refused with the
 * service's code and a message saying why (where the file is not UTF-8, not "does not exist").
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FnfApiServer } from '../../engine/api/fnf-api-server';
import { flowDirectory } from '../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey } from '../../engine/api/local-api-key';
import { LocalBackend } from '../../engine/local-backend';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

const laughs = [
  'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from({ length: 29 }, (_, k) => `a${k + 1}: &a${k + 1} [${Array(10).fill(`*a${k}`).join(', ')}]`),
].join('\n');
const head = 'version: v1\ntype: flow\nsteps:\n';

/** Each flow file, and what StartExecution answers: the status it ends in, or the refusal's code and message. */
const FLOWS: Record<string, { text: string | Buffer; ends?: string; refused?: [string, RegExp] }> = {
  deep: { text: 'steps: ' + '['.repeat(10_000) + ']'.repeat(10_000), refused: ['InvalidDefinition', /nests collections more than 200 levels deep/] },
  laughs: {
    text: `${head.slice(0, 23)}${laughs}\nsteps:\n  - type: pass\n    name: p\n    inputMappings:\n      - target: x\n        source: *a29\n`,
    refused: ['InvalidDefinition', /too many aliases/],
  },
  tags: { text: `${head.replace('steps:', 'steps: !weird')}  - type: !!python/object pass\n    name: !Ref p\n`, ends: 'Succeeded' },
  nul: { text: `${head}  - type: pass\n    name: "a\u0000b"\n  - type: pass\n    name: c\u0000d\n`, ends: 'Succeeded' },
  surrogate: {
    text: Buffer.concat([Buffer.from(`${head}  - type: pass\n    name: `), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]),
    refused: ['InvalidDefinition', /surrogate\.flow\.yaml: it is not UTF-8 \(byte 0xED at line 5, column 11\)/],
  },
  escaped: { text: `${head}  - type: pass\n    name: "\\ud800"\n    outputMappings:\n      - target: s\n        source: "\\udc00x"\n`, ends: 'Succeeded' },
  cr: { text: `${head}  - type: pass\n    name: a\n`.replace(/\n/g, '\r'), ends: 'Succeeded' },
  longname: { text: `${head}  - type: pass\n    name: ${'n'.repeat(1_500_000)}\n`, refused: ['InvalidDefinition', /This step name is 1500000 characters long/] },
  expression: {
    text: `Type: StateMachine\nName: x\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    OutputConstructor:\n      a.$: ${'toArray('.repeat(5000)}${')'.repeat(5000)}\n    End: true\n`,
    refused: ['InvalidDefinition', /longer than 16384 characters/],
  },
};

let client: any;
let server: FnfApiServer;
let backend: LocalBackend;
const dir = mkdtempSync(join(tmpdir(), 'fdl-hostile-api-'));

before(async () => {
  const flows = join(dir, 'flows');
  mkdirSync(flows);
  for (const [name, f] of Object.entries(FLOWS)) writeFileSync(join(flows, `${name}.flow.yaml`), f.text);
  const store = join(dir, 'store');
  backend = new LocalBackend({ storeDir: store, timeScale: 0 });
  const key = loadOrCreateLocalAccessKey(store);
  server = new FnfApiServer({ backend, key, flows: flowDirectory([flows]) });
  await backend.open();
  await server.start();
  client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 20_000 } });
});
after(async () => {
  await server.stop();
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(flow: string, input: string): Promise<{ status: string } | { code: string; message: string }> {
  const name = `e${Math.random().toString(36).slice(2, 10)}`;
  try {
    await client.startExecution({ FlowName: flow, ExecutionName: name, Input: input });
  } catch (e) {
    const x = e as { code: string; message: string };
    return { code: x.code, message: x.message };
  }
  const d = await client.describeExecution({ FlowName: flow, ExecutionName: name, WaitTimeSeconds: 10 });
  return { status: d.Status };
}

for (const [name, f] of Object.entries(FLOWS)) {
  test(`StartExecution of the ${name} flow is answered: ${f.ends ? `it runs to ${f.ends}` : `${f.refused![0]}, saying why`}`, { timeout: 60_000 }, async () => {
    const r = await start(name, '{}');
    if (f.ends) return assert.deepEqual(r, { status: f.ends });
    assert.ok('code' in r, JSON.stringify(r));
    assert.equal(r.code, f.refused![0]);
    assert.match(r.message, f.refused![1]);
  });
}

test('hostile inputs are refused with InvalidArgument saying why, or run', { timeout: 60_000 }, async () => {
  const refused = async (input: string, why: RegExp) => {
    const r = await start('cr', input);
    assert.ok('code' in r && r.code === 'InvalidArgument', `${input.slice(0, 40)}: ${JSON.stringify(r)}`);
    assert.match(r.message, why);
  };
  await refused(`{"a":${'['.repeat(200)}${']'.repeat(200)}}`, /nests more than 128 levels deep/);
  await refused('{"a":1e400}', /holds a number at \$\.a beyond the range/);
  await refused('not json', /Input is not JSON/);
  await refused('[1]', /must be a JSON object/);
  for (const input of ['{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"x":1}}']) assert.deepEqual(await start('cr', input), { status: 'Succeeded' }, input);
});
