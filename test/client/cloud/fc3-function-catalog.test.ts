/**
 * The account's FC 3.0 functions for resourceArn completion and checks: the real
 * `@alicloud/fc20230330` client lists them page by page from the FC 3.0 stand-in (ACS3 signature
 * verified), signed with a fixed key or with one from the credential chain, and the catalog
 * merges them with the FC 2.0 list so each generation stands without the other.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudFunctionCatalog, createFc3ListApi, type FcListApi } from '../../../client/cloud/cloud-function-catalog';
import type { CredentialSupplier } from '../../../client/cloud/fnf-client';
import { Fc3Standin } from '../../engine/integrations/fc3-standin';

const KEY = { accessKeyId: 'AKID-fc3', accessKeySecret: 'fc3-secret' };

/** The FC 3.0 stand-in with ListFunctions (GET /2023-03-30/functions, limit + nextToken, at most 2 a page). */
class ListingFc3Standin extends Fc3Standin {
  listed = 0;
  protected override async route(req: IncomingMessage, body: Buffer, res: ServerResponse, url: URL, parts: string[]): Promise<void> {
    if (req.method !== 'GET' || parts.length !== 3 || parts[2] !== 'functions') return super.route(req, body, res, url, parts);
    this.listed++;
    const names = [...this.functions.keys()].sort();
    const start = Number(url.searchParams.get('nextToken') ?? 0);
    const size = Math.min(Number(url.searchParams.get('limit') ?? 20), 2);
    const next = start + size < names.length ? String(start + size) : undefined;
    this.sendJson(res, {
      functions: names.slice(start, start + size).map((functionName) => ({ functionName, functionArn: `acs:fc:cn-hangzhou:1234:functions/${functionName}` })),
      ...(next ? { nextToken: next } : {}),
    });
  }
}

let fc3: ListingFc3Standin;
const noop = async () => ({ statusCode: 200, body: Buffer.from('{}') });

before(async () => {
  fc3 = new ListingFc3Standin({ [KEY.accessKeyId]: KEY.accessKeySecret });
  for (const name of ['resize', 'notify', 'charge', 'audit', 'thumbnail']) fc3.define(name, noop as never);
  await fc3.start();
});
after(() => fc3.stop());

test('every FC 3.0 function is listed through all pages, signed with the account key', async () => {
  const api = createFc3ListApi({ endpoint: fc3.endpoint, protocol: 'http', credentials: KEY });
  const catalog = new CloudFunctionCatalog({ api: emptyFc2, fc3Api: api, region: 'cn-hangzhou', accountId: '1234' });
  const functions = await catalog.list();
  assert.deepEqual(
    functions.map((f) => f.functionName),
    ['audit', 'charge', 'notify', 'resize', 'thumbnail'],
  );
  assert.ok(functions.every((f) => f.serviceName === undefined && f.region === 'cn-hangzhou' && f.accountId === '1234'));
  assert.equal(fc3.listed, 3, 'three pages of two');
});

test('a key from the credential chain signs the FC 3.0 requests, asked for on each one', async () => {
  let asked = 0;
  const supplier: CredentialSupplier = { getCredentials: async () => (asked++, KEY) };
  const names = await createFc3ListApi({ endpoint: fc3.endpoint, protocol: 'http', credentials: supplier }).listFunctions();
  assert.deepEqual(names.names, ['audit', 'charge']);
  assert.ok(asked >= 1);
  const wrong = createFc3ListApi({ endpoint: fc3.endpoint, protocol: 'http', credentials: { getCredentials: async () => ({ ...KEY, accessKeySecret: 'wrong' }) } });
  await assert.rejects(wrong.listFunctions(), (e: unknown) => /SignatureNotMatch|Signature/i.test(String((e as { code?: string }).code)));
});

const emptyFc2: FcListApi = { listServices: async () => ({ names: [] }), listFunctions: async () => ({ names: [] }) };

test('FC 2.0 and FC 3.0 lists are merged; one generation failing leaves the other standing', async () => {
  const fc2: FcListApi = { listServices: async () => ({ names: ['shop'] }), listFunctions: async () => ({ names: ['pay'] }) };
  const both = await new CloudFunctionCatalog({
    api: fc2,
    fc3Api: createFc3ListApi({ endpoint: fc3.endpoint, protocol: 'http', credentials: KEY }),
    region: 'cn-hangzhou',
    accountId: '1234',
  }).list();
  assert.deepEqual(both[0], { region: 'cn-hangzhou', accountId: '1234', serviceName: 'shop', functionName: 'pay' });
  assert.equal(both.length, 6);
  const failing: FcListApi = {
    listServices: async () => {
      throw Object.assign(new Error('denied'), { code: 'AccessDenied' });
    },
    listFunctions: async () => ({ names: [] }),
  };
  const fc3Only = await new CloudFunctionCatalog({
    api: failing,
    fc3Api: createFc3ListApi({ endpoint: fc3.endpoint, protocol: 'http', credentials: KEY }),
    region: 'cn-hangzhou',
    accountId: '1234',
  }).list();
  assert.deepEqual(fc3Only.length, 5);
  const badFc3 = createFc3ListApi({ endpoint: fc3.endpoint, protocol: 'http', credentials: { ...KEY, accessKeySecret: 'wrong' } });
  await assert.rejects(new CloudFunctionCatalog({ api: failing, fc3Api: badFc3, region: 'cn-hangzhou', accountId: '1234' }).list(), /denied/);
});
