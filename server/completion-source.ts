/**
 * What a completion request reads for one version of a document: that version's text (the cursor
 * context and the edit ranges come from it alone) and a step model (step names and scopes for
 * goto, mapping targets for data paths), asked for only by the completions that need it. The
 * model comes from the version's own parse when there is one; else from the document's last
 * good parse when the lines edited since cannot change it (parse-reuse.ts); else the version is
 * parsed then. So completing while typing never waits for a parse of half-typed text, and the
 * diagnostics still parse and analyse every version on their own schedule.
 */
import type { Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../fdl/positions';
import type { ParsedFlow } from '../fdl/parse';
import type { Span } from '../fdl/model';
import { flowDialectOfText, type Dialect } from '../fdl/dialect';
import type { FlowDocument, FlowDocumentCache } from './documents';
import { lineEditBetween, modelOf, reusedModel, reuseRefusal, type StepModel } from './parse-reuse';

export interface CompletionSource {
  uri: string;
  version: number;
  text: string;
  rangeOf(span: Span): Range;
  /** The steps and mapping targets of this version, in its offsets (may parse it: see above). */
  model(): StepModel;
  /** True when `model()` would parse this version (no parse of it yet, and the last good one cannot be reused). */
  needsParse(): boolean;
  /** Where the model came from: this version's parse, the last good parse reused, or a parse made because reuse was refused (and why). */
  modelOrigin(): ModelOrigin | undefined;
  /** The document's format (fdl/dialect.ts): this version's parse says, else the last good one, else the text. */
  dialect(): Dialect;
  /** This version's parse if there is one, else the document's last good parse (its offsets may be an earlier version's): never parses. */
  latestParse(): ParsedFlow | undefined;
}

export type ModelOrigin = { from: 'this version' } | { from: 'last good parse' } | { from: 'parsed for completion'; because: string };

/** A source over a parse of the very text completed in (tests, bench, the per-version cache). */
export function sourceOfParse(doc: FlowDocument): CompletionSource {
  const model = modelOf(doc.parsed);
  return {
    uri: doc.uri,
    version: doc.version,
    text: doc.parsed.text,
    rangeOf: (span) => doc.parsed.lines.rangeOf(span),
    model: () => model,
    needsParse: () => false,
    modelOrigin: () => ({ from: 'this version' }),
    dialect: () => doc.parsed.dialect,
    latestParse: () => doc.parsed,
  };
}

/** One source per open document version, built over the server's parse cache. */
export class CompletionSources {
  private readonly latest = new WeakMap<TextDocument, CompletionSource>();

  constructor(private readonly cache: FlowDocumentCache) {}

  get(doc: TextDocument): CompletionSource {
    const hit = this.latest.get(doc);
    if (hit && hit.version === doc.version) return hit;
    const parsed = this.cache.peek(doc);
    const source = parsed ? sourceOfParse(parsed) : this.unparsed(doc);
    this.latest.set(doc, source);
    return source;
  }

  private unparsed(doc: TextDocument): CompletionSource {
    const { uri, version } = doc;
    const text = doc.getText();
    const cache = this.cache;
    let lines: LineIndex | undefined;
    // The live document keeps its line offsets across incremental edits; it serves while still at this version.
    const positionAt = (o: number) => (doc.version === version ? doc.positionAt(o) : (lines ??= new LineIndex(text)).positionAt(o));
    let model: StepModel | undefined;
    let origin: ModelOrigin | undefined;
    const parseNow = (because: string): StepModel => {
      origin = { from: 'parsed for completion', because };
      // This version's text even if the document has moved on meanwhile; then not through the
      // cache, which would replace the newer version's parse (and the last good one) with it.
      return modelOf(doc.version === version ? cache.get(doc).parsed : cache.parseDetached(text));
    };
    type Plan = { parse: string } | { reuse: ParsedFlow; edit: ReturnType<typeof lineEditBetween> };
    let planned: Plan | undefined;
    const plan = (): Plan => {
      if (planned) return planned;
      const good = cache.lastGoodParse(uri);
      if (!good) return (planned = { parse: 'no earlier parse without YAML errors' });
      const edit = lineEditBetween(good.text, text);
      const refused = edit && reuseRefusal(good.text, text, edit, good);
      return (planned = refused ? { parse: refused } : { reuse: good, edit });
    };
    const decide = (): StepModel => {
      const p = plan();
      if ('parse' in p) return parseNow(p.parse);
      origin = { from: 'last good parse' };
      return p.edit ? reusedModel(p.reuse, p.edit) : modelOf(p.reuse);
    };
    return {
      uri,
      version,
      text,
      rangeOf: (span) => ({ start: positionAt(span.start), end: positionAt(span.end) }),
      model: () => (model ??= decide()),
      needsParse: () => model === undefined && !cache.peek(doc) && 'parse' in plan(),
      modelOrigin: () => origin,
      dialect: () => cache.lastGoodParse(uri)?.dialect ?? flowDialectOfText(text) ?? 'classic',
      latestParse: () => cache.peek(doc)?.parsed ?? cache.lastGoodParse(uri),
    };
  }
}
