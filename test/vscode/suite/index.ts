/** The mocha entry VS Code loads in the extension host (extensionTestsPath); the suites are bundled beside it. */
import { join } from 'node:path';
import Mocha from 'mocha';

export const SUITE_FILES = ['activation.test.js', 'run-flow.test.js'];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 60_000 });
  for (const f of SUITE_FILES) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
