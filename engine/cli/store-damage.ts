/**
 * The one warning `run`, `serve` and `list` print (on stderr) when the store's log has damaged
 * lines: which file, which lines, where their copies are, and which executions may be affected.
 */
import type { LocalBackend } from '../local-backend';
import { HISTORY_DAMAGED_ERROR } from '../store/execution-store';
import { cliText } from './cli-messages';

export function warnStoreDamage(backend: LocalBackend): void {
  const damage = backend.storeDamage;
  if (damage.length === 0) return;
  const files = [...new Set(damage.map((d) => d.file))].join(', ');
  const lines = damage.map((d) => d.line).join(', ');
  const copies = [...new Set(damage.map((d) => d.quarantine ?? d.file))].join(', ');
  const executions = [...new Set(damage.flatMap((d) => d.executions))];
  let text = cliText('storeDamaged', files, lines, copies);
  if (executions.length) text += ' ' + cliText('storeDamagedExecutions', executions.join(', '), HISTORY_DAMAGED_ERROR);
  process.stderr.write(text + '\n');
}
