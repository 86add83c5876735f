/**
 * Finding a nested flow's definition by name (`acs:fnf:::flow/<name>`): a file `<name>.flow.yaml`
 * or `<name>.flow.yml` next to the parent flow's file, then in each configured flows directory.
 * A flow that starts itself (published flows do) resolves to its own definition.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
        if (existsSync(p)) return { definition: readFileSync(p, 'utf8'), flowPath: p };
      }
    }
    return undefined;
  };
}

/** A flow's name from its file name: `orders.flow.yaml` → `orders` (invalid characters become `_`). */
export function flowNameFromPath(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? 'flow';
  const stem = base.replace(/\.(flow\.)?ya?ml$/i, '') || 'flow';
  const clean = stem.replace(/[^A-Za-z0-9_-]/g, '_');
  return (/^[A-Za-z_]/.test(clean) ? clean : `_${clean}`).slice(0, 128);
}
