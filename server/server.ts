/** Wires the LSP connection to the feature modules; handlers stay one-liners. */
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type Connection,
  type TextDocumentIdentifier,
  type TextDocumentPositionParams,
  type DidChangeConfigurationParams,
} from 'vscode-languageserver/node';
import { toLocale } from '../fdl/messages';
import type { DeployTagMode } from '../fdl/check';
import type { CompletionSources } from './completion-source';
import { CLOUD_FUNCTIONS_NOTIFICATION, CloudFunctionList } from './cloud-functions';
import { toLspDiagnostics } from './diagnostics';
import { FlowDocumentCache, type FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';
import { PARSE_BUDGET_MS, WorkerParser } from './parse-worker';
import { flowTextDocuments } from './text-document';
import { isServerlessDevsUri, WorkspaceFunctions } from './workspace-functions';
import type * as Providers from './providers';
import { deployTagModeInSettings, deployTagModeOf } from './settings';

/** Pause after the last edit before a document's diagnostics are computed and published (initializationOptions.diagnosticsDelayMs). */
const DIAGNOSTICS_DELAY_MS = 150;

export interface ServerHooks {
  /** Called once, after the first diagnostics are sent (server/main.ts then writes its code cache). */
  afterFirstDiagnostics?: () => void;
}

/** `parseScript`: a file that serves parses when loaded in a worker thread (parse-worker.ts); without it, documents are parsed on this thread. */
export function startServer(connection: Connection, parseScript?: string, hooks: ServerHooks = {}): void {
  let afterFirstDiagnostics = hooks.afterFirstDiagnostics;
  let diagnosed = false;
  const documents = new TextDocuments(flowTextDocuments);
  let locale = toLocale(undefined);
  let canWatch = false;
  let folders: string[] = [];
  let diagnosticsDelay = DIAGNOSTICS_DELAY_MS;
  let deployTags: DeployTagMode = 'file-hint';
  // The worker starts loading once the first diagnostics are out (below), not during the server's start.
  const parser = parseScript ? new WorkerParser(parseScript, PARSE_BUDGET_MS, (m) => connection.console.warn(m), false) : undefined;
  const cache = new FlowDocumentCache(
    () => locale,
    parser,
    () => deployTags,
  );
  // The request handlers' modules, required on the first request rather than at start (providers.ts).
  let loaded: typeof Providers | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required when first needed (synchronous: a request sees the document as it was when it came)
  const providers = () => (loaded ??= require('./providers') as typeof Providers);
  // Completion reads each version's text and parses only when it must (completion-source.ts).
  let sources: CompletionSources | undefined;
  const completionSources = () => (sources ??= new (providers().CompletionSources)(cache));
  const completionSourceAt = (uri: string) => {
    const d = documents.get(uri);
    return d && completionSources().get(d);
  };
  const functions = new WorkspaceFunctions();
  const cloudFunctions = new CloudFunctionList();
  const env: FeatureEnv = {
    get locale() {
      return locale;
    },
    workspaceFunctions: () => [...functions.list(), ...cloudFunctions.asWorkspaceFunctions()],
  };

  /** Every handler runs through here: a bug answers `fallback` and is logged; it never takes the server down. */
  function guarded<P, R>(name: string, fallback: R | { from: (p: P) => R }, run: (p: P) => R | Promise<R>): (p: P) => Promise<R> {
    return async (p: P) => {
      try {
        return await run(p);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`fdl ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback !== null && typeof fallback === 'object' && 'from' in fallback ? fallback.from(p) : (fallback as R);
      }
    };
  }
  /** The parse of the document's current version (off this thread, within its budget); undefined for a document we do not hold. */
  async function flowAt(uri: string): Promise<FlowDocument | undefined> {
    const d = documents.get(uri);
    if (!d) return undefined;
    let doc = await cache.ready(d);
    // Edited while it was parsed: the request's position is in the newer text.
    for (let k = 0; k < 3 && doc.version !== d.version; k++) doc = await cache.ready(d);
    return doc;
  }
  /** A guarded handler of a position request on a document we hold (else `fallback`). */
  function positional<P extends TextDocumentPositionParams, R>(name: string, fallback: R, run: (doc: FlowDocument, offset: number, p: P) => R | Promise<R>) {
    return guarded<P, R>(name, fallback, async (p) => {
      const doc = await flowAt(p.textDocument.uri);
      return doc ? run(doc, doc.parsed.lines.offsetAt(p.position), p) : fallback;
    });
  }
  /** A guarded handler of a whole-document request on a document we hold (else `fallback`). */
  function whole<P extends { textDocument: TextDocumentIdentifier }, R>(name: string, fallback: R, run: (doc: FlowDocument, p: P) => R | Promise<R>) {
    return guarded<P, R>(name, fallback, async (p) => {
      const doc = await flowAt(p.textDocument.uri);
      return doc ? run(doc, p) : fallback;
    });
  }

  connection.onInitialize((params) => {
    locale = toLocale(params.locale);
    const options = params.initializationOptions as { diagnosticsDelayMs?: unknown; deployTags?: unknown } | undefined;
    deployTags = deployTagModeOf(options?.deployTags);
    const delay = options?.diagnosticsDelayMs;
    if (typeof delay === 'number' && delay >= 0 && delay <= 10_000) diagnosticsDelay = delay;
    canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { resolveProvider: true, triggerCharacters: [':', ' ', '.', '$', '-', '[', ','] },
        hoverProvider: true,
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentFormattingProvider: true,
        selectionRangeProvider: true,
      },
      serverInfo: { name: 'fdl-language-server' },
    };
  });
  connection.onInitialized(() => {
    functions.scan(folders);
    if (canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/s.{yaml,yml}' }] }).catch(() => undefined);
    }
  });
  connection.onDidChangeWatchedFiles(
    // Queued synchronously, so a completion that follows the notification sees the re-read files.
    guarded('watched files', undefined, (p) => {
      const changed = p.changes.filter((c) => isServerlessDevsUri(c.uri));
      for (const c of changed) void functions.refresh(c.uri, c.type === FileChangeType.Deleted);
      // The workspace check depends on the declarations: republish once they are read.
      if (changed.length > 0) void functions.ready.then(() => documents.all().forEach((d) => schedule(d.uri)));
    }),
  );

  connection.onCompletion(
    guarded('completion', [], async (p: TextDocumentPositionParams) => {
      const d = documents.get(p.textDocument.uri);
      if (!d) return [];
      const source = completionSources().get(d);
      const offset = d.offsetAt(p.position);
      // A version completion must parse is parsed off this thread (it may be in flight already for the diagnostics).
      if (source.needsParse() || cache.isParsing(d)) await cache.ready(d);
      await functions.ready;
      return providers().complete(source, offset, env);
    }),
  );
  connection.onCompletionResolve(guarded('completionResolve', { from: (item: CompletionItem) => item }, (item) => providers().resolveCompletion(item, completionSourceAt, env)));
  connection.onHover(positional('hover', null, (doc, offset) => providers().hover(doc, offset, env)));
  connection.onDefinition(positional('definition', null, (doc, offset) => providers().definition(doc, offset)));
  connection.onReferences(positional('references', [], (doc, offset, p) => providers().references(doc, offset, p.context.includeDeclaration)));
  connection.onPrepareRename(positional('prepareRename', null, (doc, offset) => providers().prepareRename(doc, offset, env)));
  connection.onRenameRequest(positional('rename', null, (doc, offset, p) => providers().rename(doc, offset, p.newName, env)));
  connection.onDocumentSymbol(whole('symbols', [], (doc) => providers().documentSymbols(doc)));
  connection.onFoldingRanges(whole('folding', [], (doc) => providers().foldingRanges(doc)));
  connection.onCodeAction(whole('codeAction', [], (doc, p) => providers().codeActions(doc, p.context.diagnostics, env)));
  connection.onDocumentFormatting(
    whole('formatting', [], (doc, p) => providers().formatDocument(doc, p.options, env, (reason) => void connection.window.showWarningMessage(reason), parser)),
  );
  connection.onSelectionRanges(whole('selectionRanges', [], (doc, p) => providers().selectionRanges(doc, p.positions)));

  const publish = guarded('diagnostics', undefined, async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    const flow = await cache.ready(doc);
    await functions.ready;
    // Edited meanwhile: the newer version has its own publication scheduled.
    if (flow.version !== doc.version) return;
    const environmental = [...cloudFunctions.check(flow.parsed, locale), ...functions.check(flow.parsed, locale)];
    const sent = connection.sendDiagnostics({ uri, version: doc.version, diagnostics: toLspDiagnostics(flow, environmental) });
    // Once they are written (starting a worker holds this thread for ~7 ms).
    if (!diagnosed) void sent.finally(() => parser?.warmUp());
    diagnosed = true;
    afterFirstDiagnostics?.();
    afterFirstDiagnostics = undefined;
  });
  connection.onNotification(
    CLOUD_FUNCTIONS_NOTIFICATION,
    guarded('cloudFunctions', undefined, (params: unknown) => {
      cloudFunctions.replace(params);
      for (const d of documents.all()) schedule(d.uri);
    }),
  );
  connection.onDidChangeConfiguration(
    guarded('configuration', undefined, (p: DidChangeConfigurationParams) => {
      const next = deployTagModeInSettings(p.settings);
      if (next === deployTags) return;
      deployTags = next;
      for (const d of documents.all()) schedule(d.uri);
    }),
  );
  // Diagnostics wait for a pause in typing, so completion and hover never queue behind a full analysis.
  // No pause asked: they follow the messages already read, not a timer (which waits 1 ms at least).
  const pending = new Map<string, () => void>();
  const schedule = (uri: string) => {
    pending.get(uri)?.();
    const run = () => (pending.delete(uri), void publish(uri));
    if (diagnosticsDelay === 0) {
      const t = setImmediate(run);
      pending.set(uri, () => clearImmediate(t));
    } else {
      const t = setTimeout(run, diagnosticsDelay);
      pending.set(uri, () => clearTimeout(t));
    }
  };
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    pending.get(e.document.uri)?.();
    pending.delete(e.document.uri);
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
