import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { FdlDiagnostic, Severity } from '../fdl/index';
import type { FlowDocument } from './documents';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The document's own findings, plus any that depend on the environment (e.g. the cloud account's functions). */
export function toLspDiagnostics(doc: FlowDocument, extra: FdlDiagnostic[] = []): Diagnostic[] {
  return [...doc.diagnostics(), ...extra].map((d: FdlDiagnostic) => ({
    range: doc.parsed.lines.rangeOf(d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'fdl',
    message: d.message,
    data: d.data,
    tags: d.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
  }));
}
