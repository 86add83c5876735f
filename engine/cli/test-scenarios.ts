/**
 * `fdl test <scenario files or folders...> [--time-scale N] [--max-events N] [--functions s.yaml] [--fc region]
 * [--coverage] [--coverage-json FILE]`: runs each
 * scenario (scenario.ts) with its history in memory (nothing written: a scenario needs no
 * persistence), prints PASS/FAIL per scenario with what
 * differed, then `N passed, N failed`. Exit 0 only if every scenario passed. Time is virtual
 * (scale 0: waits, retry intervals, timeouts and mock delays skip ahead, in order, whenever the
 * flow is idle) unless --time-scale says otherwise. --max-events is the event limit of scenarios that do not set
 * their own `maxEvents`.
 * --coverage prints, after the results, each flow's coverage by its scenarios (which states,
 * choice branches, catch and retry rules they took; engine/analysis/coverage.ts) and where the
 * targets never taken are; --coverage-json writes the same as JSON (docs/coverage.md). Neither
 * changes the exit code.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseFlow } from '../../fdl/parse';
import type { HistoryEvent } from '../backend';
import { coverageKindText, coverageSummaryText } from '../analysis/analysis-messages';
import { flowCoverage, type FlowCoverage } from '../analysis/coverage';
import { coverageJson } from '../analysis/coverage-json';
import { readFlowText } from '../flow-text';
import { localeFromEnvironment } from '../messages';
import { loadScenario, runScenario, scenarioHistory } from '../scenario';
import { flagString, parseArgs } from './cli-args';
import { CliUsageError, cliText, say } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { functionInvokersFrom, maxEventsOption, sayRunUsage, timeScaleFrom } from './engine-setup';
import { fcInvokersFrom } from './fc-setup';

const USAGE = COMMAND_USAGE.test.usage;

export async function runTest(args: string[]): Promise<number> {
  const p = parseArgs(args, ['coverage']);
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
    if (p.flags.get('coverage-json') === true) throw new CliUsageError(cliText('coverageJsonFlag'));
    fc = await fcInvokersFrom(p);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    say('fatal', e.message);
    return 2;
  }
  const coverageFile = flagString(p, 'coverage-json');
  const wantCoverage = p.flags.has('coverage') || coverageFile !== undefined;
  /** Each flow's scenario histories, in the service's form, in the order the scenarios ran. */
  const histories = new Map<string, HistoryEvent[][]>();
  let passed = 0;
  let failed = 0;
  for (const file of p.positional) {
    let name = file;
    let failures: string[];
    try {
      const s = loadScenario(file);
      name = s.name;
      const r = await runScenario(s, { timeScale, maxEvents, invokers: [...functionInvokersFrom(p, timeScale), ...fc] });
      failures = r.failures;
      if (wantCoverage) {
        const runs = histories.get(s.flowPath) ?? [];
        const history = scenarioHistory(r);
        if (history) runs.push(history);
        histories.set(s.flowPath, runs);
      }
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
  if (wantCoverage) reportCoverage(histories, p.flags.has('coverage'), coverageFile);
  return failed === 0 ? 0 : 1;
}

/** Prints each flow's coverage (with --coverage) and writes the JSON report (with --coverage-json). */
function reportCoverage(histories: ReadonlyMap<string, HistoryEvent[][]>, print: boolean, file: string | undefined): void {
  const locale = localeFromEnvironment(process.env);
  const flows: { flow: string; coverage: FlowCoverage }[] = [];
  for (const [flowPath, runs] of histories) {
    let text: string;
    try {
      const read = readFlowText(flowPath);
      if (!('text' in read)) continue;
      text = read.text;
    } catch {
      continue; // the scenario's own failure already says the flow cannot be read
    }
    const flow = relative(process.cwd(), flowPath).split('\\').join('/');
    const coverage = flowCoverage(parseFlow(text, locale), runs);
    flows.push({ flow, coverage });
    if (!print) continue;
    process.stdout.write(cliText('coverageOf', flow, runs.length, coverageSummaryText(coverage.summary, coverage.dialect, locale)) + '\n');
    for (const t of coverage.targets) {
      if (t.hits > 0) continue;
      const what = t.kind === 'state' ? t.state : t.kind === 'default' ? t.state : `${t.state}: ${t.label}`;
      process.stdout.write(cliText('coverageNever', flow, t.line, t.column, coverageKindText(t.kind, coverage.dialect, locale), what) + '\n');
    }
  }
  if (file === undefined) return;
  try {
    writeFileSync(file, JSON.stringify(coverageJson(flows), null, 2) + '\n');
    say('coverageWritten', file);
  } catch (e) {
    say('coverageNotWritten', file, (e as Error).message);
  }
}
