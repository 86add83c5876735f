/**
 * `fdl test <scenario files or folders...> [--time-scale N] [--functions s.yaml]`: runs each
 * scenario (scenario.ts) on a fresh temporary store, prints PASS/FAIL per scenario with what
 * differed, then `N passed, N failed`. Exit 0 only if every scenario passed. Waits are instant
 * unless --time-scale says otherwise.
 */
import { loadScenario, runScenario } from '../scenario';
import { parseArgs, flagString } from './cli-args';
import { functionInvokersFrom } from './engine-setup';

export async function runTest(args: string[]): Promise<number> {
  const p = parseArgs(args);
  if (p.positional.length === 0) {
    process.stderr.write('usage: fdl test <scenario.yaml | fixture folder>... [--time-scale N] [--functions s.yaml]\n');
    return 2;
  }
  const timeScale = Number(flagString(p, 'time-scale') ?? 0);
  let passed = 0;
  let failed = 0;
  for (const file of p.positional) {
    let name = file;
    let failures: string[];
    try {
      const s = loadScenario(file);
      name = s.name;
      failures = (await runScenario(s, { timeScale, invokers: functionInvokersFrom(p, timeScale) })).failures;
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
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
