/**
 * The wait steps (classic) and Wait states (StateMachine) of a flow that may keep a run waiting
 * long: a duration over a minute, or one read from the data (`duration: $.x`, `Seconds.$`), or a
 * timestamp. Run's progress notification closes when the execution enters one (as it does for a
 * callback), since a wait may last a day; the Executions view and the status bar still show the run.
 */
import { stateMachineOf } from '../../fdl/cloudflow/statemachine-model';
import { parseFlow } from '../../fdl/parse';
import { mapValue } from '../../fdl/yaml/tree';
import { scalarNumber } from '../../fdl/yaml/tree-read';

const LONG_WAIT_SECONDS = 60;

export function longWaitSteps(text: string): Set<string> {
  const names = new Set<string>();
  const parsed = parseFlow(text);
  if (parsed.dialect === 'statemachine') {
    for (const state of stateMachineOf(parsed).states) {
      if (state.type !== 'Wait') continue;
      const seconds = scalarNumber(mapValue(state.node, 'Seconds'))?.value;
      if (mapValue(state.node, 'Seconds.$') !== undefined || (seconds !== undefined && seconds > LONG_WAIT_SECONDS)) names.add(state.name);
    }
    return names;
  }
  for (const step of parsed.steps) {
    if (step.type !== 'wait') continue;
    const duration = step.duration?.value;
    if (step.timestamp !== undefined || typeof duration === 'string' || (typeof duration === 'number' && duration > LONG_WAIT_SECONDS)) names.add(step.name);
  }
  return names;
}
