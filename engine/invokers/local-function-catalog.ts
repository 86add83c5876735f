/**
 * Which workspace function code answers a task's resourceArn.
 *
 * Two sources, the explicit one winning:
 * 1. a mapping file (default name `fdl-functions.json`, beside the flow or in a folder above it):
 *    `{ "acs:fc:…:services/S/functions/F": { "codeUri": "./fn", "handler": "index.handler",
 *    "runtime": "nodejs18", "timeout": 60, "memorySize": 128, "initializer": "index.init",
 *    "environmentVariables": {…} } }` — codeUri relative to the mapping file;
 * 2. Serverless Devs `s.yaml` / `s.yml` files (read by fdl/serverless-devs.ts), codeUri relative
 *    to the s.yaml.
 * Process environment values are offered to `${env(NAME)}` in s.yaml, as `s deploy` would.
 * Both are read bounded (flow-text.ts): a FIFO, a device, a huge or a non-UTF-8 file is a problem
 * saying why, never a hang or a crash.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { findDeclaredFunction, parseFunctionArn, readServerlessDevs, type DeclaredFunction } from '../../fdl/serverless-devs';
import { MAX_DOCUMENT_BYTES, readUtf8TextOrWhy } from '../flow-text';
import { MAX_JSON_BYTES } from '../json-limits';

export const MAPPING_FILE_NAME = 'fdl-functions.json';
export const SERVERLESS_DEVS_FILE_NAMES = ['s.yaml', 's.yml'];

/** FC defaults when the declaration leaves them out (FC 2.0 function defaults). */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

export interface LocalFunction {
  serviceName?: string;
  functionName: string;
  /** Absolute folder holding the code. */
  codeDir: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memorySize: number;
  initializer?: string;
  initializationTimeoutSeconds?: number;
  environmentVariables: Record<string, string>;
  region?: string;
  logProject?: string;
  logStore?: string;
  /** The file that declared it (s.yaml or mapping file), for messages. */
  declaredIn: string;
}

interface MappingEntry {
  codeUri?: unknown;
  handler?: unknown;
  runtime?: unknown;
  timeout?: unknown;
  memorySize?: unknown;
  initializer?: unknown;
  environmentVariables?: unknown;
}

export class LocalFunctionCatalog {
  private readonly mapped: { arn: string; fn: LocalFunction }[] = [];
  private readonly declared: { file: string; fn: DeclaredFunction }[] = [];
  /** Files that could not be read or parsed, with why. */
  readonly problems: { file: string; message: string }[] = [];

  /**
   * Reads the mapping file and s.yaml files found in `startDir` and each folder above it up to
   * `stopDir` (inclusive; defaults to startDir only). Nearer files win.
   */
  static discover(startDir: string, stopDir: string = startDir, env: Record<string, string | undefined> = process.env): LocalFunctionCatalog {
    const catalog = new LocalFunctionCatalog();
    const stop = resolve(stopDir);
    for (let dir = resolve(startDir); ; dir = dirname(dir)) {
      const mapping = join(dir, MAPPING_FILE_NAME);
      if (existsSync(mapping)) catalog.addMappingFile(mapping);
      for (const name of SERVERLESS_DEVS_FILE_NAMES) {
        const file = join(dir, name);
        if (existsSync(file)) catalog.addServerlessDevsFile(file, env);
      }
      if (dir === stop || dirname(dir) === dir || !isInside(dir, stop)) break;
    }
    return catalog;
  }

  /** Adds another catalog's entries after this one's (earlier entries win). */
  merge(other: LocalFunctionCatalog): void {
    this.mapped.push(...other.mapped);
    this.declared.push(...other.declared);
    this.problems.push(...other.problems);
  }

  addServerlessDevsFile(file: string, env: Record<string, string | undefined> = process.env): void {
    const text = readUtf8TextOrWhy(file, MAX_DOCUMENT_BYTES);
    if ('why' in text) return void this.problems.push({ file, message: text.why });
    try {
      const read = readServerlessDevs(text.text, { env });
      for (const fn of read.functions) this.declared.push({ file, fn });
    } catch (e) {
      this.problems.push({ file, message: (e as Error).message });
    }
  }

  addMappingFile(file: string): void {
    const text = readUtf8TextOrWhy(file, MAX_JSON_BYTES);
    if ('why' in text) return void this.problems.push({ file, message: text.why });
    let json: unknown;
    try {
      json = JSON.parse(text.text);
    } catch (e) {
      this.problems.push({ file, message: (e as Error).message });
      return;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      this.problems.push({ file, message: 'expected a JSON object keyed by resourceArn' });
      return;
    }
    for (const [arn, value] of Object.entries(json as Record<string, MappingEntry>)) {
      const parts = parseFunctionArn(arn);
      if (!value || typeof value !== 'object' || typeof value.codeUri !== 'string' || typeof value.handler !== 'string') {
        this.problems.push({ file, message: `${arn}: "codeUri" and "handler" are required` });
        continue;
      }
      this.mapped.push({
        arn,
        fn: {
          serviceName: parts?.serviceName,
          functionName: parts?.functionName ?? arn,
          codeDir: resolveFrom(file, value.codeUri),
          handler: value.handler,
          runtime: typeof value.runtime === 'string' ? value.runtime : 'nodejs18',
          timeoutSeconds: typeof value.timeout === 'number' ? value.timeout : DEFAULT_TIMEOUT_SECONDS,
          memorySize: typeof value.memorySize === 'number' ? value.memorySize : DEFAULT_MEMORY_MB,
          initializer: typeof value.initializer === 'string' ? value.initializer : undefined,
          environmentVariables: stringRecord(value.environmentVariables),
          region: parts?.region || undefined,
          declaredIn: file,
        },
      });
    }
  }

  /** The local function for a resourceArn: mapping file entries first (exact ARN, then same service/function), then s.yaml. */
  find(resourceArn: string): LocalFunction | undefined {
    const exact = this.mapped.find((m) => m.arn === resourceArn);
    if (exact) return exact.fn;
    const want = parseFunctionArn(resourceArn);
    if (want) {
      const same = this.mapped.find((m) => {
        const p = parseFunctionArn(m.arn);
        return p !== undefined && p.functionName === want.functionName && p.serviceName === want.serviceName;
      });
      if (same) return same.fn;
    }
    const fn = findDeclaredFunction(
      this.declared.map((d) => d.fn),
      resourceArn,
    );
    if (!fn) return undefined;
    const file = this.declared.find((d) => d.fn === fn)!.file;
    if (fn.codeUri === undefined || fn.handler === undefined) return undefined;
    return {
      serviceName: fn.serviceName,
      functionName: fn.functionName,
      codeDir: resolveFrom(file, fn.codeUri),
      handler: fn.handler,
      runtime: fn.runtime ?? '',
      timeoutSeconds: fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      memorySize: fn.memorySize ?? DEFAULT_MEMORY_MB,
      initializer: fn.initializer,
      initializationTimeoutSeconds: fn.initializationTimeoutSeconds,
      environmentVariables: fn.environmentVariables ?? {},
      region: fn.region,
      logProject: fn.logProject,
      logStore: fn.logStore,
      declaredIn: file,
    };
  }
}

function resolveFrom(file: string, codeUri: string): string {
  return isAbsolute(codeUri) ? codeUri : resolve(dirname(file), codeUri);
}

function isInside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = String(val);
  }
  return out;
}
