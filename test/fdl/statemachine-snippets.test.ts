/**
 * The StateMachine snippets completion offers (fdl/cloudflow/statemachine-vocabulary.ts): a new flow,
 * and each state type placed in a flow, with every placeholder at its default, analyse without a
 * single finding, so accepting a snippet never starts with an error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../fdl/index';
import { expandSnippet, SM_FLOW_SNIPPET, SM_STATE_SNIPPETS } from '../../fdl/cloudflow/statemachine-vocabulary';

const findings = (text: string) => analyze(text).diagnostics.map((d) => `${d.code} @${d.span.start}: ${d.message}`);

test('the new-flow snippet is a valid StateMachine flow', () => {
  const text = expandSnippet(SM_FLOW_SNIPPET.body, '');
  assert.equal(analyze(text).parsed.dialect, 'statemachine');
  assert.deepEqual(findings(text), []);
});

for (const s of SM_STATE_SNIPPETS) {
  test(`the ${s.label} state snippet, placed in a flow, is valid`, () => {
    const state = expandSnippet(s.body, '    ');
    const name = /Name: (.+)/.exec(state)![1];
    const needsDone = /(Next|Default): Done/.test(state) && name !== 'Done';
    const text = [
      'Type: StateMachine',
      'Name: snippets',
      'SpecVersion: v1',
      `StartAt: ${name}`,
      'States:',
      `  - ${state}`,
      ...(needsDone ? ['  - Type: Succeed', '    Name: Done'] : []),
      '',
    ].join('\n');
    assert.deepEqual(findings(text), [], text);
  });
}
