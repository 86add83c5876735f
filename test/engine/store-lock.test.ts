/**
 * The store lock: of processes that start together exactly one owns the store, the others are
 * refused; a stale lock (owner gone, or a crash mid-creation) is taken over by exactly one of many
 * racers; a lock being written is not mistaken for a stale one.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSync } from 'esbuild';
import { acquireStoreLock, lockPath, storeOwner } from '../../engine/store/store-lock';
import { tempDir } from './helpers';

const RACER = join(__dirname, 'store-lock', 'racer.ts');
const RACERS = 10;
const ROUNDS = 5;
const PERIOD_MS = 300;

interface RoundLine {
  round: number;
  won: boolean;
  held?: boolean;
  from?: number;
  to?: number;
  refusal?: string;
}

/**
 * The pid of no process. On Linux one above the kernel's largest possible pid (PID_MAX_LIMIT):
 * an exited child's pid could be reused by a busy machine while the test runs.
 */
function deadPid(): number {
  if (process.platform === 'linux') return 4_194_305;
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/** The racer bundled once to plain JS: ten processes start in a fraction of tsx's time. */
function bundledRacer(dir: string): string {
  const outfile = join(dir, 'racer.js');
  buildSync({ entryPoints: [RACER], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error' });
  return outfile;
}

async function race(store: string, stalePid: number | undefined): Promise<RoundLine[][]> {
  const racer = bundledRacer(join(store, '..'));
  const children = Array.from({ length: RACERS }, () => {
    const child = spawn(process.execPath, [racer, store, String(ROUNDS), String(PERIOD_MS), stalePid ? String(stalePid) : '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.startsWith('ready\n')) resolve();
      }),
    );
    const lines = new Promise<RoundLine[]>((resolve, reject) =>
      child.on('close', (code) =>
        code === 0
          ? resolve(
              out
                .trim()
                .split('\n')
                .slice(1)
                .map((l) => JSON.parse(l) as RoundLine),
            )
          : reject(new Error(`racer exited ${code}: ${err}`)),
      ),
    );
    return { child, ready, lines };
  });
  await Promise.all(children.map((c) => c.ready));
  // Every racer is loaded and waiting: all start round 0 at the same instant.
  const startAt = String(Date.now() + 200);
  for (const c of children) c.child.stdin.end(startAt + '\n');
  const lines = (await Promise.all(children.map((c) => c.lines))).flat();
  return Array.from({ length: ROUNDS }, (_, r) => lines.filter((l) => l.round === r));
}

function assertOneOwnerAtATime(rounds: RoundLine[][]): void {
  const held: RoundLine[] = [];
  for (const [r, lines] of rounds.entries()) {
    assert.equal(lines.length, RACERS, `round ${r}: every racer answered`);
    // Rounds are not barriers: a racer the scheduler wakes late may find the store free again (a
    // second owner after the first), or meet a racer already in the next round (no owner this round).
    const winners = lines.filter((l) => l.won);
    for (const w of winners) assert.equal(w.held, true, `round ${r}: an owner kept the lock while it held the store`);
    for (const l of lines.filter((x) => !x.won)) assert.match(l.refusal!, /is in use by process/);
    held.push(...winners);
  }
  assert.ok(held.length >= 1, 'someone owned the store');
  held.sort((a, b) => a.from! - b.from!);
  for (let i = 1; i < held.length; i++) {
    assert.ok(held[i].from! >= held[i - 1].to!, `two owners at once: ${JSON.stringify(held[i - 1])} and ${JSON.stringify(held[i])}`);
  }
}

test('of many processes taking a free store at the same instant, one owns it at a time and the others are refused', { timeout: 30_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  assertOneOwnerAtATime(await race(store, undefined));
  assert.ok(!existsSync(lockPath(store)), 'the last owner released the store');
});

test('of many processes finding a stale lock (its owner gone) at the same instant, one takes the store over at a time', { timeout: 30_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  mkdirSync(store, { recursive: true });
  const dead = deadPid();
  writeFileSync(lockPath(store), JSON.stringify({ pid: dead, since: new Date().toISOString() }));
  // Each round's owner leaves the lock of a dead process behind for the next round.
  assertOneOwnerAtATime(await race(store, dead));
});

test('an empty or half-written lock counts as held while young (its writer may be between create and write), as stale once old', (t) => {
  const store = join(tempDir(t), 'store');
  mkdirSync(store, { recursive: true });
  for (const partial of ['', '{"pid":']) {
    writeFileSync(lockPath(store), partial);
    assert.throws(() => acquireStoreLock(store), /is in use by process \?/);
    assert.equal(readFileSync(lockPath(store), 'utf8'), partial, 'a young lock is left alone');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath(store), old, old);
    const release = acquireStoreLock(store);
    assert.equal(storeOwner(store), process.pid);
    release();
    assert.ok(!existsSync(lockPath(store)));
  }
});

test('a lock naming a live pid with another start time is a reused pid, not the owner', { skip: process.platform !== 'linux' }, (t) => {
  const store = join(tempDir(t), 'store');
  mkdirSync(store, { recursive: true });
  // pid 1 is alive, but it did not start at tick 1 (the boot itself does).
  writeFileSync(lockPath(store), JSON.stringify({ pid: process.ppid, start: '1', nonce: 'x', since: new Date().toISOString() }));
  assert.equal(storeOwner(store), undefined);
  const release = acquireStoreLock(store);
  assert.equal(storeOwner(store), process.pid);
  release();
});

test('an owner releases only its own lock, never one taken over since', (t) => {
  const store = join(tempDir(t), 'store');
  const release = acquireStoreLock(store);
  const other = JSON.stringify({ pid: process.ppid, nonce: 'theirs', since: new Date().toISOString() });
  writeFileSync(lockPath(store), other);
  release();
  assert.equal(readFileSync(lockPath(store), 'utf8'), other);
});

test('a takeover guard left by a crashed taker is itself taken over; one a live process holds means that process is taking the store', (t) => {
  const store = join(tempDir(t), 'store');
  mkdirSync(store, { recursive: true });
  const dead = deadPid();
  const stale = JSON.stringify({ pid: dead, since: new Date().toISOString() });
  writeFileSync(lockPath(store), stale);
  writeFileSync(`${lockPath(store)}.takeover`, JSON.stringify({ pid: process.ppid, nonce: 'taker', since: new Date().toISOString() }));
  assert.throws(() => acquireStoreLock(store), new RegExp(`is in use by process ${process.ppid}`));
  assert.equal(readFileSync(lockPath(store), 'utf8'), stale, 'left to the live taker');
  writeFileSync(`${lockPath(store)}.takeover`, JSON.stringify({ pid: dead, nonce: 'crashed', since: new Date().toISOString() }));
  const release = acquireStoreLock(store);
  assert.equal(storeOwner(store), process.pid);
  assert.ok(!existsSync(`${lockPath(store)}.takeover`));
  release();
});
