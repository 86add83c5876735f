// ARCHITECTURE.md and CONTRIBUTING.md name files so a newcomer can open them: every repository path
// they write in backticks (or link) exists. A path starting at a top-level folder or file must exist
// as written (`<name>` and `*` stand for any name); a name relative to its paragraph (`journal.ts`
// in the `engine/run/` section) must exist under that section's layer (`engine/`), and outside a
// layer's section somewhere in the repository.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const DOCS = ['ARCHITECTURE.md', 'CONTRIBUTING.md'];
/** Built or written at run time, not in the repository. */
const NOT_IN_REPO = /^(dist|node_modules|\.cache|\.fdl|\.vscode-test)\//;

function repoFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git' || e.name === 'dist' || e.name === '.cache') continue;
      const full = join(dir, e.name);
      const rel = relative(root, full).split(sep).join('/');
      if (e.isDirectory()) {
        out.push(`${rel}/`);
        walk(full);
      } else out.push(rel);
    }
  };
  walk(root);
  return out;
}

/** A path as a pattern: `<name>` and `*` match any characters but `/`. */
function pattern(path: string): RegExp {
  const escaped = path.replace(/<[^>]*>|\*/g, '\uE000').replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\uE000/g, '[^/]+')}$`);
}

/** The last `depth` segments of a repository path, keeping a folder's trailing `/`. */
function lastSegments(path: string, depth: number): string {
  const folder = path.endsWith('/');
  return path.replace(/\/$/, '').split('/').slice(-depth).join('/') + (folder ? '/' : '');
}

/** What a backticked word or link is, if it is a path: it has a folder or a file extension, and no spaces. */
function asPath(word: string): string | undefined {
  const w = word.replace(/[.,;:]$/, '').replace(/#.*$/, '');
  if (!w || /\s|…|^[.@]|^https?:|^node:|^\$|\(/.test(w)) return undefined;
  const last = w.replace(/\/$/, '').split('/').pop()!;
  const isFolder = w.endsWith('/') && w.length > 1;
  const isFile = /\.(ts|mts|mjs|cjs|js|json|md|yaml|yml|css|html)$/.test(last);
  return isFolder || isFile ? w : undefined;
}

interface Named {
  doc: string;
  line: number;
  path: string;
  section?: string;
}

function namedPaths(): Named[] {
  const out: Named[] = [];
  for (const doc of DOCS) {
    let section: string | undefined;
    readFileSync(join(root, doc), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (/^#{1,6} /.test(text)) section = /^#{1,6} `([\w/-]+\/)`/.exec(text)?.[1];
        const words = [...text.matchAll(/`([^`\n]+)`/g), ...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
        for (const w of words) {
          const path = asPath(w);
          if (path) out.push({ doc, line: i + 1, path, section });
        }
      });
  }
  return out;
}

test('every repository path ARCHITECTURE.md and CONTRIBUTING.md name exists', () => {
  const files = repoFiles();
  const topLevel = new Set(files.map((f) => f.split('/')[0] + (f.includes('/') ? '/' : '')));
  const named = namedPaths();
  const missing: string[] = [];
  for (const n of named) {
    if (NOT_IN_REPO.test(n.path)) continue;
    const re = pattern(n.path);
    const depth = n.path.replace(/\/$/, '').split('/').length;
    const layer = n.section ? `${n.section.split('/')[0]}/` : '';
    const first = n.path.split('/')[0] + (n.path.includes('/') ? '/' : '');
    // From the root, as written; else relative to the section's layer (or, outside one, to any folder).
    const found = files.some((f) => re.test(f)) || (!(topLevel.has(first) && !n.section) && files.some((f) => f.startsWith(layer) && re.test(lastSegments(f, depth))));
    if (!found) missing.push(`${n.doc}:${n.line} \`${n.path}\`${n.section ? ` (in the ${n.section} section)` : ''}`);
  }
  assert.ok(named.length > 300, `only ${named.length} paths read: is the scan still reading the docs?`);
  assert.deepEqual(missing, [], 'these paths do not exist: fix the docs, or the code they describe moved');
});
