import { analyze, type FdlDiagnostic } from '../fdl/index';
import type { ParsedFlow } from '../fdl/parse';
import { stateMachineOf } from '../fdl/cloudflow/statemachine-model';
import { mapValue } from '../fdl/yaml/tree';
import { flowPlanOf, type FlowPlan } from './flow-plan';
import { engineText } from './messages';

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
 * StateMachine states the local engine refuses, located: a distributed Map (its items come from
 * OSS through ItemReader, or its ProcessorConfig asks for distributed mode) runs each item as a
 * child execution in the cloud.
 */
function notRunnableLocally(parsed: ParsedFlow): FdlDiagnostic[] {
  const out: FdlDiagnostic[] = [];
  for (const state of stateMachineOf(parsed).states) {
    if (state.type !== 'Map') continue;
    const reader = mapValue(state.node, 'ItemReader');
    const config = mapValue(state.node, 'ProcessorConfig');
    const mode = config ? (mapValue(config, 'ExecutionMode') ?? mapValue(config, 'Mode')) : undefined;
    const distributed = reader !== undefined || (mode !== undefined && /distributed/i.test(String(mode.value ?? '')));
    if (!distributed) continue;
    out.push({
      code: 'statemachine-not-runnable',
      severity: 'error',
      message: engineText('smDistributedMap', state.name, reader ? 'ItemReader' : 'ProcessorConfig'),
      span: state.nameSpan,
    });
  }
  return out;
}
