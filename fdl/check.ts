/**
 * What a check is (`Check`: a name, a `run` over a parsed flow, and its `reach`) and what it is
 * handed (`CheckContext`). The schema check, the rules of rules/ and the StateMachine checks are
 * all checks; analysis-checks.ts runs them, analysis-cache.ts reuses the `reach: 'item'` ones.
 */
import type { FdlDiagnostic } from './diagnostic';
import type { Locale, Message } from './messages';
import type { ParsedFlow } from './parsed-flow';
import type { Located } from './span';

/**
 * How resources named through deploy-time tags (`!Ref svc/fn`) are reported: `file-hint` (the
 * default), one information finding per file, since a Funcraft / ROS template names every task
 * that way; `placeholder`, a warning on each, like any other deploy-time placeholder.
 */
export type DeployTagMode = 'file-hint' | 'placeholder';

/** What every check receives: the parsed flow, the locale to speak, the user's choices, and a sink for findings. */
export interface CheckContext {
  parsed: ParsedFlow;
  locale: Locale;
  /** Default `file-hint`. */
  deployTags?: DeployTagMode;
  report(d: FdlDiagnostic): void;
  /**
   * In a document of one block of the flow's sequence (analysis-cache.ts): the sequence's key and
   * the index of the block's first item in the whole flow, for a finding that names an item by
   * its index (the schema's "`steps[3]` must be a mapping").
   */
  items?: { key: string; offset: number };
  /**
   * Set while a whole-flow check runs in parts (`Check.parts`): a finding that depends on whether
   * a step (or state) elsewhere in the flow bears a name is handed over here, and made once every
   * name is known (analysis-checks.ts).
   */
  defer?(d: Deferred): void;
}

/** A name a step (or state) of the flow bears; `scope` and `label` say where it stands (StateMachine). */
export interface Named {
  name: string;
  scope?: object;
  label?: Message;
}

/** A finding waiting for the first name of the flow equal to `name` (outside `except`, when given). */
export interface Deferred {
  name: string;
  except?: object;
  make(found: Named | undefined): FdlDiagnostic;
}

/** The flow's top-level sequence as a whole-flow check judges it: one entry per step (or state). */
export interface TopSequence<E> {
  entries: readonly E[];
  /** Per entry, the offset to add to its places (absent: none): an edit moves the steps after it. */
  ds?: ArrayLike<number>;
  /** The flow's `StartAt` (StateMachine). */
  startAt?: Located<string>;
}

/** A named semantic or structural check. One concept per check; see fdl/rules/. */
export interface Check {
  name: string;
  /** What it finds, reported through `ctx` (a check of the whole flow may be written as `parts` instead). */
  run?(ctx: CheckContext): void;
  /**
   * `item` when the check reads one top-level step (or state) at a time: what it finds in a step
   * depends on that step and the keys around the sequence only, never on another step. An edit
   * then runs it again only on the steps it touched (fdl/analysis-cache.ts). Absent: it reads
   * the whole flow (names, gotos, reachability), in `parts`.
   */
  reach?: 'item';
  /**
   * For a check whose messages name a place (a line number): `d`, one of its findings that an edit
   * moved (its spans, `data`'s too, already placed in `parsed`), worded for where things now stand.
   * What `parts.inside` found in a step is kept across edits and moved with the step
   * (fdl/analysis-cache.ts); without this its messages would keep the old lines.
   */
  reword?(d: FdlDiagnostic, parsed: ParsedFlow, locale: Locale): FdlDiagnostic;
  /**
   * A whole-flow check in two parts, which together find what it finds: `inside` the top-level
   * step (or state) at index `top` of `ctx.parsed` (its nested sequences and what reads that step
   * alone), and the `top` sequence judged from its entries (rules/sequence-entries.ts, or the
   * StateMachine's). An edit then runs `inside` on the steps it touched only, and `top` over kept
   * entries, never lifting the whole flow (analysis-cache.ts).
   */
  parts?: {
    inside(ctx: CheckContext, top: number): void;
    top(ctx: CheckContext, seq: TopSequence<unknown>): void;
  };
}
