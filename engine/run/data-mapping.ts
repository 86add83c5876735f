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
import { classifySource, evaluateCondition, evaluatePath, isPathSource, parseCondition, parsePath, type PathScope } from '../../fdl/expressions/index';
import type { Mapping, Step } from '../../fdl/model';
import { ExecutionEnd, StepFailure } from '../errors';
import type { JsonObject } from '../history/events';
import { jsonBytes } from '../history/json-text';
import { jsonDepth, jsonLimitText, MAX_JSON_DEPTH } from '../json-limits';
import { engineText } from '../messages';
import { localize } from '../../fdl/messages';

/** The documented limit on a step's input + output + local. */
export const MAX_STEP_DATA_BYTES = 32 * 1024;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Evaluates one mapping source: a path (`$input…`, `$local…`, `$context…`, `$…`) or a constant. */
export function readSource(source: unknown, scope: PathScope): unknown {
  const s = classifySource(source);
  if (s.kind === 'constant') return structuredClone(s.value);
  if (!s.parsed.ok) throw new StepFailure('FnF.InvalidMapping', `${s.text}: ${localize(s.parsed.error.message, 'en')}`);
  const v = evaluatePath(s.parsed.ast, scope);
  return v === undefined ? null : v;
}

/** `stepName`: whose mappings these are (absent: the flow's), for the cause of a refusal. */
export function applyMappings(mappings: readonly Mapping[], scope: PathScope, stepName?: string): JsonObject {
  const out: JsonObject = {};
  for (const m of mappings) {
    const target = m.target?.value;
    if (target === undefined) continue;
    const value = readSource(m.source?.value, scope);
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
  const parsed = parsePath(value.trim());
  if (!parsed.ok) throw new StepFailure('FnF.InvalidMapping', `${value}: ${localize(parsed.error.message, 'en')}`);
  return evaluatePath(parsed.ast, { input });
}

/** serviceParams with every `$…` string value resolved against the step input (nested objects too). */
export function resolveServiceParams(params: Record<string, unknown> | undefined, input: JsonObject): JsonObject {
  // Most tasks have none: a fresh {} without the walk's entries arrays.
  if (params === undefined) return {};
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') return isPathSource(v.trim()) ? (readInputReference(v.trim(), input) ?? null) : v;
    if (Array.isArray(v)) return v.map(resolve);
    if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return (resolve(params ?? {}) as JsonObject) ?? {};
}

export function conditionHolds(condition: string, input: JsonObject): boolean {
  const parsed = parseCondition(condition);
  if (!parsed.ok) throw new StepFailure('FnF.InvalidCondition', `${condition}: ${localize(parsed.error.message, 'en')}`);
  return evaluateCondition(parsed.ast, { input });
}

export function stepInput(step: Step, parentInput: JsonObject, parentLocal: JsonObject, context: unknown): JsonObject {
  if (step.inputMappings) return applyMappings(step.inputMappings, { input: parentInput, local: parentLocal, context }, step.name);
  return merged(parentInput, parentLocal);
}

export function stepOutput(step: Step, input: JsonObject, local: unknown, context: unknown): JsonObject {
  if (step.outputMappings) return applyMappings(step.outputMappings, { input, local, context }, step.name);
  if (step.type === 'parallel' || step.type === 'foreach') return {};
  return isJsonObject(local) ? local : {};
}

export function mergeIntoLocal(local: JsonObject, output: JsonObject): JsonObject {
  return merged(local, output);
}

/**
 * `{...a, ...b}`, except that when one side has no keys the other is returned as it is: the
 * engine never mutates step data (mappings, merges and iteration inputs build new objects), so
 * sharing is safe, and a chain of steps that add nothing copies nothing.
 */
function merged(a: JsonObject, b: JsonObject): JsonObject {
  if (isEmpty(b)) return a;
  if (isEmpty(a)) return b;
  return { ...a, ...b };
}

function isEmpty(o: JsonObject): boolean {
  for (const _ in o) return false;
  return true;
}

/** Ends the execution when a step's data exceeds 32 KiB (the docs: "the flow execution fails"). */
export function checkStepDataSize(stepName: string, input: unknown, output: unknown, local: unknown): void {
  const bytes = jsonBytes(input) + jsonBytes(output) + jsonBytes(local);
  if (bytes > MAX_STEP_DATA_BYTES) {
    throw new ExecutionEnd('fail', 'FnF.DataSizeExceeded', engineText('dataTooLarge', stepName, bytes));
  }
}
