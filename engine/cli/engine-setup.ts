/**
 * What the engine commands share: where the store is (`--store`, default
 * `<cwd>/.fdl/executions`), reading `--input JSON|@file`, and building invokers from
 * `--mocks file` and `--functions s.yaml|fdl-functions.json` (the local-code invoker).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TaskInvoker } from '../invoker';
import { LocalCodeInvoker } from '../invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../invokers/local-function-catalog';
import { loadMocksFile, type MocksFile } from '../invokers/mock-invoker';
import { flagString, type ParsedArgs } from './cli-args';

export function storeDirFrom(p: ParsedArgs): string {
  return resolve(flagString(p, 'store') ?? resolve(process.cwd(), '.fdl', 'executions'));
}

export function timeScaleFrom(p: ParsedArgs): number {
  const v = flagString(p, 'time-scale');
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--time-scale must be a number ≥ 0 (0 = instant), got ${v}`);
  return n;
}

/** `--input '{"a":1}'` or `--input @file.json`; default {}. */
export function inputFrom(p: ParsedArgs): Record<string, unknown> {
  const v = flagString(p, 'input');
  if (v === undefined) return {};
  const text = v.startsWith('@') ? readFileSync(v.slice(1), 'utf8') : v;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`--input is not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('--input must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function mocksFrom(p: ParsedArgs): MocksFile | undefined {
  const f = flagString(p, 'mocks');
  return f ? loadMocksFile(f) : undefined;
}

/** Local function code from an s.yaml (Serverless Devs) or an fdl-functions.json mapping file. */
export function functionInvokersFrom(p: ParsedArgs, timeScale: number): TaskInvoker[] {
  const f = flagString(p, 'functions');
  if (!f) return [];
  const catalog = new LocalFunctionCatalog();
  if (f.endsWith('.json')) catalog.addMappingFile(resolve(f));
  else catalog.addServerlessDevsFile(resolve(f));
  for (const problem of catalog.problems) process.stderr.write(`fdl: ${problem.file}: ${problem.message}\n`);
  return [new LocalCodeInvoker({ catalog, timeScale: timeScale || 1 })];
}
