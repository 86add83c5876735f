/**
 * The system clock sleeps as long as asked: Node's setTimeout fires at once past 2^31-1 ms
 * (~24.8 days), so a flow timeout or a wait longer than that must be slept in pieces. Timers are
 * mocked (node:test), so no real time passes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TIMER_MS, systemClock } from '../../engine/clock';

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
