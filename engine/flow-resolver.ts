/**
 * Finding a nested flow's definition by name (`acs:fnf:::flow/<name>`): a file `<name>.flow.yaml`
 * or `<name>.flow.yml` next to the parent flow's file, then in each configured flows directory.
 * A flow that starts itself (published flows do) resolves to its own definition.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_DOCUMENT_BYTES, readTextBounded, unreadableReason } from './flow-text';
import { engineText } from './messages';

export interface ResolvedFlow {
  definition: string;
  flowPath?: string;
}

export type FlowResolver = (name: string, from?: { flowName: string; flowPath?: string; definition?: string }) => ResolvedFlow | undefined;

export function fileFlowResolver(flowsDirs: readonly string[] = []): FlowResolver {
  return (name, from) => {
    if (from && from.flowName === name && from.definition) return { definition: from.definition, flowPath: from.flowPath };
    const dirs = [...(from?.flowPath ? [dirname(from.flowPath)] : []), ...flowsDirs];
    for (const dir of dirs) {
      for (const ext of ['.flow.yaml', '.flow.yml']) {
        const p = join(dir, `${name}${ext}`);
        if (existsSync(p)) return { definition: readChildFlow(p), flowPath: p };
      }
    }
    return undefined;
  };
}

/** A nested flow's file, read within the limits (flow-text.ts): a FIFO or device there must not hang or exhaust the engine. */
function readChildFlow(p: string): string {
  try {
    return readTextBounded(p, MAX_DOCUMENT_BYTES);
  } catch (e) {
    throw new Error(engineText('flowUnreadable', p, unreadableReason(e)));
  }
}

/** A flow's name from its file name: `orders.flow.yaml` → `orders` (invalid characters become `_`). */
export function flowNameFromPath(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? 'flow';
  const stem = base.replace(/\.(flow\.)?ya?ml$/i, '') || 'flow';
  const clean = stem.replace(/[^A-Za-z0-9_-]/g, '_');
  return (/^[A-Za-z_]/.test(clean) ? clean : `_${clean}`).slice(0, 128);
}
