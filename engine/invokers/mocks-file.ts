/**
 * The mocks file (issue 3, "Mocks"): YAML or JSON whose `tasks` maps a step name or a resourceArn
 * (or `*`) to a list with one entry per invocation, each `{output: <JSON>}` or
 * `{error: <name>, cause: <string>}`, optionally `delayMs`.
 *
 * Read strictly: a mistyped key (`erorr:`), an entry with neither or both outcomes, a non-text
 * error name or a negative delay is refused when the file is loaded, naming the file (and line
 * when the text has lines), the task and the entry; otherwise a typo would silently answer `{}`.
 * An empty list (or a task with nothing under it) is no mock at all: that task falls through to
 * the other invokers, and with none the run fails naming the step (engineText 'noInvoker').
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { MAX_NESTING, tooDeepAt } from '../../fdl/input-limits';
import { closestMatch } from '../../fdl/schema/did-you-mean';
import { readBlockYaml } from '../../fdl/yaml/block-reader';
import { MAX_DOCUMENT_BYTES, readTextBounded } from '../flow-text';
import { checkJsonValue, jsonLimitText, MAX_JSON_DEPTH, parseJsonWithinLimits } from '../json-limits';
import { engineText } from '../messages';

export type MockEntry = { output?: unknown; error?: string; cause?: string; delayMs?: number };
export interface MocksFile {
  tasks: Record<string, MockEntry[]>;
}

const ENTRY_KEYS = ['output', 'error', 'cause', 'delayMs'] as const;

export function loadMocksFile(path: string): MocksFile {
  let text: string;
  try {
    text = readTextBounded(path, MAX_DOCUMENT_BYTES);
  } catch (e) {
    throw new Error(engineText('mocksUnreadable', path, (e as Error).message));
  }
  return parseMocks(text, path);
}

/** Problems are thrown as Errors whose message (in the user's language) names the place and the fix. */
export function parseMocks(text: string, where = 'mocks'): MocksFile {
  // `yaml` recurses once per level: some thousand levels overflow its stack. Flows have the same limit.
  const deep = tooDeepAt(text, MAX_NESTING);
  if (deep !== undefined) {
    const line = text.slice(0, deep).split('\n').length;
    throw new Error(engineText('mocksTooDeep', text.trim().includes('\n') ? `${where}:${line}` : where, MAX_NESTING, MAX_JSON_DEPTH));
  }
  // Block YAML (the usual mocks file: `tasks:`, lists of `- output: {…}`) is read by the language
  // core's block reader, which builds the value in one pass without evaluating `yaml` (docs/cold-start.md);
  // `yaml` reads what it declines, and a file with a problem again, for the line to name.
  const block = readBlockYaml(text);
  if (block) {
    try {
      return mocksOf(block.value, where, () => where);
    } catch {
      /* read again below: the message names the line */
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) throw new Error(engineText('mocksNotYaml', where, doc.errors[0].message));
  let value: unknown;
  try {
    // toJS refuses what it cannot build: aliases expanding past its count (a billion laughs).
    value = doc.toJS();
  } catch (e) {
    throw new Error(engineText('mocksNotYaml', where, (e as Error).message));
  }
  // A line helps only in text that has lines (a scenario's inline mocks arrive as one-line JSON).
  const multiline = text.trim().includes('\n');
  return mocksOf(value, where, (path, key) => {
    if (!multiline) return where;
    let node = doc.getIn(['tasks', ...path], true) as Node | undefined;
    if (key !== undefined && isMap(node)) node = (node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key)?.key as Node | undefined) ?? node;
    const offset = node?.range?.[0];
    return offset === undefined ? where : `${where}:${lines.linePos(offset).line}`;
  });
}

/** The mocks of a file's value; `at` names the place of a task's entry (or of one of its keys) in problems. */
function mocksOf(value: unknown, where: string, at: (path: (string | number)[], key?: string) => string): MocksFile {
  const tasks = (value as { tasks?: unknown } | null)?.tasks;
  if (typeof tasks !== 'object' || tasks === null || Array.isArray(tasks)) throw new Error(engineText('mocksNoTasks', where));
  const out: Record<string, MockEntry[]> = {};
  for (const [task, value] of Object.entries(tasks as Record<string, unknown>)) {
    const list = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (list.length === 0) continue; // no mock for this task
    out[task] = list.map((entry, i) => checkEntry(entry, task, i, (key) => at(Array.isArray(value) ? [task, i] : [task], key)));
  }
  return { tasks: out };
}

function checkEntry(entry: unknown, task: string, index: number, at: (key?: string) => string): MockEntry {
  const n = index + 1;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(engineText('mocksBadEntry', at(), `tasks.${task}[${index}]`));
  const e = entry as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if ((ENTRY_KEYS as readonly string[]).includes(key)) continue;
    const near = closestMatch(key, ENTRY_KEYS);
    throw new Error(engineText('mocksUnknownKey', at(key), task, n, key, near ? engineText('mocksDidYouMean', near) : ''));
  }
  const hasOutput = 'output' in e;
  const hasError = 'error' in e;
  if (hasOutput && hasError) throw new Error(engineText('mocksBothOutcomes', at(), task, n));
  if (!hasOutput && !hasError) throw new Error(engineText('mocksNoOutcome', at(), task, n));
  if (hasError && (typeof e.error !== 'string' || e.error.trim() === '')) throw new Error(engineText('mocksErrorName', at('error'), task, n, JSON.stringify(e.error) ?? 'nothing'));
  if ('cause' in e) {
    if (!hasError) throw new Error(engineText('mocksCauseWithoutError', at('cause'), task, n));
    if (typeof e.cause !== 'string') throw new Error(engineText('mocksCauseText', at('cause'), task, n, JSON.stringify(e.cause) ?? 'nothing'));
  }
  if (hasOutput) {
    // An output is a task's result: held to the engine's JSON limits when the file is loaded, not when a task meets it.
    // An output written as JSON text is read as JSON by the task (run/patterns/task-attempt.ts): its numbers too.
    const parsed = typeof e.output === 'string' ? parseJsonWithinLimits(e.output, { maxBytes: Number.POSITIVE_INFINITY }) : undefined;
    const check = parsed && !parsed.ok && parsed.problem === 'range' ? parsed : checkJsonValue(e.output, { finiteNumbers: true });
    if (!check.ok) throw new Error(engineText('mocksOutputLimit', at('output'), task, n, jsonLimitText('output', check)));
  }
  if ('delayMs' in e && (typeof e.delayMs !== 'number' || !Number.isFinite(e.delayMs) || e.delayMs < 0)) {
    throw new Error(engineText('mocksBadDelay', at('delayMs'), task, n, JSON.stringify(e.delayMs) ?? 'nothing'));
  }
  return e as MockEntry;
}
