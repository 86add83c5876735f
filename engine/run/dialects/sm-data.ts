/**
 * The StateMachine dialect's data (SEMANTICS.md "StateMachine: data"): constructors evaluated over
 * `$Input`, `$Output` and `$Context` (fdl/cloudflow/expressions), a state's data held to a JSON
 * object of at most 64 KiB. An expression that fails is a state error, FnF.InvalidExpression, which
 * the state's Catch may handle; data over the limit ends the execution (FnF.DataSizeExceeded), as
 * the classic dialect's 32 KiB rule does.
 */
import { randomInt } from 'node:crypto';
import { MAX_STATE_DATA_BYTES } from '../../../fdl/cloudflow/statemachine-limits';
import {
  evaluateSmConstructor,
  evaluateSmExpression,
  EXPRESSION_KEY_SUFFIX,
  MAX_SM_CONSTRUCTOR_DEPTH,
  parseSmExpressionCached,
  type SmScope,
} from '../../../fdl/cloudflow/expressions/index';
import { isJsonObject } from '../data-mapping';
import { ExecutionEnd, StepFailure } from '../../errors';
import type { JsonObject } from '../../history/events';
import { jsonBytes, surelyWithin } from '../../history/json-text';
import { engineLocale, engineText } from '../../messages';
import type { ContextHeads } from '../run-context';
import { localize } from '../../../fdl/messages';

export const SM_EXPRESSION_ERROR = 'FnF.InvalidExpression';

/** `$Context.Current` fields a state visit knows (docs "Data transfer": the context object). */
export interface CurrentState {
  Name: string;
  Input: unknown;
  Output?: unknown;
  Error?: { Code: string; Detail: string };
  RetryCount: number;
  TaskToken?: string;
}

/** `$Context`: the execution (its name, its StartExecution input, its role: none locally) and the current state. */
export function smContext(heads: ContextHeads, current: CurrentState): unknown {
  return { Execution: { Name: heads.execution.name, Input: heads.execution.input, RoleArn: '' }, Current: { TaskToken: '', ...current } };
}

/** Uniform in [0, 1) from the platform's generator (uuid(), randomInt()). */
const random = () => randomInt(0, 2 ** 47) / 2 ** 47;

/**
 * `$Context`, built when an expression first reads it: most constructors read only `$Input` (a
 * Map's processor builds its input once per item), and the context object is five objects.
 */
export type LazyContext = () => unknown;

/** The scope of one evaluation; `Context` built on first read, at most once. */
class Scope implements SmScope {
  private context?: { value: unknown };
  readonly random = random;
  constructor(
    readonly Input: unknown,
    private readonly makeContext: LazyContext,
    readonly Output?: unknown,
  ) {}
  get Context(): unknown {
    return (this.context ??= { value: this.makeContext() }).value;
  }
}

function scopeOf(input: unknown, context: LazyContext, output?: { value: unknown }): SmScope {
  return new Scope(input, context, output?.value);
}

/** A constructor's value; a failing expression fails the state, located by the constructor's key path. */
export function construct(stateName: string, what: string, constructor: unknown, input: unknown, context: LazyContext, output?: { value: unknown }): unknown {
  if (typeof constructor === 'object' && constructor !== null) {
    const fixed = constantValue(constructor);
    if (fixed !== undefined) return fixed.value;
  }
  const r = evaluateSmConstructor(constructor, scopeOf(input, context, output));
  if (r.ok) return r.value;
  const at = r.error.path.length ? r.error.path.join('.') : what;
  throw new StepFailure(SM_EXPRESSION_ERROR, engineText('smExpression', stateName, what, at, localize(r.error.message, engineLocale())));
}

/**
 * A constructor without any `.$` key builds the same value every time (its copy), whatever the
 * scope: built once per constructor of the flow and shared, as state data is never mutated.
 * Null: it has expressions (or could not be built: evaluated each time, to fail as it should).
 */
const CONSTANTS = new WeakMap<object, { value: unknown } | null>();

function constantValue(constructor: object): { value: unknown } | undefined {
  let known = CONSTANTS.get(constructor);
  if (known === undefined) {
    known = null;
    if (!holdsExpression(constructor, 0)) {
      const r = evaluateSmConstructor(
        constructor,
        scopeOf(undefined, () => undefined),
      );
      if (r.ok) known = { value: r.value };
    }
    CONSTANTS.set(constructor, known);
  }
  return known ?? undefined;
}

/** Whether a `.$` key is anywhere in it (true past the constructor depth limit: left to the evaluation). */
function holdsExpression(v: unknown, depth: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (depth >= MAX_SM_CONSTRUCTOR_DEPTH) return true;
  if (Array.isArray(v)) return v.some((x) => holdsExpression(x, depth + 1));
  for (const k of Object.keys(v)) if (k.endsWith(EXPRESSION_KEY_SUFFIX) || holdsExpression((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/** One `.$` expression's value (ItemsPath, Seconds.$, Timeout.$, a Choice Condition). */
export function evaluate(stateName: string, what: string, text: unknown, input: unknown, context: LazyContext): unknown {
  const source = typeof text === 'string' ? text : String(text);
  const parsed = parseSmExpressionCached(source);
  if (!parsed.ok) throw new StepFailure(SM_EXPRESSION_ERROR, engineText('smExpression', stateName, what, source, localize(parsed.error.message, engineLocale())));
  const r = evaluateSmExpression(parsed.ast, scopeOf(input, context));
  if (!r.ok) throw new StepFailure(SM_EXPRESSION_ERROR, engineText('smExpression', stateName, what, source, localize(r.error.message, engineLocale())));
  return r.value;
}

/**
 * The last value stateData passed: a state's output is most often its input (Pass, Wait, a Map
 * iteration's last state), and the next state's input, so the same object is checked again and
 * again. Step data is never mutated (history/json-text.ts), so once is enough.
 */
let lastPassed: unknown;

/** A state's input or output: a JSON object of at most 64 KiB (docs "Input and output"). */
export function stateData(stateName: string, which: 'smInput' | 'smOutput', value: unknown): JsonObject {
  if (value === lastPassed) return value as JsonObject;
  if (!isJsonObject(value)) throw new StepFailure(SM_EXPRESSION_ERROR, engineText('smNotObject', stateName, engineText(which), JSON.stringify(value)?.slice(0, 200) ?? 'nothing'));
  const bytes = surelyWithin(value, MAX_STATE_DATA_BYTES) ? 0 : jsonBytes(value);
  if (bytes > MAX_STATE_DATA_BYTES) throw new ExecutionEnd('fail', 'FnF.DataSizeExceeded', engineText('smDataTooLarge', stateName, engineText(which), bytes));
  lastPassed = value;
  return value;
}
