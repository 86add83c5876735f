/**
 * StateMachine Pass, Succeed, Fail, Wait and Choice (SEMANTICS.md "StateMachine"): Pass, Succeed
 * and Wait hand their input on as their result (their output unless an OutputConstructor builds
 * one); a Succeed ends its scope (scheduler.ts); a Fail ends the execution with its `Code` and
 * `Detail` as error and cause; a Wait holds a durable timer on the engine's clock for `Seconds`
 * (or `Seconds.$`); a Choice goes to the `Next` of its first branch whose `Condition` is true, else
 * its `Default`.
 */
import type { SmPlanModel } from '../../../fdl/plan/statemachine';
import { ExecutionEnd, StepFailure } from '../../errors';
import { engineText } from '../../messages';
import type { StepRun, StepRunner } from '../run-context';
import { durableTimer } from '../timers';
import { evaluate, SM_EXPRESSION_ERROR, smContext, type LazyContext } from '../dialects/sm-data';
import type { JsonObject } from '../../history/events';

/** `$Context` while a state's own fields (Seconds.$, Condition, ItemsPath) are evaluated: built when an expression reads it. */
export function currentContext(m: SmPlanModel, input: JsonObject, sr: StepRun): LazyContext {
  let built: unknown;
  return () =>
    (built ??= smContext(sr.run.contextHeads, { Name: m.name, Input: input, RetryCount: sr.attempt - 1, ...(sr.context.task ? { TaskToken: sr.context.task.token } : {}) }));
}

/** The last Pass outcome, by identity: a run of Pass states hands one input on, and outcomes are never mutated. */
let passOutcome: { local: JsonObject } | undefined;

export const runSmPass: StepRunner<SmPlanModel> = (_m, input) => (passOutcome !== undefined && passOutcome.local === input ? passOutcome : (passOutcome = { local: input }));

export const runSmSucceed: StepRunner<SmPlanModel> = (_m, input) => ({ local: input });

export const runSmFail: StepRunner<SmPlanModel> = (m, _input, sr) => {
  const error = typeof m.def.Code === 'string' ? m.def.Code : '';
  const cause = typeof m.def.Detail === 'string' ? m.def.Detail : '';
  sr.run.journal.recordAt('StateFailed', sr.key, { error, cause }, m.name, sr.startedEventId);
  throw new ExecutionEnd('fail', error, cause);
};

export const runSmWait: StepRunner<SmPlanModel> = async (m, input, sr) => {
  const v = 'Seconds.$' in m.def ? evaluate(m.name, 'Seconds.$', m.def['Seconds.$'], input, currentContext(m, input, sr)) : m.def.Seconds;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new StepFailure('FnF.InvalidDuration', engineText('smBadSeconds', m.name, JSON.stringify(v) ?? 'nothing'));
  await durableTimer(sr.run, sr.attemptKey, n, 'wait', m.name, sr.signal);
  return { local: input };
};

export const runSmChoice: StepRunner<SmPlanModel> = (m, input, sr) => {
  const context = currentContext(m, input, sr);
  for (const b of m.choices) {
    const holds = evaluate(m.name, 'Condition', b.condition, input, context);
    if (holds === true) return { local: input, goto: b.next };
  }
  if (m.default !== undefined) return { local: input, goto: m.default };
  throw new StepFailure(SM_EXPRESSION_ERROR, engineText('smNoChoice', m.name));
};
