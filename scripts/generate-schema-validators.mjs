// Writes fdl/schema/generated/schema-validators.js (see schema-validators-source.mjs). Run by `npm run build`.
import { readFileSync, writeFileSync } from 'node:fs';
import { schemaValidatorsSource } from './schema-validators-source.mjs';

const target = new URL('../fdl/schema/generated/schema-validators.js', import.meta.url);
const source = schemaValidatorsSource();
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  /* first generation */
}
if (current !== source) writeFileSync(target, source);
