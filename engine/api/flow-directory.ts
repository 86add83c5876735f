/**
 * The flows the local API knows by name (StartExecution FlowName, DescribeFlow, ListFlows):
 * `<name>.flow.yaml` / `.flow.yml` files in the given folders, the name being the file's stem.
 * Read on each call, so edits are picked up without restarting the server; read bounded
 * (flow-text.ts): a file that is a FIFO, a device, too large or not UTF-8 is no flow, rather than a
 * request that never answers or a server out of memory; `unreadable` says why, so that a start
 * names the trouble instead of saying the flow does not exist.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_DOCUMENT_BYTES, readFlowText, readUtf8TextOrWhy } from '../flow-text';

export interface NamedFlow {
  name: string;
  definition: string;
  flowPath: string;
  createdTime: string;
  lastModifiedTime: string;
}

export interface FlowSource {
  get(name: string): NamedFlow | undefined;
  list(): NamedFlow[];
  /** Why the file of a flow `get` does not give cannot be read (not UTF-8, too large, not a file), if there is one. */
  unreadable?(name: string): string | undefined;
}

const FLOW_FILE = /^([A-Za-z_][A-Za-z0-9_-]{0,127})\.flow\.ya?ml$/;

export function flowDirectory(dirs: readonly string[]): FlowSource {
  const read = (flowPath: string, name: string): NamedFlow | undefined => {
    try {
      const read = readFlowText(flowPath);
      if (!('text' in read)) return undefined;
      const st = statSync(flowPath);
      const time = (d: Date) => d.toISOString();
      return { name, definition: read.text, flowPath, createdTime: time(st.birthtime), lastModifiedTime: time(st.mtime) };
    } catch {
      return undefined;
    }
  };
  const fileOf = (name: string): string | undefined => {
    if (!FLOW_FILE.test(`${name}.flow.yaml`)) return undefined;
    for (const dir of dirs) {
      for (const ext of ['.flow.yaml', '.flow.yml']) {
        const p = join(dir, name + ext);
        if (existsSync(p)) return p;
      }
    }
    return undefined;
  };
  return {
    get(name) {
      const p = fileOf(name);
      return p === undefined ? undefined : read(p, name);
    },
    unreadable(name) {
      const p = fileOf(name);
      if (p === undefined) return undefined;
      const r = readUtf8TextOrWhy(p, MAX_DOCUMENT_BYTES);
      return 'why' in r ? `${p}: ${r.why}` : undefined;
    },
    list() {
      const seen = new Map<string, NamedFlow>();
      for (const dir of dirs) {
        let names: string[] = [];
        try {
          names = readdirSync(dir).sort();
        } catch {
          continue;
        }
        for (const file of names) {
          const m = FLOW_FILE.exec(file);
          if (!m || seen.has(m[1])) continue;
          const f = read(join(dir, file), m[1]);
          if (f) seen.set(m[1], f);
        }
      }
      return [...seen.values()];
    },
  };
}
