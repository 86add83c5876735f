/**
 * The files that travel with a flow, named after it and kept beside it:
 *   order.flow.yaml → order.mocks.yaml (or .yml)  mocked task results for local runs
 *                   → order.input.json            the flow's sample input (one object)
 *                   → order.inputs.json           saved named inputs: {"name": {…input…}, …}
 * The flow's base name drops `.flow.yaml`, `.flow.yml`, `.yaml` or `.yml`.
 */
import { basename, dirname, join } from 'node:path';

export function flowBaseName(flowPath: string): string {
  return basename(flowPath).replace(/(\.flow)?\.ya?ml$/i, '');
}

export function mocksFileCandidates(flowPath: string): string[] {
  const dir = dirname(flowPath);
  const base = flowBaseName(flowPath);
  return [join(dir, `${base}.mocks.yaml`), join(dir, `${base}.mocks.yml`)];
}

export function savedInputsPath(flowPath: string): string {
  return join(dirname(flowPath), `${flowBaseName(flowPath)}.inputs.json`);
}

export function sampleInputPath(flowPath: string): string {
  return join(dirname(flowPath), `${flowBaseName(flowPath)}.input.json`);
}
