/**
 * The checks a document's dialect gets, run apart by reach (check.ts: `item` or the whole flow)
 * so an edit can reuse what it did not touch (analysis-cache.ts), and the one order in which their
 * findings are listed, whichever way they were made.
 *
 * Each dialect's checks are required when a document of that dialect is first checked: a classic
 * flow does not evaluate the StateMachine analysis, nor a StateMachine flow the classic rules
 * (docs/cold-start.md).
 */
import type { Check, CheckContext, Deferred, DeployTagMode, Named, TopSequence } from './check';
import type { FdlDiagnostic } from './diagnostic';
import type { Locale } from './messages';
import type { ParsedFlow } from './parse';
import type * as ClassicRules from './rules/index';
import { foreignKeyDiagnostics } from './dialect';
import { foreignStepKeyDiagnostics } from './dialect-step-keys';
import type * as StateMachineAnalysis from './cloudflow/analyze-statemachine';
import { stateMachineOf, type SmStateModel } from './cloudflow/statemachine-model';
import type * as StateMachineNames from './cloudflow/statemachine-names';
import type { TopStateEntry } from './cloudflow/statemachine-names';
import type { Step } from './model';
import { topEntryOf, type TopStepEntry } from './rules/sequence-entries';
import { checkSchema } from './schema/check-schema';

/* eslint-disable @typescript-eslint/no-require-imports -- each dialect's checks are required on first use (above) */
const classicRules = () => require('./rules/index') as typeof ClassicRules;
const stateMachineAnalysis = () => require('./cloudflow/analyze-statemachine') as typeof StateMachineAnalysis;
const stateMachineNames = () => require('./cloudflow/statemachine-names') as typeof StateMachineNames;
/* eslint-enable @typescript-eslint/no-require-imports */

let classicChecks: Check[] | undefined;

/** A finding and where it stands in the list: after the syntax findings, by check, then the other format's keys. */
export interface Ranked {
  d: FdlDiagnostic;
  rank: number;
}

/** Ranks after every check's: a top-level key, then a step key, of the other format (dialect.ts, dialect-step-keys.ts). */
export const FOREIGN_KEY_RANK = 1000;
export const FOREIGN_STEP_KEY_RANK = 1001;

export function checksOf(dialect: 'classic' | 'statemachine'): Check[] {
  return dialect === 'statemachine' ? stateMachineAnalysis().STATEMACHINE_CHECKS : (classicChecks ??= [checkSchema, ...classicRules().RULES]);
}

export interface RunOptions {
  locale: Locale;
  deployTags: DeployTagMode;
  /** For a document of one block of the flow's sequence: `CheckContext.items`. */
  items?: { key: string; offset: number };
}

/**
 * The findings of the dialect's checks of `reach` (`all`, the `item` ones, or the whole-flow
 * ones), each ranked; `item` and `all` add the other format's step keys (a per-step finding), `all`
 * its top-level keys too.
 */
export function runChecks(parsed: ParsedFlow, dialect: 'classic' | 'statemachine', o: RunOptions, reach: 'all' | 'item' | 'flow'): Ranked[] {
  return runChecksInParts(parsed, dialect, o, reach).ranked;
}

/** What the whole-flow checks found inside one top-level step (or state), and its entry: what an edit keeps per step. */
export interface TopParts {
  /** Where the step starts (its mapping). */
  at: number;
  entry: TopEntry;
  found: Ranked[];
  deferred: RankedDeferred[];
  failed: Failure[];
}

export type TopEntry = TopStepEntry | TopStateEntry;

export interface RankedDeferred {
  d: Deferred;
  rank: number;
}

/** A check that threw, in one part. */
export interface Failure {
  rank: number;
  message: string;
}

/** `runChecks`, with what the whole-flow checks found per top-level step (for `all` and `flow`). */
export function runChecksInParts(parsed: ParsedFlow, dialect: 'classic' | 'statemachine', o: RunOptions, reach: 'all' | 'item' | 'flow'): { ranked: Ranked[]; tops: TopParts[] } {
  const out: Ranked[] = [];
  let rank = 0;
  const ctx: CheckContext = { parsed, locale: o.locale, deployTags: o.deployTags, items: o.items, report: (d) => out.push({ d, rank }) };
  const checks = checksOf(dialect);
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i];
    // The whole-flow checks are written in parts (below); any other runs whole, by its reach.
    if (check.parts || !check.run || (reach !== 'all' && (check.reach === 'item') !== (reach === 'item'))) continue;
    rank = i;
    try {
      check.run(ctx);
    } catch (e) {
      // A check that throws is a bug of ours; the user still gets every other finding.
      out.push({ d: failedFinding({ rank: i, message: (e as Error).message }, checks), rank: i });
    }
  }
  let tops: TopParts[] = [];
  if (reach !== 'item') {
    tops = runInside(parsed, dialect, o);
    const top = runTop(parsed, dialect, o, { entries: tops.map((t) => t.entry), startAt: dialect === 'statemachine' ? stateMachineOf(parsed).root?.startAt : undefined });
    const deferred = tops.flatMap((t) => t.deferred.map((r) => ({ ...r, shift: 0 })));
    for (const r of top.deferred) deferred.push({ ...r, shift: 0 });
    out.push(
      ...tops.flatMap((t) => t.found),
      ...top.found,
      ...resolveDeferred(
        tops.map((t) => t.entry),
        deferred,
      ),
      ...failures([...tops.flatMap((t) => t.failed), ...top.failed], checks),
    );
  }
  if (reach === 'all') for (const d of foreignKeyDiagnostics(parsed.tree, dialect, o.locale)) out.push({ d, rank: FOREIGN_KEY_RANK });
  if (reach !== 'flow') for (const d of foreignStepKeyDiagnostics(parsed, o.locale)) out.push({ d, rank: FOREIGN_STEP_KEY_RANK });
  return { ranked: out, tops };
}

/** Per top-level step (or state) of `parsed`, its entry and what the whole-flow checks find inside it. */
export function runInside(parsed: ParsedFlow, dialect: 'classic' | 'statemachine', o: RunOptions): TopParts[] {
  const checks = checksOf(dialect);
  const classic = dialect === 'classic';
  const tops = classic ? parsed.flow.body.steps : (stateMachineOf(parsed).root?.states ?? []);
  return tops.map((step, k) => {
    const parts: TopParts = {
      at: step.span.start,
      entry: classic ? topEntryOf(step as Step) : stateMachineNames().topStateEntryOf(step as SmStateModel),
      found: [],
      deferred: [],
      failed: [],
    };
    runParts(parsed, checks, o, parts, (split, ctx) => split.inside(ctx, k));
    return parts;
  });
}

/**
 * What the whole-flow checks find over the top-level sequence's entries (`parsed` is read for its
 * text and lines only: an edited version's tree is never built for them).
 */
export function runTop(
  parsed: ParsedFlow,
  dialect: 'classic' | 'statemachine',
  o: RunOptions,
  seq: TopSequence<TopEntry>,
): { found: Ranked[]; deferred: RankedDeferred[]; failed: Failure[] } {
  const out = { found: [] as Ranked[], deferred: [] as RankedDeferred[], failed: [] as Failure[] };
  runParts(parsed, checksOf(dialect), o, out, (split, ctx) => split.top(ctx, seq));
  return out;
}

/**
 * Runs one part of every split check, each finding ranked by its check's place in `checks`; a check
 * that throws is recorded as failed and the others still run.
 */
function runParts(
  parsed: ParsedFlow,
  checks: readonly Check[],
  o: RunOptions,
  into: { found: Ranked[]; deferred: RankedDeferred[]; failed: Failure[] },
  run: (split: NonNullable<Check['parts']>, ctx: CheckContext) => void,
): void {
  let rank = 0;
  const ctx: CheckContext = { parsed, locale: o.locale, deployTags: o.deployTags, report: (d) => into.found.push({ d, rank }), defer: (d) => into.deferred.push({ d, rank }) };
  for (let i = 0; i < checks.length; i++) {
    const split = checks[i].parts;
    if (!split) continue;
    rank = i;
    try {
      run(split, ctx);
    } catch (e) {
      into.failed.push({ rank: i, message: (e as Error).message });
    }
  }
}

/**
 * The deferred findings made, each with the first name of the flow it waits for (in document
 * order over `entries`) and moved by its `shift`.
 */
export function resolveDeferred(entries: readonly TopEntry[], deferred: readonly (RankedDeferred & { shift: number })[]): Ranked[] {
  if (deferred.length === 0) return [];
  const wanted = new Set(deferred.map((r) => r.d.name));
  const seen = new Map<string, Named[]>();
  for (const e of entries)
    for (const n of e.named ?? []) {
      if (!wanted.has(n.name)) continue;
      const list = seen.get(n.name);
      if (list) list.push(n);
      else seen.set(n.name, [n]);
    }
  return deferred.map(({ d, rank, shift }) => {
    const found = seen.get(d.name)?.find((n) => d.except === undefined || n.scope !== d.except);
    const made = d.make(found);
    return { d: shift === 0 ? made : movedFinding(made, shift), rank };
  });
}

/** One `internal-check-failed` finding per check that threw, the first failure's. */
export function failures(failed: readonly Failure[], checks: readonly Check[]): Ranked[] {
  const out: Ranked[] = [];
  const done = new Set<number>();
  for (const f of failed) {
    if (done.has(f.rank)) continue;
    done.add(f.rank);
    out.push({ d: failedFinding(f, checks), rank: f.rank });
  }
  return out;
}

function failedFinding(f: Failure, checks: readonly Check[]): FdlDiagnostic {
  return { code: 'internal-check-failed', severity: 'warning', message: `Internal error in check "${checks[f.rank].name}": ${f.message}`, span: { start: 0, end: 0 } };
}

/**
 * A finding `d` characters further on, with the places its data holds (objects at its top level
 * with `start` and `end`, or an `offset`).
 */
export function movedFinding(f: FdlDiagnostic, d: number): FdlDiagnostic {
  const out: FdlDiagnostic = { ...f, span: { start: f.span.start + d, end: f.span.end + d } };
  if (f.data) {
    let data: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(f.data)) {
      if (!v || typeof v !== 'object') continue;
      const o = v as { start?: unknown; end?: unknown; offset?: unknown };
      if (typeof o.start === 'number' && typeof o.end === 'number') (data ??= { ...f.data })[k] = { ...o, start: o.start + d, end: o.end + d };
      else if (typeof o.offset === 'number') (data ??= { ...f.data })[k] = { ...o, offset: o.offset + d };
    }
    if (data) out.data = data;
  }
  return out;
}

/**
 * The document's findings in their one order: by place, then syntax first, then by check, then
 * the other format's keys (whose places a schema "unknown property" finding does not repeat).
 * Findings of one rank at one place keep the order they were reported in.
 */
export function ordered(syntax: readonly FdlDiagnostic[], ranked: readonly Ranked[]): FdlDiagnostic[] {
  const foreignAt = new Set<string>();
  for (const r of ranked) if (r.rank >= FOREIGN_KEY_RANK) foreignAt.add(`${r.d.span.start}:${r.d.span.end}`);
  const all: Ranked[] = syntax.map((d) => ({ d, rank: -1 }));
  for (const r of ranked) if (!(foreignAt.size && r.d.code === 'schema-unknown-property' && foreignAt.has(`${r.d.span.start}:${r.d.span.end}`))) all.push(r);
  // Array.prototype.sort is stable: equal keys keep the order above.
  all.sort((a, b) => a.d.span.start - b.d.span.start || a.d.span.end - b.d.span.end || a.rank - b.rank);
  return all.map((r) => r.d);
}
