/**
 * Expressions written in a flow (grammar and semantics in fdl/expressions/):
 * - `invalid-expression` (error): a mapping `source` / serviceParams value / wait time / foreach
 *   `collection` starting with `$` that is not a path, or a choice `condition` that does not
 *   parse; the range is the offending characters inside the string.
 * - `unknown-context-field` (warning): `$context.x` outside fdl/context-fields.ts.
 * - `foreach-collection-not-path` (error): `collection` must reference the step input (`$.items`).
 */
import type { Check, CheckContext } from '../check';
import { CONTEXT_FIELDS, isKnownContextPath } from '../context-fields';
import { conditionPaths } from '../expressions/condition';
import type { ExpressionError } from '../expressions/expression-error';
import { isPathSource } from '../expressions/mapping-source';
import { formatPath, type PathAst } from '../expressions/path';
import { defineMessages, formatMessage, localize } from '../messages';
import type { Located, Mapping } from '../model';
import { closestMatch } from '../schema/did-you-mean';
import { childValues, isScalarNode, mapValue, nodeSpan, type YNode } from '../yaml/tree';
import { report } from './finding';
import { spanInside } from './scalar-spans';
import { parsedCondition, parsedPath } from './parsed-expressions';

const messages = defineMessages({
  badPath: 'Invalid path `{0}`: {1}',
  badCondition: 'Invalid condition: {0}',
  unknownContext: '`{0}` is not a field of `$context` (known: {1}).{2}',
  didYouMean: ' Did you mean `{0}`?',
  collectionNotPath: '`collection` must reference an array in the step input, e.g. `$.items`; `{0}` is a constant.',
});

const LEAF_CONTEXT_PATHS = CONTEXT_FIELDS.map((f) => `$context.${f.path}`);

export const EXPRESSION_CODES = ['invalid-expression', 'unknown-context-field', 'foreach-collection-not-path'] as const;

export const checkExpressions: Check = {
  name: 'expressions',
  reach: 'item',
  run(ctx) {
    const { flow, steps } = ctx.parsed;
    checkMappings(ctx, flow.inputMappings);
    checkMappings(ctx, flow.outputMappings);
    for (const step of steps) {
      checkMappings(ctx, step.inputMappings);
      checkMappings(ctx, step.outputMappings);
      switch (step.type) {
        case 'task':
          checkMappings(ctx, step.errorMappings);
          checkServiceParamValues(ctx, mapValue(step.node, 'serviceParams'));
          break;
        case 'choice':
          for (const c of step.choices) if (c.condition) checkCondition(ctx, c.condition);
          break;
        case 'wait':
          if (step.duration && typeof step.duration.value === 'string') checkPathString(ctx, step.duration as Located<string>);
          if (step.timestamp) checkPathString(ctx, step.timestamp);
          break;
        case 'foreach': {
          const col = step.iterationMapping?.collection;
          if (!col) break;
          if (!col.value.trim().startsWith('$')) {
            report(ctx, {
              code: 'foreach-collection-not-path',
              severity: 'error',
              text: messages.collectionNotPath,
              args: [col.value],
              span: col.span,
              data: { replacement: `$.${col.value.trim()}` },
            });
          } else checkPathString(ctx, col);
          break;
        }
      }
    }
  },
};

function checkMappings(ctx: CheckContext, mappings: Mapping[] | undefined): void {
  for (const m of mappings ?? []) {
    const src = m.source;
    if (src && isPathSource(src.value)) checkPathString(ctx, src as Located<string>);
  }
}

/** A string that starts with `$` must be one path (constants are anything else). */
function checkPathString(ctx: CheckContext, located: Located<string>): void {
  if (!located.value.trim().startsWith('$')) return;
  const r = parsedPath(located.value);
  if (!r.ok) {
    reportSyntax(ctx, located, r.error, messages.badPath, located.value);
    return;
  }
  checkContextFields(ctx, located, r.ast);
}

function checkCondition(ctx: CheckContext, located: Located<string>): void {
  const r = parsedCondition(located.value);
  if (!r.ok) {
    reportSyntax(ctx, located, r.error, messages.badCondition);
    return;
  }
  for (const p of conditionPaths(r.ast)) checkContextFields(ctx, located, p);
}

function reportSyntax(ctx: CheckContext, located: Located<string>, error: ExpressionError, text: typeof messages.badPath, whole?: string): void {
  const detail = localize(error.message, ctx.locale);
  report(ctx, {
    code: 'invalid-expression',
    severity: 'error',
    text,
    args: whole === undefined ? [detail] : [whole.length > 60 ? `${whole.slice(0, 57)}…` : whole, detail],
    span: spanInside(ctx.parsed.text, located, { start: error.start, end: error.end }),
    data: { reason: error.code, offset: error.start },
  });
}

function checkContextFields(ctx: CheckContext, located: Located<string>, path: PathAst): void {
  if (path.root !== '$context') return;
  const fields: string[] = [];
  let end = path.rootSpan.end;
  for (const s of path.segments) {
    if (s.kind !== 'field') break;
    fields.push(s.name);
    end = s.span.end;
  }
  if (isKnownContextPath(fields)) return;
  const written = formatPath({ ...path, segments: path.segments.slice(0, fields.length) });
  const guess = closestMatch(written, LEAF_CONTEXT_PATHS);
  report(ctx, {
    code: 'unknown-context-field',
    severity: 'warning',
    text: messages.unknownContext,
    args: [
      written,
      CONTEXT_FIELDS.filter((f) => f.path.includes('.'))
        .map((f) => `\`${f.path}\``)
        .join(', '),
      guess ? formatMessage(messages.didYouMean, ctx.locale, guess) : '',
    ],
    span: spanInside(ctx.parsed.text, located, { start: path.span.start, end }),
    data: guess ? { replacement: guess } : undefined,
  });
}

/** serviceParams values are arbitrary YAML; every string in them starting with `$` is a path. */
function checkServiceParamValues(ctx: CheckContext, node: YNode | undefined): void {
  const stack: (YNode | null | undefined)[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (!n) continue;
    if (isScalarNode(n)) {
      if (typeof n.value === 'string' && n.value.trim().startsWith('$')) checkPathString(ctx, { value: n.value, span: nodeSpan(n) });
    } else for (const c of childValues(n)) stack.push(c);
  }
}
