import { analyze } from '../../fdl/analyze';
import type { FdlDiagnostic } from '../../fdl/diagnostic';
import type { ParsedFlow } from '../../fdl/parse';
import { stateMachineOf } from '../../fdl/cloudflow/statemachine-model';
import { mapValue } from '../../fdl/yaml/tree';
import { flowPlanOf, type FlowPlan } from './flow-plan';
import { engineText } from '../messages';

/**
 * Parsed, analysed and compiled flows by definition text: the cloud service parses a flow once
 * (CreateFlow / UpdateFlow), not per execution. Bounded; the oldest definition goes first.
 */
export class FlowCache {
  private readonly byText = new Map<string, { flow: FlowPlan; errors: FdlDiagnostic[] }>();

  get(definition: string): { flow: FlowPlan; errors: FdlDiagnostic[] } {
    let hit = this.byText.get(definition);
    if (!hit) {
      const { parsed, diagnostics } = analyze(definition);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (parsed.dialect === 'statemachine' && errors.length === 0) errors.push(...notRunnableLocally(parsed));
      hit = { flow: flowPlanOf(parsed), errors };
      if (this.byText.size >= 64) this.byText.delete(this.byText.keys().next().value!);
      this.byText.set(definition, hit);
    }
    return hit;
  }
}

/**
 * StateMachine states the local engine refuses, located: a distributed Map (the schema's reading of
 * the docs: `ProcessorConfig.ExecutionMode` set, or items read by `ItemReader` from OSS; also
 * `ItemBatcher` and `ResultWriter`, which only distributed mode has) runs each item as a child
 * execution in the cloud.
 */
const DISTRIBUTED_KEYS = ['ItemReader', 'ProcessorConfig', 'ItemBatcher', 'ResultWriter'] as const;

function notRunnableLocally(parsed: ParsedFlow): FdlDiagnostic[] {
  const out: FdlDiagnostic[] = [];
  for (const state of stateMachineOf(parsed).states) {
    if (state.type !== 'Map') continue;
    const key = DISTRIBUTED_KEYS.find((k) => (k === 'ProcessorConfig' ? mapValue(mapValue(state.node, k), 'ExecutionMode') : mapValue(state.node, k)) !== undefined);
    if (!key) continue;
    out.push({ code: 'statemachine-not-runnable', severity: 'error', message: engineText('smDistributedMap', state.name, key), span: state.nameSpan });
  }
  return out;
}
