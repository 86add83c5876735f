/**
 * Task tokens: issued for waitForCallback (and async `sync`) tasks, answered by
 * ReportTaskSucceeded / ReportTaskFailed. A token is 17 random bytes (crypto.randomBytes) in
 * base64url and nothing else, so it cannot be guessed or forged from execution names.
 * A token never starts with `-`: people paste it as a command-line argument
 * (`fdl report-success <token>`), where a leading `-` reads as a flag. A draw that would start
 * with `-` (1 in 64) is drawn again; with 136 bits drawn, the tokens left still carry more than
 * 135 random bits (≥128 required). Tokens issued before (16 bytes, possibly with a leading `-`)
 * stay valid: a token is only ever compared as a string.
 *
 * Refusals use the service's documented codes (ReportTaskSucceeded/Failed error tables):
 * a token this engine never issued → 400 InvalidArgument ("Parameter error"; the API documents
 * no separate "token does not exist" code); a token whose task already has a result (answered,
 * timed out, execution ended) or a second report → 400 TaskAlreadyCompleted. A refused report
 * changes nothing.
 *
 * A new report is checked before anything else (reportRefusal, called by LocalBackend.report,
 * wherever it comes from: the API, the CLI through the inbox, mocks): the parameter limits of ReportTaskFailed (Error 1–128, Cause at
 * most 4096 characters) and an Output that is a JSON object within json-limits.ts, else 400
 * InvalidArgument and the task keeps waiting.
 */
import { randomBytes } from 'node:crypto';
import { FnfApiError } from './errors';
import { defineMessages, formatMessage } from '../fdl/messages';
import { checkJsonValue, jsonLimitText } from './json-limits';
import { engineLocale, engineText } from './messages';

export type CallbackReport = { kind: 'succeeded'; output: Record<string, unknown> } | { kind: 'failed'; error: string; cause: string };

const messages = defineMessages({
  unknown: 'Task token is not valid: no task is waiting for it.',
  completed: 'Task {0} has already completed.',
});

/** `draw` is crypto.randomBytes; a test passes its own to show a leading `-` is drawn again. */
export function newTaskToken(draw: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const token = draw(17).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
}

interface Waiting {
  stepName: string;
  /** Persists the report (appends TaskSucceeded/TaskFailed) and wakes the waiting step. */
  deliver(report: CallbackReport): void;
}

export class TaskTokenRegistry {
  private waiting = new Map<string, Waiting>();
  /** Reports that arrived before the step started waiting (e.g. a mock answering at once). */
  private early = new Map<string, CallbackReport>();
  private issued = new Set<string>();
  private finished = new Set<string>();

  /** Marks a token as issued (on start or replay) so an early report is accepted. */
  issue(token: string): void {
    this.issued.add(token);
  }

  /** Marks a token finished: any report for it from now on gets TaskAlreadyCompleted. */
  finish(token: string): void {
    this.issued.add(token);
    this.finished.add(token);
    this.waiting.delete(token);
    this.early.delete(token);
  }

  isWaiting(token: string): boolean {
    return this.waiting.has(token);
  }

  /** The step waits for a report; `deliver` runs exactly once (synchronously inside `report`). */
  wait(token: string, stepName: string, deliver: (report: CallbackReport) => void): void {
    this.issued.add(token);
    const early = this.early.get(token);
    if (early) {
      this.early.delete(token);
      this.finished.add(token);
      deliver(early);
      return;
    }
    this.waiting.set(token, { stepName, deliver });
  }

  /** Validates and delivers a report; throws FnfApiError without changing anything if refused. */
  report(token: string, report: CallbackReport): void {
    if (this.finished.has(token)) throw new FnfApiError('TaskAlreadyCompleted', formatMessage(messages.completed, engineLocale(), shortToken(token)));
    const w = this.waiting.get(token);
    if (w) {
      this.waiting.delete(token);
      this.finished.add(token);
      w.deliver(report);
      return;
    }
    if (this.issued.has(token) && !this.early.has(token)) {
      this.early.set(token, report);
      return;
    }
    if (this.early.has(token)) throw new FnfApiError('TaskAlreadyCompleted', formatMessage(messages.completed, engineLocale(), shortToken(token)));
    throw new FnfApiError('InvalidArgument', formatMessage(messages.unknown, engineLocale()));
  }
}

/**
 * Why a report cannot be accepted, or undefined. Reports also arrive as JSON files from other
 * processes (store/report-inbox.ts), so nothing about their shape is taken for granted: a value
 * that is not text where text belongs would otherwise be written into the history as it is.
 */
export function reportRefusal(token: unknown, report: unknown): string | undefined {
  const r = report as { kind?: unknown; output?: unknown; error?: unknown; cause?: unknown } | null;
  if (typeof token !== 'string' || typeof r !== 'object' || r === null) return engineText('reportNotValid');
  if (r.kind === 'succeeded') {
    if (typeof r.output !== 'object' || r.output === null || Array.isArray(r.output)) return engineText('outputNotObject');
    const check = checkJsonValue(r.output);
    return check.ok ? undefined : jsonLimitText(engineText('valueOutput'), check);
  }
  if (r.kind !== 'failed' || typeof r.error !== 'string' || typeof r.cause !== 'string') return engineText('reportNotValid');
  if (r.error === '') return engineText('errorRequired');
  if (r.error.length > 128) return engineText('errorTooLong');
  if (r.cause.length > 4096) return engineText('causeTooLong');
  return undefined;
}

function shortToken(token: string): string {
  return token.length > 10 ? `${token.slice(0, 6)}…` : token;
}
