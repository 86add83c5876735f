import { analyze, type FdlDiagnostic } from '../fdl/index';
import type { Flow } from '../fdl/model';
import { engineText } from './messages';

/**
 * Parsed and analysed flows by definition text: the cloud service parses a flow once (CreateFlow /
 * UpdateFlow), not per execution. Bounded; the oldest definition goes first.
 */
export class FlowCache {
  private readonly byText = new Map<string, { flow: Flow; errors: FdlDiagnostic[] }>();

  get(definition: string): { flow: Flow; errors: FdlDiagnostic[] } {
    let hit = this.byText.get(definition);
    if (!hit) {
      const { parsed, diagnostics } = analyze(definition);
      hit = { flow: parsed.flow, errors: diagnostics.filter((d) => d.severity === 'error') };
      // The interpreter walks the classic model only: a valid StateMachine flow would run as an empty one.
      if (parsed.dialect !== 'classic' && hit.errors.length === 0) {
        hit.errors.push({
          code: 'statemachine-not-runnable',
          severity: 'error',
          message: engineText('stateMachineNotRunnable'),
          span: { start: 0, end: Math.min(definition.length, 1) },
        });
      }
      if (this.byText.size >= 64) this.byText.delete(this.byText.keys().next().value!);
      this.byText.set(definition, hit);
    }
    return hit;
  }
}
