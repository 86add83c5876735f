/**
 * The system clock sleeps as long as asked: Node's setTimeout fires at once past 2^31-1 ms
 * (~24.8 days), so a flow timeout or a wait longer than that must be slept in pieces. Timers are
 * mocked (node:test), so no real time passes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock, MAX_TIMER_MS, systemClock } from '../../engine/clock';
import { VirtualClock } from '../../engine/virtual-clock';

const DAY = 24 * 3600 * 1000;

test('a 30-day sleep is still pending after 25 days and ends at 30 days', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let done = false;
  const sleeping = systemClock.sleep(30 * DAY).then(() => (done = true));
  t.mock.timers.tick(MAX_TIMER_MS); // the first piece ends exactly at the timer limit
  t.mock.timers.tick(25 * DAY - MAX_TIMER_MS);
  await Promise.resolve();
  assert.equal(done, false, 'not woken at the timer limit');
  t.mock.timers.tick(5 * DAY - 1);
  await Promise.resolve();
  assert.equal(done, false);
  t.mock.timers.tick(1);
  await sleeping;
  assert.equal(done, true);
});

test('a long sleep is aborted between pieces', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const ac = new AbortController();
  const sleeping = systemClock.sleep(60 * DAY, ac.signal);
  t.mock.timers.tick(MAX_TIMER_MS);
  t.mock.timers.tick(10);
  ac.abort(new Error('stopped'));
  await assert.rejects(sleeping, /stopped/);
});

test('a 30-day timer set with after() fires at 30 days, not at the timer limit; a cancelled one never fires', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let fired = 0;
  let cancelledFired = 0;
  systemClock.after(30 * DAY, () => fired++);
  const cancelled = systemClock.after(30 * DAY, () => cancelledFired++);
  t.mock.timers.tick(MAX_TIMER_MS);
  assert.equal(fired, 0, 'not fired at the timer limit');
  cancelled.cancel();
  t.mock.timers.tick(30 * DAY - MAX_TIMER_MS - 1);
  assert.equal(fired, 0);
  t.mock.timers.tick(1);
  assert.equal(fired, 1);
  assert.equal(cancelledFired, 0);
});

test('at scale 0 a timer set with after() keeps its place among sleeps as time skips; a cancelled one neither fires nor moves time', async () => {
  const base = new FakeClock();
  const clock = new VirtualClock(0, base);
  const start = clock.now();
  const order: string[] = [];
  const cancelled = clock.after(10 * DAY, () => order.push('cancelled'));
  clock.after(3600_000, () => order.push(`timer at ${clock.now() - start}`));
  const sleeping = clock.sleep(60_000).then(() => order.push(`sleep at ${clock.now() - start}`));
  cancelled.cancel();
  await sleeping;
  await new Promise<void>((resolve) => clock.after(7200_000, resolve));
  assert.deepEqual(order, ['sleep at 60000', 'timer at 3600000']);
  // The last timer was set at 60 s: time skipped to it (7,260 s), never to the cancelled one's ten days.
  assert.equal(clock.now() - start, 60_000 + 7200_000);
  assert.equal(clock.pending, 0);
});
