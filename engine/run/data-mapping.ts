/**
 * FDL data flow (docs "Inputs and outputs"; SPEC.md "Data flow"):
 * - a step's input: its inputMappings over the parent's {input, local}; absent ⇒ the parent's
 *   input merged with the parent's local (local wins on equal keys);
 * - a step's output: its outputMappings over the step's {input, local}; absent ⇒ the step's local,
 *   except parallel and foreach, whose default output is empty;
 * - the output is merged into the parent's local, later keys overwriting earlier ones;
 * - the flow: inputMappings over the execution input ($input); outputMappings over the flow's
 *   {input, local}; no outputMappings ⇒ the flow's local is the execution output;
 * - input + output + local of a step ≤ 32 KiB, else the execution fails;
 * - nothing a mapping builds nests deeper than json-limits.ts MAX_JSON_DEPTH, else the execution
 *   fails the same way. Merges never add a level; a mapping adds one (its target) and a parallel
 *   or foreach local one (the array), so a loop that maps a value into itself could otherwise
 *   build a value as deep as its event limit allows, one level per turn.
 *
 * Paths and conditions are parsed and evaluated by fdl/expressions (one language for editor and
 * engine). A mapping whose path finds nothing sets its target to null (our reading: the key is
 * kept so later steps see it was mapped; the docs do not say).
 */
import { evaluateCondition, evaluatePath, isPathSource, parseCondition, parsePath, type PathAst, type PathScope } from '../../fdl/expressions/index';
import type { Mapping, Step } from '../../fdl/model';
import { memoByText } from '../../fdl/memo-by-text';
import { ExecutionEnd, StepFailure } from '../errors';
import type { JsonObject } from '../history/events';
import { jsonBytes, jsonString, surelyWithin } from '../history/json-text';
import { jsonDepth, jsonLimitText, MAX_JSON_DEPTH } from '../json-limits';
import { engineText } from '../messages';
import { localize } from '../../fdl/messages';

/** The documented limit on a step's input + output + local. */
export const MAX_STEP_DATA_BYTES = 32 * 1024;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Step data nothing has added to: a scope's first `$local`, a pass step's local. Shared and frozen:
 * the engine never mutates step data, and one object serves every visit instead of a fresh `{}`
 * each (kept in the history, so collected only with it).
 */
export const EMPTY_DATA: JsonObject = Object.freeze({}) as JsonObject;

// Expressions parsed once per text, not at every visit (a flow's paths and conditions are few and fixed).
const parsedPath = memoByText(parsePath);
const parsedCondition = memoByText(parseCondition);

/** Evaluates one mapping source: a path (`$input…`, `$local…`, `$context…`, `$…`) or a constant. */
export function readSource(source: unknown, scope: PathScope): unknown {
  // A constant is copied (a primitive is its own copy): what a mapping builds is the step's own.
  if (!isPathSource(source)) return typeof source === 'object' && source !== null ? structuredClone(source) : source;
  const parsed = parsedPath(source);
  if (!parsed.ok) throw new StepFailure('FnF.InvalidMapping', `${source}: ${localize(parsed.error.message, 'en')}`);
  const v = evaluatePath(parsed.ast, scope);
  return v === undefined ? null : v;
}

/** A mapping as evaluated: its target, and its source as a constant or a parsed path. */
interface CompiledMapping {
  target: string;
  source: unknown;
  /** The source parsed, when it is a path that parses. */
  path?: PathAst;
}

interface CompiledMappings {
  mappings: CompiledMapping[];
  /** Whether any source reads `$context` (else a visit builds none). */
  readsContext: boolean;
}

/** Compiled once per mapping list of a parsed flow (the list is the model's, never changed). */
const compiledMappings = new WeakMap<readonly Mapping[], CompiledMappings>();

function compiled(list: readonly Mapping[]): CompiledMappings {
  let c = compiledMappings.get(list);
  if (c === undefined) {
    const mappings: CompiledMapping[] = [];
    let readsContext = false;
    for (const m of list) {
      const target = m.target?.value;
      if (target === undefined) continue;
      const source = m.source?.value;
      const parsed = isPathSource(source) ? parsedPath(source) : undefined;
      if (parsed?.ok && parsed.ast.root === '$context') readsContext = true;
      mappings.push({ target, source, path: parsed?.ok ? parsed.ast : undefined });
    }
    compiledMappings.set(list, (c = { mappings, readsContext }));
  }
  return c;
}

/** Whether these mappings read `$context` (a visit then builds it for them). */
export function mappingsReadContext(list: readonly Mapping[]): boolean {
  return compiled(list).readsContext;
}

/** `stepName`: whose mappings these are (absent: the flow's), for the cause of a refusal. */
export function applyMappings(mappings: readonly Mapping[], scope: PathScope, stepName?: string): JsonObject {
  const out: JsonObject = {};
  for (const m of compiled(mappings).mappings) {
    const target = m.target;
    let value: unknown;
    if (m.path) {
      value = evaluatePath(m.path, scope);
      if (value === undefined) value = null;
    } else value = readSource(m.source, scope);
    // The target's object is one level more than the value.
    if (jsonDepth(value) >= MAX_JSON_DEPTH) {
      const cause = jsonLimitText(stepName === undefined ? engineText('valueFlowMapped', target) : engineText('valueMapped', stepName, target), {
        problem: 'depth',
        path: `$.${target}`,
        limit: MAX_JSON_DEPTH,
      });
      throw new ExecutionEnd('fail', 'FnF.DataSizeExceeded', cause);
    }
    out[target] = value;
  }
  return out;
}

/** `$.x` references in wait, foreach collection and serviceParams: evaluated against the step input. */
export function readInputReference(value: unknown, input: JsonObject): unknown {
  if (!isPathSource(value)) return value;
  const parsed = parsedPath(value.trim());
  if (!parsed.ok) throw new StepFailure('FnF.InvalidMapping', `${value}: ${localize(parsed.error.message, 'en')}`);
  return evaluatePath(parsed.ast, { input });
}

/** serviceParams with every `$…` string value resolved against the step input (nested objects too). */
export function resolveServiceParams(params: Record<string, unknown> | undefined, input: JsonObject): JsonObject {
  // Most tasks have none: the shared empty object, without the walk's entries arrays.
  if (params === undefined) return EMPTY_DATA;
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') return isPathSource(v.trim()) ? (readInputReference(v.trim(), input) ?? null) : v;
    if (Array.isArray(v)) return v.map(resolve);
    if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return (resolve(params ?? {}) as JsonObject) ?? {};
}

export function conditionHolds(condition: string, input: JsonObject): boolean {
  const parsed = parsedCondition(condition);
  if (!parsed.ok) throw new StepFailure('FnF.InvalidCondition', `${condition}: ${localize(parsed.error.message, 'en')}`);
  return evaluateCondition(parsed.ast, { input });
}

export function stepInput(step: Step, parentInput: JsonObject, parentLocal: JsonObject, context: unknown): JsonObject {
  if (step.inputMappings) return applyMappings(step.inputMappings, { input: parentInput, local: parentLocal, context }, step.name);
  return merged(parentInput, parentLocal);
}

export function stepOutput(step: Step, input: JsonObject, local: unknown, context: unknown): JsonObject {
  if (step.outputMappings) return applyMappings(step.outputMappings, { input, local, context }, step.name);
  if (step.type === 'parallel' || step.type === 'foreach') return EMPTY_DATA;
  return isJsonObject(local) ? local : EMPTY_DATA;
}

export function mergeIntoLocal(local: JsonObject, output: JsonObject): JsonObject {
  return merged(local, output);
}

/** The last merge made, by identity: consecutive steps that change nothing share one input (see merged). */
let mergedA: JsonObject | undefined;
let mergedB: JsonObject | undefined;
let mergedAB: JsonObject = EMPTY_DATA;

/**
 * `{...a, ...b}`, except that when one side has no keys the other is returned as it is: the
 * engine never mutates step data (mappings, merges and iteration inputs build new objects), so
 * sharing is safe, and a chain of steps that add nothing copies nothing. For the same reason the
 * last merge is remembered: steps in a row without mappings over an unchanged `$local` (a pass
 * adds nothing to it) get the one input, not a copy each.
 */
function merged(a: JsonObject, b: JsonObject): JsonObject {
  if (b === EMPTY_DATA || isEmpty(b)) return a;
  if (a === EMPTY_DATA || isEmpty(a)) return b;
  if (a === mergedA && b === mergedB) return mergedAB;
  mergedA = a;
  mergedB = b;
  return (mergedAB = { ...a, ...b });
}

function isEmpty(o: JsonObject): boolean {
  for (const _ in o) return false;
  return true;
}

/** The last step input measured, by identity (see dataBytes). */
let sizedValue: object | undefined;
let sizedBytes = 0;

/**
 * jsonBytes of step data, remembering the last input measured: steps in a row share one input
 * object (merged above), and a foreach iteration's input comes with its size (noteDataBytes), so
 * a visit does not walk it again. Step data is never mutated, so a size by identity stays true.
 */
function dataBytes(v: unknown): number {
  if (v === EMPTY_DATA) return 2;
  if (v === sizedValue) return sizedBytes;
  const n = jsonBytes(v);
  if (typeof v === 'object' && v !== null) {
    sizedValue = v;
    sizedBytes = n;
  }
  return n;
}

/** Tells dataBytes the JSON size of a value just built (a foreach iteration's input: iterationInput). */
function noteDataBytes(v: object, bytes: number): void {
  sizedValue = v;
  sizedBytes = bytes;
}

/**
 * A foreach iteration's input: `{ ...input, [item]: value, [indexKey]: index }`. Its JSON size is
 * the step input's (measured once per foreach visit: `inputBytes`) plus the members added, noted
 * for the 32 KiB check of the iteration's first step, which would otherwise walk it again.
 */
export function iterationInput(input: JsonObject, inputBytes: number, item: string, value: unknown, indexKey: string | undefined, index: number): JsonObject {
  // An own `__proto__` (JSON.parse makes one) would set the copy's prototype under Object.assign: a spread defines it.
  if (item === '__proto__' || indexKey === '__proto__' || Object.hasOwn(input, '__proto__')) {
    return { ...input, [item]: value, ...(indexKey ? { [indexKey]: index } : {}) };
  }
  // Object.assign and keyed stores, not a spread: V8 copies a spread object and then adds a
  // computed key on its slow path (about 8× the time of this, measured on a 1-key input).
  const out: JsonObject = Object.assign({}, input);
  out[item] = value;
  if (indexKey !== undefined) out[indexKey] = index;
  // Added members only: one the input already has is replaced, a value JSON leaves out adds nothing,
  // and an input with its own toJSON is written otherwise (jsonBytes measures those cases).
  const kind = typeof value;
  if (
    kind !== 'undefined' &&
    kind !== 'function' &&
    kind !== 'symbol' &&
    typeof input.toJSON !== 'function' &&
    !Object.hasOwn(input, item) &&
    (indexKey === undefined || (indexKey !== item && !Object.hasOwn(input, indexKey)))
  ) {
    // `{…}` + `,"item":value` (no comma after an empty `{}`) + `,"index":i`.
    let bytes = inputBytes + (inputBytes > 2 ? 1 : 0) + Buffer.byteLength(jsonString(item)) + 1 + jsonBytes(value);
    if (indexKey !== undefined) bytes += 1 + Buffer.byteLength(jsonString(indexKey)) + 1 + String(index).length;
    noteDataBytes(out, bytes);
  }
  return out;
}

/** jsonBytes of a step input (the foreach's, before its iterations): remembered like any measured input. */
export function stepDataBytes(v: JsonObject): number {
  return dataBytes(v);
}

/** A third of the 32 KiB: input, output and local each within it fit together. */
const THIRD_OF_STEP_DATA = Math.floor(MAX_STEP_DATA_BYTES / 3);

/** Surely within a third of the limit (false when unsure): measured already, or bounded without text. */
function fitsThird(v: unknown): boolean {
  if (v === EMPTY_DATA || v === boundedValue) return true;
  if (v === sizedValue) return sizedBytes <= THIRD_OF_STEP_DATA;
  if (!surelyWithin(v, THIRD_OF_STEP_DATA)) return false;
  // Remembered like a measured value: steps in a row see one input (data is never mutated).
  if (typeof v === 'object' && v !== null) boundedValue = v;
  return true;
}

/** The last object fitsThird found within the bound, by identity. */
let boundedValue: object | undefined;

/** Ends the execution when a step's data exceeds 32 KiB (the docs: "the flow execution fails"). */
export function checkStepDataSize(stepName: string, input: unknown, output: unknown, local: unknown): void {
  // Most steps' data is a few small members: an upper bound of each (no JSON text built) shows the three fit.
  if (fitsThird(input) && fitsThird(output) && (output === local || fitsThird(local))) return;
  // A pass or a step without outputMappings outputs its local: measured once.
  const bytes = dataBytes(input) + (output === local ? 2 * dataBytes(output) : dataBytes(output) + dataBytes(local));
  if (bytes > MAX_STEP_DATA_BYTES) {
    throw new ExecutionEnd('fail', 'FnF.DataSizeExceeded', engineText('dataTooLarge', stepName, bytes));
  }
}
