import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * A finding about a flow file. Codes are stable (documented, used by quick fixes and tests);
 * `message` is already rendered in the requested locale. `data` carries what a quick fix needs.
 */
export interface FdlDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Machine-readable details for quick fixes (e.g. the suggested replacement). */
  data?: Record<string, unknown>;
  /** Marks the range as unnecessary (rendered faded), e.g. unreachable steps. */
  unnecessary?: boolean;
}
