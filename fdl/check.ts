/**
 * What a check is (`Check`: a name, a `run` over a parsed flow, and its `reach`) and what it is
 * handed (`CheckContext`). The schema check, the rules of rules/ and the StateMachine checks are
 * all checks; analysis-checks.ts runs them, analysis-cache.ts reuses the `reach: 'item'` ones.
 */
import type { FdlDiagnostic } from './diagnostic';
import type { Locale } from './messages';
import type { ParsedFlow } from './parsed-flow';

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
}

/** A named semantic or structural check. One concept per check; see fdl/rules/. */
export interface Check {
  name: string;
  run(ctx: CheckContext): void;
  /**
   * `item` when the check reads one top-level step (or state) at a time: what it finds in a step
   * depends on that step and the keys around the sequence only, never on another step. An edit
   * then runs it again only on the steps it touched (fdl/analysis-cache.ts). Absent: it reads
   * the whole flow (names, gotos, reachability) and runs again when what it reads changed.
   */
  reach?: 'item';
  /**
   * For a check whose messages name a place (a line number): `d`, one of its findings that an edit
   * moved (its spans, `data`'s too, already placed in `parsed`), worded for where things now stand.
   * A whole-flow check's findings are carried over edits that leave what it reads unchanged
   * (fdl/analysis-cache.ts); without this its messages would keep the old lines.
   */
  reword?(d: FdlDiagnostic, parsed: ParsedFlow, locale: Locale): FdlDiagnostic;
}
