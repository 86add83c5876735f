/**
 * What the server answers requests with (completion, hover, navigation, rename, quick fixes,
 * formatting, symbols, folding, selection ranges): server.ts requires this module on the first such
 * request, not at start, so a start to the first diagnostics neither evaluates these modules nor the
 * tables they build (docs/cold-start.md).
 */
export { codeActions } from './code-actions';
export { complete } from './completion';
export { resolveCompletion } from './completion-values';
export { CompletionSources } from './completion-source';
export { definition } from './definition';
export { foldingRanges } from './folding';
export { formatDocument } from './formatting';
export { hover } from './hover';
export { references } from './references';
export { prepareRename, rename } from './rename';
export { selectionRanges } from './selection-range';
export { documentSymbols } from './symbols';
