/** Go to definition: from a goto (choice, default, catch) to the step it names. */
import type { Location } from 'vscode-languageserver/node';
import { gotoReferenceAt } from '../fdl/navigation/index';
import type { FlowDocument } from './documents';

export function definition(doc: FlowDocument, offset: number): Location | null {
  if (doc.parsed.dialect !== 'classic') return null;
  const target = gotoReferenceAt(doc.parsed, offset)?.target;
  return target ? { uri: doc.uri, range: doc.parsed.lines.rangeOf(target.nameSpan) } : null;
}
