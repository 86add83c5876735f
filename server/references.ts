/** Find references: every place naming a step or state (from its name or from any place naming it), in its scope. */
import type { Location } from 'vscode-languageserver/node';
import { declarationAt, nameReferencesTo } from '../fdl/navigation/index';
import type { FlowDocument } from './documents';

export function references(doc: FlowDocument, offset: number, includeDeclaration: boolean): Location[] {
  const target = declarationAt(doc.parsed, offset);
  if (!target) return [];
  const spans = nameReferencesTo(doc.parsed, target).map((r) => r.span);
  if (includeDeclaration) spans.unshift(target.nameSpan);
  return spans.map((s) => ({ uri: doc.uri, range: doc.parsed.lines.rangeOf(s) }));
}
