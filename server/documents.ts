/** Parsed flows cached per document version: nothing is parsed twice for one version. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeParsed, parseFlow, type FdlDiagnostic, type Locale, type ParsedFlow } from '../fdl/index';

export interface FlowDocument {
  uri: string;
  version: number;
  parsed: ParsedFlow;
  diagnostics(): FdlDiagnostic[];
}

export class FlowDocumentCache {
  private readonly cache = new Map<string, FlowDocument>();
  /** Per document, the latest parse without errors in its YAML: completion reuses it for later versions (parse-reuse.ts). */
  private readonly good = new Map<string, ParsedFlow>();

  constructor(private readonly locale: () => Locale) {}

  get(doc: TextDocument): FlowDocument {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    // parseFlow refuses texts over the input limits (fdl/input-limits.ts) with one located error.
    const parsed = parseFlow(doc.getText(), this.locale());
    let diags: FdlDiagnostic[] | undefined;
    const entry: FlowDocument = {
      uri: doc.uri,
      version: doc.version,
      parsed,
      diagnostics: () => (diags ??= analyzeParsed(parsed, { locale: this.locale() })),
    };
    this.cache.set(doc.uri, entry);
    if (!parsed.syntaxDiagnostics.some((d) => d.severity === 'error')) this.good.set(doc.uri, parsed);
    return entry;
  }

  /** The entry of this version if it was parsed already; never parses. */
  peek(doc: TextDocument): FlowDocument | undefined {
    const hit = this.cache.get(doc.uri);
    return hit && hit.version === doc.version ? hit : undefined;
  }

  /** The latest parse of the document whose YAML read without errors (possibly of an earlier version). */
  lastGoodParse(uri: string): ParsedFlow | undefined {
    return this.good.get(uri);
  }

  delete(uri: string): void {
    this.cache.delete(uri);
    this.good.delete(uri);
  }
}
