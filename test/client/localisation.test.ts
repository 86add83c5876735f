/**
 * Everything the extension shows is in English and Simplified Chinese: every `vscode.l10n.t`
 * message in client/ has a zh-cn translation with the same placeholders, and every `%key%` in
 * package.json has an entry in package.nls.json and package.nls.zh-cn.json, and every manifest
 * string a user reads (the marketplace name and description, titles, descriptions, view names,
 * welcome contents) is such a `%key%`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function runtimeMessages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(join(ROOT, 'client'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) {
      const message = m[1] === "'" ? m[2].replace(/\\'/g, "'") : (JSON.parse(`"${m[2]}"`) as string);
      found.set(message, file.slice(ROOT.length + 1));
    }
  }
  return found;
}

const placeholders = (s: string) =>
  [...s.matchAll(/\{(\d+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

test('every runtime message has a Simplified Chinese translation with the same placeholders', () => {
  const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const missing: string[] = [];
  for (const [message, file] of runtimeMessages()) {
    const zh = bundle[message];
    if (zh === undefined) missing.push(`${file}: ${message}`);
    else assert.equal(placeholders(zh), placeholders(message), `placeholders of "${message}"`);
  }
  assert.deepEqual(missing, [], 'add these to l10n/bundle.l10n.zh-cn.json');
});

test('every %key% of package.json is in package.nls.json and package.nls.zh-cn.json', () => {
  const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
  const en = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const zh = JSON.parse(readFileSync(join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  const keys = [...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 20);
  assert.deepEqual(
    keys.filter((k) => !(k in en)),
    [],
    'missing in package.nls.json',
  );
  assert.deepEqual(
    keys.filter((k) => !(k in zh)),
    [],
    'missing in package.nls.zh-cn.json',
  );
  assert.equal(JSON.parse(manifest).l10n, './l10n');
});

/** Manifest fields whose text VS Code shows to users (Extensions view, palette, settings, views, walkthrough). */
const USER_FACING_FIELDS = new Set([
  'title',
  'shortTitle',
  'description',
  'markdownDescription',
  'name',
  'contextualTitle',
  'label',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'contents',
  'altText',
]);

function literalUserStrings(value: unknown, path: string, field: string, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => literalUserStrings(v, `${path}[${i}]`, field, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) literalUserStrings(v, `${path}.${k}`, k, out);
  else if (typeof value === 'string' && USER_FACING_FIELDS.has(field) && !/^%[\w.-]+%$/.test(value)) out.push(`${path}: ${value}`);
  return out;
}

test('every manifest string a user reads is a %key% reference, the name and description included', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { displayName: string; description: string; contributes: unknown };
  const literal = (['displayName', 'description'] as const).filter((k) => !/^%[\w.-]+%$/.test(manifest[k])).map((k) => `${k}: ${manifest[k]}`);
  literalUserStrings(manifest.contributes, 'contributes', '', literal);
  assert.deepEqual(literal, [], 'move these into package.nls.json and package.nls.zh-cn.json');
  const zh = JSON.parse(readFileSync(join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  assert.match(zh.displayName ?? '', /[\u4e00-\u9fff]/, 'the Chinese marketplace name is Chinese');
  assert.match(zh.description ?? '', /[\u4e00-\u9fff]/);
});

test('text handed to VS Code for users to read (messages, channel names, progress, panels) goes through l10n', () => {
  const literal: string[] = [];
  for (const file of sourceFiles(join(ROOT, 'client'))) {
    const text = readFileSync(file, 'utf8');
    const calls = /\b(show(?:Information|Warning|Error)Message|createOutputChannel|setStatusBarMessage|createWebviewPanel\([^,]+,)\(?\s*(['"])/g;
    for (const m of text.matchAll(calls)) literal.push(`${file.slice(ROOT.length + 1)}: ${m[1]}`);
  }
  assert.deepEqual(literal, [], 'wrap these strings in vscode.l10n.t');
});

test('every Simplified Chinese translation is Chinese, except the product name and FDL keywords', () => {
  // Keywords and names shown as written (the bundle is every layer's: test/l10n/bundle-keys.test.ts).
  const KEPT_AS_IS = new Set(['Flow Studio', 'catch {0}', 'catch', 'retry', 'Output', '`null`', 'fdl：{0}', 'fdl：{0}：{1}']);
  const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  const english = [...Object.values(bundle), ...Object.values(nls)].filter((zh) => !KEPT_AS_IS.has(zh) && /[A-Za-z]/.test(zh) && !/[\u4e00-\u9fff]/.test(zh));
  assert.deepEqual(english, [], 'translate these');
});
