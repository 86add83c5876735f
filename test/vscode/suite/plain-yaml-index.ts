/**
 * The mocha entry (extensionTestsPath) of the code-server launch on a workspace of plain YAML
 * files (test/vscode/plain-yaml-workspace/, no flow in it): only `*.plain-yaml.js` suites, which
 * index.ts never loads, as the others need the examples. Bundled by code-server.test.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  for (const f of readdirSync(__dirname)
    .filter((n) => n.endsWith('.plain-yaml.js'))
    .sort())
    mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
