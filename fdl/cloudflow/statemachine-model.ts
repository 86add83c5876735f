/**
 * The states of a StateMachine document, lifted from the located YAML tree the parser built: each
 * scope (the flow, a Parallel branch, a Map processor) with its `StartAt` and its states, each
 * state with its name, type, transitions and nested scopes. Read by the StateMachine checks and
 * the outline; built once per parse and kept beside it.
 */
import type { Located, Span } from '../model';
import type { ParsedFlow } from '../parsed-flow';
import { isMapNode, isSeqNode, mapKey, mapValue, nodeSpan, type YNode } from '../yaml/tree';
import { scalarBoolean, scalarString } from '../yaml/tree-read';

export interface SmScopeModel {
  /** `flow`, `Branches[i]` of a Parallel state, or `Processor` of a Map state. */
  kind: 'flow' | 'branch' | 'processor';
  /** The branch's index, for a branch. */
  index?: number;
  owner?: SmStateModel;
  /** The mapping holding `StartAt` and `States`. */
  node: YNode;
  startAt?: Located<string>;
  states: SmStateModel[];
}

/** A transition written in a state (or a scope's `StartAt`): the name it gives and where. */
export interface SmTransition {
  /** `StartAt`, `Next`, `Default`, `Branches[i].Next` of a Choice, `Catch[i].Next`. */
  key: 'StartAt' | 'Next' | 'Default' | 'Condition' | 'Catch';
  target: Located<string>;
  scope: SmScopeModel;
  /** The state it leaves (none for `StartAt`). */
  from?: SmStateModel;
}

export interface SmStateModel {
  name: string;
  nameSpan: Span;
  type?: string;
  typeSpan?: Span;
  node: YNode;
  span: Span;
  scope: SmScopeModel;
  next?: Located<string>;
  end?: Located<boolean>;
  /** The span of the `End` key, when written. */
  endKeySpan?: Span;
  /** Parallel branches or a Map processor. */
  children: SmScopeModel[];
  /** The names its transitions give, in the order of `SmFlowModel.transitions`. */
  out: Located<string>[];
}

export interface SmFlowModel {
  root: SmScopeModel | undefined;
  scopes: SmScopeModel[];
  states: SmStateModel[];
  transitions: SmTransition[];
}

/** Past this depth of nested scopes nothing is lifted: no real flow comes near, a hostile text stays cheap. */
const MAX_DEPTH = 100;

const cache = new WeakMap<ParsedFlow, SmFlowModel>();

export function stateMachineOf(parsed: ParsedFlow): SmFlowModel {
  let m = cache.get(parsed);
  if (!m) {
    m = liftStateMachine(parsed.tree);
    cache.set(parsed, m);
  }
  return m;
}

export function liftStateMachine(tree: YNode | undefined): SmFlowModel {
  const model: SmFlowModel = { root: undefined, scopes: [], states: [], transitions: [] };
  if (isMapNode(tree)) model.root = liftScope(tree, 'flow', undefined, undefined, model, 0);
  return model;
}

function liftScope(node: YNode, kind: SmScopeModel['kind'], owner: SmStateModel | undefined, index: number | undefined, model: SmFlowModel, depth: number): SmScopeModel {
  const scope: SmScopeModel = { kind, owner, node, states: [], startAt: scalarString(mapValue(node, 'StartAt')), ...(index === undefined ? {} : { index }) };
  model.scopes.push(scope);
  if (scope.startAt) model.transitions.push({ key: 'StartAt', target: scope.startAt, scope });
  const list = mapValue(node, 'States');
  for (const item of isSeqNode(list) ? list.items : []) {
    if (isMapNode(item)) scope.states.push(liftState(item, scope, model, depth));
  }
  return scope;
}

function liftState(map: YNode, scope: SmScopeModel, model: SmFlowModel, depth: number): SmStateModel {
  const name = scalarString(mapValue(map, 'Name'));
  const type = scalarString(mapValue(map, 'Type'));
  const span = nodeSpan(map);
  const endKey = mapKey(map, 'End');
  const state: SmStateModel = {
    name: name?.value ?? '',
    nameSpan: name?.span ?? type?.span ?? { start: span.start, end: span.start },
    type: type?.value,
    typeSpan: type?.span,
    node: map,
    span,
    scope,
    next: scalarString(mapValue(map, 'Next')),
    end: scalarBoolean(mapValue(map, 'End')),
    endKeySpan: endKey ? nodeSpan(endKey) : undefined,
    children: [],
    out: [],
  };
  model.states.push(state);
  const leave = (key: SmTransition['key'], target: Located<string>) => {
    model.transitions.push({ key, target, scope, from: state });
    state.out.push(target);
  };
  if (state.next) leave('Next', state.next);
  if (state.type === 'Choice') {
    const dflt = scalarString(mapValue(map, 'Default'));
    if (dflt) leave('Default', dflt);
    const branches = mapValue(map, 'Branches');
    for (const b of isSeqNode(branches) ? branches.items : []) {
      const next = scalarString(mapValue(b, 'Next'));
      if (next) leave('Condition', next);
    }
  }
  const catches = mapValue(map, 'Catch');
  for (const c of isSeqNode(catches) ? catches.items : []) {
    const next = scalarString(mapValue(c, 'Next'));
    if (next) leave('Catch', next);
  }
  if (depth < MAX_DEPTH) {
    if (state.type === 'Parallel') {
      const branches = mapValue(map, 'Branches');
      (isSeqNode(branches) ? branches.items : []).forEach((b, i) => {
        if (isMapNode(b)) state.children.push(liftScope(b, 'branch', state, i, model, depth + 1));
      });
    } else if (state.type === 'Map') {
      const processor = mapValue(map, 'Processor');
      if (isMapNode(processor)) state.children.push(liftScope(processor, 'processor', state, undefined, model, depth + 1));
    }
  }
  return state;
}
