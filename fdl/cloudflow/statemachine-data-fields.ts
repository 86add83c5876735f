/**
 * The fields a StateMachine expression can know statically, for completion: what `$Input` holds
 * where the state's own InputConstructor built it (its keys), or else what the states leading to
 * it output (the keys of their OutputConstructor; through a Pass, Wait or Choice without one, what
 * they were given); and what `$Output` holds in an OutputConstructor where the docs say
 * (`FC:InvokeFunction`: the function's response under `Body`, as published flows read
 * `$Output.Body.<field>`; Parallel: `Branch0`, `Branch1`…; Map: `Items`,
 * https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer). Unknown is empty,
 * never a guess.
 */
import { isMapNode, isSeqNode, mapValue, scalarKeyText, type YNode } from '../yaml/tree';
import { EXPRESSION_KEY_SUFFIX } from './expressions/index';
import type { SmExpressionPlace } from './expressions/places';
import type { SmFlowModel, SmStateModel } from './statemachine-model';

/** States that pass their input on unchanged when they have no OutputConstructor. */
const PASS_THROUGH = new Set(['Pass', 'Wait', 'Choice']);

/** Past this many states back, the search stops: a long chain of pass-throughs says nothing more. */
const MAX_HOPS = 50;

function keysOf(node: YNode | null | undefined): string[] {
  if (!isMapNode(node)) return [];
  const out: string[] = [];
  for (let i = 0; i < node.items.length; i += 2) {
    const k = scalarKeyText(node.items[i]);
    if (k !== undefined) out.push(k.endsWith(EXPRESSION_KEY_SUFFIX) ? k.slice(0, -EXPRESSION_KEY_SUFFIX.length) : k);
  }
  return out;
}

/** The fields of `$Input` at `place` of `state` (`$Input.<field>`), where knowable. */
export function smInputFields(model: SmFlowModel, state: SmStateModel, place: SmExpressionPlace): string[] {
  // Everywhere but in the InputConstructor itself, `$Input` is what the InputConstructor built.
  const own = mapValue(state.node, 'InputConstructor');
  if (place !== 'InputConstructor' && own) return keysOf(own);
  const fields = new Set<string>();
  const seen = new Set<SmStateModel>([state]);
  const queue = [state];
  for (let hops = 0; queue.length && hops < MAX_HOPS; hops++) {
    const target = queue.shift()!;
    for (const t of model.transitions) {
      const from = t.from;
      if (!from || t.scope !== target.scope || t.target.value !== target.name || seen.has(from)) continue;
      seen.add(from);
      const output = t.key === 'Catch' ? catchOutput(from, target.name) : mapValue(from.node, 'OutputConstructor');
      if (output) for (const k of keysOf(output)) fields.add(k);
      else if (from.type && PASS_THROUGH.has(from.type)) queue.push(from);
    }
  }
  return [...fields];
}

/** The OutputConstructor of the Catch rule of `from` that goes to `target`. */
function catchOutput(from: SmStateModel, target: string): YNode | undefined {
  const rules = mapValue(from.node, 'Catch');
  for (const r of isSeqNode(rules) ? rules.items : []) {
    const next = mapValue(r, 'Next');
    if (next && next.value === target) return mapValue(r, 'OutputConstructor') ?? undefined;
  }
  return undefined;
}

/** The fields of `$Output` in the state's OutputConstructor, where the docs say what the result holds. */
export function smOutputFields(state: SmStateModel): string[] {
  if (state.type === 'Parallel') {
    const branches = mapValue(state.node, 'Branches');
    return (isSeqNode(branches) ? branches.items : []).map((_, i) => `Branch${i}`);
  }
  if (state.type === 'Map') return ['Items'];
  if (state.type === 'Task' && mapValue(state.node, 'Action')?.value === 'FC:InvokeFunction') return ['Body'];
  return [];
}
