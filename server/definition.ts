/** Go to definition: from a place naming a step or state (a goto; StartAt, Next, Default, a Catch's Next) to it. */
import type { Location } from 'vscode-languageserver/node';
import { nameReferenceAt } from '../fdl/navigation/index';
import type { FlowDocument } from './documents';

export function definition(doc: FlowDocument, offset: number): Location | null {
  const target = nameReferenceAt(doc.parsed, offset)?.target;
  return target ? { uri: doc.uri, range: doc.parsed.lines.rangeOf(target.nameSpan) } : null;
}
