/**
 * Whether a literal string in a constructor reads as an expression the author meant to evaluate:
 * it parses, and it starts with a root (`$Input.x`) or calls a built-in function (`uuid()`). The
 * language server warns on such a value under a key without `.$` (it stays a literal string there,
 * per https://help.aliyun.com/en/document_detail/2579872.html) and offers to add the `.$`.
 */
import { isIdentChar } from '../../expressions/scanner';
import { SM_ROOTS } from './ast';
import { SM_FUNCTIONS } from './function-catalog';
import { parseSmExpression } from './parse';

export function looksLikeSmExpression(text: string): boolean {
  const t = text.trim();
  const startsWithRoot = SM_ROOTS.some((r) => t.startsWith(r) && !isIdentChar(t.charAt(r.length)));
  const call = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(t);
  if (!startsWithRoot && !(call && SM_FUNCTIONS.has(call[1]))) return false;
  return parseSmExpression(t).ok;
}
