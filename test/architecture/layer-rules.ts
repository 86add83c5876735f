/**
 * The layers' import rules (ARCHITECTURE.md, "Code map": each folder's "May import") as data, and the check that applies them
 * to an import graph. Each rule says, for the source files under one folder, which project
 * files and which packages they may import; a refusal names the file, the import and the rule.
 */
import { findCycles, readImports, type ImportEdge, type SourceFile } from './import-graph';

export interface LayerRule {
  /** The folder whose files the rule governs, e.g. `fdl/`. */
  layer: string;
  /** Project paths its files may import: a folder (ends in `/`) or one file. */
  mayImportProject: readonly string[];
  /** Packages (and `node:` built-ins) it may import: `all`, only these, or all but these. */
  packages: 'all' | { only: readonly string[] } | { not: readonly string[] };
  /** The rule in words, as a failure prints it. */
  rule: string;
}

export const LAYER_RULES: readonly LayerRule[] = [
  {
    layer: 'fdl/',
    // l10n/: the translation bundles, imported as data (fdl/translations.ts), like the schemas.
    mayImportProject: ['fdl/', 'schemas/', 'l10n/'],
    // No Node built-in at all, not even a pure one: none is needed today, and an allow-list keeps
    // I/O (node:fs, node:child_process, node:net, node:http, …) out by construction. The
    // vscode-languageserver-* packages are types and a text-document model, no I/O. @noble/hashes
    // and re2js are pure JS (CloudFlow's `hash` and `regexMatchString` built-ins).
    packages: {
      only: ['yaml', 'ajv', 'ajv-formats', 'vscode-languageserver-types', 'vscode-languageserver-textdocument', '@noble/hashes', 're2js'],
    },
    rule: 'fdl/ is the pure language core: it imports only fdl/, schemas/, l10n/ and yaml, ajv, ajv-formats, vscode-languageserver-types/-textdocument, @noble/hashes, re2js; no Node built-in, no I/O',
  },
  {
    layer: 'server/',
    mayImportProject: ['server/', 'fdl/', 'snippets/', 'startup/'],
    packages: { not: ['vscode', 'vscode-languageclient'] },
    rule: 'server/ is the language server over fdl/: it imports fdl/ (and the snippet data in snippets/, the code cache in startup/), never engine/, client/ or vscode',
  },
  {
    // Listed before engine/: the first rule whose folder holds a file governs it.
    layer: 'engine/run/',
    mayImportProject: [
      'engine/run/',
      'fdl/',
      'engine/history/',
      'engine/errors.ts',
      'engine/messages.ts',
      'engine/clock.ts',
      'engine/invoker.ts',
      'engine/task-tokens.ts',
      'engine/json-limits.ts',
      'engine/debug/visit-hooks.ts',
      'engine/store/execution-store.ts',
    ],
    packages: { not: ['vscode', 'vscode-languageclient', 'vscode-languageserver'] },
    rule: "engine/run/ is the interpreter: it imports fdl/, engine/history/, the shared engine modules (errors, messages, clock, invoker, task-tokens, json-limits), the debugger's visit hooks and the execution-name rule of the store; never the backend, the store's I/O, api/, cli/, invokers/ or analysis/",
  },
  {
    layer: 'engine/',
    mayImportProject: ['engine/', 'fdl/', 'startup/'],
    packages: { not: ['vscode', 'vscode-languageclient', 'vscode-languageserver'] },
    rule: 'engine/ runs outside VS Code (CLI, local API, tests): it imports fdl/ (and the code cache in startup/), never server/, client/, vscode or the language client/server',
  },
  {
    // What loads the CLI and the language server, so shared by engine/ and server/: Node built-ins only.
    layer: 'startup/',
    mayImportProject: ['startup/'],
    packages: { only: ['node:crypto', 'node:fs', 'node:module', 'node:os', 'node:path', 'node:util', 'node:vm', 'node:zlib'] },
    rule: 'startup/ loads the bundles of the CLI and the language server (code cache): it imports no project file and only Node built-ins (crypto, fs, module, os, path, util, vm, zlib)',
  },
  {
    layer: 'debug/',
    mayImportProject: ['debug/', 'fdl/', 'engine/index.ts'],
    packages: { not: ['vscode', 'vscode-languageclient', 'vscode-languageserver'] },
    rule: 'debug/ is the Debug Adapter Protocol adapter over the engine: it reaches the engine only through engine/index.ts, imports fdl/, and never vscode (it runs in the extension host or a process of its own)',
  },
  {
    layer: 'client/',
    mayImportProject: ['client/', 'fdl/', 'engine/index.ts', 'debug/'],
    packages: 'all',
    rule: 'client/ reaches the engine only through engine/index.ts (and the debug adapter in debug/, which it runs inline), and never imports server/ (it starts it as a process)',
  },
];

/**
 * Import cycles that exist today and are to be removed, each as `findCycles` reports it. The
 * check fails on any other cycle, and also when one listed here is gone, so the list only shrinks.
 */
export const KNOWN_CYCLES: readonly (readonly string[])[] = [];

export interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

export function ruleFor(path: string, rules: readonly LayerRule[] = LAYER_RULES): LayerRule | undefined {
  return rules.find((r) => path.startsWith(r.layer));
}

function allowsEdge(rule: LayerRule, edge: ImportEdge): boolean {
  if (edge.target !== undefined) {
    const target = edge.target;
    return rule.mayImportProject.some((p) => (p.endsWith('/') ? target.startsWith(p) : target === p));
  }
  const name = edge.packageName!;
  if (rule.packages === 'all') return true;
  if ('only' in rule.packages) return rule.packages.only.includes(name);
  return !rule.packages.not.includes(name);
}

export function layerViolations(edges: readonly ImportEdge[], rules: readonly LayerRule[] = LAYER_RULES): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const edge of edges) {
    const rule = ruleFor(edge.from, rules);
    if (rule && !allowsEdge(rule, edge)) out.push({ file: edge.from, line: edge.line, specifier: edge.specifier, rule: rule.rule });
  }
  return out;
}

export function formatViolation(v: LayerViolation): string {
  return `${v.file}:${v.line} imports '${v.specifier}': ${v.rule}`;
}

export interface ArchitectureReport {
  violations: LayerViolation[];
  /** Cycles not in the known list. */
  newCycles: string[][];
  /** Known cycles that no longer exist (remove them from KNOWN_CYCLES). */
  goneCycles: (readonly string[])[];
}

export function checkArchitecture(
  files: readonly SourceFile[],
  rules: readonly LayerRule[] = LAYER_RULES,
  knownCycles: readonly (readonly string[])[] = KNOWN_CYCLES,
): ArchitectureReport {
  const paths = new Set(files.map((f) => f.path));
  const edges = files.flatMap((f) => readImports(f, paths));
  const cycles = findCycles(edges);
  const key = (c: readonly string[]) => c.join(' -> ');
  const known = new Set(knownCycles.map(key));
  const found = new Set(cycles.map(key));
  return {
    violations: layerViolations(edges, rules),
    newCycles: cycles.filter((c) => !known.has(key(c))),
    goneCycles: knownCycles.filter((c) => !found.has(key(c))),
  };
}

/** The report in words, one line per problem; empty when the tree keeps every rule. */
export function describeReport(report: ArchitectureReport): string[] {
  return [
    ...report.violations.map(formatViolation),
    ...report.newCycles.map((c) => `import cycle: ${c.join(' -> ')} (no import cycles among project files)`),
    ...report.goneCycles.map((c) => `the known cycle ${c.join(' -> ')} is gone: remove it from KNOWN_CYCLES in test/architecture/layer-rules.ts`),
  ];
}
