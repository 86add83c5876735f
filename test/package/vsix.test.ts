/**
 * The .vsix a user installs, as `npm run package` makes it: under 1.13 MB (LIMIT_BYTES says why), holding what the extension
 * loads at run time and nothing else (no CLI bundle, source maps, sources, examples or node_modules),
 * with the Marketplace's icon, licence and changelog, and its page (MARKETPLACE.md, not the
 * developers' README) whose images point at the repository (the Marketplace page shows no image the
 * package does not hold otherwise).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { requireBundle } from '../../client/brotli-bundle';

const ROOT = join(__dirname, '..', '..');
/** vsce's "MB" (it reports sizes in units of 1024 × 1024 bytes). */
const MB = 1024 * 1024;
/**
 * The issue asked for under 1 MB before the graph needed a real layout engine. Measured
 * (2026-12-08, as the .vsix holds them, docs/packaging.md): ELK 0.33 MB (dist/elk.bundled.js.br,
 * Brotli), the extension 0.20 MB, the cloud SDKs 0.19 MB (dist/cloud-sdks.js.br, Brotli), the
 * shared language core 0.14 MB (dist/fdl.js, with the LSP protocol the language client and server
 * share), the translations of every layer 0.05 MB (l10n/bundle.l10n.zh-cn.json, read by VS Code, the
 * language core and the parse worker), re2js and @noble/hashes 0.05 MB, the language server 0.04 MB,
 * yaml 0.03 MB (one copy for the core and the parse worker), the parse worker 0.01 MB, and the other
 * static files (the Marketplace page, schemas, icon, manifests) with the zip's headers 0.06 MB:
 * 1.11 MB (1,166,226 bytes), each part loaded by a feature the extension has, nothing held twice but
 * the parse worker's YAML readers (kept apart so the worker starts fast) and the language core's copy
 * of the two JSON schemas (reading the shipped ones costs the server's start 1–2.5 ms). Without ELK it
 * would be 0.78 MB; docs/packaging.md says what else was measured and what each would cost. The
 * bound leaves 1.6% for growth; a change that grows the package past it says so here.
 */
const LIMIT_BYTES = 1.13 * MB;

interface Entry {
  name: string;
  crc: number;
  size: number;
  read(): Buffer;
}

/** The entries of a zip file, from its central directory. */
function zipEntries(zip: Buffer): Entry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      crc,
      size,
      read: () => {
        const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(dataStart, dataStart + compressedSize);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let dir: string;
let vsixBytes: number;
let entries: Entry[];
const names = () => entries.map((e) => e.name);
const text = (name: string) =>
  entries
    .find((e) => e.name === name)!
    .read()
    .toString('utf8');

before(async () => {
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
    const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    assert.equal(built.status, 0, 'the build');
  }
  dir = mkdtempSync(join(tmpdir(), 'flow-studio-vsix-'));
  const out = join(dir, 'flow-studio.vsix');
  const packaged = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package-vsix.mjs'), out], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(packaged.status, 0, packaged.stderr);
  vsixBytes = statSync(out).size;
  entries = zipEntries(readFileSync(out));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the .vsix is under 1.13 MB', () => {
  assert.ok(vsixBytes < LIMIT_BYTES, `${(vsixBytes / MB).toFixed(2)} MB`);
});

test('every entry reads back whole (the packaging deflates them again)', () => {
  const broken = entries.filter((e) => {
    const data = e.read();
    return data.length !== e.size || crc32(data) !== e.crc;
  });
  assert.deepEqual(
    broken.map((e) => e.name),
    [],
  );
});

test('it holds the bundles the extension loads, and no CLI, source map, source, example or dependency', () => {
  for (const f of ['extension.js', 'server.js', 'server-main.js', 'fdl.js', 'parse-worker.js', 'fc-node-runtime.js', 'elk.bundled.js.br', 'cloud-sdks.js.br']) {
    assert.ok(names().includes(`extension/dist/${f}`), f);
  }
  const unwanted = names().filter((n) =>
    /\/dist\/(cli(-main)?|elk\.bundled|cloud-sdks)\.js$|\.map$|\.ts$|^extension\/(examples|node_modules|client|engine|server|fdl|test|docs|scripts|snippets)\//.test(n),
  );
  assert.deepEqual(unwanted, []);
});

test('every file a bundle requires by a relative path is in the package (a Brotli-compressed one as its .br)', () => {
  const missing: string[] = [];
  for (const bundle of names().filter((n) => /^extension\/dist\/[^/]+\.js$/.test(n))) {
    // Beside it in dist/, or beside dist/ (the translations and the JSON schemas the language core reads).
    for (const m of text(bundle).matchAll(/require\("(\.\.?\/[^"]+)"\)/g)) {
      const target = m[1].startsWith('../') ? `extension/${m[1].slice(3)}` : `extension/dist/${m[1].slice(2)}`;
      if (!names().includes(target)) missing.push(`${bundle} → ${m[1]}`);
    }
    for (const m of text(bundle).matchAll(/requireBundle\("([^"]+)"\)/g)) {
      if (!names().includes(`extension/dist/${m[1]}.br`)) missing.push(`${bundle} → ${m[1]}.br`);
    }
  }
  assert.deepEqual(missing, []);
});

/** The package's dist/<name>.br, run as the extension runs it. */
function packedBundle(name: string): unknown {
  const at = mkdtempSync(join(dir, 'dist-'));
  writeFileSync(join(at, `${name}.br`), entries.find((e) => e.name === `extension/dist/${name}.br`)!.read());
  return requireBundle(name, at);
}

test("the packed ELK lays a graph out exactly as elkjs's own build does", async () => {
  const graph = () => ({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN' },
    children: ['a', 'b', 'c', 'd'].map((id) => ({ id, width: 80, height: 30, labels: [{ text: id, width: 10, height: 12 }] })),
    edges: [
      { id: 'ab', sources: ['a'], targets: ['b'] },
      { id: 'ac', sources: ['a'], targets: ['c'], labels: [{ text: 'no', width: 16, height: 12 }] },
      { id: 'bd', sources: ['b'], targets: ['d'] },
      { id: 'cd', sources: ['c'], targets: ['d'] },
      { id: 'da', sources: ['d'], targets: ['a'] },
    ],
  });
  type Elk = new () => { layout(g: object): Promise<object> };
  const Packed = packedBundle('elk.bundled.js') as Elk;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Published = require('elkjs/lib/elk.bundled.js') as Elk;
  assert.deepEqual(await new Packed().layout(graph()), await new Published().layout(graph()));
});

test('the packed cloud SDKs are the SDKs as published', () => {
  const sdks = packedBundle('cloud-sdks.js') as Record<string, Record<string, unknown>>;
  for (const name of ['@alicloud/credentials', '@alicloud/fc-open20210406', '@alicloud/fc20230330', '@alicloud/openapi-client', '@alicloud/fnf-2019-03-15']) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.deepEqual(Object.keys(sdks[name]).sort(), Object.keys(require(name) as object).sort(), name);
    assert.equal(typeof (sdks[name].default ?? sdks[name]), 'function', `${name}: its client class`);
  }
});

test('the Marketplace page has its icon, licence, changelog and repository', () => {
  const manifest = JSON.parse(text('extension/package.json')) as { icon: string; repository: { url: string }; bugs: { url: string }; homepage: string; categories: string[] };
  assert.ok(names().includes(`extension/${manifest.icon}`), 'the icon');
  assert.match(manifest.icon, /\.png$/, 'a PNG: the Marketplace takes no SVG icon');
  assert.ok(
    names().some((n) => /^extension\/LICENSE(\.txt)?$/.test(n)),
    'the licence',
  );
  assert.ok(names().includes('extension/changelog.md') || names().includes('extension/CHANGELOG.md'), 'the changelog');
  assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
  assert.ok(manifest.bugs.url && manifest.homepage);
  assert.ok(!manifest.categories.includes('Debuggers'), 'no debugger is contributed');
});

test("the Marketplace page is MARKETPLACE.md, its images and links pointing at the repository's files", () => {
  const readmes = names().filter((n) => /^extension\/readme\.md$/i.test(n));
  assert.deepEqual(readmes, ['extension/readme.md'], "one readme, not the developers' README.md beside it");
  const readme = text(readmes[0]);
  const own = readFileSync(join(ROOT, 'MARKETPLACE.md'), 'utf8');
  assert.equal(readme.split('\n')[0], own.split('\n')[0]);
  assert.equal(readme.split('\n').length, own.split('\n').length, "MARKETPLACE.md's text, its links rewritten");
  // vsce derives every URL from the package.json `repository` (the one place they come from): an image
  // as the file's raw content on GitHub, which the Marketplace page shows, a link as the file's page.
  const repository = (JSON.parse(text('extension/package.json')) as { repository: { url: string } }).repository.url.replace(/\.git$/, '');
  const links = [...readme.matchAll(/(!?)\[[^\]]*\]\(([^)]+)\)/g)].map((m) => ({ image: m[1] === '!', url: m[2] }));
  const images = links.filter((l) => l.image);
  assert.ok(images.length >= 3, 'the screenshots');
  const misplaced: string[] = [];
  for (const { image, url } of links) {
    const prefix = `${repository}/${image ? 'raw' : 'blob'}/HEAD/`;
    if (!url.startsWith(prefix) || !existsSync(join(ROOT, url.slice(prefix.length)))) misplaced.push(url);
  }
  assert.deepEqual(misplaced, []);
  assert.ok(
    links.some((l) => l.url === `${repository}/blob/HEAD/README.md`),
    "a link to the repository's full README",
  );
});
