/**
 * Classic reference paths and choice conditions (`$input.x`, `$local.x`, `$context.…`, `$.x`) written
 * as StateMachine expressions (`$Input.x`, `$Output.x`, `$Context.…`). A path either translates to an
 * expression text or names the finding that explains why it cannot. Pure; never throws.
 */
import { parseCondition, type ConditionAst } from '../expressions/condition';
import { parsePath, type PathAst, type PathRoot, type PathSegment } from '../expressions/path';
import { isFieldCharOf, SM_FIELD_STOP } from '../expressions/scanner';
import type { Mapping } from '../model';
import type { ConvertFindingCode } from './convert-classic-findings';
import { localize } from '../messages';

export type Translated = { ok: true; text: string } | { ok: false; code: ConvertFindingCode; args: unknown[] };

/** Reads a classic root with its segments where a path stands; `source` is the whole classic text (for messages). */
export type PathReader = (root: PathRoot, segments: PathSegment[], source: string) => Translated;

// A field name is written `.name` when the StateMachine parser reads it back as one name (its field
// characters, ../expressions/scanner.ts `SM_FIELD_STOP`; docs/cloudflow-expressions.md, "Grammar");
// anything else is written `["…"]`.
const isPlainField = (name: string): boolean => name.length > 0 && [...name].every((c) => isFieldCharOf(c, SM_FIELD_STOP));

const ok = (text: string): Translated => ({ ok: true, text });

/** `base` followed by the segments, or why they cannot be written. */
export function appendSegments(base: string, segments: readonly PathSegment[], source: string): Translated {
  let out = base;
  for (const s of segments) {
    if (s.kind === 'wildcard') return { ok: false, code: 'wildcard-path', args: [source] };
    if (s.kind === 'index') {
      if (s.index < 0) return { ok: false, code: 'negative-index', args: [source] };
      out += `[${s.index}]`;
    } else out += isPlainField(s.name) ? `.${s.name}` : `[${JSON.stringify(s.name)}]`;
  }
  return ok(out);
}

/** A JSON value written as an expression (the grammar's literals, arrays and objects are JSON's). */
export function literalExpression(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/**
 * `$context.*` → `$Context.*`: execution.name/input and step.name and task.token have documented
 * equivalents (https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer); the
 * rest (flow.name, step.eventId, …) do not.
 */
export function contextExpression(segments: readonly PathSegment[], source: string): Translated {
  const [a, b, ...rest] = segments;
  const name = (s: PathSegment | undefined) => (s?.kind === 'field' ? s.name : undefined);
  const pair = `${name(a)}.${name(b)}`;
  const base: Record<string, string> = {
    'execution.name': '$Context.Execution.Name',
    'execution.input': '$Context.Execution.Input',
    'step.name': '$Context.Current.Name',
    'task.token': '$Context.Current.TaskToken',
  };
  const target = base[pair];
  if (!target) return { ok: false, code: 'context-field-unavailable', args: [source] };
  if (rest.length > 0 && pair !== 'execution.input') return ok('null');
  return appendSegments(target, rest, source);
}

/** The data carried into a state (`$Input`): what classic `$input`, `$local` and `$` of the parent read. */
export const readCarried: PathReader = (root, segments, source) => (root === '$context' ? contextExpression(segments, source) : appendSegments('$Input', segments, source));

/** Walks a constant by path segments (a classic constant source read further by a later path). */
function walkConstant(value: unknown, segments: readonly PathSegment[]): unknown {
  let v = value;
  for (const s of segments) {
    if (s.kind === 'field' && v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, s.name)) {
      v = (v as Record<string, unknown>)[s.name];
    } else if (s.kind === 'index' && Array.isArray(v)) v = v[s.index < 0 ? v.length + s.index : s.index];
    else return null;
  }
  return v === undefined ? null : v;
}

/**
 * A read of a step's own input (`$.x`, `$input.x` in its outputMappings): with inputMappings the step
 * input is what they build, so the read becomes the mapping's source, read further; without them it
 * is the carried data.
 */
export function readStepInput(mappings: readonly Mapping[] | undefined, segments: readonly PathSegment[], source: string, parent: PathReader = readCarried): Translated {
  if (!mappings) return appendSegments('$Input', segments, source);
  if (segments.length === 0) {
    const parts: string[] = [];
    for (const m of mappings) {
      if (!m.target) continue;
      const v = readMappingSource(m.source?.value, [], parent);
      if (!v.ok) return v;
      parts.push(`${JSON.stringify(m.target.value)}: ${v.text}`);
    }
    return ok(`{${parts.join(', ')}}`);
  }
  const [first, ...rest] = segments;
  if (first.kind !== 'field') return ok('null');
  const m = [...mappings].reverse().find((x) => x.target?.value === first.name);
  if (!m) return ok('null');
  return readMappingSource(m.source?.value, rest, parent, source);
}

/** A mapping source (path or constant) read further by `rest`, as an expression. */
export function readMappingSource(value: unknown, rest: readonly PathSegment[], reader: PathReader, outerSource?: string): Translated {
  if (typeof value === 'string' && value.startsWith('$')) {
    const p = parsePath(value);
    if (!p.ok) return { ok: false, code: 'condition-untranslatable', args: [localize(p.error.message, 'en')] };
    return reader(p.ast.root, [...p.ast.segments, ...rest], outerSource ?? value);
  }
  return ok(literalExpression(walkConstant(value, rest)));
}

/** A path AST through a reader. */
export function translatePath(ast: PathAst, reader: PathReader, source: string): Translated {
  return reader(ast.root, ast.segments, source);
}

/**
 * A classic condition as a StateMachine Condition. Same operators and literals; `!x` (not in the
 * StateMachine operator list) becomes `(x) != true`, which holds exactly when classic `!x` does (a
 * classic operand is true only when it is the boolean `true`; `!=` compares strictly).
 */
export function translateCondition(text: string, reader: PathReader): Translated {
  const parsed = parseCondition(text);
  if (!parsed.ok) return { ok: false, code: 'condition-untranslatable', args: [localize(parsed.error.message, 'en')] };
  return render(parsed.ast, reader, text);
}

function render(node: ConditionAst, reader: PathReader, source: string): Translated {
  switch (node.kind) {
    case 'literal':
      return ok(literalExpression(node.value));
    case 'path':
      return reader(node.root, node.segments, source.slice(node.span.start, node.span.end));
    case 'not': {
      const inner = render(node.operand, reader, source);
      return inner.ok ? ok(`(${inner.text}) != true`) : inner;
    }
    case 'and':
    case 'or': {
      const parts: string[] = [];
      for (const o of node.operands) {
        const t = render(o, reader, source);
        if (!t.ok) return t;
        // `&&` binds tighter than `||`: only an `||` inside an `&&` needs parentheses.
        parts.push(node.kind === 'and' && o.kind === 'or' ? `(${t.text})` : t.text);
      }
      return ok(parts.join(node.kind === 'and' ? ' && ' : ' || '));
    }
    case 'compare': {
      const operand = (o: ConditionAst): Translated => {
        const t = render(o, reader, source);
        return t.ok && o.kind !== 'literal' && o.kind !== 'path' ? ok(`(${t.text})`) : t;
      };
      const l = operand(node.left);
      if (!l.ok) return l;
      const r = operand(node.right);
      if (!r.ok) return r;
      return ok(`${l.text} ${node.op} ${r.text}`);
    }
  }
}
