/**
 * Every snippet in snippets/fdl.snippets.json, with its placeholders filled by their defaults,
 * is a flow (or a step inside a flow) that the full analysis accepts without errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../fdl/index';

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'fdl.snippets.json'), 'utf8')) as Record<string, Snippet>;

/** What the editor inserts when every placeholder keeps its default (choices: the first one). */
function expandWithDefaults(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:\\\}|[^}])*)\}/g, '$1')
    .replace(/(?<!\\)\$\{?\d+\}?/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

function asFlow(text: string): string {
  if (/^version:/m.test(text)) return text;
  const indented = text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
  return `version: v1\ntype: flow\nsteps:\n${indented}\n`;
}

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to an error-free flow`, () => {
    assert.ok(snippet.description && snippet.prefix.length > 0);
    const flowText = asFlow(expandWithDefaults(snippet.body));
    const { diagnostics, parsed } = analyze(flowText);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => `${d.code}: ${d.message}`),
      [],
      flowText,
    );
    assert.ok(parsed.steps.length > 0, 'declares at least one step');
  });
}

test('there is a snippet for every step type and every task pattern', () => {
  const types = new Set<string>();
  const patterns = new Set<string>();
  for (const s of Object.values(snippets)) {
    const { parsed } = analyze(asFlow(expandWithDefaults(s.body)));
    const top = parsed.flow.body.steps[0];
    types.add(top.type);
    if (top.type === 'task' && top.pattern) patterns.add(top.pattern.value);
  }
  assert.deepEqual([...types].sort(), ['choice', 'fail', 'foreach', 'parallel', 'pass', 'succeed', 'task', 'wait']);
  assert.deepEqual([...patterns].sort(), ['requestResponse', 'sync', 'waitForCallback']);
});

test('the waitForCallback snippet hands the task token to the function', () => {
  const text = expandWithDefaults(snippets['FDL task step (waitForCallback)'].body);
  assert.match(text, /target: taskToken\n\s+source: \$context\.task\.token/);
});
