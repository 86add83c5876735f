/**
 * `npm start`'s check before building code-server: on Linux, what is missing is named as Debian
 * packages and one apt-get command installs them; nothing is asked for when all is there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aptInstallCommand, missingBuildPackages } from '../../scripts/code-server-install.mjs';

const linux = process.platform === 'linux';

test('a machine with the toolchain, Python and the Kerberos headers needs nothing', { skip: !linux }, () => {
  assert.deepEqual(missingBuildPackages({ has: () => true, exists: (f: string) => f === '/usr/include/gssapi/gssapi.h' }), []);
});

test('a stock machine is told the packages it misses, in one command', { skip: !linux }, () => {
  const missing = missingBuildPackages({ has: (cmd: string) => cmd === 'python3', exists: () => false });
  assert.deepEqual(missing, ['build-essential', 'libkrb5-dev']);
  assert.match(aptInstallCommand(missing), /^(sudo )?apt-get install -y build-essential libkrb5-dev$/);
});

test('only the Kerberos headers missing: libkrb5-dev alone', { skip: !linux }, () => {
  assert.deepEqual(missingBuildPackages({ has: () => true, exists: () => false }), ['libkrb5-dev']);
});
