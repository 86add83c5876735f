/** How a rule reports: one call with the code, severity, text (worded in the check's locale) and where it applies. */
import type { CheckContext } from '../check';
import type { FdlDiagnostic, Severity } from '../diagnostic';
import { formatMessage, type Localizable } from '../messages';
import type { Span } from '../model';

export interface Finding {
  code: string;
  severity: Severity;
  /** A text and `args`, or a message that brings its own arguments. */
  text: Localizable;
  args?: unknown[];
  span: Span;
  data?: Record<string, unknown>;
  unnecessary?: boolean;
}

export function report(ctx: CheckContext, f: Finding): void {
  ctx.report(finding(ctx, f));
}

/** The diagnostic `report` reports, worded in the check's locale. */
export function finding(ctx: CheckContext, f: Finding): FdlDiagnostic {
  return {
    code: f.code,
    severity: f.severity,
    message: formatMessage(f.text, ctx.locale, ...(f.args ?? [])),
    span: f.span,
    ...(f.data ? { data: f.data } : {}),
    ...(f.unnecessary ? { unnecessary: true } : {}),
  };
}
