/**
 * `yaml`'s Document of a text, read the one way every part of the language core reads it: YAML 1.2
 * core schema, unique keys, and the deploy-time tags (`!Ref`, `!Sub`, …) resolved to their text.
 */
import { parseDocument, type Document, type Tags } from 'yaml';
import { DEPLOY_TAGS } from './deploy-tags';
import { withLfBreaks } from './line-breaks';

const customTags: Tags = DEPLOY_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (str: string) => str },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: unknown) => seq },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: unknown) => map },
]) as unknown as Tags;

/** The `yaml` Document of a text, as every reader understands it (a lone CR a line break). */
export function parseYamlDocument(text: string): Document.Parsed {
  return parseDocument(withLfBreaks(text), { customTags, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, logLevel: 'error' });
}
