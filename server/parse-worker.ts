/**
 * Parsing and formatting off the thread that answers requests: texts are parsed (or formatted) in
 * a worker thread, one at a time, each within a time budget. A job past the budget is abandoned
 * (the worker is terminated and a new one started for the next text): a parse gets one located
 * `document-too-complex` error, a format is refused saying why, so no text, however it defeats
 * the input limits, keeps the server from answering. Formatting a megabyte flow takes a second or
 * two of `yaml`'s work (fdl/format.ts); here the server answers other requests meanwhile.
 * The parsed parts come back by structured clone (fdl/parse.ts ParsedParts).
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { formatCrashed, formatFlowText, formatTimedOut, type FormatOptions, type FormatResult } from '../fdl/format';
import { parseFlow, partsOf, refusedFlow, reviveParsed, type ParsedFlow, type ParsedParts } from '../fdl/parse';
import { parserOverflowDiagnostic, parseTimeoutDiagnostic } from '../fdl/input-limits';
import type { Locale } from '../fdl/messages';

/** A parse past this is abandoned; real flows parse in milliseconds. */
export const PARSE_BUDGET_MS = 1500;
/** A format past this is abandoned: a 2-million-character flow (the input limit) formats in about 2 s on a loaded 2-core machine. */
export const FORMAT_BUDGET_MS = 15_000;

export interface ParseRunner {
  parse(text: string, locale: Locale): Promise<ParsedFlow>;
  dispose(): void;
}

/** Formats off the calling thread (fdl/format.ts `formatFlowText`). */
export interface FormatRunner {
  format(text: string, locale: Locale, options: FormatOptions): Promise<FormatResult>;
}

interface Job {
  id: number;
  text: string;
  locale: Locale;
  /** Present: format the text with these options, rather than parse it. */
  format?: FormatOptions;
}
type Answer = { id: number; parts: ParsedParts } | { id: number; formatted: FormatResult } | { id: number; error: string };

/** What a job's caller makes of each way it can end. */
interface JobEnds<T> {
  /** Done on the calling thread (no worker yet, or the worker's answer could not be used). */
  here(): T;
  answered(a: Answer): T;
  /** The worker died on the text. */
  died(): T;
  timedOut(budgetMs: number): T;
}

/** The worker side: answers each job with the parts of its parse. */
export function serveParses(): void {
  if (isMainThread || !parentPort) throw new Error('serveParses runs in a worker thread');
  const port = parentPort;
  port.postMessage('ready');
  port.on('message', (job: Job) => {
    let answer: Answer;
    try {
      answer = job.format ? { id: job.id, formatted: formatFlowText(job.text, job.locale, job.format) } : { id: job.id, parts: partsOf(parseFlow(job.text, job.locale)) };
      port.postMessage(answer);
    } catch (e) {
      // Not cloneable (a value no flow holds) or a bug: the caller parses on its own thread.
      port.postMessage({ id: job.id, error: String((e as Error)?.message ?? e) } satisfies Answer);
    }
  });
}

/** The main side: `script` is a file that calls serveParses() when loaded in a worker. */
export class WorkerParser implements ParseRunner, FormatRunner {
  /** The worker once it has loaded (its start, a second or more on a busy machine, is not part of any budget). */
  private worker: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** False until a worker first loads: until then texts are parsed here rather than wait for it. */
  private loaded = false;
  private nextId = 1;

  /**
   * `startNow` false: the worker starts at `warmUp()` (the server's: once its first diagnostics are
   * out, so that loading the worker, 30 ms of CPU, does not compete with its start on a busy machine;
   * docs/cold-start.md). Meanwhile texts are parsed on the calling thread, as before any worker loads.
   */
  constructor(
    private readonly script: string,
    private readonly budgetMs = PARSE_BUDGET_MS,
    private readonly log: (message: string) => void = () => undefined,
    startNow = true,
    private readonly formatBudgetMs = FORMAT_BUDGET_MS,
  ) {
    if (startNow) this.worker = this.start();
  }

  /** Starts the worker loading, if it is not yet. */
  warmUp(): void {
    this.worker ??= this.start();
  }

  /** Resolves once a worker has loaded (true), or failed to (false). */
  async whenLoaded(): Promise<boolean> {
    return (this.worker ?? (this.worker = this.start())).then(
      () => true,
      () => false,
    );
  }

  parse(text: string, locale: Locale): Promise<ParsedFlow> {
    return this.enqueue({ text, locale }, this.budgetMs, {
      here: () => parseFlow(text, locale),
      answered: (a) => ('parts' in a ? reviveParsed(a.parts, text) : parseFlow(text, locale)),
      // It died on this text (out of memory, say): refused like a text that overflows the parser.
      died: () => refusedFlow(text, parserOverflowDiagnostic(text, locale), locale),
      timedOut: (ms) => refusedFlow(text, parseTimeoutDiagnostic(text, ms, locale), locale),
    });
  }

  format(text: string, locale: Locale, options: FormatOptions): Promise<FormatResult> {
    return this.enqueue({ text, locale, format: options }, this.formatBudgetMs, {
      here: () => formatFlowText(text, locale, options),
      answered: (a) => ('formatted' in a ? a.formatted : formatFlowText(text, locale, options)),
      died: () => formatCrashed(locale),
      timedOut: (ms) => formatTimedOut(ms, locale),
    });
  }

  private enqueue<T>(job: Omit<Job, 'id'>, budgetMs: number, ends: JobEnds<T>): Promise<T> {
    // One job at a time: a budget is the time of one job, not of a queue.
    const run = this.queue.then(() => this.run(job, budgetMs, ends));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run<T>(job: Omit<Job, 'id'>, budgetMs: number, ends: JobEnds<T>): Promise<T> {
    // Bounded by the input limits alone, like the CLI; the server's first answers need not wait for the worker to load.
    if (!this.loaded) return ends.here();
    const starting = (this.worker ??= this.start());
    let worker: Worker;
    try {
      worker = await starting;
    } catch (e) {
      // No worker (it failed to load): done here, bounded by the input limits alone.
      this.log(`fdl parse worker did not start: ${(e as Error)?.stack ?? String(e)}`);
      if (this.worker === starting) this.worker = undefined;
      return ends.here();
    }
    const id = this.nextId++;
    const what = job.format ? 'format' : 'parse';
    return new Promise<T>((resolve) => {
      const done = (result: () => T) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onError);
        resolve(result());
      };
      const onMessage = (a: Answer) => {
        if (a.id !== id) return;
        done(() => ends.answered(a));
      };
      const onError = (e: unknown) => {
        this.log(`fdl parse worker stopped: ${(e as Error)?.stack ?? String(e)}`);
        if (this.worker === starting) this.worker = undefined;
        done(() => ends.died());
      };
      const timer = setTimeout(() => {
        this.log(`fdl ${what} abandoned after ${budgetMs} ms (${job.text.length} characters)`);
        void worker.terminate();
        // The next worker starts loading now, not when the next text comes.
        if (this.worker === starting) this.worker = this.start();
        done(() => ends.timedOut(budgetMs));
      }, budgetMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onError);
      worker.postMessage({ id, ...job } satisfies Job);
    });
  }

  private start(): Promise<Worker> {
    const w = new Worker(this.script);
    // An idle worker does not keep the process alive (the server exits when the client goes).
    w.unref();
    const started = new Promise<Worker>((resolve, reject) => {
      w.once('message', () => {
        this.loaded = true;
        resolve(w);
      });
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`exited with code ${code} while loading`)));
    });
    started.catch(() => undefined);
    return started;
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.then(
      (x) => x.terminate(),
      () => undefined,
    );
  }
}
