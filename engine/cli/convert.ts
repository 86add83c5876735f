/**
 * `fdl convert <classic.flow.yaml> [--out <file>|-] [--name <Name>] [--force] [--format json]`:
 * writes the StateMachine flow equivalent to a classic flow (fdl/cloudflow/convert-classic.ts) and
 * lists, located in the classic file, everything that could not be carried over 1:1.
 * The output defaults to `<stem>-statemachine.flow.yaml` beside the input and is never overwritten
 * without --force; its `Name` defaults to the flow name a local run gives that file. With `--out -`
 * the YAML goes to stdout and the findings to stderr; `--format json` prints `{out, findings}` on stdout.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from '../../fdl/analyze';
import { convertClassicFlow } from '../../fdl/cloudflow/convert-classic';
import { flowNameFromPath } from '../flow-resolver';
import { engineLocale, localeFromEnvironment } from '../messages';
import { flagString, parseArgs } from './cli-args';
import { say } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { readFlowText, unreadableReason } from '../flow-text';
import { validateFiles } from './validate';
import { localize } from '../../fdl/messages';

const USAGE = COMMAND_USAGE.convert.usage;

export interface ConvertRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'warning' | 'information';
  code: string;
  message: string;
}

/** Where `fdl convert` writes a classic file's conversion unless told: beside it. */
export function defaultConvertedPath(file: string): string {
  const stem = (file.replace(/\\/g, '/').split('/').pop() ?? 'flow').replace(/\.(flow\.)?ya?ml$/i, '');
  return join(dirname(file), `${stem}-statemachine.flow.yaml`);
}

export function runConvert(args: string[]): number {
  const p = parseArgs(args, ['force']);
  const [file, ...extra] = p.positional;
  if (!file || extra.length > 0) {
    say('usage', USAGE);
    return 2;
  }
  let read: ReturnType<typeof readFlowText>;
  try {
    read = readFlowText(file);
  } catch (e) {
    say('flowMissing', file, unreadableReason(e, localeFromEnvironment(process.env)));
    return 2;
  }
  if ('notUtf8' in read) {
    say('flowNotUtf8', file, read.notUtf8.byte, read.notUtf8.line, read.notUtf8.column);
    return 2;
  }
  const text = read.text;
  const locale = engineLocale();
  const analysis = analyze(text, { locale });
  if (analysis.parsed.dialect !== 'classic') {
    say('convertNotClassic', file);
    return 2;
  }
  // A flow with errors is converted by guesswork; the user fixes it first.
  if (analysis.diagnostics.some((d) => d.severity === 'error')) {
    for (const r of validateFiles([file], locale)) if (r.severity === 'error') process.stderr.write(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}\n`);
    say('convertHasErrors', file);
    return 1;
  }
  const out = flagString(p, 'out') ?? defaultConvertedPath(file);
  const toStdout = out === '-';
  const json = flagString(p, 'format') === 'json';
  if (json && toStdout) {
    say('usage', USAGE);
    return 2;
  }
  if (!toStdout && existsSync(out) && p.flags.get('force') !== true) {
    say('convertExists', out);
    return 2;
  }
  const name = flagString(p, 'name') ?? flowNameFromPath(toStdout ? file : out);
  const result = convertClassicFlow(analysis.parsed.flow, text, { name });
  const rows: ConvertRow[] = result.findings.map((f) => ({
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    code: f.code,
    message: localize(f.message, locale),
  }));
  if (toStdout) process.stdout.write(result.yaml);
  else writeFileSync(out, result.yaml);
  if (json) process.stdout.write(JSON.stringify({ out, findings: rows }, null, 2) + '\n');
  else {
    for (const r of rows) process.stderr.write(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}\n`);
    if (!toStdout) say('convertWrote', out, rows.length);
  }
  return 0;
}
