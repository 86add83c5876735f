/**
 * What `fdl run --json` prints: exactly one JSON object on stdout, whatever happens, in English
 * whatever the locale (scripts read it).
 *
 * - The execution ended: `{"status": "Succeeded"|"Failed"|"TimedOut"|"Stopped", "output": <JSON|null>,
 *   "error": <string|null>, "cause": <string|null>}`; exit 0 only for Succeeded, 1 otherwise.
 *   With `--history`, also `"history"`: the service's events, as `fdl history` prints them.
 * - Nothing ran (our reading; issue 3 only names the four statuses of an execution that ran):
 *   `{"status": "Invalid", "output": null, "error": <code>, "cause": <message>}`, exit 2, where
 *   the code is stable for scripts:
 *   - `InvalidDefinition`: the flow has errors (the editor's analysis); `"diagnostics"` lists them
 *     as `{line, column, code, message}`. The service's code for a bad definition.
 *   - `InvalidArgument`: the command line was refused: no flow argument, an unreadable flow file,
 *     `--input` that is not a JSON object or an unreadable `@file`, a bad `--mocks`,
 *     `--time-scale`, `--max-events`, `--fc`… The service's code for a bad parameter.
 *   - `StoreInUse`: another live process (fdl run/serve, VS Code) owns `--store`.
 *   - `InternalError`: the engine could not finish the run (a fault of ours, not of the flow);
 *     the cause says what broke.
 *   "Invalid" is deliberately none of the service's statuses: no execution outcome exists.
 *   stderr still says why in the user's language, as without --json.
 */
import type { ExecutionStatus, HistoryEvent } from '../backend';

export type RefusalCode = 'InvalidDefinition' | 'InvalidArgument' | 'StoreInUse' | 'InternalError';

export interface RunDiagnostic {
  /** 1-based place in the flow file (absent when the error is in another file, a nested flow's). */
  line?: number;
  column?: number;
  code: string;
  message: string;
}

export interface RunJson {
  status: ExecutionStatus | 'Invalid';
  output: unknown;
  error: string | null;
  cause: string | null;
  diagnostics?: RunDiagnostic[];
  history?: HistoryEvent[];
}

/** A run was refused (or could not finish): why, for `--json` and for the exit code. */
export class RunRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    /** In English: what `--json` prints as the cause. */
    readonly english: string,
    readonly diagnostics?: RunDiagnostic[],
  ) {
    super(english);
  }
}

export function endedJson(r: { status: ExecutionStatus; output?: unknown; error?: string; cause?: string }, history?: HistoryEvent[]): RunJson {
  return { status: r.status, output: r.output ?? null, error: r.error ?? null, cause: r.cause ?? null, ...(history ? { history } : {}) };
}

export function refusedJson(r: RunRefusal): RunJson {
  return { status: 'Invalid', output: null, error: r.code, cause: r.english, ...(r.diagnostics ? { diagnostics: r.diagnostics } : {}) };
}

export function printJson(o: RunJson): void {
  process.stdout.write(JSON.stringify(o) + '\n');
}
