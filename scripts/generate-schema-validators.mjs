// Writes fdl/schema/generated/*.js (see schema-validators-source.mjs). Run by `npm run build`.
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedSchemaSources } from './schema-validators-source.mjs';

for (const [name, source] of Object.entries(generatedSchemaSources())) {
  const target = new URL(`../fdl/schema/generated/${name}`, import.meta.url);
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    /* first generation */
  }
  if (current !== source) writeFileSync(target, source);
}
