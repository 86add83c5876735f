/** Find references: every goto that names a step (from its name or from any goto naming it). */
import type { Location } from 'vscode-languageserver/node';
import { referencesTo, stepReferencedAt } from '../fdl/navigation/index';
import type { FlowDocument } from './documents';

export function references(doc: FlowDocument, offset: number, includeDeclaration: boolean): Location[] {
  if (doc.parsed.dialect !== 'classic') return [];
  const target = stepReferencedAt(doc.parsed, offset);
  if (!target) return [];
  const spans = referencesTo(doc.parsed, target).map((r) => r.span);
  if (includeDeclaration) spans.unshift(target.nameSpan);
  return spans.map((s) => ({ uri: doc.uri, range: doc.parsed.lines.rangeOf(s) }));
}
