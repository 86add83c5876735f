/**
 * A mapping `source` is either a path or a constant. The docs show paths starting with
 * `$input`, `$local`, `$context`; real flows use constants of every JSON type (`pass1`, `.avi`,
 * `-1`, `{}`, URLs). Rule: a string starting with `$` is a path (and must parse); everything
 * else, including non-strings and strings with `$` later on, is a constant copied as is.
 */
import type { ParseResult } from './expression-error';
import { parsePath, type PathAst } from './path';

export function isPathSource(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('$');
}

export type MappingSource = { kind: 'constant'; value: unknown } | { kind: 'path'; text: string; parsed: ParseResult<PathAst> };

export function classifySource(value: unknown): MappingSource {
  return isPathSource(value) ? { kind: 'path', text: value, parsed: parsePath(value) } : { kind: 'constant', value };
}
