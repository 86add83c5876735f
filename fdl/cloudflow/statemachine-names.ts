/**
 * Names and transitions of a StateMachine flow (https://help.aliyun.com/document_detail/2412487.html):
 * - `sm-unknown-state` (error): `StartAt`, `Next`, a Choice's `Default` or branch `Next`, or a
 *   Catch's `Next` names no state of its scope (the flow, a Parallel branch and a Map processor are
 *   each their own scope); with a did-you-mean, and saying so when the name is a state of another scope.
 * - `sm-duplicate-state-name` (error): two states of one scope share a name.
 * - `sm-missing-transition` (error): a Task, Pass, Wait, Parallel or Map state has neither `Next`
 *   nor `End: true` ("If End were not set, CloudFlow would look for a Next field").
 * - `sm-next-and-end` (error): such a state has both.
 * - `sm-unreachable-state` (warning, faded): no path from its scope's `StartAt` leads to it (through
 *   `Next`, Choice branches and `Default`, and Catch `Next`); it never runs.
 * Choice states take neither (the schema rejects them); Succeed and Fail end their scope, with or
 * without the `End: true` the docs' own examples give them.
 */
import type { Check, CheckContext } from '../check';
import { defineMessages, message, type Message } from '../messages';
import { report } from '../rules/finding';
import { closestMatch } from '../schema/did-you-mean';
import { stateMachineOf, type SmScopeModel, type SmStateModel } from './statemachine-model';

export const SM_NAME_CODES = ['sm-unknown-state', 'sm-duplicate-state-name', 'sm-missing-transition', 'sm-next-and-end', 'sm-unreachable-state'] as const;

/** The state types that continue to another state (or end their scope with `End: true`). */
const NEEDS_TRANSITION = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);

const messages = defineMessages({
  unknown: 'No state named `{0}` in {1}.{2}',
  didYouMean: ' Did you mean `{0}`?',
  elsewhere: ' `{0}` is a state of {1}: a transition cannot leave its scope.',
  duplicate: 'Another state in {1} is already named `{0}`: state names must be unique in their scope.',
  missingTransition: 'State `{0}` has neither `Next` nor `End: true`: say which state comes next, or end the scope here.',
  nextAndEnd: 'State `{0}` has both `Next` and `End: true`: keep one of them.',
  unreachable: 'State `{0}` is never reached: no path from `StartAt` of {1} leads to it.',
  flow: 'the flow',
  branch: '`Branches[{0}]` of `{1}`',
  processor: 'the processor of `{0}`',
});

/** How a finding names a scope ("`Branches[0]` of `Fan`"), worded in the finding's language. */
export function scopeLabel(scope: SmScopeModel): Message {
  const owner = scope.owner?.name ?? '';
  if (scope.kind === 'branch') return message(messages.branch, scope.index ?? 0, owner);
  if (scope.kind === 'processor') return message(messages.processor, owner);
  return message(messages.flow);
}

export const checkStateNames: Check = {
  name: 'statemachine-names',
  run(ctx) {
    const model = stateMachineOf(ctx.parsed);
    const namesOf = new Map<SmScopeModel, Set<string>>();
    for (const scope of model.scopes) namesOf.set(scope, checkDuplicates(ctx, scope));
    for (const t of model.transitions) {
      const names = namesOf.get(t.scope)!;
      const target = t.target.value;
      if (names.has(target)) continue;
      const suggestion = closestMatch(target, [...names]);
      const other = model.states.find((s) => s.name === target && s.scope !== t.scope);
      report(ctx, {
        code: 'sm-unknown-state',
        severity: 'error',
        text: messages.unknown,
        args: [target, scopeLabel(t.scope), other ? message(messages.elsewhere, target, scopeLabel(other.scope)) : suggestion ? message(messages.didYouMean, suggestion) : ''],
        span: t.target.span,
        data: { target, ...(suggestion ? { replacement: suggestion } : {}), ...(other ? { outOfScope: true } : {}) },
      });
    }
    for (const state of model.states) checkTransition(ctx, state);
    checkReachability(ctx, model);
  },
};

/** Per scope, the states no path from `StartAt` reaches; a scope without a resolvable `StartAt` is left to the findings above. */
function checkReachability(ctx: CheckContext, model: ReturnType<typeof stateMachineOf>): void {
  const out = new Map<SmStateModel, string[]>();
  for (const t of model.transitions) if (t.from) out.set(t.from, [...(out.get(t.from) ?? []), t.target.value]);
  for (const scope of model.scopes) {
    const byName = new Map<string, SmStateModel>();
    for (const s of scope.states) if (s.name && !byName.has(s.name)) byName.set(s.name, s);
    const start = scope.startAt && byName.get(scope.startAt.value);
    if (!start) continue;
    const seen = new Set<SmStateModel>([start]);
    const queue = [start];
    while (queue.length) {
      for (const name of out.get(queue.pop()!) ?? []) {
        const next = byName.get(name);
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    for (const s of scope.states) {
      // A second state of a duplicate name is reported as a duplicate already.
      if (seen.has(s) || !s.name || byName.get(s.name) !== s) continue;
      report(ctx, {
        code: 'sm-unreachable-state',
        severity: 'warning',
        text: messages.unreachable,
        args: [s.name, scopeLabel(scope)],
        span: s.nameSpan,
        unnecessary: true,
      });
    }
  }
}

function checkDuplicates(ctx: CheckContext, scope: SmScopeModel): Set<string> {
  const names = new Set<string>();
  for (const s of scope.states) {
    if (!s.name) continue;
    if (names.has(s.name)) {
      report(ctx, {
        code: 'sm-duplicate-state-name',
        severity: 'error',
        text: messages.duplicate,
        args: [s.name, scopeLabel(scope)],
        span: s.nameSpan,
      });
    }
    names.add(s.name);
  }
  return names;
}

function checkTransition(ctx: CheckContext, s: SmStateModel): void {
  if (!s.type || !NEEDS_TRANSITION.has(s.type)) return;
  const ends = s.end?.value === true;
  if (s.next && ends) {
    report(ctx, { code: 'sm-next-and-end', severity: 'error', text: messages.nextAndEnd, args: [s.name], span: s.endKeySpan ?? s.nameSpan });
  } else if (!s.next && !ends) {
    report(ctx, { code: 'sm-missing-transition', severity: 'error', text: messages.missingTransition, args: [s.name], span: s.nameSpan });
  }
}
