import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readLine } from '../../fdl/navigation/yaml-lines';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';
import { hover } from '../../server/hover';
import { complete } from '../../server/completion';

const corpus = join(__dirname, '..', 'fixtures', 'real-flows');

test('every key of every published flow has a hover, except keys the analysis itself flags', () => {
  const misses: string[] = [];
  for (const locale of ['en', 'zh-cn'] as const) {
    const env: FeatureEnv = { locale, workspaceFunctions: () => [] };
    const cache = new FlowDocumentCache(() => locale);
    for (const f of readdirSync(corpus).filter((n) => n.endsWith('.flow.yaml'))) {
      const text = readFileSync(join(corpus, f), 'utf8');
      const doc = cache.get(TextDocument.create(`file:///${f}`, 'fdl', 1, text));
      const flagged = doc.diagnostics().map((d) => d.span.start);
      for (let start = 0; start < text.length;) {
        const line = readLine(text, start);
        if (line.key !== undefined && line.keyColumn !== undefined && !/^\s*#/.test(text.slice(start, line.end))) {
          const at = start + line.keyColumn + 1;
          const h = hover(doc, at, env);
          if (!h && !flagged.some((s) => s >= start && s <= line.end)) misses.push(`${locale} ${f}:${doc.parsed.lines.positionAt(at).line + 1} ${line.key}`);
        }
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        start = nl + 1;
      }
    }
  }
  assert.deepEqual(misses, []);
});

test('at every schema key of every published flow, key completion offers that key (context is found)', () => {
  const env: FeatureEnv = { locale: 'en', workspaceFunctions: () => [] };
  const cache = new FlowDocumentCache(() => 'en');
  const misses: string[] = [];
  for (const f of readdirSync(corpus).filter((n) => n.endsWith('.flow.yaml'))) {
    const text = readFileSync(join(corpus, f), 'utf8');
    const doc = cache.get(TextDocument.create(`file:///${f}`, 'fdl', 1, text));
    const flagged = doc.diagnostics().map((d) => d.span.start);
    for (let start = 0; start < text.length;) {
      const line = readLine(text, start);
      if (line.key !== undefined && line.keyEndColumn !== undefined && !flagged.some((s) => s >= start && s <= line.end)) {
        const at = start + line.keyEndColumn;
        const labels = complete(doc, at, env).map((i) => i.label);
        const h = hover(doc, at - 1, env);
        const isData = /constant mapping source|parameter|参数/i.test(JSON.stringify(h?.contents ?? '')) || /serviceParams/.test(JSON.stringify(h?.contents ?? ''));
        if (!labels.includes(line.key) && !isData) misses.push(`${f}:${doc.parsed.lines.positionAt(at).line + 1} ${line.key}`);
      }
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      start = nl + 1;
    }
  }
  assert.deepEqual(misses, []);
});
