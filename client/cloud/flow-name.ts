/** The flow name a file stands for: the file's stem (`order.flow.yaml` → `order`), as the local API names flows. */
import { basename } from 'node:path';

export function flowNameFromPath(filePath: string): string {
  return basename(filePath).replace(/(\.flow)?\.ya?ml$/i, '');
}

/** Service rule for flow names: letters, digits, `_` and `-`, starting with a letter or `_`, 1–128 characters. */
export function isValidFlowName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/.test(name);
}
