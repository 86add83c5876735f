/** Character codes the hand-written YAML scanners compare against (`text.charCodeAt(i) === SPACE`). */
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const HASH = 35;
export const DASH = 45;
export const COLON = 58;

export const isEol = (c: number): boolean => c === LF || c === CR;
