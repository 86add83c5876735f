/** The name the embedded engine runs a flow file under: its base name made a valid flow name. */
import { flowBaseName } from './flow-companions';

/** Letters, digits, `_` and `-`, starting with a letter or `_` (the service's rule), at most 128. */
export function localFlowName(flowPath: string): string {
  const base = flowBaseName(flowPath).replace(/[^A-Za-z0-9_-]/g, '_');
  const name = /^[A-Za-z_]/.test(base) ? base : `_${base}`;
  return name.slice(0, 128) || 'flow';
}
