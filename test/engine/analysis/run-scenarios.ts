/** Runs scenario files on the engine (in memory, time scale 0) and gives their histories as the Backend API shows them. */
import type { HistoryEvent } from '../../../engine/backend';
import { loadScenario, runScenario, scenarioHistory } from '../../../engine/scenario';

export async function scenarioHistories(files: string[]): Promise<{ flowPath: string; histories: HistoryEvent[][] }> {
  let flowPath = '';
  const histories: HistoryEvent[][] = [];
  for (const f of files) {
    const s = loadScenario(f);
    flowPath = s.flowPath;
    const r = await runScenario(s, { timeScale: 0 });
    if (!r.result || r.failures.length > 0) throw new Error(`${f}: ${r.failures.join('; ')}`);
    histories.push(scenarioHistory(r)!);
  }
  return { flowPath, histories };
}
