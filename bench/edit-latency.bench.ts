/**
 * Edit latency over stdio, as an editor meets it: `node dist/server.js --stdio` with the typing
 * pause set to 0, a large flow open, then one keystroke at a time sent as an incremental
 * didChange (a one-character range edit mid-file); each keystroke's time runs from sending the
 * change to receiving the diagnostics of that version. Valid text (a digit typed into a number)
 * and text with one syntax error (a letter typed after an unclosed `{`), classic and StateMachine
 * flows; valid text whose whole-flow checks find something away from the edit; and a step's name
 * typed into (the top-level sequence judged anew from its kept entries: in a StateMachine flow the
 * state renamed is the one `Next` of the state before names); a new step or state begun (`- ` and
 * a line end typed above one: an empty item). Run: `npm run bench:edit-latency` (builds first;
 * sizes: BENCH_EDIT_SIZES; cases: BENCH_EDIT_CASES).
 *
 * Beside the keystroke over stdio, the CPU time of one edit in process (the edited version
 * reparsed from the previous one, given the change as the server gives it, and analysed,
 * `process.cpuUsage`), less sensitive to a loaded machine; and, where the system tells it (Linux: /proc/<pid>/stat), the server process's CPU time
 * over the keystrokes measured, per keystroke (a mean: the system counts in 10 ms ticks). Two
 * builds compared in one run: BENCH_EDIT_BUILDS, their `dist` folders separated by commas
 * (default: this one's), measured in turn, BENCH_EDIT_ROUNDS times each.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type InitializeParams,
} from 'vscode-languageserver-protocol';
import { generateFlow, generateFlowWithFindings, generateFlowWithSyntaxError } from './generate-flow';
import { generateStateMachine, generateStateMachineWithFindings } from './generate-statemachine';
import { fmtMs, printTable } from './measure';

const SIZES = (process.env.BENCH_EDIT_SIZES ?? '1000,5000').split(',').map(Number);
/** Only the cases whose name matches (a regular expression), e.g. `findings`. */
const CASES = new RegExp(process.env.BENCH_EDIT_CASES ?? '');
const KEYSTROKES = 40;
/** Keystrokes that warm the server up, left out of the measures. */
const WARM_UP = 4;
const BUILDS = (process.env.BENCH_EDIT_BUILDS ?? join(__dirname, '..', 'dist')).split(',');
const ROUNDS = Number(process.env.BENCH_EDIT_ROUNDS ?? 1);

function smWithSyntaxError(states: number): string {
  const text = generateStateMachine(states);
  const at = text.indexOf('Name: ', Math.floor(text.length / 2));
  return text.slice(0, at) + 'Name: {' + text.slice(at + 'Name: '.length);
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/**
 * The CPU time of each edit in process, with `dist`'s language core: reparsed from the previous
 * version and analysed. In a process of its own per build, so one build's garbage and JIT state
 * never weigh on the other's.
 */
function cpuOfEdits(dist: string, text: string, at: number, typed: string): number[] {
  const script = `
    const fdl = require(${JSON.stringify(join(dist, 'fdl.js'))});
    const { parseFlow, reparseFlow } = fdl['fdl/parse'];
    const { analyzeParsed } = fdl['fdl/analyze'];
    const text = require('node:fs').readFileSync(0, 'utf8');
    const at = ${at}, typed = ${JSON.stringify(typed)};
    let prev = parseFlow(text);
    analyzeParsed(prev);
    const out = [];
    // Twice the keystrokes, the first half warming the process up as a server is by typing.
    for (let k = 0; k < ${2 * KEYSTROKES}; k++) {
      const next = k % 2 === 0 ? text.slice(0, at) + typed + text.slice(at) : text;
      // The change as the server's documents give it (a build before they did ignores it).
      const changes = [k % 2 === 0 ? { start: at, end: at, length: typed.length } : { start: at, end: at + typed.length, length: 0 }];
      const c0 = process.cpuUsage();
      const parsed = reparseFlow(prev, next, 'en', { changes }) ?? parseFlow(next);
      analyzeParsed(parsed);
      const c = process.cpuUsage(c0);
      out.push((c.user + c.system) / 1000);
      prev = parsed;
    }
    process.stdout.write(JSON.stringify(out.slice(${KEYSTROKES + 4})));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { input: text, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`CPU time of ${dist}: ${r.stderr}`);
  return JSON.parse(r.stdout) as number[];
}

/** The CPU time a process has used so far (ms), or undefined where the system does not say. */
function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): utime and stime are the 12th and 13th, in ticks of 10 ms.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function stats(times: number[]): { median: number; p95: number } {
  const sorted = times.slice().sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)] };
}

async function measureEdits(dist: string, text: string, at: number, typed: string): Promise<{ times: number[]; errors: number; serverCpu: number | undefined }> {
  const child = spawn(process.execPath, [join(dist, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<number, (errors: number) => void>();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => waiting.get(p.version ?? -1)?.(p.diagnostics.filter((d) => d.severity === 1).length));
  conn.listen();
  const uri = 'file:///bench/edit.flow.yaml';
  const published = (version: number) => new Promise<number>((resolve) => waiting.set(version, resolve));
  try {
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
      initializationOptions: { diagnosticsDelayMs: 0 },
    } as InitializeParams);
    await conn.sendNotification(InitializedNotification.type, {});
    let version = 1;
    const opened = published(1);
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'fdl', version, text } });
    await opened;
    const times: number[] = [];
    let cpuFrom: number | undefined;
    const typedEnd = positionAt(text.slice(0, at) + typed, at + typed.length);
    let errors = 0;
    for (let k = 0; k < KEYSTROKES; k++) {
      if (k === WARM_UP) cpuFrom = processCpuMs(child.pid);
      // Type a character, then delete it: every version a keystroke apart.
      const insert = k % 2 === 0;
      const pos = positionAt(text, at);
      // (What was typed may end a line: its end is placed in the text that holds it.)
      const range = insert ? { start: pos, end: pos } : { start: pos, end: typedEnd };
      version++;
      const done = published(version);
      const t0 = performance.now();
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? typed : '' }] });
      errors = await done;
      times.push(performance.now() - t0);
      // A pause between keystrokes, as between a user's: each is measured on its own.
      await new Promise((r) => setTimeout(r, 30));
    }
    const cpuTo = processCpuMs(child.pid);
    // The first few warm the server up.
    return { times: times.slice(WARM_UP), errors, serverCpu: cpuFrom !== undefined && cpuTo !== undefined ? (cpuTo - cpuFrom) / (KEYSTROKES - WARM_UP) : undefined };
  } finally {
    await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
    await conn.sendNotification(ExitNotification.type);
    conn.dispose();
    child.kill();
  }
}

async function main() {
  const rows: (string | number)[][] = [];
  for (const n of SIZES) {
    // What is typed, and where: after the first `marker` past the middle of the text (before it, with `before`).
    const cases: [string, string, string, string, boolean?][] = [
      ['classic, valid', generateFlow(n), 'duration: ', '1'],
      ['classic, one syntax error', generateFlowWithSyntaxError(n), 'name: {', 'x'],
      ['StateMachine, valid', generateStateMachine(n), 'Seconds: ', '1'],
      ['StateMachine, one syntax error', smWithSyntaxError(n), 'Name: {', 'x'],
      // Valid text whose whole-flow checks find something elsewhere (a duplicate name, an unknown goto / Next, an unreachable step).
      ['classic, valid, whole-flow findings', generateFlowWithFindings(n), 'duration: ', '1'],
      ['StateMachine, valid, whole-flow findings', generateStateMachineWithFindings(n), 'Seconds: ', '1'],
      // A step name typed into: what the whole-flow checks read changes, so they run again.
      ['classic, valid, a step name typed', generateFlow(n), 'name: pass', 'x'],
      ['StateMachine, valid, a state name typed', generateStateMachine(n), 'Name: s', 'x'],
      // A new step begun above another: an empty item, which the schema finds on its line.
      ['classic, valid, a new step begun', generateFlow(n), '  - type: wait', '  - \n', true],
      ['StateMachine, valid, a new state begun', generateStateMachine(n), '  - Type: Wait', '  - \n', true],
    ];
    for (const [what, text, marker, typed, before] of cases) {
      if (!CASES.test(what)) continue;
      const at = text.indexOf(marker, Math.floor(text.length / 2)) + (before ? 0 : marker.length);
      const times = BUILDS.map(() => [] as number[]);
      const serverCpu = BUILDS.map(() => [] as number[]);
      const cpu = BUILDS.map(() => [] as number[]);
      const errors = BUILDS.map(() => 0);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [b, dist] of BUILDS.entries()) {
          const r = await measureEdits(dist, text, at, typed);
          times[b].push(...r.times);
          if (r.serverCpu !== undefined) serverCpu[b].push(r.serverCpu);
          errors[b] = r.errors;
          cpu[b].push(...cpuOfEdits(dist, text, at, typed));
        }
      }
      for (const [b, dist] of BUILDS.entries()) {
        const r = stats(times[b]);
        const c = stats(cpu[b]);
        const s = serverCpu[b].length ? fmtMs(serverCpu[b].reduce((x, y) => x + y, 0) / serverCpu[b].length) : '–';
        const build = BUILDS.length > 1 ? `${dist}: ` : '';
        process.stderr.write(`  ${build}${what} @ ${n}: median ${fmtMs(r.median)} ms, p95 ${fmtMs(r.p95)} ms; CPU in process ${fmtMs(c.median)} ms; server CPU ${s} ms\n`);
        rows.push([...(BUILDS.length > 1 ? [dist] : []), n, what, fmtMs(r.median), fmtMs(r.p95), fmtMs(c.median), fmtMs(c.p95), s, errors[b]]);
      }
    }
  }
  console.log('\n### A keystroke to its diagnostics over stdio (ms; typing pause 0; incremental sync), and its CPU time in process and in the server\n');
  printTable(
    [...(BUILDS.length > 1 ? ['build'] : []), 'steps', 'text', 'median', 'p95', 'CPU in process, median', 'CPU p95', 'server CPU per keystroke, mean', 'errors published'],
    rows,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
