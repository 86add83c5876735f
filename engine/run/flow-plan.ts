/**
 * A flow as the engine runs it: its plan's top scope (fdl/plan) and what the flow itself adds
 * around it. Classic: the flow's inputMappings and outputMappings, its timeoutSeconds.
 * StateMachine: the execution input is the first state's input and the last state's output is
 * the execution's output (the docs give a StateMachine flow no flow-level timeout: the one-year
 * execution limit applies).
 */
import type { Flow } from '../../fdl/model';
import type { ParsedFlow } from '../../fdl/parse';
import { classicPlan } from '../../fdl/plan/classic';
import type { PlanScope } from '../../fdl/plan/plan';
import { stateMachinePlan } from '../../fdl/plan/statemachine';
import { applyMappings } from './data-mapping';
import type { JsonObject } from '../history/events';
import type { ContextHeads } from './run-context';

export interface FlowPlan {
  body: PlanScope;
  timeoutSeconds?: number;
  flowInput(input: JsonObject, context: ContextHeads): JsonObject;
  flowOutput(input: JsonObject, result: JsonObject, context: ContextHeads): JsonObject;
}

export function classicFlowPlan(flow: Flow): FlowPlan {
  return {
    body: classicPlan(flow.body),
    timeoutSeconds: flow.timeoutSeconds?.value,
    flowInput: (input, context) => (flow.inputMappings ? applyMappings(flow.inputMappings, { input, context }) : input),
    // Flow outputMappings over the flow's {input, local}; absent ⇒ the flow's local.
    flowOutput: (input, local, context) => (flow.outputMappings ? applyMappings(flow.outputMappings, { input, local, context }) : local),
  };
}

export function stateMachineFlowPlan(parsed: ParsedFlow): FlowPlan {
  return { body: stateMachinePlan(parsed.value), flowInput: (input) => input, flowOutput: (_input, output) => output };
}

export function flowPlanOf(parsed: ParsedFlow): FlowPlan {
  return parsed.dialect === 'statemachine' ? stateMachineFlowPlan(parsed) : classicFlowPlan(parsed.flow);
}
