/**
 * Which Executions view rows offer "Delete Execution" and when "Delete Finished Executions…"
 * shows: finished local executions only, never a running one, never on the cloud backend. The
 * rows' contextValue and package.json's `when` clauses decide it together, so both are checked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ExecutionStatus } from '../../../engine/backend';
import type { LocalBackend } from '../../../engine/local-backend';
import { COMMAND_IDS } from '../../../client/command-ids';
import { canDeleteExecution, executionContextValue, type LocalExecutionDeletion } from '../../../client/views/execution-deletion';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
};
const STATUSES: ExecutionStatus[] = ['Starting', 'Running', 'Succeeded', 'Failed', 'Stopped', 'TimedOut'];
const FINISHED: ExecutionStatus[] = ['Succeeded', 'Failed', 'Stopped', 'TimedOut'];

/** The `when` clauses these menus use: terms `key == value` / `key != value` joined by `&&`. */
function holds(when: string, context: Record<string, string>): boolean {
  return when.split('&&').every((term) => {
    const m = /^\s*([\w.]+)\s*(==|!=)\s*([\w.]+)\s*$/.exec(term);
    assert.ok(m, `unexpected when term: ${term}`);
    return m[2] === '==' ? context[m[1]] === m[3] : context[m[1]] !== m[3];
  });
}

function menuEntries(menu: string, command: string): { command: string; when?: string }[] {
  return (manifest.contributes.menus[menu] ?? []).filter((e) => e.command === command);
}

test('running executions are execution.running, finished ones execution.ended', () => {
  assert.equal(executionContextValue('Running'), 'execution.running');
  assert.equal(executionContextValue('Starting'), 'execution.running');
  for (const s of FINISHED) assert.equal(executionContextValue(s), 'execution.ended', s);
});

test('only finished executions of the embedded engine can be deleted', () => {
  for (const s of STATUSES) {
    assert.equal(canDeleteExecution('local', s), FINISHED.includes(s), `local ${s}`);
    assert.equal(canDeleteExecution('cloud', s), false, `cloud ${s}`);
  }
});

test('the context menu offers Delete Execution on finished local rows only', () => {
  const entries = menuEntries('view/item/context', COMMAND_IDS.deleteExecution);
  assert.equal(entries.length, 1);
  for (const backend of ['local', 'cloud'] as const)
    for (const s of STATUSES) {
      const context = { view: 'flowStudio.executions', viewItem: executionContextValue(s), 'flowStudio.executionsBackend': backend };
      assert.equal(holds(entries[0].when!, context), canDeleteExecution(backend, s), `${backend} ${s}`);
      // Another view, or a step row, never gets it.
      assert.equal(holds(entries[0].when!, { ...context, view: 'explorer' }), false);
      assert.equal(holds(entries[0].when!, { ...context, viewItem: 'step' }), false);
    }
});

test('Delete Finished Executions… is on the view title and in the palette for the local backend only', () => {
  const [title] = menuEntries('view/title', COMMAND_IDS.deleteFinishedExecutions);
  assert.ok(title);
  assert.equal(holds(title.when!, { view: 'flowStudio.executions', 'flowStudio.executionsBackend': 'local' }), true);
  assert.equal(holds(title.when!, { view: 'flowStudio.executions', 'flowStudio.executionsBackend': 'cloud' }), false);
  for (const id of [COMMAND_IDS.deleteExecution, COMMAND_IDS.deleteFinishedExecutions]) {
    const [palette] = menuEntries('commandPalette', id);
    assert.equal(holds(palette.when!, { 'flowStudio.executionsBackend': 'cloud' }), false, id);
    assert.equal(holds(palette.when!, { 'flowStudio.executionsBackend': 'local' }), true, id);
    assert.match(manifest.contributes.commands.find((c) => c.command === id)!.title, /^%command\.\w+%$/);
  }
});

test('the embedded engine is what the commands delete through', () => {
  // A compile-time check: LocalBackend provides what the commands call.
  const asDeletion = (b: LocalBackend): LocalExecutionDeletion => b;
  assert.equal(typeof asDeletion, 'function');
});
