import { analyze, type FdlDiagnostic } from '../fdl/index';
import type { Flow } from '../fdl/model';

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
      if (this.byText.size >= 64) this.byText.delete(this.byText.keys().next().value!);
      this.byText.set(definition, hit);
    }
    return hit;
  }
}
