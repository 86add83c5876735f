/** The input limits now live in the language layer (fdl/input-limits.ts): parseFlow applies them. */
export { checkInputLimits, tooDeepAt, MAX_NESTING, MAX_DOCUMENT_CHARS } from '../fdl/input-limits';
