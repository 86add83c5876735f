/**
 * The classic model (model.ts: `Flow`, `Scope`, `Step`, each value with its span) lifted from the
 * located tree a YAML reader built (yaml/read.ts): one literal per step kind, nested sequences
 * through `fillScope`. The StateMachine counterpart is cloudflow/statemachine-model.ts.
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
  // One literal per step type (no spread of a shared base), so every step of a type has one shape.
  const typeSpan = typeNode!.span;
  const name = nameNode?.value ?? '';
  const nameSpan = nameNode?.span ?? { start: span.start, end: span.start };
  const end = scalarBoolean(mapValue(map, 'end'));
  const inputMappings = liftMappings(mapValue(map, 'inputMappings'), toJS);
  const outputMappings = liftMappings(mapValue(map, 'outputMappings'), toJS);
  let step: Step;
  switch (type) {
    case 'task': {
      const sp = mapValue(map, 'serviceParams');
      step = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        resourceArn: scalarString(mapValue(map, 'resourceArn')),
        action: scalarString(mapValue(map, 'action')),
        pattern: scalarString(mapValue(map, 'pattern')),
        serviceParams: isMapNode(sp) ? { value: (plainValue(sp, toJS) ?? {}) as Record<string, unknown>, span: nodeSpan(sp) } : undefined,
        timeoutSeconds: scalarNumber(mapValue(map, 'timeoutSeconds')),
        retry: liftRetry(mapValue(map, 'retry')),
        catch: liftCatch(mapValue(map, 'catch')),
        errorMappings: liftMappings(mapValue(map, 'errorMappings'), toJS),
      };
      all.push(step);
      break;
    }
    case 'wait': {
      const dNode = mapValue(map, 'duration');
      step = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        duration: scalarNumber(dNode) ?? scalarString(dNode),
        timestamp: scalarString(mapValue(map, 'timestamp')),
      };
      all.push(step);
      break;
    }
    case 'fail':
      step = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        error: scalarString(mapValue(map, 'error')),
        cause: scalarString(mapValue(map, 'cause')),
      };
      all.push(step);
      break;
    case 'pass':
    case 'succeed':
      step = { type, typeSpan, name, nameSpan, span, end, inputMappings, outputMappings, scope, node: map };
      all.push(step);
      break;
    case 'choice': {
      const choice: Extract<Step, { type: 'choice' }> = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        choices: [],
        default: undefined,
      };
      all.push(choice);
      const choices = mapValue(map, 'choices');
      for (const cm of isSeqNode(choices) ? choices.items : []) {
        if (!isMapNode(cm)) continue;
        const branch: ChoiceBranch = {
          condition: scalarString(mapValue(cm, 'condition')),
          goto: scalarString(mapValue(cm, 'goto')),
          span: nodeSpan(cm),
          scope: newScope(),
        };
        fillScope(branch.scope, mapValue(cm, 'steps'), choice, all, toJS);
        choice.choices.push(branch);
      }
      const dm = mapValue(map, 'default');
      if (isMapNode(dm)) {
        const scopeD = newScope();
        choice.default = { scope: scopeD, goto: scalarString(mapValue(dm, 'goto')), span: nodeSpan(dm) };
        fillScope(scopeD, mapValue(dm, 'steps'), choice, all, toJS);
      }
      step = choice;
      break;
    }
    case 'parallel': {
      const par: Extract<Step, { type: 'parallel' }> = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
        branches: [],
        retry: liftRetry(mapValue(map, 'retry')),
        catch: liftCatch(mapValue(map, 'catch')),
      };
      all.push(par);
      const branches = mapValue(map, 'branches');
      for (const bm of isSeqNode(branches) ? branches.items : []) {
        if (!isMapNode(bm)) continue;
        const s = newScope();
        fillScope(s, mapValue(bm, 'steps'), par, all, toJS);
        par.branches.push({ scope: s, span: nodeSpan(bm) });
      }
      step = par;
      break;
    }
    case 'foreach': {
      const im = mapValue(map, 'iterationMapping');
      const fe: Extract<Step, { type: 'foreach' }> = {
        type,
        typeSpan,
        name,
        nameSpan,
        span,
        end,
        inputMappings,
        outputMappings,
        scope,
        node: map,
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
      all.push(fe);
      fillScope(fe.body, mapValue(map, 'steps'), fe, all, toJS);
      step = fe;
      break;
    }
  }
  return step;
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
