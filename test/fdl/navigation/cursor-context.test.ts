import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cursorContext, pathOf } from '../../../fdl/navigation/cursor-context';

/** `|` marks the cursor. */
function at(src: string) {
  const o = src.indexOf('|');
  const ctx = cursorContext(src.slice(0, o) + src.slice(o + 1), o);
  assert.ok(ctx, 'a context');
  return ctx;
}

const flow = (body: string) => `version: v1\ntype: flow\nsteps:\n${body}`;

test('a key being typed on a new line inside a task step', () => {
  const ctx = at(flow(`  - type: task\n    name: a\n    pat|\n  - type: pass\n    name: b\n`));
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.prefix, 'pat');
  assert.deepEqual(pathOf(ctx), ['steps', '[]']);
  assert.equal(ctx.frames.at(-1)!.entries().get('type')?.value, 'task');
  assert.equal(ctx.frames.at(-1)!.entries().get('name')?.value, 'a');
  assert.equal(ctx.frames.at(-1)!.entries().has('b'), false);
});

test('an empty goto value in a choice branch of a nested step', () => {
  const ctx = at(flow(`  - type: foreach\n    name: f\n    steps:\n      - type: choice\n        name: c\n        choices:\n          - condition: $.x\n            goto: |\n`));
  assert.equal(ctx.position, 'value');
  assert.equal(ctx.key, 'goto');
  assert.equal(ctx.prefix, '');
  assert.deepEqual(pathOf(ctx), ['steps', '[]', 'steps', '[]', 'choices', '[]']);
  assert.equal(ctx.frames[2].entries().get('type')?.value, 'choice');
});

test('compact sequences written at their key column', () => {
  const ctx = at(`version: v1\nsteps:\n- type: task\n  name: t\n  retry:\n  - errors:\n    - FnF.T|\n`);
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.itemOf, 'errors');
  assert.deepEqual(pathOf(ctx), ['steps', '[]', 'retry', '[]', 'errors', '[]']);
});

test('flow sequences and flow mappings in values', () => {
  let ctx = at(flow(`  - type: task\n    retry:\n      - errors: [FnF.ALL, FC.Res|]\n`));
  assert.equal(ctx.position, 'item');
  assert.equal(ctx.key, 'errors');
  assert.equal(ctx.prefix, 'FC.Res');
  assert.equal(ctx.tokenText, 'FC.Res');
  ctx = at(flow(`  - type: foreach\n    iterationMapping: {collection: $.a, it|}\n`));
  assert.equal(ctx.position, 'key');
  assert.deepEqual(pathOf(ctx), ['steps', '[]', 'iterationMapping']);
  assert.equal(ctx.frames.at(-1)!.entries().get('collection')?.value, '$.a');
  ctx = at(flow(`  - type: foreach\n    iterationMapping: {coll|ection: $.a, item: x}\n`));
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.tokenText, 'collection');
  ctx = at(flow(`  - type: task\n    inputMappings: [{target: a, source: $in|}]\n`));
  assert.equal(ctx.position, 'value');
  assert.equal(ctx.key, 'source');
  assert.deepEqual(pathOf(ctx), ['steps', '[]', 'inputMappings', '[]']);
});

test('hovering a key or a value gives the whole token', () => {
  let ctx = at(flow(`  - type: task\n    pat|tern: sync\n`));
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.tokenText, 'pattern');
  ctx = at(flow(`  - type: task\n    pattern: sy|nc # comment\n`));
  assert.equal(ctx.position, 'value');
  assert.equal(ctx.tokenText, 'sync');
  ctx = at(flow(`  - type: task\n    pattern: "sy|nc"\n`));
  assert.equal(ctx.tokenText, 'sync');
});

test('a new item after a dash and keys of serviceParams', () => {
  let ctx = at(flow(`  - type: pass\n    name: p\n  - |\n`));
  assert.equal(ctx.position, 'key');
  assert.deepEqual(pathOf(ctx), ['steps', '[]']);
  assert.equal(ctx.frames.at(-1)!.entries().size, 0);
  ctx = at(flow(`  - type: task\n    serviceParams:\n      Inv|\n`));
  assert.deepEqual(pathOf(ctx), ['steps', '[]', 'serviceParams']);
  ctx = at(`version: v1\n|`);
  assert.deepEqual(pathOf(ctx), []);
  assert.equal(ctx.frames[0].entries().get('version')?.value, 'v1');
});
