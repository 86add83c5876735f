/// <reference types="mocha" />
/**
 * What activating the extension costs: printed (the README quotes it), and what it must not load.
 * The cloud SDKs are most of the extension's code; they are required on first use of the cloud
 * (client/cloud/cloud-sdks.ts), so a window that never signs in never reads them.
 */
import * as assert from 'node:assert/strict';
import { flowStudio } from './helpers';

suite('activation cost', () => {
  test('activating loads no cloud SDK; its times are printed', async () => {
    const api = await flowStudio();
    const loaded = Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]cloud-sdks\.js$|[\\/]node_modules[\\/]@alicloud[\\/]/.test(f));
    assert.deepEqual(loaded, [], 'cloud SDK modules loaded at activation');
    console.log(`[activation] bundle evaluated in ${api.activation.evaluate.toFixed(1)} ms; activate() in ${api.activation.activate.toFixed(1)} ms`);
    assert.ok(api.activation.evaluate > 0 && api.activation.activate > 0);
  });
});
