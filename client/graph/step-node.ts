/** The box a step is drawn as: its name, a one-line summary of what it does, and where it is written. */
import type { Step } from '../../fdl/model';
import type { GraphNode } from './graph-model';

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 44;

export function stepNode(step: Step, id: string): GraphNode {
  const detail = stepSummary(step);
  return {
    id,
    kind: step.type,
    label: step.name || `(${step.type})`,
    ...(detail ? { detail } : {}),
    ...(step.name ? { stepName: step.name } : {}),
    nameOffset: step.name ? step.nameSpan.start : step.span.start,
    stepStart: step.span.start,
    stepEnd: step.span.end,
    x: 0,
    y: 0,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
  };
}

/** `task · waitForCallback · approve`, `wait · 10s`, `fail · Rejected`. */
function stepSummary(step: Step): string {
  switch (step.type) {
    case 'task': {
      const target = step.resourceArn?.value ?? step.action?.value;
      const parts = ['task'];
      if (step.pattern?.value && step.pattern.value !== 'requestResponse') parts.push(step.pattern.value);
      if (typeof target === 'string') parts.push(shortResource(target));
      return parts.join(' · ');
    }
    case 'wait': {
      const d = step.duration?.value;
      if (typeof d === 'number') return `wait · ${d}s`;
      if (typeof d === 'string') return `wait · ${d}`;
      return step.timestamp ? `wait · ${step.timestamp.value}` : 'wait';
    }
    case 'fail':
      return step.error?.value ? `fail · ${step.error.value}` : 'fail';
    default:
      return step.type;
  }
}

/** The last meaningful part of an ARN: the function (`…/functions/f`), the flow (`…:flow/f`), or the API. */
function shortResource(arn: string): string {
  const fn = /\/functions\/([^/\s]+)\s*$/.exec(arn);
  if (fn) return fn[1];
  const flow = /flow\/([^/\s]+)\s*$/.exec(arn);
  if (flow) return flow[1];
  const tail = arn.split(/[/:]/).filter(Boolean).pop();
  return tail ?? arn;
}
