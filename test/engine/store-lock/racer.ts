/**
 * One contender for a store, for the store-lock race tests (run with `node --import tsx`):
 *   racer.ts <storeDir> <rounds> <periodMs> <stalePid|->
 * Prints `ready` once loaded, then reads the common start time (ms) on stdin. Round r begins at
 * start + r × periodMs: the racer spins until that instant, then calls acquireStoreLock. A winner
 * checks, while it holds the store for a third of the period, that the lock still names it, then
 * releases it, or, when a stalePid is given, leaves behind a lock naming that (dead) pid, as a
 * crashed owner would, for the next round to take over. Prints one JSON line per round:
 * { round, won, from?, to?, held?, refusal? } (from/to: when it held the store).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { acquireStoreLock, lockPath } from '../../../engine/store/store-lock';

const [storeDir, rounds, period, stalePid] = process.argv.slice(2);

function sleepUntil(t: number): void {
  const ahead = t - Date.now() - 5;
  if (ahead > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ahead);
  while (Date.now() < t) {
    /* spin: every racer wakes at the same instant */
  }
}

process.stdout.write('ready\n');
process.stdin.once('data', (d) => race(Number(String(d).trim())));

function race(startAt: number): void {
  for (let round = 0; round < Number(rounds); round++) {
    const begin = startAt + round * Number(period);
    sleepUntil(begin);
    let release: () => void;
    try {
      release = acquireStoreLock(storeDir);
    } catch (e) {
      process.stdout.write(JSON.stringify({ round, won: false, refusal: (e as Error).message }) + '\n');
      continue;
    }
    const from = Date.now();
    let held = true;
    const until = begin + Number(period) / 3;
    while (Date.now() < until) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      if (!readFileSync(lockPath(storeDir), 'utf8').includes(`"pid":${process.pid},`)) held = false;
    }
    const to = Date.now();
    if (stalePid !== '-') writeFileSync(lockPath(storeDir), JSON.stringify({ pid: Number(stalePid), since: new Date().toISOString() }));
    else release();
    process.stdout.write(JSON.stringify({ round, won: true, from, to, held }) + '\n');
  }
  process.exit(0);
}
