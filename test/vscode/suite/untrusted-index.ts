/**
 * The mocha entry (extensionTestsPath) of the second code-server launch, whose workspace is NOT
 * trusted: only `*.untrusted.js` suites, which index.ts (the trusted launch) never loads, as the
 * others need the trust their local functions require. Bundled by code-server.test.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  for (const f of readdirSync(__dirname)
    .filter((n) => n.endsWith('.untrusted.js'))
    .sort())
    mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
