/**
 * Static checks of a parsed expression, for the language server: unknown functions (with a
 * did-you-mean), argument counts, roots not available where the expression stands (`$Output` outside
 * an OutputConstructor), undocumented `$Context` fields, and calls whose arguments are all constants
 * that would fail when run (a bad hash algorithm, a bad regular expression, `intAdd("1", 2)`).
 */
import { closestMatch } from '../../schema/did-you-mean';
import { defineMessages, message } from '../../messages';
import { walkSmExpression, type SmCall, type SmExpression, type SmPathSegment, type SmRoot } from './ast';
import { argumentCountMessage, unknownFunctionMessage } from './check-messages';
import { type SmCheckErrorCode, type SmEvaluationErrorCode, type SmExpressionError } from './errors';
import { evaluateSmExpression, SM_ROOT_UNAVAILABLE } from './evaluate';
import { SM_FUNCTIONS } from './function-catalog';

/** The documented context object (https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer). */
export const SM_CONTEXT_FIELDS: Readonly<Record<'Execution' | 'Current', readonly string[]>> = {
  Execution: ['Name', 'Input', 'RoleArn'],
  Current: ['Name', 'Input', 'Output', 'Error', 'RetryCount', 'TaskToken'],
};

export interface SmCheckOptions {
  /** The roots readable where the expression stands (`SM_PLACE_ROOTS[place]`); `$Input` and `$Context` by default. */
  roots?: readonly SmRoot[];
}

export type SmCheckFinding = SmExpressionError<SmCheckErrorCode | SmEvaluationErrorCode>;

const messages = defineMessages({
  contextField: 'Unknown context field `{0}`: `{1}` has {2}.{3}',
  didYouMean: ' Did you mean `{0}`?',
  rootNotHere: '`{0}` cannot be read here.',
});

/** Functions whose result differs per run: never evaluated ahead of time. */
const NONDETERMINISTIC = new Set(['uuid', 'randomInt']);

export function checkSmExpression(ast: SmExpression, options: SmCheckOptions = {}): SmCheckFinding[] {
  const roots = options.roots ?? ['$Input', '$Context'];
  const findings: SmCheckFinding[] = [];
  const nodes = walkSmExpression(ast);
  for (const n of nodes) {
    if (n.kind === 'call') {
      const info = SM_FUNCTIONS.get(n.name);
      if (!info) findings.push({ code: 'unknown-function', start: n.nameSpan.start, end: n.nameSpan.end, message: unknownFunctionMessage(n.name) });
      else if (n.args.length < info.minArgs || n.args.length > info.maxArgs) {
        findings.push({ code: 'argument-count', start: n.span.start, end: n.span.end, message: argumentCountMessage(info, n.args.length) });
      }
    } else if (n.kind === 'path') {
      if (!roots.includes(n.root)) {
        const text = n.root === '$Output' || n.root === '$Item' ? SM_ROOT_UNAVAILABLE[n.root] : message(messages.rootNotHere, n.root);
        findings.push({ code: 'root-not-allowed', start: n.rootSpan.start, end: n.rootSpan.end, message: text });
      }
      if (n.root === '$Context') findings.push(...checkContextPath(n.segments));
    }
  }
  if (findings.length === 0) findings.push(...checkConstantCalls(nodes));
  return findings;
}

function checkContextPath(segments: SmPathSegment[]): SmCheckFinding[] {
  const [first, second] = segments;
  if (!first || first.kind !== 'field') return [];
  const top = Object.keys(SM_CONTEXT_FIELDS);
  if (!top.includes(first.name)) return [contextFinding(first.name, '$Context', top, first.span)];
  if (!second || second.kind !== 'field') return [];
  const fields = SM_CONTEXT_FIELDS[first.name as 'Execution' | 'Current'];
  if (!fields.includes(second.name)) return [contextFinding(second.name, `$Context.${first.name}`, fields, second.span)];
  return [];
}

function contextFinding(name: string, parent: string, fields: readonly string[], span: { start: number; end: number }): SmCheckFinding {
  const suggestion = closestMatch(name, fields) ?? fields.find((f) => f.toLowerCase() === name.toLowerCase());
  const list = fields.map((f) => `\`${f}\``).join(', ');
  const hint = suggestion ? message(messages.didYouMean, suggestion) : '';
  return { code: 'unknown-context-field', start: span.start, end: span.end, message: message(messages.contextField, name, parent, list, hint) };
}

/** Evaluates each outermost call that reads no path and no randomness; reports the error it would raise. */
function checkConstantCalls(nodes: SmExpression[]): SmCheckFinding[] {
  const out: SmCheckFinding[] = [];
  let coveredUntil = -1;
  for (const n of nodes) {
    if (n.kind !== 'call' || n.span.start < coveredUntil) continue;
    if (!isConstant(n)) continue;
    coveredUntil = n.span.end;
    const r = evaluateSmExpression(n, { Input: {}, Context: {}, random: () => 0 });
    if (!r.ok) out.push(r.error);
  }
  return out;
}

function isConstant(call: SmCall): boolean {
  return walkSmExpression(call).every((n) => n.kind !== 'path' && !(n.kind === 'call' && NONDETERMINISTIC.has(n.name)));
}
