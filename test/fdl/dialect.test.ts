/**
 * The dialect of a document, decided from its top-level keys whatever its name (fdl/dialect.ts):
 * by the parser from the located tree, and by the extension from the text alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikeFlow, parseFlow } from '../../fdl/parse';
import { flowDialectOfText } from '../../fdl/dialect';

const SM = 'Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n';
const CLASSIC = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n';

test('Type: StateMachine, or SpecVersion with States, is the StateMachine format', () => {
  assert.equal(parseFlow(SM).dialect, 'statemachine');
  assert.equal(parseFlow('SpecVersion: v1\nStates: []\n').dialect, 'statemachine');
  assert.equal(parseFlow("Type: 'StateMachine' # exported\nStates: []\n").dialect, 'statemachine');
  assert.equal(flowDialectOfText(SM), 'statemachine');
  assert.equal(flowDialectOfText('SpecVersion: v1\r\nStates:\r\n  - Type: Pass\r\n'), 'statemachine');
  assert.equal(flowDialectOfText('Type: "StateMachine"  # exported\nStates: []\n'), 'statemachine');
});

test('type: flow with steps is classic, and so is a document of neither format', () => {
  assert.equal(parseFlow(CLASSIC).dialect, 'classic');
  assert.equal(flowDialectOfText(CLASSIC), 'classic');
  assert.equal(parseFlow('version: v1\n').dialect, 'classic');
  assert.equal(flowDialectOfText('name: my-service\nsteps:\n  - run: build\n'), undefined);
  // Nested keys are not the top level.
  assert.equal(flowDialectOfText('spec:\n  Type: StateMachine\n  States: []\n'), undefined);
});

test('both formats at once is mixed', () => {
  const mixed = `${CLASSIC}Type: StateMachine\n`;
  assert.equal(parseFlow(mixed).dialect, 'mixed');
  assert.equal(flowDialectOfText(mixed), 'mixed');
});

test('a StateMachine document has no classic steps for classic features to act on', () => {
  const p = parseFlow(`${SM}steps:\n  - type: pass\n    name: a\n`);
  assert.equal(p.dialect, 'statemachine');
  assert.deepEqual(p.steps, []);
});

test('YAML flow detection recognises both formats', () => {
  assert.equal(looksLikeFlow(SM), true);
  assert.equal(looksLikeFlow(CLASSIC), true);
  assert.equal(looksLikeFlow('name: x\nStates: []\n'), false);
});
