/** `fdl validate <files...> [--format json]`: the editor's analysis, on the command line. */
import { formatMessage } from '../../fdl/messages';
import { analyze } from '../../fdl/analyze';
import type { FdlDiagnostic } from '../../fdl/diagnostic';
import { engineLocale } from '../messages';
import { CLI_MESSAGES, say } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { FileRefusedError, readFlowText, unreadableReason } from '../flow-text';

export interface ValidateRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: FdlDiagnostic['severity'];
  code: string;
  message: string;
}

export function validateFiles(files: string[], locale = engineLocale()): ValidateRow[] {
  const rows: ValidateRow[] = [];
  for (const file of files) {
    let read: ReturnType<typeof readFlowText>;
    try {
      read = readFlowText(file);
    } catch (e) {
      const message = e instanceof FileRefusedError ? unreadableReason(e, locale) : (e as Error).message;
      rows.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'file-unreadable', message });
      continue;
    }
    if ('notUtf8' in read) {
      const { byte, line, column } = read.notUtf8;
      rows.push({ file, line, column, endLine: line, endColumn: column + 1, severity: 'error', code: 'file-not-utf8', message: formatMessage(CLI_MESSAGES.notUtf8, locale, byte) });
      continue;
    }
    const { parsed, diagnostics } = analyze(read.text, { locale });
    for (const d of diagnostics) {
      const r = parsed.lines.rangeOf(d.span);
      rows.push({
        file,
        line: r.start.line + 1,
        column: r.start.character + 1,
        endLine: r.end.line + 1,
        endColumn: r.end.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
      });
    }
  }
  return rows;
}

export function runValidate(args: string[]): number {
  const json = takeFlag(args, '--format') === 'json';
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    say('usage', COMMAND_USAGE.validate.usage);
    return 2;
  }
  const rows = validateFiles(files);
  if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else for (const r of rows) process.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}\n`);
  return rows.some((r) => r.severity === 'error') ? 1 : 0;
}

/** Removes `--name value` from args and returns the value. */
export function takeFlag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}
