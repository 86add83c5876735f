/**
 * `fdl delete <flow> <execution> [--store dir]` and
 * `fdl prune [--flow F] [--older-than DAYS] [--keep N] [--store dir] [--yes]`: remove finished
 * executions and their histories from the local store, so `.fdl/executions` does not grow forever.
 *
 * Deleting needs the store to itself: while another live process owns it (`fdl run`/`serve`, VS
 * Code; store-lock.ts) both commands refuse (exit 1) and say which pid, since that process holds
 * the executions in memory and appends to the same log; `prune`'s dry run only reads, and lists. Otherwise they take the lock for the
 * duration, without open(): nothing is resumed. A running execution is never deleted (the engine
 * refuses, all or nothing). `prune` without `--yes` is a dry run: it lists what it would delete.
 * stdout is JSON for scripts (`{"deleted":[…]}` / `{"wouldDelete":[…]}`); stderr says what
 * happened in the user's language. Exit 0 done, 1 refused, 2 usage.
 */
import { existsSync } from 'node:fs';
import { LocalBackend } from '../local-backend';
import { engineText } from '../messages';
import { acquireStoreLock, storeOwner } from '../store/store-lock';
import { parseArgs, wholeNumberFlag, type ParsedArgs } from './cli-args';
import { CliUsageError, cliText, say } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { storeDirFrom } from './engine-setup';

type ExecutionRef = { flowName: string; executionName: string };

const USAGE_DELETE = COMMAND_USAGE.delete.usage;
const USAGE_PRUNE = COMMAND_USAGE.prune.usage;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function runDelete(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const [flowName, executionName, extra] = p.positional;
  if (!flowName || !executionName || extra !== undefined) return usage(USAGE_DELETE, 'deleteHelp');
  const storeDir = storeDirFrom(p);
  // No store yet: nothing to delete, and nothing created by asking.
  if (!existsSync(storeDir)) return refused('ExecutionNotExists', engineText('executionMissing', executionName, flowName));
  return withStore(storeDir, async (backend) => {
    await backend.deleteExecutions([{ flowName, executionName }]);
    process.stdout.write(JSON.stringify({ deleted: [{ flowName, executionName }] }, null, 2) + '\n');
    say('deletedOne', flowName, executionName);
  });
}

export async function runPrune(args: string[]): Promise<number> {
  const p = parseArgs(args, ['yes']);
  let filter: { flowName?: string; startedBefore?: string; keepLatest?: number };
  try {
    // A stray word (`fdl prune myflow --yes`) would otherwise prune every flow.
    if (p.positional.length) throw new CliUsageError(cliText('prunePositional', p.positional[0]));
    filter = pruneFilterFrom(p, Date.now());
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    say('fatal', e.message);
    return usage(USAGE_PRUNE, 'pruneHelp');
  }
  const yes = p.flags.has('yes');
  const storeDir = storeDirFrom(p);
  if (!existsSync(storeDir)) return report([], yes);
  if (!yes) {
    // A dry run only reads the index: it needs no lock, so it also works while VS Code or
    // `fdl serve` owns the store (what it lists may change as that process runs on).
    const reader = new LocalBackend({ storeDir });
    try {
      return report(reader.finishedExecutions(filter), false);
    } finally {
      reader.close();
    }
  }
  return withStore(storeDir, async (backend) => {
    const selected = backend.finishedExecutions(filter);
    if (yes && selected.length) await backend.deleteExecutions(selected);
    report(selected, yes);
  });
}

/** `--flow`, `--older-than DAYS` (a number ≥ 0, fractions allowed) and `--keep N` (a whole number ≥ 0). */
export function pruneFilterFrom(p: ParsedArgs, now: number): { flowName?: string; startedBefore?: string; keepLatest?: number } {
  const filter: { flowName?: string; startedBefore?: string; keepLatest?: number } = {};
  const flow = p.flags.get('flow');
  if (flow !== undefined) {
    if (flow === true || flow.trim() === '') throw new CliUsageError(cliText('pruneFlow'));
    filter.flowName = flow;
  }
  const days = p.flags.get('older-than');
  if (days !== undefined) {
    const text = days === true ? '' : days.trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < 0) throw new CliUsageError(cliText('pruneOlderThan', days === true ? '' : days));
    filter.startedBefore = new Date(now - n * DAY_MS).toISOString();
  }
  const keep = wholeNumberFlag(p, 'keep', (written) => new CliUsageError(cliText('pruneKeep', written)));
  if (keep !== undefined) filter.keepLatest = keep;
  return filter;
}

function report(selected: ExecutionRef[], deleted: boolean): number {
  process.stdout.write(JSON.stringify(deleted ? { deleted: selected } : { wouldDelete: selected }, null, 2) + '\n');
  if (deleted) say('pruned', selected.length);
  else say('pruneDryRun', selected.length);
  return 0;
}

/**
 * Runs `f` on a backend over the store while this process holds its lock; refuses (exit 1)
 * when another live process owns the store, and turns the engine's refusals into exit 1.
 */
async function withStore(storeDir: string, f: (backend: LocalBackend) => Promise<void>): Promise<number> {
  const owner = storeOwner(storeDir);
  if (owner !== undefined && owner !== process.pid) return refused('StoreInUse', cliText('storeInUse', storeDir, owner));
  let release: () => void;
  try {
    release = acquireStoreLock(storeDir);
  } catch {
    // Taken between the check and now.
    return refused('StoreInUse', cliText('storeInUse', storeDir, storeOwner(storeDir) ?? '?'));
  }
  const backend = new LocalBackend({ storeDir });
  try {
    await f(backend);
    return 0;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    return refused(code, (e as Error).message);
  } finally {
    backend.close();
    release();
  }
}

function refused(code: string, message: string): number {
  say('refused', code, message);
  return 1;
}

function usage(text: string, help: 'deleteHelp' | 'pruneHelp'): number {
  say('usage', text);
  say(help);
  return 2;
}
