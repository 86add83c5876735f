/**
 * The resourceArns a flow's tasks name, whatever its dialect: a classic task's `resourceArn`, a
 * StateMachine Task's `Parameters.resourceArn` (FC:InvokeFunction, FNF:StartExecution, any Action
 * that takes one) when written as a literal string (a `resourceArn.$` expression is known only at
 * run time). What the server's function checks and hovers read, so both dialects get them.
 */
import { stateMachineOf } from './cloudflow/statemachine-model';
import { collectPerItem } from './item-cache';
import type { Located } from './model';
import type { ParsedFlow } from './parsed-flow';
import { isScalarNode, mapValue, nodeSpan } from './yaml/tree';

export interface TaskArn extends Located<string> {
  /** The StateMachine Task's `Action`, when it has one. */
  action?: string;
}

export function taskResourceArns(parsed: ParsedFlow): TaskArn[] {
  // An edited version's, per step once (the server checks them on every edit).
  return collectPerItem(parsed, 'task-arns', arnsOf) ?? arnsOf(parsed);
}

function arnsOf(parsed: ParsedFlow): TaskArn[] {
  if (parsed.dialect === 'statemachine') return stateMachineArns(parsed);
  const out: TaskArn[] = [];
  for (const step of parsed.steps) if (step.type === 'task' && step.resourceArn) out.push(step.resourceArn);
  return out;
}

function stateMachineArns(parsed: ParsedFlow): TaskArn[] {
  const out: TaskArn[] = [];
  for (const state of stateMachineOf(parsed).states) {
    if (state.type !== 'Task') continue;
    const node = mapValue(mapValue(state.node, 'Parameters'), 'resourceArn');
    if (!isScalarNode(node) || typeof node.value !== 'string') continue;
    const action = mapValue(state.node, 'Action');
    out.push({ value: node.value, span: nodeSpan(node), ...(isScalarNode(action) && typeof action.value === 'string' ? { action: action.value } : {}) });
  }
  return out;
}
