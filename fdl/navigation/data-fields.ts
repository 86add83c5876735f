/**
 * Field names a `$input.` / `$local.` path may continue with at a position, learnt from the
 * flow itself: targets of mappings written earlier in the document (they become keys of some
 * step's input, output or of a parent's local), and the foreach `item` / `index` keys.
 * A heuristic on purpose: the real shape depends on the functions' results, which no static
 * reading knows; offering names the flow already uses is what saves typing.
 */
import type { Flow, Mapping, Step } from '../model';

export interface SeenFields {
  input: string[];
  local: string[];
}

export function fieldsSeenBefore(parsed: { flow: Flow; steps: Step[] }, offset: number): SeenFields {
  const input = new Set<string>();
  const local = new Set<string>();
  const targets = (ms: Mapping[] | undefined, into: Set<string>) => {
    for (const m of ms ?? []) if (m.target?.value && m.target.span.start < offset) into.add(m.target.value);
  };
  targets(parsed.flow.inputMappings, input);
  for (const s of parsed.steps) {
    if (s.span.start >= offset) continue;
    targets(s.inputMappings, input);
    targets(s.outputMappings, local);
    if (s.type === 'task') targets(s.errorMappings, local);
    if (s.type === 'foreach' && s.iterationMapping) {
      if (s.iterationMapping.item?.value) input.add(s.iterationMapping.item.value);
      if (s.iterationMapping.index?.value) input.add(s.iterationMapping.index.value);
    }
  }
  // What a step outputs joins its parent's local, and the next steps' default input: both roots see it.
  for (const l of local) input.add(l);
  return { input: [...input].sort(), local: [...local].sort() };
}
