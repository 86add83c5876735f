/**
 * The mocha entry VS Code loads in the extension host (extensionTestsPath); every `*.test.js`
 * bundled beside it is a suite. Colours are off when the output is read from a log (code-server).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // FLOW_STUDIO_VSCODE_ONLY=<regexp> runs only the tests whose suite and test names match.
  const only = process.env.FLOW_STUDIO_VSCODE_ONLY;
  const mocha = new Mocha({ ui: 'tdd', color: !process.env.FLOW_STUDIO_TESTS_IN_CODE_SERVER, timeout: 60_000, ...(only ? { grep: new RegExp(only) } : {}) });
  for (const f of readdirSync(__dirname)
    .filter((n) => n.endsWith('.test.js'))
    .sort())
    mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
