/** Parsed flows cached per document version: nothing is parsed twice for one version. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeParsed, LineIndex, parseFlow, type FdlDiagnostic, type Locale, type ParsedFlow } from '../fdl/index';
import { checkInputLimits } from './input-guards';

export interface FlowDocument {
  uri: string;
  version: number;
  parsed: ParsedFlow;
  diagnostics(): FdlDiagnostic[];
}

export class FlowDocumentCache {
  private readonly cache = new Map<string, FlowDocument>();

  constructor(private readonly locale: () => Locale) {}

  get(doc: TextDocument): FlowDocument {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const text = doc.getText();
    const refused = checkInputLimits(text, this.locale());
    let entry: FlowDocument;
    if (refused) {
      // Features see an empty flow (they offer nothing); positions still convert over the real text.
      const parsed: ParsedFlow = { ...parseFlow('', this.locale()), lines: new LineIndex(text) };
      entry = { uri: doc.uri, version: doc.version, parsed, diagnostics: () => [refused] };
    } else {
      const parsed = parseFlow(text, this.locale());
      let diags: FdlDiagnostic[] | undefined;
      entry = {
        uri: doc.uri,
        version: doc.version,
        parsed,
        diagnostics: () => (diags ??= analyzeParsed(parsed, { locale: this.locale() })),
      };
    }
    this.cache.set(doc.uri, entry);
    return entry;
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }
}
