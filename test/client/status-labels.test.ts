/**
 * An execution's outcome reads the same, in the user's language, wherever it is shown: the run
 * notification, the Runs channel, the flow graph and the Executions view all take their status
 * words from one table (client/views/execution-items.ts), never from a raw event type like
 * "TimedOut".
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { endedStatus } from '../../engine/history/fold';

const ROOT = join(__dirname, '..', '..');
const LABEL_TABLE = join('client', 'views', 'execution-items.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const clientSources = () => sourceFiles(join(ROOT, 'client')).map((file) => ({ file: file.slice(ROOT.length + 1), text: readFileSync(file, 'utf8') }));

test('each end event gives its execution status; other events end nothing', () => {
  assert.equal(endedStatus('ExecutionSucceeded'), 'Succeeded');
  assert.equal(endedStatus('ExecutionFailed'), 'Failed');
  assert.equal(endedStatus('ExecutionStopped'), 'Stopped');
  assert.equal(endedStatus('ExecutionTimedOut'), 'TimedOut');
  for (const other of ['ExecutionStarted', 'StepFailed', 'TaskTimedOut', 'toString', '']) assert.equal(endedStatus(other), undefined, other);
});

test('no client code turns an event type into the text a user reads', () => {
  const raw = clientSources()
    .filter(({ text }) => /\.type\.replace\(|l10n\.t\([^)]*\.type\b/.test(text))
    .map(({ file }) => file);
  assert.deepEqual(raw, [], 'word the status with executionStatusText / stepStatusText');
});

test('the run notification and the Runs channel word outcomes with the label table', () => {
  for (const file of ['client/actions/flow-run.ts', 'client/actions/run-output.ts']) {
    assert.match(readFileSync(join(ROOT, file), 'utf8'), /executionStatusText\(endedStatus\(e\.type\)/, file);
  }
});

test('status words are translated in one place only: the label table', () => {
  const words = /l10n\.t\('(Starting|Running|Succeeded|Failed|Stopped|Timed out|running|waiting for (?:a )?callback|succeeded|failed|stopped|timed out|skipped)'\)/g;
  const elsewhere = clientSources()
    .filter(({ file }) => file !== LABEL_TABLE)
    .flatMap(({ file, text }) => [...text.matchAll(words)].map((m) => `${file}: ${m[1]}`));
  assert.deepEqual(elsewhere, [], 'use executionStatusText / stepStatusText from client/views/execution-items.ts');
});
