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
    const hit = this.peek(doc);
    if (hit) return hit;
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

  /**
   * A parse of a version the document has already left (completion answering for it): kept out of
   * the cache, whose one entry per document belongs to the newest version.
   */
  parseDetached(text: string): ParsedFlow {
    return parseFlow(text, this.locale());
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
