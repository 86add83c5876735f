/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

  test("the language server keeps its code cache in the extension's global storage once a flow's diagnostics are out", async () => {
    const api = await flowStudio();
    assert.ok(!api.serverCompileCache.startsWith(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '\0'), 'never in the workspace');
    const document = await vscode.workspace.openTextDocument({ language: 'fdl', content: 'version: v1\ntype: flow\nsteps:\n  - type: nope\n    name: p\n' });
    await vscode.window.showTextDocument(document);
    await eventually(
      'diagnostics of the flow',
      () => vscode.languages.getDiagnostics(document.uri),
      (d) => d.length > 0,
    );
    // Written 200 ms after the server's first diagnostics (this window's first flow, or an earlier one).
    await eventually(
      'the server and language-core caches',
      () => (existsSync(api.serverCompileCache) ? readdirSync(api.serverCompileCache) : []),
      (files) => files.some((f) => /^server-main\.js-server-v\d.*\.cache$/.test(f)) && files.some((f) => /^fdl\.js-server-v\d.*\.cache$/.test(f)),
    );
  });

  test('the Executions view opens', async () => {
    await vscode.commands.executeCommand(`${VIEW_IDS.executions}.focus`);
  });

  test('a YAML file with type: flow and steps: becomes an fdl document', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n' });
    await vscode.window.showTextDocument(document);
    await eventually(
      'the fdl language',
      () => vscode.window.activeTextEditor?.document.languageId,
      (id) => id === 'fdl',
    );
  });

  test('a YAML document that an edit makes a flow becomes an fdl document after a pause', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'version: v1\n' });
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(document.positionAt(document.getText().length), 'type: flow\nsteps:\n  - type: pass\n    name: p\n'));
    await eventually(
      'the fdl language',
      () => vscode.window.activeTextEditor?.document.languageId,
      (id) => id === 'fdl',
    );
  });

  test('with flowStudio.detectFlowsInYaml off a YAML flow stays yaml, opened or edited into a flow', async () => {
    const config = vscode.workspace.getConfiguration('flowStudio');
    await config.update('detectFlowsInYaml', false, vscode.ConfigurationTarget.Global);
    try {
      const opened = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n' });
      await vscode.window.showTextDocument(opened);
      const edited = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'version: v1\n' });
      const editor = await vscode.window.showTextDocument(edited);
      await editor.edit((e) => e.insert(edited.positionAt(edited.getText().length), 'type: flow\nsteps:\n  - type: pass\n    name: p\n'));
      // Well past the detection's pause (500 ms) after the edit.
      await new Promise((r) => setTimeout(r, 2_000));
      assert.equal(opened.languageId, 'yaml');
      assert.equal(edited.languageId, 'yaml');
      assert.equal(vscode.window.activeTextEditor?.document.languageId, 'yaml');
    } finally {
      await config.update('detectFlowsInYaml', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
