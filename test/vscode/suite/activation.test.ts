/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS, VIEW_IDS } from '../../../client/command-ids';
import { eventually, flowStudio } from './helpers';

suite('activation', () => {
  test('every command the manifest contributes is registered', async () => {
    await flowStudio();
    const ext = vscode.extensions.getExtension('flow-studio.flow-studio-fnf')!;
    const manifest = JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    for (const id of Object.values(COMMAND_IDS)) assert.ok(registered.has(id), id);
  });

  test('the Executions view opens', async () => {
    await vscode.commands.executeCommand(`${VIEW_IDS.executions}.focus`);
  });

  test('a YAML file with type: flow and steps: becomes an fdl document', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n' });
    await vscode.window.showTextDocument(document);
    await eventually('the fdl language', () => vscode.window.activeTextEditor?.document.languageId, (id) => id === 'fdl');
  });
});
