import type { Check } from '../check';

/** Every semantic rule, in the order they run. One file per rule family in this folder. */
export const RULES: Check[] = [];
