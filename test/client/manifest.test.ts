/**
 * The manifest's commands look finished wherever VS Code shows them (palette, menus, view titles):
 * each has a localised title, a category and a codicon.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

interface ManifestCommand {
  command: string;
  title?: unknown;
  category?: unknown;
  icon?: unknown;
}

const commands = (): ManifestCommand[] => (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: ManifestCommand[] } }).contributes.commands;

test('every command has a localised title, a category and a codicon', () => {
  const all = commands();
  assert.ok(all.length > 10);
  const incomplete = all.filter(
    (c) =>
      typeof c.title !== 'string' ||
      !/^%[\w.-]+%$/.test(c.title) ||
      typeof c.category !== 'string' ||
      c.category.trim() === '' ||
      typeof c.icon !== 'string' ||
      !/^\$\([a-z0-9-]+(~spin)?\)$/.test(c.icon),
  );
  assert.deepEqual(
    incomplete.map((c) => c.command),
    [],
    'give these a %key% title, a category and an icon like "$(play)"',
  );
});
