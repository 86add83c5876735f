/**
 * A rule's codes are declared beside it: each rule module exports a `…_CODES` list holding exactly
 * the codes it reports, and RULE_CODES (fdl/rules/index.ts) is the union of those lists.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULE_CODES } from '../../../fdl/rules/index';

const RULES_DIR = join(__dirname, '..', '..', '..', 'fdl', 'rules');

test('each rule module exports exactly the codes it reports, and RULE_CODES gathers them all', async () => {
  const gathered: string[] = [];
  const problems: string[] = [];
  for (const file of readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const source = readFileSync(join(RULES_DIR, file), 'utf8');
    const reported = new Set([...source.matchAll(/\bcode: '([a-z][a-z-]*)'/g)].map((m) => m[1]));
    const mod = (await import(join(RULES_DIR, file))) as Record<string, unknown>;
    const declared = Object.entries(mod)
      .filter(([name]) => name.endsWith('_CODES'))
      .flatMap(([, codes]) => codes as string[]);
    if (reported.size === 0 && declared.length === 0) continue;
    for (const c of reported) if (!declared.includes(c)) problems.push(`${file} reports ${c} but does not export it`);
    for (const c of declared) if (!reported.has(c)) problems.push(`${file} exports ${c} but never reports it`);
    gathered.push(...declared);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual([...RULE_CODES].sort(), gathered.sort());
  assert.equal(new Set(RULE_CODES).size, RULE_CODES.length, 'a code declared by two rules');
});
