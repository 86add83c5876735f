/**
 * The words coverage and run comparisons show, in English and Simplified Chinese, for the CLI and
 * the extension alike (the extension passes its display language; the CLI the environment's).
 */
import { defineMessages, formatMessage, type Locale } from '../../fdl/messages';
import type { CoverageKind, CoverageSummary, FlowCoverage } from './coverage';

const messages = defineMessages({
  summaryClassic: '{0} steps, {1} branches, {2} catches, {3} retries',
  summaryStateMachine: '{0} states, {1} branches, {2} catches, {3} retries',
  kindStepClassic: 'step',
  kindState: 'state',
  kindBranch: 'branch',
  kindDefault: { message: 'default', comment: "a choice's default branch, in coverage" },
  kindCatch: 'catch',
  kindRetry: 'retry',
  neverTaken: 'never taken',
  takenTimes: 'taken {0} time(s)',
});

const fraction = (t: { covered: number; total: number }) => `${t.covered}/${t.total}`;

/** "14/17 steps, 5/7 branches, 1/2 catches, 0/1 retries". */
export function coverageSummaryText(summary: CoverageSummary, dialect: FlowCoverage['dialect'], locale: Locale): string {
  const m = dialect === 'statemachine' ? messages.summaryStateMachine : messages.summaryClassic;
  return formatMessage(m, locale, fraction(summary.states), fraction(summary.branches), fraction(summary.catches), fraction(summary.retries));
}

/** What a target is, in a word: step / state, branch, default, catch, retry. */
export function coverageKindText(kind: CoverageKind, dialect: FlowCoverage['dialect'], locale: Locale): string {
  const m = {
    state: dialect === 'statemachine' ? messages.kindState : messages.kindStepClassic,
    branch: messages.kindBranch,
    default: messages.kindDefault,
    catch: messages.kindCatch,
    retry: messages.kindRetry,
  }[kind];
  return formatMessage(m, locale);
}

/** "never taken" or "taken 3 time(s)". */
export function coverageHitsText(hits: number, locale: Locale): string {
  return hits === 0 ? formatMessage(messages.neverTaken, locale) : formatMessage(messages.takenTimes, locale, hits);
}
