import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistoryFollower } from '../../../client/cloud/history-follower';

test('history following skips polls while nobody listens, and resumes when someone does', async () => {
  let fetches = 0;
  let listening = false;
  const seen: number[] = [];
  const follower = new HistoryFollower({
    fetchPage: async () => (
      fetches++,
      {
        events: [
          { eventId: 1, type: 'ExecutionStarted', time: '' },
          { eventId: 2, type: 'ExecutionSucceeded', time: '' },
        ],
      }
    ),
    onEvent: (e) => seen.push(e.eventId),
    minIntervalMs: 1,
    maxIntervalMs: 5,
    paused: () => !listening,
  }).start();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(fetches, 0);
  listening = true;
  for (let i = 0; i < 100 && !follower.done; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(seen, [1, 2]);
  assert.equal(fetches, 1);
});

test('history following backs off on errors and gives up after a few, reporting the last error', async () => {
  let fetches = 0;
  const ended = await new Promise<unknown>((resolve) => {
    new HistoryFollower({
      fetchPage: async () => {
        fetches++;
        throw new Error(`down ${fetches}`);
      },
      onEvent: () => assert.fail('no events'),
      onEnd: resolve,
      minIntervalMs: 1,
      maxIntervalMs: 4,
      maxErrors: 3,
    }).start();
  });
  assert.equal(fetches, 4);
  assert.equal((ended as Error).message, 'down 4');
});

test('the last page is re-read from its token: only newer events are reported', async () => {
  const history = [1, 2, 3].map((eventId) => ({ eventId, type: 'StepEntered', time: '' }));
  const tokens: (string | undefined)[] = [];
  const seen: number[] = [];
  const follower = new HistoryFollower({
    fetchPage: async (token) => {
      tokens.push(token);
      const start = token ? Number(token) : 0;
      const page = history.slice(start, start + 2);
      return { events: page, ...(start + 2 < history.length ? { nextToken: String(start + 2) } : {}) };
    },
    onEvent: (e) => seen.push(e.eventId),
    minIntervalMs: 1,
    maxIntervalMs: 2,
  }).start();
  for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 2));
  history.push({ eventId: 4, type: 'StepEntered', time: '' }, { eventId: 5, type: 'ExecutionSucceeded', time: '' });
  for (let i = 0; i < 100 && !follower.done; i++) await new Promise((r) => setTimeout(r, 2));
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.deepEqual(tokens.slice(0, 3), [undefined, '2', '2']);
});
