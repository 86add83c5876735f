/**
 * `fdl list [--flow F]`, `fdl describe <flow> <execution>`, `fdl history <flow> <execution> [--all]`
 * (`--all` adds the engine's timer events) and `fdl stop <flow> <execution> [--error E] [--cause C]`,
 * all against `--store dir` (default `<cwd>/.fdl/executions`). Output is JSON.
 * `stop` hands the stop to the process owning the store (store-lock.ts) through its inbox; with no
 * owner it takes the store itself for the append.
 */
import type { HistoryEvent } from '../backend';
import type { AnyStoredEvent } from '../history/events';
import { foldHistory, isTerminal } from '../history/fold';
import { LocalBackend } from '../local-backend';
import { warnStoreDamage } from './store-damage';
import { sendToInbox } from '../store/report-inbox';
import { acquireStoreLock, storeOwner } from '../store/store-lock';
import { engineText } from '../messages';
import { flagString, parseArgs } from './cli-args';
import { CliUsageError, say } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { storeDirFrom } from './engine-setup';

function backendFor(p: ReturnType<typeof parseArgs>): LocalBackend {
  // Read-only use: no open(), so nothing is resumed by these commands.
  return new LocalBackend({ storeDir: storeDirFrom(p) });
}

export async function runList(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const b = backendFor(p);
  warnStoreDamage(b);
  process.stdout.write(JSON.stringify(await b.listExecutions(flagString(p, 'flow') ?? p.positional[0]), null, 2) + '\n');
  return 0;
}

export async function runDescribe(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const [flow, exec] = p.positional;
  if (!flow || !exec) return usage(COMMAND_USAGE.describe.usage);
  return guarded(async () => process.stdout.write(JSON.stringify(await backendFor(p).describeExecution(flow, exec), null, 2) + '\n'));
}

export async function runHistory(args: string[]): Promise<number> {
  const p = parseArgs(args, ['all']);
  const [flow, exec] = p.positional;
  if (!flow || !exec) return usage(COMMAND_USAGE.history.usage);
  return guarded(async () => process.stdout.write(historyText(await backendFor(p).getExecutionHistory(flow, exec, { all: p.flags.has('all') }))));
}

/** How `fdl history` prints events (also `fdl run --history`): a JSON array, EventDetail as the service's JSON text. */
export function historyText(events: readonly HistoryEvent[]): string {
  return JSON.stringify(events, null, 2) + '\n';
}

export async function runStop(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const [flow, exec] = p.positional;
  if (!flow || !exec) return usage(COMMAND_USAGE.stop.usage);
  const storeDir = storeDirFrom(p);
  const error = flagString(p, 'error') ?? '';
  const cause = flagString(p, 'cause') ?? '';
  const viaOwner = async () => {
    const res = await sendToInbox(storeDir, { kind: 'stop', flowName: flow, executionName: exec, error, cause });
    if (!res.ok) say('refused', res.code, res.message);
    return res.ok ? 0 : 1;
  };
  if (storeOwner(storeDir) !== undefined && storeOwner(storeDir) !== process.pid) return viaOwner();
  // Nobody runs the store: the execution is idle on disk, so recording its end is the whole stop.
  // Taken like any owner for the read-and-append, so no `fdl run`/`serve` or VS Code opens the store
  // in between (it would append to the same history); one that took it since the check gets the
  // stop through its inbox instead.
  let release: () => void;
  try {
    release = acquireStoreLock(storeDir);
  } catch {
    return viaOwner();
  }
  const b = new LocalBackend({ storeDir });
  try {
    return await guarded(async () => {
      const history = b.store.readHistory(flow, exec);
      const state = foldHistory(history);
      if (!state) throw Object.assign(new Error(engineText('executionMissing', exec, flow)), { code: 'ExecutionNotExists' });
      if (isTerminal(state.status)) throw Object.assign(new Error(engineText('executionFinished', exec, state.status)), { code: 'ExecutionAlreadyCompleted' });
      const stopped: AnyStoredEvent = {
        eventId: state.lastEventId + 1,
        scheduleEventId: 1,
        type: 'ExecutionStopped',
        time: new Date().toISOString(),
        key: '$|ExecutionEnd',
        detail: { error, cause },
      };
      b.store.append(flow, exec, stopped);
      b.close(); // durable (fsync'ed) before it is reported
      process.stdout.write(JSON.stringify(await b.describeExecution(flow, exec), null, 2) + '\n');
    });
  } finally {
    b.close();
    release();
  }
}

async function guarded(f: () => Promise<unknown>): Promise<number> {
  try {
    await f();
    return 0;
  } catch (e) {
    // Bad arguments are the command's usage errors (exit 2), not an API refusal.
    if (e instanceof CliUsageError) throw e;
    say('refused', (e as { code?: string }).code ?? 'Error', (e as Error).message);
    return 1;
  }
}

function usage(text: string): number {
  say('usage', text);
  return 2;
}
