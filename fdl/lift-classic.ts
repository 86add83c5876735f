/**
 * The classic model (model.ts: `Flow`, `Scope`, `Step`, each value with its span) lifted from the
 * located tree a YAML reader built (yaml/read.ts): the fields every step has, then its kind's
 * (`KIND_FIELDS`), nested sequences through `fillNested`. The StateMachine counterpart is
 * cloudflow/statemachine-model.ts.
 */
import { STEP_TYPES, type Catch, type ChoiceBranch, type Flow, type Located, type Mapping, type Retry, type Scope, type Step, type StepType } from './model';
import { isMapNode, isSeqNode, mapValue, nodeSpan, type YNode } from './yaml/tree';
import { plainValue, scalarBoolean, scalarNumber, scalarString, type ToJS } from './yaml/tree-read';

/**
 * The classic flow of a document's root mapping, and every step, depth first in document order;
 * the steps only when `withSteps` (a StateMachine or mixed document has no classic steps, so
 * classic features find nothing to act on).
 */
export function liftClassicFlow(root: YNode | undefined, toJS: ToJS, withSteps: boolean): { flow: Flow; steps: Step[] } {
  const steps: Step[] = [];
  const flow: Flow = {
    version: scalarString(mapValue(root, 'version')),
    type: scalarString(mapValue(root, 'type')),
    body: { steps: [], span: undefined },
    inputMappings: liftMappings(mapValue(root, 'inputMappings'), toJS),
    outputMappings: liftMappings(mapValue(root, 'outputMappings'), toJS),
    timeoutSeconds: scalarNumber(mapValue(root, 'timeoutSeconds')),
  };
  if (withSteps) fillScope(flow.body, mapValue(root, 'steps'), undefined, steps, toJS);
  return { flow, steps };
}

function fillScope(scope: Scope, node: YNode | undefined, owner: Step | undefined, all: Step[], toJS: ToJS): Scope {
  scope.owner = owner;
  if (!isSeqNode(node)) return scope;
  scope.span = nodeSpan(node);
  for (const item of node.items) {
    const step = liftStep(item, scope, all, toJS);
    if (step) scope.steps.push(step);
  }
  return scope;
}

function newScope(): Scope {
  return { steps: [] };
}

type StepOf<K extends StepType> = Extract<Step, { type: K }>;

/** The fields every step has, lifted in liftStep. */
type CommonField = 'type' | 'typeSpan' | 'name' | 'nameSpan' | 'span' | 'end' | 'inputMappings' | 'outputMappings' | 'scope' | 'node';

/**
 * What each kind adds to the fields every step has, in the model's order. A nested kind's
 * sequences start empty: `fillNested` fills them once the step exists, for their steps name it
 * as their owner and come after it in `all`.
 */
const KIND_FIELDS: { readonly [K in StepType]: (map: YNode, toJS: ToJS) => Omit<StepOf<K>, CommonField> } = {
  task: (map, toJS) => {
    const sp = mapValue(map, 'serviceParams');
    return {
      resourceArn: scalarString(mapValue(map, 'resourceArn')),
      action: scalarString(mapValue(map, 'action')),
      pattern: scalarString(mapValue(map, 'pattern')),
      serviceParams: isMapNode(sp) ? { value: (plainValue(sp, toJS) ?? {}) as Record<string, unknown>, span: nodeSpan(sp) } : undefined,
      timeoutSeconds: scalarNumber(mapValue(map, 'timeoutSeconds')),
      retry: liftRetry(mapValue(map, 'retry')),
      catch: liftCatch(mapValue(map, 'catch')),
      errorMappings: liftMappings(mapValue(map, 'errorMappings'), toJS),
    };
  },
  pass: () => ({}),
  wait: (map) => {
    const duration = mapValue(map, 'duration');
    return { duration: scalarNumber(duration) ?? scalarString(duration), timestamp: scalarString(mapValue(map, 'timestamp')) };
  },
  choice: () => ({ choices: [], default: undefined }),
  parallel: (map) => ({ branches: [], retry: liftRetry(mapValue(map, 'retry')), catch: liftCatch(mapValue(map, 'catch')) }),
  foreach: (map) => {
    const im = mapValue(map, 'iterationMapping');
    return {
      iterationMapping: isMapNode(im)
        ? {
            collection: scalarString(mapValue(im, 'collection')),
            item: scalarString(mapValue(im, 'item')),
            index: scalarString(mapValue(im, 'index')),
            span: nodeSpan(im),
          }
        : undefined,
      maxConcurrency: scalarNumber(mapValue(map, 'maxConcurrency')),
      body: newScope(),
      retry: liftRetry(mapValue(map, 'retry')),
      catch: liftCatch(mapValue(map, 'catch')),
    };
  },
  succeed: () => ({}),
  fail: (map) => ({ error: scalarString(mapValue(map, 'error')), cause: scalarString(mapValue(map, 'cause')) }),
};

function liftStep(map: YNode | null, scope: Scope, all: Step[], toJS: ToJS): Step | undefined {
  if (!isMapNode(map)) return undefined;
  const typeNode = scalarString(mapValue(map, 'type'));
  const type = typeNode && (STEP_TYPES as readonly string[]).includes(typeNode.value) ? (typeNode.value as StepType) : undefined;
  if (!type) {
    // Unknown or missing type: the schema reports it; nested steps are not lifted.
    return undefined;
  }
  const nameNode = scalarString(mapValue(map, 'name'));
  const span = nodeSpan(map);
  // The common fields first, then the kind's: every step of a kind gets its keys in one order, so
  // one shape. Spreading a shared base first instead (`{ ...base, ...}`) made the lift about 4x
  // slower and reading the steps' fields after it about 8x (5,000-step flow, 2026-12-07).
  const step = {
    type,
    typeSpan: typeNode!.span,
    name: nameNode?.value ?? '',
    nameSpan: nameNode?.span ?? { start: span.start, end: span.start },
    span,
    end: scalarBoolean(mapValue(map, 'end')),
    inputMappings: liftMappings(mapValue(map, 'inputMappings'), toJS),
    outputMappings: liftMappings(mapValue(map, 'outputMappings'), toJS),
    scope,
    node: map,
    ...KIND_FIELDS[type](map, toJS),
  } as Step;
  all.push(step);
  fillNested(step, map, all, toJS);
  return step;
}

/** The sequences a choice, a parallel or a foreach holds, each step in them lifted after it. */
function fillNested(step: Step, map: YNode, all: Step[], toJS: ToJS): void {
  switch (step.type) {
    case 'choice': {
      const choices = mapValue(map, 'choices');
      for (const cm of isSeqNode(choices) ? choices.items : []) {
        if (!isMapNode(cm)) continue;
        const branch: ChoiceBranch = {
          condition: scalarString(mapValue(cm, 'condition')),
          goto: scalarString(mapValue(cm, 'goto')),
          span: nodeSpan(cm),
          scope: newScope(),
        };
        fillScope(branch.scope, mapValue(cm, 'steps'), step, all, toJS);
        step.choices.push(branch);
      }
      const dm = mapValue(map, 'default');
      if (isMapNode(dm)) {
        const scopeD = newScope();
        step.default = { scope: scopeD, goto: scalarString(mapValue(dm, 'goto')), span: nodeSpan(dm) };
        fillScope(scopeD, mapValue(dm, 'steps'), step, all, toJS);
      }
      return;
    }
    case 'parallel': {
      const branches = mapValue(map, 'branches');
      for (const bm of isSeqNode(branches) ? branches.items : []) {
        if (!isMapNode(bm)) continue;
        const s = newScope();
        fillScope(s, mapValue(bm, 'steps'), step, all, toJS);
        step.branches.push({ scope: s, span: nodeSpan(bm) });
      }
      return;
    }
    case 'foreach':
      fillScope(step.body, mapValue(map, 'steps'), step, all, toJS);
      return;
  }
}

function liftMappings(node: YNode | undefined, toJS: ToJS): Mapping[] | undefined {
  if (!isSeqNode(node)) return undefined;
  const out: Mapping[] = [];
  for (const m of node.items) {
    if (!isMapNode(m)) continue;
    let target: YNode | null | undefined;
    let sourceKey: YNode | undefined;
    let source: YNode | null = null;
    // One pass over the entries; the first `target` and the first `source` count, as in `yaml`.
    const items = m.items;
    for (let i = items.length - 2; i >= 0; i -= 2) {
      const k = items[i];
      if (!k || k.kind !== 0) continue;
      const key = typeof k.value === 'string' ? k.value : String(k.value);
      if (key === 'target') target = items[i + 1];
      else if (key === 'source') {
        sourceKey = k;
        source = items[i + 1];
      }
    }
    out.push({
      target: scalarString(target),
      source: sourceKey ? ({ value: source ? plainValue(source, toJS) : null, span: nodeSpan(source, nodeSpan(sourceKey)) } as Located<unknown>) : undefined,
      span: nodeSpan(m),
    });
  }
  return out;
}

function errorNames(node: YNode | undefined): Located<string>[] {
  if (!isSeqNode(node)) return [];
  const out: Located<string>[] = [];
  for (const i of node.items) {
    const s = scalarString(i);
    if (s) out.push(s);
  }
  return out;
}

function liftRetry(node: YNode | undefined): Retry[] {
  if (!isSeqNode(node)) return [];
  const out: Retry[] = [];
  for (const m of node.items) {
    if (!isMapNode(m)) continue;
    out.push({
      errors: errorNames(mapValue(m, 'errors')),
      intervalSeconds: scalarNumber(mapValue(m, 'intervalSeconds'))?.value,
      maxIntervalSeconds: scalarNumber(mapValue(m, 'maxIntervalSeconds'))?.value,
      maxAttempts: scalarNumber(mapValue(m, 'maxAttempts'))?.value,
      multiplier: scalarNumber(mapValue(m, 'multiplier'))?.value,
      span: nodeSpan(m),
    });
  }
  return out;
}

function liftCatch(node: YNode | undefined): Catch[] {
  if (!isSeqNode(node)) return [];
  const out: Catch[] = [];
  for (const m of node.items) {
    if (!isMapNode(m)) continue;
    out.push({ errors: errorNames(mapValue(m, 'errors')), goto: scalarString(mapValue(m, 'goto')), span: nodeSpan(m) });
  }
  return out;
}
