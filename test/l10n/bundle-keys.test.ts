/**
 * One bundle per language holds every translation (l10n/bundle.l10n.<locale>.json): each text the
 * code shows has its key in every bundle, no bundle holds a key the code no longer uses, and a
 * translation has the placeholders of its English. The texts are found in the sources as the
 * compiler sees them: `defineMessages` tables, `localizable(…)` and the extension's `l10n.t(…)`
 * (fdl/messages.ts says why those are the only ways to make a text a bundle translates), and the
 * JSON Schemas' texts completion, hover and schema findings show (`description`, `x-enum-descriptions`,
 * `x-pattern-hint`, `x-examples-descriptions`), which the code translates as `textFromData`. Also:
 * no Chinese is left in code, and a bundle reads the same through @vscode/l10n, the library
 * `vscode.l10n` shares its format and keys with.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import * as l10n from '@vscode/l10n';
import ts from 'typescript';
import { formatMessage, messageKey, type Locale, type MessageText } from '../../fdl/messages';
import { TRANSLATIONS } from '../../fdl/translations';

const ROOT = join(__dirname, '..', '..');
const SOURCE_DIRS = ['fdl', 'server', 'engine', 'debug', 'client'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'generated') return [];
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

interface UsedText {
  key: string;
  english: string;
  where: string;
}

const isLiteral = (e: ts.Node): e is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral => ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e);
const nameOf = (p: ts.ObjectLiteralElementLike) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined);

/** Every text the sources hand to a bundle, and every place a text is written so that its key cannot be known. */
function scanSources(): { used: UsedText[]; unreadable: string[]; chinese: string[] } {
  const used: UsedText[] = [];
  const unreadable: string[] = [];
  const chinese: string[] = [];
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const at = (n: ts.Node) => `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const text = (e: ts.Expression) => {
      if (isLiteral(e)) return used.push({ key: e.text, english: e.text, where: at(e) });
      if (ts.isObjectLiteralExpression(e)) {
        const props = new Map(e.properties.map((p) => [nameOf(p), p]));
        const [message, comment] = [props.get('message'), props.get('comment')];
        if (
          props.size === 2 &&
          message &&
          comment &&
          ts.isPropertyAssignment(message) &&
          ts.isPropertyAssignment(comment) &&
          isLiteral(message.initializer) &&
          isLiteral(comment.initializer)
        ) {
          const source = { message: message.initializer.text, comment: comment.initializer.text };
          return used.push({ key: messageKey(source), english: source.message, where: at(e) });
        }
      }
      unreadable.push(`${at(e)}: ${e.getText(sf).slice(0, 80)}`);
    };
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression.getText(sf);
        const [first] = n.arguments;
        if (callee === 'defineMessages' && first && ts.isObjectLiteralExpression(first)) {
          for (const p of first.properties) {
            if (ts.isPropertyAssignment(p)) text(p.initializer);
            else unreadable.push(`${at(p)}: ${p.getText(sf).slice(0, 80)}`);
          }
        } else if ((callee === 'localizable' || /(^|\.)l10n\.t$/.test(callee)) && first) {
          text(first);
        }
      }
      if ((isLiteral(n) || ts.isTemplateLiteralToken(n)) && /[\u4e00-\u9fff]/.test(n.getText(sf))) chinese.push(`${at(n)}: ${n.getText(sf).slice(0, 60)}`);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { used, unreadable, chinese };
}

/** The schema keywords whose English text is shown translated (fdl/schema/schema-catalog.ts, schema-error-wording.ts). */
const SCHEMA_TEXTS = ['description', 'x-pattern-hint'];
const SCHEMA_TEXT_LISTS = ['x-enum-descriptions', 'x-examples-descriptions'];

/** Every translated text of the schemas in schemas/, with its JSON pointer; and any Chinese annotation left there. */
function scanSchemas(): { used: UsedText[]; chinese: string[] } {
  const used: UsedText[] = [];
  const chinese: string[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    // `description` is also a property name (a key under `properties`): only a schema's own text counts.
    const isPropertyTable = where.endsWith('/properties');
    for (const k of SCHEMA_TEXTS) if (!isPropertyTable && typeof o[k] === 'string') used.push({ key: o[k], english: o[k], where: `${where}/${k}` });
    for (const k of SCHEMA_TEXT_LISTS)
      if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((t, i) => typeof t === 'string' && used.push({ key: t, english: t, where: `${where}/${k}/${i}` }));
    for (const [k, v] of Object.entries(o)) {
      // `$comment` is for maintainers and may quote the Chinese docs.
      if (/-zh$/.test(k) || (k !== '$comment' && typeof v === 'string' && /[\u4e00-\u9fff]/.test(v))) chinese.push(`${where}/${k}`);
      walk(v, `${where}/${k}`);
    }
  };
  for (const f of readdirSync(join(ROOT, 'schemas')).filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')), `schemas/${f}#`);
  return { used, chinese };
}

const scan = scanSources();
const schemaScan = scanSchemas();
scan.used.push(...schemaScan.used);
const bundles = Object.entries(TRANSLATIONS) as [Exclude<Locale, 'en'>, Record<string, string | { message: string }>][];
const placeholders = (s: string) =>
  [...s.matchAll(/\{(\d+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
const translation = (v: string | { message: string }) => (typeof v === 'string' ? v : v.message);

test('the sources write every text the bundles translate so that its key is known', () => {
  assert.ok(scan.used.length > 900, `only ${scan.used.length} texts found: is the scan still reading the tables?`);
  assert.deepEqual(scan.unreadable, [], 'write these as a string literal or { message, comment } of literals');
});

test('no Chinese is left in code: translations live in the bundles', () => {
  assert.deepEqual(scan.chinese, [], 'move these into a defineMessages table and l10n/bundle.l10n.zh-cn.json');
});

test('the schemas carry English only: their Chinese lives in the bundles', () => {
  assert.ok(schemaScan.used.length > 250, `only ${schemaScan.used.length} schema texts found: is the scan still reading schemas/?`);
  assert.deepEqual(schemaScan.chinese, [], 'move these into l10n/bundle.l10n.zh-cn.json under their English text');
});

test('the bundle files in l10n/ are the bundles fdl/translations.ts ships', () => {
  const files = readdirSync(join(ROOT, 'l10n')).filter((f) => /^bundle\.l10n\..+\.json$/.test(f));
  assert.deepEqual(files.map((f) => f.slice('bundle.l10n.'.length, -'.json'.length)).sort(), Object.keys(TRANSLATIONS).sort());
});

for (const [locale, bundle] of bundles) {
  test(`every text the code uses has its ${locale} translation, with the same placeholders`, () => {
    const missing = scan.used.filter((u) => !Object.hasOwn(bundle, u.key)).map((u) => `${u.where}: ${u.key}`);
    assert.deepEqual(missing, [], `add these to l10n/bundle.l10n.${locale}.json`);
    const mismatched = scan.used.filter((u) => placeholders(translation(bundle[u.key])) !== placeholders(u.english)).map((u) => `${u.where}: ${u.key}`);
    assert.deepEqual(mismatched, [], 'a translation must use the placeholders of its English text');
  });

  test(`l10n/bundle.l10n.${locale}.json holds no key the code no longer uses`, () => {
    const keys = new Set(scan.used.map((u) => u.key));
    assert.deepEqual(
      Object.keys(bundle).filter((k) => !keys.has(k)),
      [],
      'stale translations: remove them (or the code lost a text it should show)',
    );
  });

  test(`a ${locale} message reads the same through fdl/messages.ts and @vscode/l10n`, () => {
    l10n.config({ contents: bundle as Record<string, string> });
    const args = ['A', 'B', 'C', 'D', 'E'];
    for (const u of scan.used) {
      const [message, comment] = u.key === u.english ? [u.english, undefined] : [u.english, u.key.slice(u.english.length + 1)];
      const text = (comment === undefined ? message : { message, comment }) as MessageText;
      const ours = formatMessage(text, locale, ...args);
      const theirs = comment === undefined ? l10n.t(message, ...args) : l10n.t({ message, comment, args });
      assert.equal(ours, theirs, u.where);
    }
  });
}
