export * from './model';
export * from './diagnostic';
export * from './messages';
export * from './positions';
export * from './check';
export { parseFlow, looksLikeFlow, type ParsedFlow } from './parse';
export { analyze, analyzeParsed, type Analysis, type AnalyzeOptions } from './analyze';
