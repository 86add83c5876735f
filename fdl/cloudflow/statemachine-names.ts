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
 *   `Next`, Choice branches and `Default`, and Catch `Next`); it never runs. Not while a transition
 *   reached from `StartAt` names no state: it may mean any state not reached (docs/reachability.md).
 * Choice states take neither (the schema rejects them); Succeed and Fail end their scope, with or
 * without the `End: true` the docs' own examples give them.
 */
import type { Check, CheckContext, Named, TopSequence } from '../check';
import { defineMessages, message, type Message } from '../messages';
import type { Located, Span } from '../model';
import { finding, report } from '../rules/finding';
import { closestNameIn, firstIndex, resolvedTargets } from '../rules/sequence-entries';
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

/** What the checks read of a state. */
export interface StateEntry {
  name: string;
  nameSpan: Span;
  /** A state that must say how it continues has both `Next` and `End: true`, or neither. */
  transition: 'nextAndEnd' | 'missing' | undefined;
  endKeySpan: Span | undefined;
  /** Its transitions (`Next`, a Choice's `Default` and branches' `Next`, Catch `Next`), in that order. */
  out: Located<string>[];
}

/** A top-level state's entry, with the names of the states inside it (for "a state of another scope"). */
export interface TopStateEntry extends StateEntry {
  /** The state's name and those of every state nested in it, depth first, each with its scope. */
  named: Named[] | undefined;
}

/** Where a top-level state stands: the flow's scope, one for every model of the document. */
const FLOW_SCOPE = {};

function transitionOf(s: SmStateModel): StateEntry['transition'] {
  if (!s.type || !NEEDS_TRANSITION.has(s.type)) return undefined;
  const ends = s.end?.value === true;
  return s.next && ends ? 'nextAndEnd' : !s.next && !ends ? 'missing' : undefined;
}

export function stateEntryOf(s: SmStateModel): TopStateEntry {
  return { name: s.name, nameSpan: s.nameSpan, transition: transitionOf(s), endKeySpan: s.endKeySpan, out: s.out, named: undefined };
}

export function topStateEntryOf(s: SmStateModel): TopStateEntry {
  const named: Named[] = [{ name: s.name, scope: FLOW_SCOPE, label: message(messages.flow) }];
  const walk = (state: SmStateModel) => {
    for (const scope of state.children) {
      const label = scopeLabel(scope);
      for (const inner of scope.states) {
        named.push({ name: inner.name, scope, label });
        walk(inner);
      }
    }
  };
  walk(s);
  const entry = stateEntryOf(s);
  entry.named = named;
  return entry;
}

export const checkStateNames: Check = {
  name: 'statemachine-names',
  parts: {
    inside(ctx, top) {
      const scopes: SmScopeModel[] = [];
      const walk = (state: SmStateModel) => {
        for (const scope of state.children) {
          scopes.push(scope);
          for (const inner of scope.states) walk(inner);
        }
      };
      walk(stateMachineOf(ctx.parsed).root!.states[top]);
      const seqs = scopes.map((scope) => ({ scope, entries: scope.states.map(stateEntryOf), startAt: scope.startAt, label: scopeLabel(scope) }));
      judge(ctx, seqs);
    },
    top(ctx, seq) {
      const { entries, ds, startAt } = seq as TopSequence<TopStateEntry>;
      judge(ctx, [{ scope: FLOW_SCOPE, entries, ds, startAt, label: message(messages.flow) }]);
    },
  },
};

/** One scope's states as the checks read them: `ds` moves the places of its entries (not of `startAt`). */
interface ScopeEntries extends TopSequence<StateEntry> {
  scope: object;
  label: Message;
}

/** The scopes' findings, in the order a whole run lists them: names, transitions' targets, transitions written, reachability. */
function judge(ctx: CheckContext, scopes: ScopeEntries[]): void {
  for (const s of scopes) checkDuplicates(ctx, s);
  // Each transition resolved once, to its state's index in the scope (-1: none), for the targets' findings and the reachability walk.
  const resolved = scopes.map((s) => {
    const first = firstIndex(s.entries);
    const { entries, ds } = s;
    const { starts, targets } = resolvedTargets(entries, outOf);
    const indexOf = (target: string) => (target === '' ? -1 : (first.get(target) ?? -1));
    if (s.startAt && indexOf(s.startAt.value) < 0) unknownTarget(ctx, s, s.startAt.value, s.startAt.span);
    for (let i = 0; i < entries.length; i++)
      for (let k = starts[i]; k < starts[i + 1]; k++) {
        if (targets[k] >= 0) continue;
        const t = entries[i].out[k - starts[i]];
        unknownTarget(ctx, s, t.value, at(t.span, ds?.[i]));
      }
    return { starts, targets, start: s.startAt ? indexOf(s.startAt.value) : -1 };
  });
  for (const s of scopes) {
    const { entries, ds } = s;
    for (let i = 0; i < entries.length; i++) if (entries[i].transition) checkTransition(ctx, entries[i], ds?.[i]);
  }
  scopes.forEach((s, k) => checkReachability(ctx, s, resolved[k]));
}

const outOf = (e: StateEntry) => e.out;

function at(span: Span, d: number | undefined): Span {
  return d ? { start: span.start + d, end: span.end + d } : span;
}

/** A transition to `target`, which names no state of its scope. */
function unknownTarget(ctx: CheckContext, s: ScopeEntries, target: string, span: Span): void {
  const suggestion = suggestionFor(s.entries, target);
  // Whether a state of another scope bears the name is known once every state's name is.
  ctx.defer!({
    name: target,
    except: s.scope,
    make: (other) =>
      finding(ctx, {
        code: 'sm-unknown-state',
        severity: 'error',
        text: messages.unknown,
        args: [target, s.label, other ? message(messages.elsewhere, target, other.label) : suggestion ? message(messages.didYouMean, suggestion) : ''],
        span,
        data: { target, ...(suggestion ? { replacement: suggestion } : {}), ...(other ? { outOfScope: true } : {}) },
      }),
  });
}

function suggestionFor(entries: readonly StateEntry[], target: string): string | undefined {
  return closestNameIn(entries, target);
}

/**
 * The states no path from the scope's `StartAt` reaches; a scope without a resolvable `StartAt` is
 * left to the findings above. A transition on that path naming no state may mean any state not
 * reached (most often the one being renamed, and what follows it): none is reported then, the
 * unknown-state error stands for them (docs/reachability.md).
 */
function checkReachability(ctx: CheckContext, { entries, ds, label }: ScopeEntries, { starts, targets, start }: { starts: Int32Array; targets: Int32Array; start: number }): void {
  if (start < 0) return;
  const first = firstIndex(entries);
  const seen = new Uint8Array(entries.length);
  seen[start] = 1;
  const queue = [start];
  while (queue.length) {
    const i = queue.pop()!;
    for (let k = starts[i]; k < starts[i + 1]; k++) {
      const next = targets[k];
      if (next < 0) return;
      if (!seen[next]) {
        seen[next] = 1;
        queue.push(next);
      }
    }
  }
  for (let i = 0; i < entries.length; i++) {
    const s = entries[i];
    // A second state of a duplicate name is reported as a duplicate already.
    if (seen[i] || !s.name || first.get(s.name) !== i) continue;
    report(ctx, {
      code: 'sm-unreachable-state',
      severity: 'warning',
      text: messages.unreachable,
      args: [s.name, label],
      span: at(s.nameSpan, ds?.[i]),
      unnecessary: true,
    });
  }
}

function checkDuplicates(ctx: CheckContext, { entries, ds, label }: ScopeEntries): void {
  const first = firstIndex(entries);
  // As many names as states: none is empty or repeated.
  if (first.size === entries.length && !first.has('')) return;
  for (let i = 0; i < entries.length; i++) {
    const s = entries[i];
    if (!s.name || first.get(s.name) === i) continue;
    report(ctx, {
      code: 'sm-duplicate-state-name',
      severity: 'error',
      text: messages.duplicate,
      args: [s.name, label],
      span: at(s.nameSpan, ds?.[i]),
    });
  }
}

function checkTransition(ctx: CheckContext, s: StateEntry, d: number | undefined): void {
  if (s.transition === 'nextAndEnd') {
    report(ctx, { code: 'sm-next-and-end', severity: 'error', text: messages.nextAndEnd, args: [s.name], span: at(s.endKeySpan ?? s.nameSpan, d) });
  } else if (s.transition === 'missing') {
    report(ctx, { code: 'sm-missing-transition', severity: 'error', text: messages.missingTransition, args: [s.name], span: at(s.nameSpan, d) });
  }
}
