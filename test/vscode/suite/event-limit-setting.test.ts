/// <reference types="mocha" />
/**
 * flowStudio.engine.maxEventsPerExecution changed in the settings applies to the embedded
 * engine's next executions without a reload (extension.ts forwards configuration changes).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { eventually, executionEnd, EXTENSION_ID, flowStudio } from './helpers';

/** A foreach with a pass body (about six events per item), read from the repository the extension runs from. */
function foreachFlow(): string {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  return readFileSync(join(root, 'test', 'cli', 'fixtures', 'foreach-pass.flow.yaml'), 'utf8');
}
/** 30 items: about 180 events, under the default limit. */
const INPUT = JSON.stringify({ items: Array.from({ length: 30 }, (_, i) => i) });

async function setLimit(value: number | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('flowStudio').update('engine.maxEventsPerExecution', value, vscode.ConfigurationTarget.Workspace);
}

suite('event limit setting', () => {
  teardown(() => setLimit(undefined));

  test('a lowered limit fails the next execution with FnF.RuntimeError; raised again, it succeeds', async () => {
    const api = await flowStudio();
    const definition = foreachFlow();
    const run = async () => {
      const started = await api.localBackend.startExecution({ flowName: 'event-limit-probe', definition, input: INPUT });
      return executionEnd(api, 'event-limit-probe', started.name);
    };
    assert.equal((await run()).status, 'Succeeded', 'the default 5,000 lets 30 items through');
    await setLimit(50);
    // The change reaches the extension host as an event: the next runs pick it up once it has.
    const limited = await eventually('the lowered limit to apply', run, (s) => s.status === 'Failed');
    assert.equal(limited.error, 'FnF.RuntimeError');
    assert.match(limited.cause ?? '', /reached 50 events/);
    await setLimit(0);
    await eventually('the lifted limit to apply', run, (s) => s.status === 'Succeeded');
  });
});
