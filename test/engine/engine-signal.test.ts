/** The engine's own cancellation signal behaves as AbortSignal does for what the engine uses of it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineSignal, platformSignal } from '../../engine/run/engine-signal';
import { childSignal } from '../../engine/run/run-context';

test('abort runs each listener once, in order, with the reason; removed listeners and later aborts change nothing', () => {
  const s = new EngineSignal();
  const seen: string[] = [];
  const removed = () => seen.push('removed');
  s.addEventListener('abort', () => seen.push(`a:${String(s.reason)}`), { once: true });
  s.addEventListener('abort', removed);
  s.addEventListener('abort', () => seen.push('b'));
  s.removeEventListener('abort', removed);
  assert.equal(s.aborted, false);
  s.throwIfAborted();
  s.abort('why');
  s.abort('again');
  assert.deepEqual(seen, ['a:why', 'b']);
  assert.equal(s.reason, 'why');
  assert.throws(
    () => s.throwIfAborted(),
    (e: unknown) => e === 'why',
  );
});

test('without a reason it is an AbortError, as AbortController gives', () => {
  const s = new EngineSignal();
  s.abort();
  assert.equal((s.reason as DOMException).name, 'AbortError');
});

test('the real AbortSignal for invokers follows it, made before or after the abort', () => {
  const before = new EngineSignal();
  const real = platformSignal(before.asSignal);
  assert.ok(real instanceof AbortSignal);
  assert.equal(platformSignal(before.asSignal), real, 'made once');
  before.abort('stop');
  assert.equal(real.aborted, true);
  assert.equal(real.reason, 'stop');
  const after = new EngineSignal();
  after.abort('late');
  assert.equal(platformSignal(after.asSignal).reason, 'late');
  const plain = new AbortController().signal;
  assert.equal(platformSignal(plain), plain);
});

test('a child signal follows its parent (AbortSignal or EngineSignal) and can be aborted alone', () => {
  const parent = new AbortController();
  const child = childSignal(parent.signal);
  const grandchild = childSignal(child.asSignal);
  const sibling = childSignal(parent.signal);
  sibling.abort('alone');
  assert.equal(child.aborted, false);
  parent.abort('all');
  assert.deepEqual([child.reason, grandchild.reason, sibling.reason], ['all', 'all', 'alone']);
});
