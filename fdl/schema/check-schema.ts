import type { Check } from '../check';

/** Structure from schemas/fdl-v1.schema.json, reported in words a person understands. */
export const checkSchema: Check = {
  name: 'schema',
  run() {
    // Filled in by the schema work (issue 2).
  },
};
