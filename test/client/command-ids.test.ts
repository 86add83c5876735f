/**
 * Command ids live in one table (client/command-ids.ts): package.json contributes exactly the
 * table's commands (less the deliberately internal ones), its menus name only those, and the client
 * registers each of them, naming it through the table rather than as a string.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS, INTERNAL_COMMAND_IDS } from '../../client/command-ids';

const ROOT = join(__dirname, '..', '..');
const CLIENT = join(ROOT, 'client');

interface Manifest {
  contributes: { commands: { command: string }[]; menus: Record<string, { command?: string }[]> };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

const tableIds = Object.values(COMMAND_IDS) as string[];
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('package.json contributes every command of the table, and only those (internal ones aside)', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.deepEqual(sorted(contributed), sorted(tableIds.filter((id) => !(INTERNAL_COMMAND_IDS as readonly string[]).includes(id))));
  assert.equal(new Set(tableIds).size, tableIds.length, 'two table entries share an id');
});

test('the menus name only commands of the table', () => {
  const named = Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.command).filter((c): c is string => typeof c === 'string'));
  assert.deepEqual(
    named.filter((c) => !tableIds.includes(c)),
    [],
  );
});

test('the client registers every command of the table, each through the table', () => {
  const registered: string[] = [];
  const literal: string[] = [];
  for (const file of sources(CLIENT)) {
    const text = readFileSync(file, 'utf8');
    // registerCommand(COMMAND_IDS.x, …) and commands.ts's register(COMMAND_IDS.x, …)
    for (const m of text.matchAll(/\bregister(?:Command)?\(\s*([^,)]+)/g)) {
      const key = /^COMMAND_IDS\.(\w+)$/.exec(m[1].trim())?.[1];
      if (key) registered.push(COMMAND_IDS[key as keyof typeof COMMAND_IDS]);
      else if (m[1].trim() !== 'id') literal.push(`${relative(ROOT, file)}: ${m[0]}`);
    }
    if (!file.endsWith('command-ids.ts')) {
      for (const id of tableIds) if (text.includes(`'${id}'`) || text.includes(`"${id}"`) || text.includes(`command:${id}`)) literal.push(`${relative(ROOT, file)}: '${id}'`);
    }
  }
  assert.deepEqual(literal, [], 'name commands through COMMAND_IDS');
  assert.deepEqual(sorted(registered), sorted(tableIds));
});
