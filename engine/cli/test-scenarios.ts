/**
 * `fdl test <scenario files or folders...> [--time-scale N] [--max-events N] [--functions s.yaml] [--fc region]`: runs each
 * scenario (scenario.ts) with its history in memory (nothing written: a scenario needs no
 * persistence), prints PASS/FAIL per scenario with what
 * differed, then `N passed, N failed`. Exit 0 only if every scenario passed. Time is virtual
 * (scale 0: waits, retry intervals, timeouts and mock delays skip ahead, in order, whenever the
 * flow is idle) unless --time-scale says otherwise. --max-events is the event limit of scenarios that do not set
 * their own `maxEvents`.
 */
import { loadScenario, runScenario } from '../scenario';
import { parseArgs } from './cli-args';
import { CliUsageError, cliText, say } from './cli-messages';
import { functionInvokersFrom, maxEventsOption, sayRunUsage, timeScaleFrom } from './engine-setup';
import { fcInvokersFrom } from './fc-setup';

const USAGE = 'fdl test <scenario.yaml | fixture folder>... [--time-scale N] [--max-events N] [--functions s.yaml] [--fc region]';

export async function runTest(args: string[]): Promise<number> {
  const p = parseArgs(args);
  if (p.positional.length === 0) {
    sayRunUsage(USAGE);
    return 2;
  }
  let timeScale: number;
  let fc: Awaited<ReturnType<typeof fcInvokersFrom>>;
  let maxEvents: number | undefined;
  try {
    timeScale = timeScaleFrom(p, 0);
    maxEvents = maxEventsOption(p);
    fc = await fcInvokersFrom(p);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    say('fatal', e.message);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of p.positional) {
    let name = file;
    let failures: string[];
    try {
      const s = loadScenario(file);
      name = s.name;
      failures = (await runScenario(s, { timeScale, maxEvents, invokers: [...functionInvokersFrom(p, timeScale), ...fc] })).failures;
    } catch (e) {
      failures = [(e as Error).message];
    }
    if (failures.length === 0) {
      passed++;
      process.stdout.write(`PASS ${name}\n`);
    } else {
      failed++;
      process.stdout.write(`FAIL ${name}\n${failures.map((f) => `  ${f}\n`).join('')}`);
    }
  }
  process.stdout.write(cliText('tally', passed, failed) + '\n');
  return failed === 0 ? 0 : 1;
}
