/**
 * Parsed flows cached per document version: nothing is parsed twice for one version. An edit of
 * the latest parsed version is first reparsed from it on this thread (fdl/parse.ts reparseFlow:
 * only the steps it touched are read again, bounded by MAX_REPARSE_CHARS); otherwise, with a
 * ParseRunner (the server's worker, parse-worker.ts), `ready` parses off the request thread within
 * a time budget; `get` parses on the calling thread (tests, and a version no one awaited).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Locale } from '../fdl/messages';
import type { DeployTagMode } from '../fdl/check';
import { parseFlow, reparseFlow, type ParsedFlow } from '../fdl/parse';
import { analyzeParsed } from '../fdl/analyze';
import type { FdlDiagnostic } from '../fdl/diagnostic';
import type { ParseRunner } from './parse-worker';
import { FlowTextDocument } from './text-document';

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

  /** Parses in flight, per document (one version each). */
  private readonly parsing = new Map<string, { version: number; entry: Promise<FlowDocument> }>();

  constructor(
    private readonly locale: () => Locale,
    private readonly runner?: ParseRunner,
    private readonly deployTags: () => DeployTagMode = () => 'file-hint',
  ) {}

  get(doc: TextDocument): FlowDocument {
    const hit = this.peek(doc) ?? this.reparsed(doc);
    if (hit) return hit;
    // parseFlow refuses texts over the input limits (fdl/input-limits.ts) with one located error.
    return this.store(doc.uri, doc.version, parseFlow(doc.getText(), this.locale()));
  }

  /** The entry of the document's current version, parsed by the runner (off this thread) when there is one. */
  ready(doc: TextDocument): Promise<FlowDocument> {
    const hit = this.peek(doc);
    if (hit) return Promise.resolve(hit);
    const { uri, version } = doc;
    const inFlight = this.parsing.get(uri);
    if (inFlight && inFlight.version === version) return inFlight.entry;
    const reparsed = this.reparsed(doc);
    if (reparsed) return Promise.resolve(reparsed);
    if (!this.runner) return Promise.resolve(this.get(doc));
    const entry = this.runner.parse(doc.getText(), this.locale()).then((parsed) => {
      // Cached only while still the document's latest parse (not closed, no newer version begun).
      if (this.parsing.get(uri)?.entry !== entry) return this.entryOf(uri, version, parsed);
      this.parsing.delete(uri);
      return this.store(uri, version, parsed);
    });
    this.parsing.set(uri, { version, entry });
    return entry;
  }

  /** The current version reparsed from the latest cached one and cached, when the edit between them allows (see reparseFlow). */
  private reparsed(doc: TextDocument): FlowDocument | undefined {
    const prev = this.cache.get(doc.uri);
    if (!prev || prev.version >= doc.version) return undefined;
    // The server's documents say which changes made this version, and keep its line index (text-document.ts).
    const known = doc instanceof FlowTextDocument ? { changes: doc.changesSince(prev.version), lines: doc.lines } : undefined;
    const parsed = reparseFlow(prev.parsed, doc.getText(), this.locale(), known);
    if (!parsed) return undefined;
    // A parse of an older version still in flight no longer stands for the document.
    this.parsing.delete(doc.uri);
    return this.store(doc.uri, doc.version, parsed);
  }

  /** True while the current version is being parsed by the runner. */
  isParsing(doc: TextDocument): boolean {
    return this.parsing.get(doc.uri)?.version === doc.version;
  }

  /** Caches the parse of `version` unless a newer version is cached already (a parse may finish after the document moved on). */
  private store(uri: string, version: number, parsed: ParsedFlow): FlowDocument {
    const entry = this.entryOf(uri, version, parsed);
    const cached = this.cache.get(uri);
    if (cached && cached.version > version) return entry;
    this.cache.set(uri, entry);
    if (!parsed.syntaxDiagnostics.some((d) => d.severity === 'error')) this.good.set(uri, parsed);
    return entry;
  }

  private entryOf(uri: string, version: number, parsed: ParsedFlow): FlowDocument {
    // Kept per version, and recomputed when a setting they depend on changed since.
    let diags: FdlDiagnostic[] | undefined;
    let mode: DeployTagMode | undefined;
    return {
      uri,
      version,
      parsed,
      diagnostics: () => {
        const now = this.deployTags();
        if (!diags || mode !== now) {
          diags = analyzeParsed(parsed, { locale: this.locale(), deployTags: now });
          mode = now;
        }
        return diags;
      },
    };
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
    this.parsing.delete(uri);
    this.cache.delete(uri);
    this.good.delete(uri);
  }
}
