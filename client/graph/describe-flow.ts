/** A parsed flow → the graph's description, by its dialect (fdl/dialect.ts). */
import { stateMachineOf } from '../../fdl/cloudflow/statemachine-model';
import type { ParsedFlow } from '../../fdl/parse';
import { describeClassic } from './describe-classic';
import { describeStateMachine } from './describe-statemachine';
import type { FlowDescription } from './flow-description';
import { ENGLISH_LABELS, type GraphLabels } from './graph-model';

export function describeFlow(parsed: ParsedFlow, labels: GraphLabels = ENGLISH_LABELS): FlowDescription {
  return parsed.dialect === 'statemachine' ? describeStateMachine(stateMachineOf(parsed), labels) : describeClassic(parsed.flow, labels);
}
