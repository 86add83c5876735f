/**
 * The project's import graph, read from source text: every static import, `export … from`,
 * dynamic `import()`, `import('…')` type and `require()` of every source file, resolved to a
 * project file when it is relative. TypeScript's own pre-processor finds the specifiers, so
 * imports inside comments and strings are not counted.
 */
import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

/** A source file, by its path from the repository root with `/` separators. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface ImportEdge {
  from: string;
  /** 1-based line of the specifier in `from`. */
  line: number;
  /** As written, e.g. `'../engine/backend'` or `'node:fs'`. */
  specifier: string;
  /** For a relative specifier: the project file it names (an existing one when it can), else undefined. */
  target?: string;
  /** For a bare specifier: the package (`@scope/name`, `yaml`) or `node:<module>` for a Node built-in. */
  packageName?: string;
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'];

export function readImports(file: SourceFile, projectFiles: ReadonlySet<string>): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(file.text, true, true);
  const lineEnds = [...file.text.matchAll(/\n/g)].map((m) => m.index!);
  return importedFiles.map((ref) => {
    const line = lineEnds.filter((end) => end < ref.pos).length + 1;
    const edge: ImportEdge = { from: file.path, line, specifier: ref.fileName };
    if (ref.fileName.startsWith('.')) edge.target = resolveRelative(file.path, ref.fileName, projectFiles);
    else edge.packageName = packageOf(ref.fileName);
    return edge;
  });
}

function resolveRelative(from: string, specifier: string, projectFiles: ReadonlySet<string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [base, ...SOURCE_EXTENSIONS.map((ext) => base + ext), ...SOURCE_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  // `./x.js` naming `./x.ts` (ESM style).
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.([cm]?)js$/, '.$1ts'));
  return candidates.find((c) => projectFiles.has(c)) ?? base;
}

function packageOf(specifier: string): string {
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return `node:${specifier.replace(/^node:/, '').split('/')[0]}`;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Every import cycle among project files: one entry per strongly connected component (Tarjan),
 * each given as one closed path through it, `[a, b, …, a]`, so the message can show who imports whom.
 */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (e.target === undefined) continue;
    const list = next.get(e.from) ?? [];
    if (!list.includes(e.target)) list.push(e.target);
    next.set(e.from, list);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Iterative, so a long chain of imports cannot overflow the call stack.
  const visit = (root: string) => {
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = next.get(top.node) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        const selfImport = component.length === 1 && (next.get(w) ?? []).includes(w);
        if (component.length > 1 || selfImport) components.push(component);
      }
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((c) => cyclePath(c, next));
}

/** A closed path through a strongly connected component, from its first file in sort order. */
function cyclePath(component: string[], next: ReadonlyMap<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  // Breadth-first from start back to start inside the component: the shortest cycle through it.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const w of next.get(node) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let n: string | undefined = node; n !== undefined && n !== start; n = previous.get(n)) path.unshift(n);
        path.unshift(start);
        return path;
      }
      if (!previous.has(w)) {
        previous.set(w, node);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
