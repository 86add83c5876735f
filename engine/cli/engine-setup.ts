/**
 * What the engine commands share: where the store is (`--store`, default
 * `<cwd>/.fdl/executions`), the event limit (`--max-events`), reading `--input JSON|@file`, and
 * building invokers from `--mocks file`, `--functions s.yaml|fdl-functions.json` (the local-code invoker) and
 * `--fc <region>` (real Function Compute, fc-setup.ts). Bad values throw CliUsageError with a
 * message in the user's language; the commands print it and exit 2.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readUtf8Text, unreadableReason } from '../flow-text';
import type { TaskInvoker } from '../invoker';
import { jsonLimitText, MAX_JSON_BYTES, parseJsonWithinLimits } from '../json-limits';
import { engineMessages, localeFromEnvironment } from '../messages';
import type * as LocalCode from '../invokers/local-code-invoker';
import type { LocalFnfApiAccess } from '../invokers/local-code-invoker';
import type * as LocalCatalog from '../invokers/local-function-catalog';
import { loadMocksFile, type MocksFile } from '../invokers/mock-invoker';
import { flagString, wholeNumberFlag, type ParsedArgs } from './cli-args';
import { formatMessage, type Locale } from '../../fdl/messages';
import { CLI_MESSAGES, CliUsageError, say, usageError } from './cli-messages';

export function storeDirFrom(p: ParsedArgs): string {
  const dir = resolve(flagString(p, 'store') ?? resolve(process.cwd(), '.fdl', 'executions'));
  // A file on the way (the store itself, or a folder above it): each command would fail with an errno naming no option.
  let folder: boolean | undefined;
  try {
    folder = statSync(dir, { throwIfNoEntry: false })?.isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
    folder = false;
  }
  if (folder === false) throw usageError('storeNotFolder', dir);
  return dir;
}

export function timeScaleFrom(p: ParsedArgs, fallback = 1): number {
  const v = flagString(p, 'time-scale');
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw usageError('timeScale', v);
  return n;
}

/**
 * `--max-events N`: the most events one execution may have (run/patterns/event-limit.ts), a whole
 * number ≥ 0 (0 = no limit); undefined when not given, so the service's default applies.
 */
export function maxEventsOption(p: ParsedArgs): number | undefined {
  return wholeNumberFlag(p, 'max-events', (written) => usageError('maxEvents', written));
}

/** The usage line of a command that runs executions, then what --max-events means (in the user's language). */
export function sayRunUsage(usage: string): void {
  say('usage', usage);
  say('maxEventsHelp');
}

/** `--input '{"a":1}'` or `--input @file.json`; default {}. Held to the engine's JSON limits (json-limits.ts) here, so a refusal is a usage error. */
export function inputFrom(p: ParsedArgs): Record<string, unknown> {
  const v = flagString(p, 'input');
  if (v === undefined) return {};
  let text = v;
  if (v.startsWith('@')) {
    text = jsonFileText(v.slice(1), (why) => bilingual((locale) => formatMessage(CLI_MESSAGES.inputUnreadable, locale, v.slice(1), why(locale))));
  }
  const read = parseJsonWithinLimits(text);
  if (!read.ok && read.problem === 'syntax') throw usageError('inputNotJson', read.message);
  if (!read.ok) throw new CliUsageError(jsonLimitText('--input', read, localeFromEnvironment(process.env)), jsonLimitText('--input', read, 'en'));
  const parsed = read.value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw usageError('inputNotObject');
  return parsed as Record<string, unknown>;
}

/**
 * A JSON value from `--<name> JSON|@file` (`fdl test-step --local`, `--result`); undefined when the
 * flag is absent. Held to the engine's JSON limits like `--input`.
 */
export function jsonFlag(p: ParsedArgs, name: string, mustBeObject: boolean): unknown {
  const v = p.flags.get(name);
  if (v === undefined) return undefined;
  const flag = `--${name}`;
  let text = v === true ? '' : v;
  if (text.startsWith('@')) {
    const file = text.slice(1);
    text = jsonFileText(file, (why) => bilingual((locale) => formatMessage(CLI_MESSAGES.flagUnreadable, locale, flag, file, why(locale))));
  }
  const read = parseJsonWithinLimits(text);
  if (!read.ok && read.problem === 'syntax') throw usageError('flagNotJson', flag, read.message);
  if (!read.ok) throw new CliUsageError(jsonLimitText(flag, read, localeFromEnvironment(process.env)), jsonLimitText(flag, read, 'en'));
  if (mustBeObject && (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value))) throw usageError('flagNotObject', flag);
  return read.value;
}

/** A usage error worded by `text` in the user's language, and in English for --json. */
function bilingual(text: (locale: Locale) => string): CliUsageError {
  return new CliUsageError(text(localeFromEnvironment(process.env)), text('en'));
}

/**
 * The text of a JSON file a flag names (`@file`), read bounded; a file that cannot be read, or is
 * not UTF-8 (where, by line and column), is the error `failed` makes of why. A leading byte order
 * mark, which some editors write, is no part of the JSON (RFC 8259 lets a reader ignore it).
 */
function jsonFileText(file: string, failed: (why: (locale: Locale) => string) => Error): string {
  let read: ReturnType<typeof readUtf8Text>;
  try {
    read = readUtf8Text(file, MAX_JSON_BYTES);
  } catch (e) {
    throw failed((locale) => readFailure(e, locale));
  }
  if ('notUtf8' in read) {
    const { byte, line, column } = read.notUtf8;
    throw failed((locale) => formatMessage(engineMessages.fileNotUtf8, locale, byte, line, column));
  }
  return read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
}

/** Why a file could not be read: an errno error's own message (it names the file), else the refusal's reason. */
function readFailure(e: unknown, locale: Locale): string {
  return (e as NodeJS.ErrnoException)?.code ? (e as Error).message : unreadableReason(e, locale);
}

/** `flow file <path> cannot be read: <why>`, for a flow file that readFlowText could not read. */
export function flowUnreadableError(flowPath: string, e: unknown): CliUsageError {
  return bilingual((locale) => formatMessage(CLI_MESSAGES.flowMissing, locale, flowPath, unreadableReason(e, locale)));
}

export function mocksFrom(p: ParsedArgs): MocksFile | undefined {
  const f = flagString(p, 'mocks');
  if (!f) return undefined;
  try {
    return loadMocksFile(f);
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
}

/** Whether `--functions` asks for local function code (so `run` starts the local FnF API for it). */
export function wantsLocalFunctions(p: ParsedArgs): boolean {
  return flagString(p, 'functions') !== undefined;
}

/**
 * Local function code from an s.yaml (Serverless Devs) or an fdl-functions.json mapping file.
 * `fnfApi` (possibly still starting) is how the functions reach the local FnF API to call back.
 */
export function functionInvokersFrom(p: ParsedArgs, timeScale: number, fnfApi?: LocalFnfApiAccess | PromiseLike<LocalFnfApiAccess>): TaskInvoker[] {
  const f = flagString(p, 'functions');
  if (!f) return [];
  // Required only here: a run without --functions does not evaluate the local-code invoker (docs/cold-start.md).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { LocalFunctionCatalog } = require('../invokers/local-function-catalog') as typeof LocalCatalog;
  const { LocalCodeInvoker } = require('../invokers/local-code-invoker') as typeof LocalCode;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const catalog = new LocalFunctionCatalog();
  if (f.endsWith('.json')) catalog.addMappingFile(resolve(f));
  else catalog.addServerlessDevsFile(resolve(f));
  for (const problem of catalog.problems) say('fileProblem', problem.file, problem.message);
  return [new LocalCodeInvoker({ catalog, fnfApi, timeScale: timeScale || 1 })];
}
