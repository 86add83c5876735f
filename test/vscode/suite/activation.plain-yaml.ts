/// <reference types="mocha" />
/**
 * Opening a YAML file in a workspace of plain YAML files (test/vscode/plain-yaml-workspace/: a
 * compose file, a CI workflow, a Kubernetes manifest, settings with `type:` and `steps:`)
 * activates the extension (onLanguage:yaml; VS Code gives compose files a language of their own). It must cost little and leave nothing behind: no
 * `.fdl`, no language server or other process, no port listening. The times are printed (the
 * README quotes them), not asserted: a time measured on a loaded machine says more about the load
 * than about the extension (bench:start measures the bundle's load beside bare node).
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../../client/extension';
import { EXTENSION_ID, eventually, workspaceFile } from './helpers';
import { childProcesses, listeningPorts } from './process-state';

suite('activation in a workspace of plain YAML files', () => {
  test('a YAML file activates the extension, which starts no store, process or server', async () => {
    const ext = vscode.extensions.getExtension<FlowStudioApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
    assert.equal(ext.isActive, false, 'active before any YAML file was opened');
    const document = await vscode.workspace.openTextDocument(workspaceFile('k8s/deployment.yaml'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'yaml');
    await eventually(
      'the extension to activate on the YAML file',
      () => ext.isActive,
      (active) => active,
    );
    const api = ext.exports;
    console.log(`[activation, plain YAML] bundle evaluated in ${api.activation.evaluate.toFixed(1)} ms; activate() in ${api.activation.activate.toFixed(1)} ms`);
    // Other YAML files, one of them with `type:` and `steps:`: none is a flow.
    for (const f of ['config.yaml', '.github/workflows/ci.yml']) await vscode.window.showTextDocument(workspaceFile(f));
    await new Promise((r) => setTimeout(r, 1500)); // past flow detection's pause
    assert.deepEqual(
      vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.languageId),
      ['yaml', 'yaml', 'yaml'],
    );

    assert.equal(api.engine.current, undefined, 'the embedded engine started');
    assert.equal(existsSync(workspaceFile('.fdl').fsPath), false, '.fdl was created');
    const ports = listeningPorts();
    if (ports) assert.deepEqual([...ports], [], 'the extension host listens on a port');
    // VS Code's own extensions share the host (its JSON language server may start): not ours.
    const builtIn = join(vscode.env.appRoot, 'extensions');
    const children = childProcesses()?.filter((c) => !c.includes(builtIn));
    if (children) assert.deepEqual(children, [], 'the extension started a process');
  });
});
