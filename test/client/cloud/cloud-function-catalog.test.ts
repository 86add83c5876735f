/**
 * CloudFunctionCatalog: the real fc-open20210406 client lists services and functions page by page
 * from a loopback FC endpoint that verifies its ACS3-HMAC-SHA256 signature; listings are cached.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFunctionCatalog, createFcListApi, fcEndpointFor, fcErrorCode, type FcListApi } from '../../../client/cloud/cloud-function-catalog';
import { verifyAcs3 } from '../../engine/integrations/fc-standin';

const ACCOUNT = { accessKeyId: 'AKID-fc', accessKeySecret: 'fc-secret' };
const SERVICES: Record<string, string[]> = { shop: ['fetch', 'mail', 'pay'], 'image(s)': ['resize'], empty: [] };
let server: Server;
let endpoint = '';
const requests: string[] = [];

/** Pages of one item at a time when `limit` is 1, otherwise everything; NextToken = index of the next item. */
function page<T>(items: T[], url: URL): { items: T[]; nextToken?: string } {
  const start = Number(url.searchParams.get('nextToken') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 100);
  const size = Math.min(limit, 2);
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), ...(next ? { nextToken: next } : {}) };
}

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const verdict = verifyAcs3(req, Buffer.concat(chunks), (ak) => (ak === ACCOUNT.accessKeyId ? ACCOUNT.accessKeySecret : undefined));
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(url.pathname);
      const send = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-fc-request-id': 'rid' });
        res.end(JSON.stringify(body));
      };
      if (verdict !== 'ok') return send(403, { ErrorCode: verdict, ErrorMessage: 'refused', Code: verdict, Message: 'refused' });
      const parts = url.pathname.split('/').map(decodeURIComponent);
      if (url.pathname === '/2021-04-06/services') {
        const p = page(Object.keys(SERVICES), url);
        return send(200, { services: p.items.map((serviceName) => ({ serviceName })), nextToken: p.nextToken });
      }
      if (parts[3] in SERVICES && parts[4] === 'functions') {
        const p = page(SERVICES[parts[3]], url);
        return send(200, { functions: p.items.map((functionName) => ({ functionName })), nextToken: p.nextToken });
      }
      send(404, { ErrorCode: 'PathNotSupported', ErrorMessage: url.pathname });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test('lists every function of every service through all pages, signed with the account key', async () => {
  const catalog = new CloudFunctionCatalog({ api: createFcListApi({ endpoint, protocol: 'http', credentials: ACCOUNT }), region: 'cn-hangzhou', accountId: '1234' });
  const functions = await catalog.list();
  assert.deepEqual(
    functions.map((f) => `${f.serviceName}/${f.functionName}`),
    ['shop/fetch', 'shop/mail', 'shop/pay', 'image(s)/resize'],
  );
  assert.deepEqual(functions[0], { region: 'cn-hangzhou', accountId: '1234', serviceName: 'shop', functionName: 'fetch' });
});

test('a wrong secret is refused, and the code is readable from the FC error body', async () => {
  const catalog = new CloudFunctionCatalog({
    api: createFcListApi({ endpoint, protocol: 'http', credentials: { ...ACCOUNT, accessKeySecret: 'wrong' } }),
    region: 'cn-hangzhou',
    accountId: '1',
  });
  await assert.rejects(catalog.list(), (e: unknown) => fcErrorCode(e) === 'SignatureNotMatch');
});

test('listings are cached for the TTL and shared by concurrent callers', async () => {
  let calls = 0;
  let now = 0;
  const api: FcListApi = {
    listServices: async () => (calls++, { names: ['s'] }),
    listFunctions: async () => ({ names: ['f'] }),
  };
  const catalog = new CloudFunctionCatalog({ api, region: 'r', accountId: 'a', ttlMs: 1000, now: () => now });
  await Promise.all([catalog.list(), catalog.list(), catalog.list()]);
  assert.equal(calls, 1);
  now = 999;
  await catalog.list();
  assert.equal(calls, 1);
  now = 1001;
  await catalog.list();
  assert.equal(calls, 2);
  await catalog.list(true);
  assert.equal(calls, 3);
});

test('the FC endpoint names the account', () => {
  assert.equal(fcEndpointFor('1234', 'cn-shanghai'), '1234.cn-shanghai.fc.aliyuncs.com');
});
