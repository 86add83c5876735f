/**
 * The store's inbox (engine/store/report-inbox.ts): a reporter that gets no answer in time tells
 * a request the owner never took (withdrawn: nothing changed) from one it took (it may have been
 * applied).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sendToInbox, watchReportInbox, type InboxRequest } from '../../engine/store/report-inbox';
import { tempDir } from './helpers';

const report: InboxRequest = { token: 't1', kind: 'succeeded', output: { ok: true } };

test('an inbox request no owner takes is withdrawn: Timeout, and no owner delivers it afterwards', async (t) => {
  const dir = tempDir(t);
  const res = await sendToInbox(dir, report, 200, 200);
  assert.equal(res.ok, false);
  assert.equal((res as { code: string }).code, 'Timeout');
  const delivered: InboxRequest[] = [];
  const stop = watchReportInbox(dir, (r) => delivered.push(r), 20);
  await new Promise((r) => setTimeout(r, 100));
  stop();
  assert.deepEqual(delivered, []);
  assert.deepEqual(readdirSync(join(dir, 'inbox')), []);
});

/** Plays an owner that takes the next request (as watchReportInbox does) and answers it after `answerMs`, or never. */
async function takeNext(dir: string, answerMs?: number): Promise<void> {
  const inbox = join(dir, 'inbox');
  for (;;) {
    const name = existsSync(inbox) ? readdirSync(inbox).find((n) => n.endsWith('.req.json')) : undefined;
    if (name) {
      const id = name.slice(0, -'.req.json'.length);
      renameSync(join(inbox, name), join(inbox, `${id}.taken.json`));
      if (answerMs !== undefined) setTimeout(() => writeFileSync(join(inbox, `${id}.res.json`), JSON.stringify({ ok: true })), answerMs);
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('an inbox request the owner took but has not answered is not withdrawn: NoAnswer (it may have been applied), not Timeout', async (t) => {
  const dir = tempDir(t);
  const sent = sendToInbox(dir, report, 100, 100);
  await takeNext(dir);
  const res = await sent;
  assert.equal((res as { code: string }).code, 'NoAnswer');
});

test('an owner that took the request and answers within the grace gets its answer through', async (t) => {
  const dir = tempDir(t);
  const sent = sendToInbox(dir, report, 100, 2_000);
  await takeNext(dir, 300);
  assert.deepEqual(await sent, { ok: true });
});
