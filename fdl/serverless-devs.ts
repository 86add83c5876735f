/**
 * Reads the functions a Serverless Devs `s.yaml` declares, so a task's resourceArn can be matched
 * to function code in the workspace. Pure: text in, located declarations out (no file access).
 *
 * Editions understood (FC.md §5):
 * - 1.0.0, component `fc` / `devsapp/fc` (FC 2.0): `services.<name>.props.{region, service.name, function.{name, handler, runtime, codeUri, …}}`
 * - 3.0.0, component `fc3` (FC 3.0): `resources.<name>.props.{region, functionName, handler, runtime, code, …}`
 * A resource is recognised by the shape of its props rather than by the component's name, so
 * pinned names such as `devsapp/fc@0.1.2` or `fc3@dev` work too.
 *
 * Variables (FC.md §5.3): `${vars.x}`, `${this.props.x}`, `${<resource>.props.x}`, `${env(NAME)}`
 * and `${env.NAME}` are substituted when resolvable (env values only if the caller passes them,
 * which keeps this module pure). Anything else (`${file(…)}`, `${x.output.y}`) stays as written
 * and the declaration lists it in `unresolved`.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Span } from './span';
import { asMap, pairOf, spanOf, valueNode } from './yaml-access';
import { parseResourceArn } from './arn';

export interface DeclaredFunction {
  /** The key of the resource under `services:` (1.0.0) or `resources:` (3.0.0). */
  resourceName: string;
  /** `fc` (FC 2.0: service + function) or `fc3` (FC 3.0: functions only). */
  flavor: 'fc' | 'fc3';
  component?: string;
  /** FC 2.0 service name; absent for FC 3.0 functions. */
  serviceName?: string;
  functionName: string;
  handler?: string;
  runtime?: string;
  /** The code location as written (after variables), relative to the s.yaml's folder unless absolute. */
  codeUri?: string;
  timeoutSeconds?: number;
  memorySize?: number;
  initializer?: string;
  initializationTimeoutSeconds?: number;
  environmentVariables?: Record<string, string>;
  region?: string;
  logProject?: string;
  logStore?: string;
  /** The whole resource entry (`name: {component, props}`). */
  span: Span;
  /** Where the function's name is written (the best place to jump to). */
  nameSpan: Span;
  /** `${…}` expressions that could not be resolved, as written. */
  unresolved: string[];
}

export interface ServerlessDevsFile {
  edition?: string;
  /** The project name (`name:`). */
  name?: string;
  functions: DeclaredFunction[];
  /** YAML syntax errors, if any (the functions that could still be read are listed). */
  syntaxErrors: { message: string; span: Span }[];
}

export interface ReadOptions {
  /** Values for `${env(NAME)}`; omit to leave env references unresolved. */
  env?: Record<string, string | undefined>;
}

/** Reads every function declaration of an s.yaml text. Never throws. */
export function readServerlessDevs(text: string, options: ReadOptions = {}): ServerlessDevsFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'silent', uniqueKeys: false });
  const syntaxErrors = doc.errors.map((e) => ({ message: e.message, span: { start: e.pos[0], end: e.pos[1] } }));
  const root = asMap(doc.contents);
  let data: Record<string, unknown> = {};
  try {
    const js = doc.toJS({ maxAliasCount: 100 });
    if (js && typeof js === 'object' && !Array.isArray(js)) data = js as Record<string, unknown>;
  } catch {
    // Broken aliases and the like: read nothing rather than fail.
  }
  const edition = scalarText(data.edition);
  const resourcesKey = data.resources !== undefined ? 'resources' : 'services';
  const resourcesNode = asMap(valueNode(root, resourcesKey));
  const resources = asRecord(data[resourcesKey]) ?? {};
  const resolver = new VariableResolver(asRecord(data.vars) ?? {}, resources, options.env);

  const functions: DeclaredFunction[] = [];
  for (const [resourceName, entry] of Object.entries(resources)) {
    const fn = readResource(resourceName, asRecord(entry), resolver, resourcesNode);
    if (fn) functions.push(fn);
  }
  return { edition, name: scalarText(data.name), functions, syntaxErrors };
}

function readResource(
  resourceName: string,
  entry: Record<string, unknown> | undefined,
  resolver: VariableResolver,
  resourcesNode: YAMLMap | undefined,
): DeclaredFunction | undefined {
  const props = asRecord(entry?.props);
  if (!entry || !props) return undefined;
  const unresolved: string[] = [];
  const get = (value: unknown) => resolver.resolve(value, resourceName, unresolved);
  const pair = pairOf(resourcesNode, resourceName);
  const entryNode = pair?.value as YamlNode | undefined;
  const span = { start: spanOf(pair?.key as YamlNode).start, end: spanOf(entryNode).end };
  const propsNode = asMap(valueNode(asMap(entryNode), 'props'));
  const component = scalarText(entry.component);
  const region = scalarText(get(props.region));

  const fn2 = asRecord(get(props.function));
  if (fn2) {
    const service = asRecord(get(props.service)) ?? {};
    const functionName = scalarText(get(fn2.name));
    if (!functionName) return undefined;
    const logConfig = asRecord(get(service.logConfig));
    return {
      resourceName,
      flavor: 'fc',
      component,
      serviceName: scalarText(get(service.name)),
      functionName,
      handler: scalarText(get(fn2.handler)),
      runtime: scalarText(get(fn2.runtime)),
      codeUri: scalarText(get(fn2.codeUri)),
      timeoutSeconds: numberOf(get(fn2.timeout)),
      memorySize: numberOf(get(fn2.memorySize)),
      initializer: scalarText(get(fn2.initializer)),
      initializationTimeoutSeconds: numberOf(get(fn2.initializationTimeout)),
      environmentVariables: stringRecord(get(fn2.environmentVariables)),
      region,
      logProject: logConfig ? scalarText(logConfig.project) : undefined,
      logStore: logConfig ? scalarText(logConfig.logstore) : undefined,
      span,
      nameSpan: scalarSpan(valueNode(asMap(valueNode(propsNode, 'function')), 'name')) ?? span,
      unresolved: dedupe(unresolved),
    };
  }

  if (props.functionName !== undefined) {
    const functionName = scalarText(get(props.functionName));
    if (!functionName) return undefined;
    const lifecycle = asRecord(get(props.instanceLifecycleConfig));
    const init = asRecord(lifecycle?.initializer);
    const logConfig = asRecord(get(props.logConfig));
    const code = get(props.code);
    return {
      resourceName,
      flavor: 'fc3',
      component,
      functionName,
      handler: scalarText(get(props.handler)),
      runtime: scalarText(get(props.runtime)),
      // `code` may also be {ossBucketName, ossObjectName}: no local code then.
      codeUri: scalarText(code),
      timeoutSeconds: numberOf(get(props.timeout)),
      memorySize: numberOf(get(props.memorySize)),
      initializer: scalarText(init?.handler),
      initializationTimeoutSeconds: numberOf(init?.timeout),
      environmentVariables: stringRecord(get(props.environmentVariables)),
      region,
      logProject: logConfig ? scalarText(logConfig.project) : undefined,
      logStore: logConfig ? scalarText(logConfig.logstore) : undefined,
      span,
      nameSpan: scalarSpan(valueNode(propsNode, 'functionName')) ?? span,
      unresolved: dedupe(unresolved),
    };
  }
  return undefined;
}

/**
 * The declared function a task's resourceArn names, or undefined.
 * - `…:services/S[.Q]/functions/F`: the FC 2.0 declaration with service S and function F; failing
 *   that, an FC 3.0 declaration named F (FC 3.0 has no services and no public rule maps one onto
 *   the other, FC.md §5.2, so the function name alone is the reasonable fallback).
 * - `…:functions/F[/Q]` (FC 3.0 ARN): the FC 3.0 (`fc3`, s.yaml 3.0.0) declaration named F;
 *   failing that, an FC 2.0 declaration named F (the same fallback the other way round).
 * The qualifier means nothing locally. When several match, one in the ARN's region wins.
 */
export function findDeclaredFunction<F extends FunctionIdentity>(functions: readonly F[], resourceArn: string): F | undefined {
  const arn = parseFunctionArn(resourceArn);
  if (!arn) return undefined;
  let candidates: F[];
  if (arn.serviceName !== undefined) {
    candidates = functions.filter((f) => f.flavor === 'fc' && f.serviceName === arn.serviceName && f.functionName === arn.functionName);
    if (candidates.length === 0) candidates = functions.filter((f) => f.flavor === 'fc3' && f.functionName === arn.functionName);
  } else {
    candidates = functions.filter((f) => f.flavor === 'fc3' && f.functionName === arn.functionName);
    if (candidates.length === 0) candidates = functions.filter((f) => f.functionName === arn.functionName);
  }
  if (candidates.length <= 1 || !arn.region) return candidates[0];
  return candidates.find((f) => f.region === arn.region) ?? candidates[0];
}

/** What identifies a declared function for matching (the editor keeps only this of a declaration). */
export type FunctionIdentity = Pick<DeclaredFunction, 'flavor' | 'serviceName' | 'functionName' | 'region'>;

/** The parts of a Function Compute function ARN this reader needs. */
export interface FunctionArnParts {
  region: string;
  accountId: string;
  /** FC 2.0 ARNs only. */
  serviceName?: string;
  qualifier?: string;
  functionName: string;
}

/**
 * The function an FC resourceArn names (fdl/arn.ts does the parsing): FC 2.0
 * `acs:fc:{region}:{account}:services/{svc}[.{qualifier}]/functions/{fn}` (region/account may be
 * empty) or FC 3.0 `acs:fc:{region}:{account}:functions/{fn}`. Anything else, including ARNs
 * with deploy-time placeholders, is undefined.
 */
export function parseFunctionArn(arn: string): FunctionArnParts | undefined {
  const parsed = parseResourceArn(arn);
  if (parsed.kind !== 'fc') return undefined;
  return { region: parsed.region, accountId: parsed.account, serviceName: parsed.service, qualifier: parsed.qualifier, functionName: parsed.function };
}

// ---- variables -------------------------------------------------------------------------------

const WHOLE = /^\$\{([^{}]+)\}$/;
const ANY = /\$\{([^{}]+)\}/g;

class VariableResolver {
  constructor(
    private readonly vars: Record<string, unknown>,
    private readonly resources: Record<string, unknown>,
    private readonly env: Record<string, string | undefined> | undefined,
  ) {}

  /** Substitutes variables in strings (deeply in objects); `${x}` alone keeps x's type. */
  resolve(value: unknown, self: string, unresolved: string[], depth = 0): unknown {
    if (depth > 8) return value;
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value.trim());
      if (whole) {
        const v = this.lookup(whole[1].trim(), self);
        if (v === undefined) {
          unresolved.push(value.trim());
          return value;
        }
        return this.resolve(v, self, unresolved, depth + 1);
      }
      return value.replace(ANY, (text, expr: string) => {
        const v = this.resolve(this.lookup(expr.trim(), self), self, unresolved, depth + 1);
        if (v === undefined || (typeof v === 'object' && v !== null)) {
          unresolved.push(text);
          return text;
        }
        return String(v);
      });
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, self, unresolved, depth + 1));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.resolve(v, self, unresolved, depth + 1);
      return out;
    }
    return value;
  }

  private lookup(expr: string, self: string): unknown {
    const env = /^env\(\s*['"]?([^'")]+)['"]?\s*\)$/.exec(expr) ?? /^env\.(\w+)$/.exec(expr);
    if (env) return this.env?.[env[1]];
    const path = expr.split('.');
    if (path[0] === 'vars') return dig(this.vars, path.slice(1));
    if (path[0] === 'this' && path[1] === 'props') return dig(asRecord(this.resources[self])?.props, path.slice(2));
    if (path[1] === 'props' && path[0] in this.resources) return dig(asRecord(this.resources[path[0]])?.props, path.slice(2));
    return undefined;
  }
}

function dig(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    const r = asRecord(v);
    if (!r) return undefined;
    v = r[key];
  }
  return v;
}

// ---- small readers ----------------------------------------------------------------------------

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  const r = asRecord(v);
  if (!r) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(r)) if (val !== null && val !== undefined) out[k] = typeof val === 'object' ? JSON.stringify(val) : String(val);
  return out;
}

function scalarSpan(node: YamlNode | undefined): Span | undefined {
  return node && (isScalar(node) || isMap(node)) && node.range ? spanOf(node) : undefined;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
