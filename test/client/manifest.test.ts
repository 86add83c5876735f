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

interface MenuItem {
  command: string;
  when?: string;
}

const itemMenus = (): MenuItem[] =>
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } }).contributes.menus['view/item/context'];

test('Re-run with Same Input shows on cloud executions too; Open Flow and Save Input (they need the local flow file) stay local', () => {
  const whens = (command: string) =>
    itemMenus()
      .filter((m) => m.command === command)
      .map((m) => m.when ?? '');
  assert.ok(whens('flowStudio.rerunExecution').length > 0);
  for (const when of whens('flowStudio.rerunExecution')) assert.doesNotMatch(when, /executionsBackend/, when);
  for (const command of ['flowStudio.openExecutionFlow', 'flowStudio.saveExecutionInput']) {
    assert.ok(whens(command).length > 0, command);
    for (const when of whens(command)) assert.match(when, /flowStudio\.executionsBackend == local/, `${command}: ${when}`);
  }
});

test('Show Cloud Flows is in the Executions view title while it shows the cloud', () => {
  const titles = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } }).contributes.menus['view/title'];
  const entry = titles.find((m) => m.command === 'flowStudio.cloud.showFlows');
  assert.match(entry?.when ?? '', /flowStudio\.executionsBackend == cloud/);
  assert.ok(commands().some((c) => c.command === 'flowStudio.cloud.showFlows'));
});
