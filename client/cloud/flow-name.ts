/** The flow name a file stands for: the file's stem (`order.flow.yaml` → `order`), as the local API names flows. */
import { basename } from 'node:path';

export function flowNameFromPath(filePath: string): string {
  return basename(filePath).replace(/(\.flow)?\.ya?ml$/i, '');
}

/** Service rule for flow names: letters, digits, `_` and `-`, starting with a letter or `_`, 1–128 characters. */
export function isValidFlowName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/.test(name);
}

/**
 * The cloud flow name of a file: its entry in `flowStudio.cloud.flowNames` (keyed by the
 * workspace-relative path, `/`-separated), else the file's stem.
 */
export function mappedFlowName(relativePath: string, filePath: string, flowNames: Readonly<Record<string, unknown>>): string {
  const mapped = flowNames[relativePath.replace(/\\/g, '/')];
  return typeof mapped === 'string' && mapped.trim() ? mapped.trim() : flowNameFromPath(filePath);
}
