/**
 * Language benchmark (issue 2): on the same generated flows and the same schema, our full
 * diagnostics (YAML + schema + semantic rules) against yaml-language-server's doValidation and
 * against the floor of `yaml` parse + ajv validate alone; then completion latency at a half-typed
 * key, ours against yaml-language-server's doComplete, both on a parsed version (cached) and with
 * a new version per request (edit then complete, as while typing); then diagnostics of the same flows with one syntax error
 * mid-file, as a user mid-edit leaves them (ours, `yaml`'s parseDocument alone, yaml-language-
 * server). Then the same for StateMachine flows (`Type: StateMachine`, bench/generate-statemachine.ts):
 * full diagnostics against yaml-language-server with our StateMachine schema, and completion while
 * typing (a half-typed key in a Task; the state names offered at a `Next:`). Run: `npm run
 * bench:language` (sizes: BENCH_SIZES, BENCH_SM_SIZES).
 *
 * Every (size, tool) pair is measured in a fresh node process running an esbuild bundle of
 * language-probe.ts (as the server runs from dist/server.js), so no tool pays for the garbage
 * another left in a shared heap. Each prints its median and p95 after two warm-up runs.
 */
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtMs, printTable } from './measure';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
const SM_SIZES = (process.env.BENCH_SM_SIZES ?? '1000,5000').split(',').map(Number);

interface ProbeResult {
  median: number;
  p95: number;
  runs: number;
  bytes: number;
  errors?: number;
  firstMs?: number;
  items?: number;
  /** ours-completion: a new version per request with the half-typed key (edit then complete), and the same parsing each version first. */
  edit?: { median: number; p95: number };
  editParsing?: { median: number; p95: number };
  /** sm-ours-completion: the state names offered at a `Next:`, on a new version per request. */
  names?: { median: number; p95: number };
  nameItems?: number;
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), 'flow-studio-bench-'));
  try {
    const probe = join(dir, 'language-probe.cjs');
    // yaml-language-server's UMD build requires its modules dynamically: it stays in node_modules.
    buildSync({
      entryPoints: [join(__dirname, 'language-probe.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: probe,
      external: ['yaml-language-server'],
      logLevel: 'error',
    });
    const root = join(__dirname, '..');
    const env = { ...process.env, NODE_PATH: join(root, 'node_modules'), FLOW_STUDIO_ROOT: root };
    const run = (tool: string, steps: number): ProbeResult => {
      const r = JSON.parse(
        execFileSync(process.execPath, [probe, tool, String(steps)], { encoding: 'utf8', env, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] }),
      ) as ProbeResult;
      process.stderr.write(`  ${tool} @ ${steps}: median ${fmtMs(r.median)} ms, p95 ${fmtMs(r.p95)} ms (${r.runs} runs)\n`);
      return r;
    };
    const ms = (t: { median: number; p95: number } | undefined) => (t ? `${fmtMs(t.median)} (p95 ${fmtMs(t.p95)})` : '');
    const diagRows: (string | number)[][] = [];
    const complRows: (string | number)[][] = [];
    const brokenRows: (string | number)[][] = [];
    for (const n of SIZES) {
      const ours = run('ours', n);
      const oursE = run('ours-edit', n);
      const floor = run('floor', n);
      const yls = run('yls', n);
      diagRows.push([
        n,
        ours.bytes.toLocaleString('en'),
        ms(ours),
        ms(oursE),
        ms(floor),
        ms(yls),
        (ours.median / floor.median).toFixed(2) + '×',
        (yls.median / ours.median).toFixed(1) + '×',
        (yls.median / oursE.median).toFixed(1) + '×',
        ours.errors ?? '',
      ]);
      const oursC = run('ours-completion', n);
      const ylsC = run('yls-completion', n);
      complRows.push([
        n,
        fmtMs(oursC.firstMs ?? NaN),
        ms(oursC),
        ms(oursC.edit),
        ms(oursC.editParsing),
        fmtMs(ylsC.firstMs ?? NaN),
        ms(ylsC),
        ms(ylsC.edit),
        (ylsC.median / oursC.median).toFixed(0) + '×',
        oursC.edit && ylsC.edit ? (ylsC.edit.median / oursC.edit.median).toFixed(0) + '×' : '',
        oursC.items ?? '',
      ]);
      const oursB = run('ours-broken', n);
      const oursBE = run('ours-broken-edit', n);
      const floorB = run('floor-broken', n);
      const ylsB = run('yls-broken', n);
      brokenRows.push([
        n,
        ms(oursB),
        ms(oursBE),
        ms(floorB),
        ms(ylsB),
        (oursB.median / floorB.median).toFixed(2) + '×',
        (ylsB.median / oursB.median).toFixed(1) + '×',
        (ylsB.median / oursBE.median).toFixed(1) + '×',
        oursB.errors ?? '',
      ]);
    }
    const smDiagRows: (string | number)[][] = [];
    const smComplRows: (string | number)[][] = [];
    const smBrokenRows: (string | number)[][] = [];
    for (const n of SM_SIZES) {
      const ours = run('sm-ours', n);
      const oursE = run('sm-ours-edit', n);
      const yls = run('sm-yls', n);
      smDiagRows.push([
        n,
        ours.bytes.toLocaleString('en'),
        ms(ours),
        ms(oursE),
        ms(yls),
        (yls.median / ours.median).toFixed(1) + '×',
        (yls.median / oursE.median).toFixed(1) + '×',
        ours.errors ?? '',
      ]);
      const oursB = run('sm-ours-broken', n);
      const oursBE = run('sm-ours-broken-edit', n);
      const ylsB = run('sm-yls-broken', n);
      smBrokenRows.push([n, ms(oursB), ms(oursBE), ms(ylsB), (ylsB.median / oursB.median).toFixed(1) + '×', (ylsB.median / oursBE.median).toFixed(1) + '×', oursB.errors ?? '']);
      const oursC = run('sm-ours-completion', n);
      const ylsC = run('sm-yls-completion', n);
      smComplRows.push([
        n,
        ms(oursC),
        ms(oursC.edit),
        ms(oursC.names),
        oursC.nameItems ?? '',
        ms(ylsC),
        ms(ylsC.edit),
        oursC.edit && ylsC.edit ? (ylsC.edit.median / oursC.edit.median).toFixed(0) + '×' : '',
      ]);
    }
    console.log('\n### Diagnostics (ms per full run: median, p95; each tool in its own process)\n');
    console.log(
      'an edit: each run a new version a keystroke apart mid-file, reparsed from the previous version (fdl/parse.ts reparseFlow), then analysed; yaml-language-server validates each new version whole.\n',
    );
    printTable(
      [
        'steps',
        'bytes',
        'ours (yaml+schema+rules)',
        'ours, an edit',
        'floor (yaml.parse + ajv)',
        'yaml-language-server',
        'ours/floor',
        'yls/ours',
        'yls/ours, an edit',
        'our errors',
      ],
      diagRows,
    );
    console.log('\n### Completion at a half-typed key `    pa` (ms: median, p95)\n');
    console.log(
      'cached: the version was parsed already. edit then complete: a new version per request (the key edited), as the server answers it (last good parse reused, server/completion-source.ts); parsing each version: the same edits, parsing each version first (as before; invalid YAML takes the `yaml` path).\n',
    );
    printTable(
      [
        'steps',
        'ours first (parse+complete)',
        'ours cached',
        'ours edit then complete',
        'edit then complete, parsing each version',
        'yls first',
        'yls cached',
        'yls edit then complete',
        'yls/ours cached',
        'yls/ours edit then complete',
        'our items',
      ],
      complRows,
    );
    console.log('\n### Diagnostics with one syntax error mid-file (ms: median, p95; the text a user mid-edit has)\n');
    printTable(
      [
        'steps',
        'ours (analyze)',
        'ours, an edit (a keystroke in the broken step)',
        'floor (yaml parseDocument)',
        'yaml-language-server',
        'ours/floor',
        'yls/ours',
        'yls/ours, an edit',
        'our errors',
      ],
      brokenRows,
    );
    console.log('\n### StateMachine flows: diagnostics (ms per full run: median, p95), yaml-language-server with our StateMachine schema\n');
    printTable(['states', 'bytes', 'ours (yaml+schema+rules)', 'ours, an edit', 'yaml-language-server', 'yls/ours', 'yls/ours, an edit', 'our errors'], smDiagRows);
    console.log('\n### StateMachine flows with one syntax error mid-file (ms: median, p95)\n');
    printTable(
      ['states', 'ours (analyze)', 'ours, an edit (a keystroke in the broken state)', 'yaml-language-server', 'yls/ours', 'yls/ours, an edit', 'our errors'],
      smBrokenRows,
    );
    console.log('\n### StateMachine flows: completion while typing (ms: median, p95)\n');
    printTable(
      [
        'states',
        'ours cached (key)',
        'ours edit then complete (key)',
        'ours edit then complete (`Next:` names)',
        'names offered',
        'yls cached (key)',
        'yls edit then complete (key)',
        'yls/ours edit then complete',
      ],
      smComplRows,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
