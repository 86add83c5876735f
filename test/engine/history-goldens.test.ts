/**
 * Every engine fixture (classic and StateMachine, test/engine/fixtures) and every StateMachine
 * corpus scenario (test/engine/statemachine-corpus) run in memory and on the durable store, and
 * their stored histories (what GetExecutionHistory, the views, analysis and the debugger read)
 * are compared with the goldens in test/engine/history-goldens/, which were written by the engine
 * before step visits were kept as compact records (engine/history/visit-record.ts): however the
 * stores keep a visit, readers see the same events, in the same order, with the same ids, links,
 * keys and details.
 *
 * What varies from run to run is normalised: times and timers' due times (the wall clock), task
 * tokens and UUIDs (random). A history whose golden would be large is kept as its digest.
 * `UPDATE_HISTORY_GOLDENS=1` writes the goldens instead of comparing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { loadScenario, type Scenario } from '../../engine/scenario';
import { runFlowFile } from '../../engine/run-flow';
import { tempDir } from './helpers';

const GOLDENS = join(__dirname, 'history-goldens');
const UPDATE = process.env.UPDATE_HISTORY_GOLDENS === '1';
const REPO = join(__dirname, '..', '..');
/** Goldens longer than this (characters of JSON) are kept as their digest. */
const LARGE = 20_000;

function scenarios(): { name: string; scenario: Scenario }[] {
  const out: { name: string; scenario: Scenario }[] = [];
  const fixtures = join(__dirname, 'fixtures');
  for (const name of readdirSync(fixtures).sort()) out.push({ name, scenario: loadScenario(join(fixtures, name)) });
  const corpus = join(__dirname, 'statemachine-corpus');
  for (const file of readdirSync(corpus).sort())
    if (file.endsWith('.scenario.yaml')) out.push({ name: `corpus-${file.replace(/\.scenario\.yaml$/, '')}`, scenario: loadScenario(join(corpus, file)) });
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The history with what is random replaced by its order of first appearance (`token#1`,
 * `uuid#1`), times left out, and the flow's path made relative to the repository.
 */
function normalised(history: readonly AnyStoredEvent[]): unknown[] {
  const tokens = new Map<string, string>();
  const uuids = new Map<string, string>();
  for (const e of history) {
    const t = (e.detail as { taskToken?: unknown }).taskToken;
    if (typeof t === 'string' && !tokens.has(t)) tokens.set(t, `token#${tokens.size + 1}`);
  }
  const text = (s: string): string => {
    let r = tokens.get(s) ?? s;
    for (const [token, name] of tokens) if (r.includes(token)) r = r.split(token).join(name);
    return r.replace(UUID, (u) => {
      if (!uuids.has(u)) uuids.set(u, `uuid#${uuids.size + 1}`);
      return uuids.get(u)!;
    });
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number' && v > 1e12) return 'epoch-ms';
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) o[text(k)] = walk(x);
      return o;
    }
    return v;
  };
  return history.map((e) => {
    const { time: _time, ...rest } = e;
    const detail = e.type === 'ExecutionStarted' && e.detail.flowPath ? { ...e.detail, flowPath: relative(REPO, e.detail.flowPath) } : e.detail;
    // Keys whose value is undefined are kept visible: the in-memory store hands back the objects
    // as recorded (such keys included), the durable one as decoded (without them).
    return walk({ ...rest, detail, undefinedKeys: Object.keys(e).filter((k) => (e as unknown as Record<string, unknown>)[k] === undefined) });
  });
}

for (const { name, scenario } of scenarios()) {
  test(`history of ${name}: the same events in memory and on the durable store as before visit records`, async (t) => {
    const run = (storeDir?: string) =>
      runFlowFile({
        flowPath: scenario.flowPath,
        input: scenario.input,
        mocks: scenario.mocks,
        storeDir,
        timeScale: 0,
        flowName: 'f',
        executionName: 'e',
        maxEventsPerExecution: scenario.maxEvents,
      }).catch((e: Error) => ({ refused: e.message }));
    const memory = await run();
    const dir = tempDir(t);
    const durable = await run(dir);
    if ('refused' in memory || 'refused' in durable) {
      assert.deepEqual(memory, durable);
      return;
    }
    const got = { memory: normalised(memory.history), durable: normalised(durable.history) };
    const text = JSON.stringify(got);
    if (text.length > LARGE)
      for (const k of ['memory', 'durable'] as const) got[k] = [{ events: got[k].length, sha256: createHash('sha256').update(JSON.stringify(got[k])).digest('hex') }];
    const file = join(GOLDENS, `${name}.json`);
    if (UPDATE) {
      mkdirSync(GOLDENS, { recursive: true });
      // One event per line: a difference shows as the lines of the events that differ.
      const lines = (events: unknown[]) => events.map((e) => `  ${JSON.stringify(e)}`).join(',\n');
      writeFileSync(file, `{"memory": [\n${lines(got.memory)}\n], "durable": [\n${lines(got.durable)}\n]}\n`);
      return;
    }
    assert.ok(existsSync(file), `no golden for ${name}: run with UPDATE_HISTORY_GOLDENS=1`);
    const want = JSON.parse(readFileSync(file, 'utf8')) as typeof got;
    assert.deepEqual(got.memory, want.memory, `${name} in memory`);
    assert.deepEqual(got.durable, want.durable, `${name} on the durable store`);
  });
}
