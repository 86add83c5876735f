/**
 * `input-key-not-mapped` (warning): a step with `inputMappings` gets exactly the keys those
 * mappings target as its input (docs "Inputs and outputs" / 输入和输出: inputMappings map the
 * parent's input and local to the step input; only without them is the parent's data passed on).
 * So `$.x` / `$input.x` in the step's own expressions — serviceParams, choice conditions, wait
 * times, foreach `collection`, outputMappings sources — read nothing unless some mapping targets
 * `x`. The child-flow page (document 149829) says it outright: "if serviceParams use a variable,
 * make sure it exists in inputMappings". A warning: the flow runs, the value is just missing.
 * Steps whose mappings are incomplete (a mapping without `target`) are left to the schema.
 */
import type { Check, CheckContext } from '../check';
import { conditionPaths } from '../expressions/condition';
import { isPathSource } from '../expressions/mapping-source';
import type { PathAst } from '../expressions/path';
import { defineMessages } from '../messages';
import type { Located, Step } from '../model';
import { childValues, isScalarNode, mapValue, nodeSpan, type YNode } from '../yaml/tree';
import { report } from './finding';
import { spanInside } from './scalar-spans';
import { parsedCondition, parsedPath } from './parsed-expressions';

const messages = defineMessages({
  notMapped: "`{0}` is not in this step's input: with inputMappings the input holds only their targets ({1}). Add a mapping with `target: {0}`, or use one of those keys.",
});

type Root = PathAst['root'];

/** The keys a step's inputMappings produce, or undefined when it has none (or an incomplete one). */
function mappedKeys(step: Step): Set<string> | undefined {
  const mappings = step.inputMappings;
  if (!mappings || mappings.length === 0) return undefined;
  const keys = new Set<string>();
  for (const m of mappings) {
    if (!m.target || typeof m.target.value !== 'string') return undefined;
    keys.add(m.target.value);
  }
  return keys;
}

export const UNMAPPED_INPUT_CODES = ['input-key-not-mapped'] as const;

export const checkUnmappedInput: Check = {
  name: 'input-key-not-mapped',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      const keys = mappedKeys(step);
      if (!keys) continue;
      const use = (located: Located<string>, path: PathAst, roots: readonly Root[]) => checkPath(ctx, keys, located, path, roots);
      const stepInput: readonly Root[] = ['$', '$input'];
      for (const m of step.outputMappings ?? []) {
        if (m.source && isPathSource(m.source.value)) usePathString(m.source as Located<string>, ['$input'], use);
      }
      switch (step.type) {
        case 'task':
          for (const s of stringsIn(mapValue(step.node, 'serviceParams'))) usePathString(s, stepInput, use);
          break;
        case 'choice':
          for (const c of step.choices) {
            if (!c.condition) continue;
            const r = parsedCondition(c.condition.value);
            if (r.ok) for (const p of conditionPaths(r.ast)) use(c.condition, p, stepInput);
          }
          break;
        case 'wait':
          if (step.duration && typeof step.duration.value === 'string') usePathString(step.duration as Located<string>, stepInput, use);
          if (step.timestamp) usePathString(step.timestamp, stepInput, use);
          break;
        case 'foreach':
          if (step.iterationMapping?.collection) usePathString(step.iterationMapping.collection, stepInput, use);
          break;
      }
    }
  },
};

function usePathString(located: Located<string>, roots: readonly Root[], use: (l: Located<string>, p: PathAst, roots: readonly Root[]) => void): void {
  if (!located.value.trim().startsWith('$')) return;
  const r = parsedPath(located.value);
  if (r.ok) use(located, r.ast, roots);
}

function checkPath(ctx: CheckContext, keys: Set<string>, located: Located<string>, path: PathAst, roots: readonly Root[]): void {
  if (!roots.includes(path.root)) return;
  const first = path.segments[0];
  // `$` / `$input` alone is the whole (mapped) input; `$[0]` is not a key read.
  if (!first || first.kind !== 'field' || keys.has(first.name)) return;
  report(ctx, {
    code: 'input-key-not-mapped',
    severity: 'warning',
    text: messages.notMapped,
    args: [first.name, [...keys].map((k) => `\`${k}\``).join(', ')],
    span: spanInside(ctx.parsed.text, located, keyOnly(located.value, first.span)),
    data: { key: first.name, mapped: [...keys] },
  });
}

/** A field segment's span without its leading `.` (or `['` … `']`), so the range is the key. */
function keyOnly(text: string, span: { start: number; end: number }): { start: number; end: number } {
  if (text[span.start] === '.') return { start: span.start + 1, end: span.end };
  if (text.startsWith("['", span.start) || text.startsWith('["', span.start)) return { start: span.start + 2, end: span.end - 2 };
  return span;
}

/** Every string scalar in a serviceParams value (they may nest), with its span. */
function stringsIn(node: YNode | undefined): Located<string>[] {
  const out: Located<string>[] = [];
  const stack: (YNode | null | undefined)[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (!n) continue;
    if (isScalarNode(n)) {
      if (typeof n.value === 'string') out.push({ value: n.value, span: nodeSpan(n) });
    } else for (const c of childValues(n)) stack.push(c);
  }
  return out;
}
