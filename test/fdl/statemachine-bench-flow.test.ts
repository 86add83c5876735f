/**
 * The StateMachine flows the language bench measures (bench/generate-statemachine.ts) are valid
 * under our rules and have the number of states asked for: the bench times the analysis of a
 * correct flow, not the wording of a thousand findings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateStateMachine } from '../../bench/generate-statemachine';
import { stateMachineOf } from '../../fdl/cloudflow/statemachine-model';
import { analyze } from '../../fdl/index';

for (const n of [10, 100, 1000]) {
  test(`the generated ${n}-state flow has ${n} states and no finding`, () => {
    const { parsed, diagnostics } = analyze(generateStateMachine(n));
    assert.equal(parsed.dialect, 'statemachine');
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} @${parsed.lines.positionAt(d.span.start).line + 1}: ${d.message}`),
      [],
    );
    assert.ok(Math.abs(stateMachineOf(parsed).states.length - n) <= 2, `${stateMachineOf(parsed).states.length} states`);
  });
}
