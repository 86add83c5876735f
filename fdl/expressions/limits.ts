/**
 * Hard caps that keep hostile expressions cheap: the parsers reject anything longer or deeper
 * before doing work proportional to it, so they never overflow the stack or hang.
 * Real conditions and paths are a few dozen characters; these limits are generous.
 */
export const MAX_EXPRESSION_LENGTH = 4096;
/** Nesting of parentheses and `!` in a condition. */
export const MAX_CONDITION_DEPTH = 64;
