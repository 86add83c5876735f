import type { FdlDiagnostic } from './diagnostic';
import type { Locale } from './messages';
import type { ParsedFlow } from './parse';

/** What every check receives: the parsed flow, the locale to speak, and a sink for findings. */
export interface CheckContext {
  parsed: ParsedFlow;
  locale: Locale;
  report(d: FdlDiagnostic): void;
}

/** A named semantic or structural check. One concept per check; see fdl/rules/. */
export interface Check {
  name: string;
  run(ctx: CheckContext): void;
}
