/**
 * The wait steps of a flow that may keep a run waiting long: a duration over a minute, or one read
 * from the input, or a timestamp. Run's progress notification closes when the execution enters
 * one (as it does for a callback), since a wait may last a day; the Executions view and the status
 * bar still show the run. Classic FDL only for now (a StateMachine flow has none here).
 */
import { parseFlow } from '../../fdl/parse';

const LONG_WAIT_SECONDS = 60;

export function longWaitSteps(text: string): Set<string> {
  const names = new Set<string>();
  for (const step of parseFlow(text).steps) {
    if (step.type !== 'wait') continue;
    const duration = step.duration?.value;
    if (step.timestamp !== undefined || typeof duration === 'string' || (typeof duration === 'number' && duration > LONG_WAIT_SECONDS)) names.add(step.name);
  }
  return names;
}
