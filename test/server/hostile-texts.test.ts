/**
 * Thousands of generated hostile texts, both dialects, through every feature of the language
 * server in-process (the same modules server/server.ts wires, on the same parse cache): the
 * diagnostics, completion and its resolve, hover, document symbols, go to definition, find
 * references, prepare rename and rename, code actions for the text's own diagnostics, formatting,
 * folding and selection ranges. A text is a valid flow of either dialect broken by a few seeded
 * mutations: deep nesting (flow and block style), a 1 MB line, NUL, lone surrogates, anchors and
 * alias bombs, tags, duplicate keys, tabs, CR/CRLF mixes, a BOM, and every construct given a value
 * of the wrong type. Half the texts arrive as an edit of the valid flow, so the reparse path
 * (fdl/parse.ts reparseFlow) sees them too.
 *
 * Fails when a feature throws (in the server that is a logged handler failure and an empty
 * answer), when an answer is unbounded (more than ANSWER_BYTES_PER_CHAR × the text plus
 * ANSWER_BYTES_FLOOR of JSON), or when a range or position lies outside the text. A hang fails by
 * the test's timeout. HOSTILE_SEED=<n> replays another sequence, HOSTILE_TEXTS=<n> runs more texts
 * (3,000 of seeds 7, 99 and the default pass), HOSTILE_TRACE=1 prints each feature's time and
 * the texts that took long.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem, Diagnostic, Position } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../../server/code-actions';
import { complete } from '../../server/completion';
import { CompletionSources } from '../../server/completion-source';
import { resolveCompletion } from '../../server/completion-values';
import { definition } from '../../server/definition';
import { toLspDiagnostics } from '../../server/diagnostics';
import { FlowDocumentCache, type FlowDocument } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';
import { foldingRanges } from '../../server/folding';
import { formatDocument } from '../../server/formatting';
import { hover } from '../../server/hover';
import { references } from '../../server/references';
import { prepareRename, rename } from '../../server/rename';
import { selectionRanges } from '../../server/selection-range';
import { documentSymbols } from '../../server/symbols';
import { parseFlow } from '../../fdl/index';
import { prng } from '../engine/helpers';

const SEED = Number(process.env.HOSTILE_SEED ?? 20261208);
const TEXTS = Number(process.env.HOSTILE_TEXTS ?? 1000);
const ANSWER_BYTES_PER_CHAR = 200;
const TRACE = !!process.env.HOSTILE_TRACE;
const spent = new Map<string, number>();
process.on('exit', () => TRACE && console.error([...spent].map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join('\n')));
const ANSWER_BYTES_FLOOR = 2_000_000;

const env: FeatureEnv = {
  locale: 'en',
  workspaceFunctions: () => [{ arn: 'acs:fc:cn-hangzhou:1:functions/f', flavor: 'fc3', functionName: 'f', source: '/ws/s.yaml' }],
};

const CLASSIC = `version: v1
type: flow
name: demo
timeoutSeconds: 60
inputMappings:
  - target: a
    source: $input.a
steps:
  - type: task
    name: call
    resourceArn: acs:fc:cn-hangzhou:1:functions/f
    pattern: waitForCallback
    timeoutSeconds: 10
    inputMappings:
      - target: token
        source: $context.task.token
    retry:
      - errors: [FC.ResourceThrottled]
        intervalSeconds: 1
        maxAttempts: 3
    catch:
      - errors: [FnF.ALL]
        goto: end
  - type: choice
    name: pick
    choices:
      - condition: $.a > 1 && $.b == "x"
        steps:
          - type: pass
            name: inner
        goto: end
    default:
      goto: loop
  - type: foreach
    name: loop
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: wait
        name: w
        duration: 1
  - type: parallel
    name: both
    branches:
      - steps:
          - type: pass
            name: left
      - steps:
          - type: succeed
            name: right
  - type: pass
    name: end
    outputMappings:
      - target: out
        source: $local.x
`;

const STATEMACHINE = `Type: StateMachine
Name: demo
SpecVersion: v1
StartAt: Call
States:
  - Type: Task
    Name: Call
    Action: FC:InvokeFunction
    TaskMode: WaitForCustomCallback
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:1:functions/f
      invocationType: Sync
    InputConstructor:
      token.$: $Context.Current.TaskToken
    Retry:
      - Errors: [FC.ResourceThrottled]
        MaxAttempts: 3
    Catch:
      - Errors: [FnF.ALL]
        Next: End
    Next: Pick
  - Type: Choice
    Name: Pick
    Branches:
      - Condition: $Input.a > 1 && length($Input.b) == 2
        Next: Each
    Default: End
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    ItemProcessor:
      StartAt: W
      States:
        - Type: Wait
          Name: W
          Seconds: 1
          End: true
    Next: Both
  - Type: Parallel
    Name: Both
    Branches:
      - StartAt: L
        States:
          - Type: Pass
            Name: L
            End: true
    Next: End
  - Type: Pass
    Name: End
    OutputConstructor:
      x.$: $Output.y
    End: true
`;

/** New names no YAML plain scalar can hold as they are. */
const HOSTILE_NAMES = [
  'renamed_1',
  'a: b',
  '- x',
  '#c',
  "it's",
  '"q"',
  'x\ny',
  'tab\there',
  '*a',
  '&a',
  '!t',
  '[x]',
  '{x}',
  '%p',
  '@p',
  '`p',
  'n'.repeat(5000),
  'nul\u0000',
  'lone\ud800',
  '  padded  ',
  'true',
  '1e400',
  'null',
  '~',
  'é名',
];

/** Values of every wrong type, for any key. */
const WRONG_VALUES = [
  '',
  'null',
  '~',
  '3',
  '-1',
  '1e400',
  '.nan',
  'true',
  '[]',
  '{}',
  '[1, [2, {a: 3}]]',
  '{a: [b, {c: d}]}',
  '"quoted"',
  "'x'",
  '|\n  block',
  '>-\n  folded',
  '!!binary aGVsbG8=',
  '!custom x',
  '&a x',
  '*a',
  '*nowhere',
  '? x\n: y',
  '"\\u0000\\ud800"',
];
/** Keys of both dialects, every construct. */
const KEYS = [
  'version',
  'type',
  'name',
  'steps',
  'resourceArn',
  'pattern',
  'timeoutSeconds',
  'inputMappings',
  'outputMappings',
  'errorMappings',
  'target',
  'source',
  'retry',
  'catch',
  'errors',
  'goto',
  'choices',
  'condition',
  'default',
  'branches',
  'iterationMapping',
  'collection',
  'item',
  'index',
  'duration',
  'serviceParams',
  'end',
  'Type',
  'Name',
  'SpecVersion',
  'StartAt',
  'States',
  'Next',
  'End',
  'Action',
  'TaskMode',
  'Parameters',
  'InputConstructor',
  'OutputConstructor',
  'Retry',
  'Catch',
  'Errors',
  'Branches',
  'Condition',
  'Default',
  'ItemsPath',
  'ItemProcessor',
  'ItemConstructor',
  'Seconds',
  'Timestamp',
  'Code',
  'Detail',
  'MaxConcurrency',
  'ProcessorConfig',
  'x.$',
  'a.$',
  'Items',
  'ToleratedFailurePercentage',
  'Description',
];
/** Fragments dropped into a text at a random place. */
function fragment(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const n = 1 + Math.floor(rnd() * 40);
  switch (Math.floor(rnd() * 22)) {
    case 0:
      return '['.repeat(n * 20) + (rnd() < 0.5 ? ']'.repeat(n * 20) : '');
    case 1:
      return '{a: '.repeat(n * 10) + '1' + '}'.repeat(rnd() < 0.5 ? n * 10 : 0);
    case 2:
      return '\n' + Array.from({ length: n * 5 }, (_, i) => ' '.repeat(i) + '- x:').join('\n');
    case 3:
      return '\u0000'.repeat(n);
    case 4:
      return pick(['\ud800', '\udfff', '\ud83d', 'x\udc00y', '\ud800\ud800']);
    case 5:
      return `\n&a${n} [x, x]\nb: &b${n} [*a${n}, *a${n}, *a${n}]\n`;
    case 6:
      return pick(['!!map ', '!!seq ', '!!str ', '!!int ', '!!null ', '!<tag:x> ', '!local ', '!!binary ', '!!timestamp ', '!!set ', '!!omap ']);
    case 7:
      return `\n${pick(KEYS)}: ${pick(WRONG_VALUES)}\n${pick(KEYS)}: ${pick(WRONG_VALUES)}`;
    case 8:
      return '\t'.repeat((n % 5) + 1);
    case 9:
      return pick(['\r', '\r\n', '\n\r', '\r\r\n']);
    case 10:
      return '\ufeff';
    case 11:
      return `${pick(KEYS)}: ${pick(WRONG_VALUES)}`;
    case 12:
      return pick(['%YAML 1.2\n---\n', '---\n', '...\n', '--- !!map\n', '%TAG ! tag:x:\n---\n']);
    case 13:
      return pick(['<<: *a', '<<: {type: pass}', '<<: [*a, *b]', '? [a, b]\n: c']);
    case 14:
      return pick(['"unterminated', "'unterminated", '"\\', '"\\x', '"\\u12', '|', '>', '|-9', '#', '- ', ': ', '? ', '&', '*', '!', '`', '@', '%']);
    case 15:
      return pick(['$.', '$local.', '$input[', '$context.', '$Input.', '$Context.Current', 'length(', '$Input[0][', ' && ', ' || ', '==', '!=']).repeat(n);
    case 16:
      return pick(['\u2028', '\u2029', '\u0085', '\u00a0', '\u200b', '\u3000', '😀', '\u{10ffff}']);
    case 17:
      return `\n${' '.repeat(n)}- type: ${pick(['pass', 'task', 'choice', 'parallel', 'foreach', 'wait', 'succeed', 'fail', 'nope', '[]'])}\n${' '.repeat(n + 2)}name: ${pick(['end', 'loop', 'call', 'End', 'Call', ''])}`;
    case 18:
      return `\n  - Type: ${pick(['Pass', 'Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Succeed', 'Fail', 'Nope', '{}'])}\n    Name: ${pick(['End', 'Pick', 'Call', 'End', ''])}\n    ${pick(KEYS)}: ${pick(WRONG_VALUES)}`;
    case 19:
      return 'x'.repeat(n * 500);
    case 20:
      return `${pick(KEYS)}:${' '.repeat(n)}${pick(WRONG_VALUES)}\n${pick(KEYS)}:`;
    default:
      return pick(KEYS);
  }
}

/** The valid text with a few mutations: fragments inserted, a span deleted, a line duplicated (duplicate keys). */
function hostileText(rnd: () => number, base: string): string {
  let text = base;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (text.length + 1));
    const r = rnd();
    if (r < 0.7) text = text.slice(0, at) + fragment(rnd) + text.slice(at);
    else if (r < 0.85) text = text.slice(0, at) + text.slice(Math.min(text.length, at + Math.floor(rnd() * 80)));
    else {
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = text.indexOf('\n', at);
      const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd + 1);
      text = text.slice(0, lineStart) + line + line + text.slice(lineStart);
    }
  }
  return text;
}

/** The big ones, each once: sizes and depths far past the input limits (fdl/input-limits.ts). */
const GIANTS: { name: string; text: () => string }[] = [
  { name: '10,000 levels of flow sequences', text: () => 'steps: ' + '['.repeat(10_000) + ']'.repeat(10_000) },
  { name: '10,000 levels of flow mappings, unclosed', text: () => 'States: ' + '{a: '.repeat(10_000) },
  { name: '10,000 levels of block sequences', text: () => 'steps:\n' + Array.from({ length: 10_000 }, (_, i) => ' '.repeat(i + 1) + '-').join('\n') },
  { name: '10,000 levels of block mappings', text: () => 'steps:\n' + Array.from({ length: 10_000 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n') },
  { name: 'a 1 MB single line', text: () => CLASSIC.replace('name: demo', 'name: ' + 'd'.repeat(1_000_000)) },
  { name: 'a 100 KB line of flow items, 4,000 steps named alike', text: () => 'version: v1\ntype: flow\nsteps: [' + '{type: pass, name: p}, '.repeat(100_000 / 23) + ']' },
  { name: 'a 1 MB StateMachine expression', text: () => STATEMACHINE.replace('x.$: $Output.y', 'x.$: ' + '$Output.y + '.repeat(1_000_000 / 12) + '1') },
  {
    name: 'billion laughs',
    text: () => {
      const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < 30; i++)
        lines.push(
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      return `version: v1\ntype: flow\n${lines.join('\n')}\nsteps:\n  - type: pass\n    name: p\n    inputMappings:\n      - target: x\n        source: *a29\n`;
    },
  },
  {
    name: 'billion laughs in a StateMachine',
    text: () => {
      const lines = ['  - &a0 {Type: Pass, Name: p, End: true}'];
      for (let i = 1; i < 30; i++)
        lines.push(
          `  - &a${i} {Type: Parallel, Name: p${i}, Branches: [${Array(10)
            .fill(`{StartAt: p, States: [*a${i - 1}]}`)
            .join(', ')}], End: true}`,
        );
      return `Type: StateMachine\nName: x\nSpecVersion: v1\nStartAt: p\nStates:\n${lines.join('\n')}\n`;
    },
  },
  { name: 'NUL only', text: () => '\u0000'.repeat(100_000) },
  { name: 'lone surrogates only', text: () => '\ud800\udfff'.split('').reverse().join('').repeat(50_000) },
  { name: 'CR only line breaks', text: () => CLASSIC.replace(/\n/g, '\r') },
  {
    name: 'mixed CR, LF and CRLF',
    text: () =>
      CLASSIC.split('\n')
        .map((l, i) => l + ['\n', '\r\n', '\r'][i % 3])
        .join(''),
  },
  { name: 'tabs for indentation', text: () => STATEMACHINE.replace(/ {2}/g, '\t') },
  {
    name: 'every key twice',
    text: () =>
      CLASSIC.split('\n')
        .flatMap((l) => [l, l])
        .join('\n'),
  },
  { name: 'two thousand steps of one name', text: () => 'version: v1\ntype: flow\nsteps:\n' + '  - type: pass\n    name: same\n    end: true\n'.repeat(2_000) },
];

/** JSON of an answer, its size checked, and every range in it inside the text. */
function checkAnswer(what: string, answer: unknown, text: string, lines: number): void {
  const json = JSON.stringify(answer) ?? '';
  const limit = text.length * ANSWER_BYTES_PER_CHAR + ANSWER_BYTES_FLOOR;
  assert.ok(json.length <= limit, `${what}: ${json.length} bytes of answer for ${text.length} characters of text`);
  const stack: unknown[] = [answer];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    if (typeof o.line === 'number' && typeof o.character === 'number') {
      assert.ok(o.line >= 0 && o.line <= lines && o.character >= 0, `${what}: position ${o.line}:${o.character} outside a text of ${lines} lines`);
    }
    for (const x of Object.values(o)) if (x && typeof x === 'object') stack.push(x);
  }
}

/** Every feature once over the document, at the given offsets. */
function exercise(label: string, cache: FlowDocumentCache, sources: CompletionSources, td: TextDocument, offsets: number[]): void {
  const text = td.getText();
  const lines = td.lineCount;
  const call = <T>(name: string, f: () => T, isAnswer = true): T => {
    let result: T;
    const started = TRACE ? performance.now() : 0;
    try {
      result = f();
    } catch (e) {
      throw new Error(`${label}: ${name} threw ${(e as Error)?.stack ?? String(e)}\n--- text (first 400 characters) ---\n${JSON.stringify(text.slice(0, 400))}`);
    }
    if (TRACE && performance.now() - started > 40)
      console.error(`${label}: ${name} ${(performance.now() - started).toFixed(0)} ms, ${text.length} chars: ${JSON.stringify(text.slice(0, 300))}`);
    if (TRACE) spent.set(name.replace(/ at \d+/, ''), (spent.get(name.replace(/ at \d+/, '')) ?? 0) + performance.now() - started);
    if (isAnswer) checkAnswer(`${label}: ${name}`, result, text, lines);
    return result;
  };
  // The parse is no answer (it holds its model, cycles included): only that it does not throw.
  const doc: FlowDocument = call('parse', () => cache.get(td), false);
  const diagnostics: Diagnostic[] = call('diagnostics', () => toLspDiagnostics(doc));
  const source = sources.get(td);
  for (const offset of offsets) {
    const items: CompletionItem[] = call(`completion at ${offset}`, () => complete(source, offset, env));
    for (const item of items.slice(0, 3)) call('completionResolve', () => resolveCompletion(item, () => source, env));
    call(`hover at ${offset}`, () => hover(doc, offset, env));
    call(`definition at ${offset}`, () => definition(doc, offset));
    call(`references at ${offset}`, () => references(doc, offset, true));
    const prepared = call(`prepareRename at ${offset}`, () => {
      try {
        return prepareRename(doc, offset, env);
      } catch (e) {
        // Refusing to rename here is the protocol's answer (a ResponseError), not a failure.
        if ((e as { code?: unknown })?.code !== undefined) return null;
        throw e;
      }
    });
    if (prepared) {
      const name = HOSTILE_NAMES[offset % HOSTILE_NAMES.length];
      const edit = call(`rename at ${offset} to ${JSON.stringify(name.slice(0, 20))}`, () => {
        try {
          return rename(doc, offset, name, env);
        } catch (e) {
          if ((e as { code?: unknown })?.code !== undefined) return null; // refused (a taken or empty name)
          throw e;
        }
      });
      // A rename of a document YAML reads cleanly leaves one it reads cleanly: the name is quoted as it must be.
      const edits = edit?.changes?.[td.uri];
      if (edits && !doc.parsed.syntaxDiagnostics.some((d) => d.severity === 'error')) {
        const renamed = parseFlow(TextDocument.applyEdits(td, edits), 'en');
        const broken = renamed.syntaxDiagnostics.find((d) => d.severity === 'error');
        assert.equal(broken, undefined, `${label}: renaming to ${JSON.stringify(name.slice(0, 40))} broke the YAML: ${broken?.message}`);
      }
    }
  }
  call('documentSymbol', () => documentSymbols(doc));
  call('foldingRange', () => foldingRanges(doc));
  call('codeAction', () => codeActions(doc, diagnostics.slice(0, 50), env));
  call('formatting', () => formatDocument(doc, { tabSize: 2, insertSpaces: true }, env, () => undefined));
  const positions: Position[] = offsets.map((o) => td.positionAt(o));
  call('selectionRange', () => selectionRanges(doc, positions));
}

function offsetsIn(rnd: () => number, text: string): number[] {
  return [0, text.length, Math.floor(rnd() * (text.length + 1)), Math.floor(rnd() * (text.length + 1))];
}

test(`${TEXTS} generated hostile texts of both dialects: every feature answers, bounded, without throwing`, { timeout: 300_000 }, () => {
  const rnd = prng(SEED);
  const cache = new FlowDocumentCache(() => 'en');
  const sources = new CompletionSources(cache);
  for (let i = 0; i < TEXTS; i++) {
    const base = rnd() < 0.5 ? CLASSIC : STATEMACHINE;
    const text = hostileText(rnd, base);
    const uri = `file:///ws/hostile-${i}.flow.yaml`;
    const label = `text ${i} (seed ${SEED})`;
    if (rnd() < 0.5) {
      // As an edit of the valid flow: the cache reparses from its previous version.
      const before = TextDocument.create(uri, 'yaml', 1, base);
      cache.get(before);
      const after = TextDocument.update(before, [{ text }], 2);
      exercise(label, cache, sources, after, offsetsIn(rnd, text));
    } else {
      exercise(label, cache, sources, TextDocument.create(uri, 'yaml', 1, text), offsetsIn(rnd, text));
    }
    cache.delete(uri);
  }
});

for (const giant of GIANTS) {
  test(`${giant.name}: every feature answers, bounded, without throwing`, { timeout: 120_000 }, () => {
    const rnd = prng(SEED);
    const cache = new FlowDocumentCache(() => 'en');
    const sources = new CompletionSources(cache);
    const text = giant.text();
    exercise(giant.name, cache, sources, TextDocument.create('file:///ws/giant.flow.yaml', 'yaml', 1, text), offsetsIn(rnd, text));
  });
}

test('renaming a step or state to a name YAML cannot hold plain (a colon, a quote, a line break, NUL, a lone surrogate…) writes it so the flow reads back that name', () => {
  const cache = new FlowDocumentCache(() => 'en');
  for (const [base, needle] of [
    [CLASSIC, 'name: end'],
    [STATEMACHINE, 'Name: End'],
  ] as const) {
    const td = TextDocument.create('file:///ws/rename.flow.yaml', 'yaml', 1, base);
    const doc = cache.get(td);
    const offset = base.indexOf(needle) + needle.length - 1;
    for (const name of HOSTILE_NAMES) {
      let edit;
      try {
        edit = rename(doc, offset, name, env);
      } catch (e) {
        assert.ok((e as { code?: unknown }).code !== undefined, `${needle} → ${JSON.stringify(name)}: ${(e as Error).message}`);
        continue;
      }
      const renamed = parseFlow(TextDocument.applyEdits(td, edit!.changes![td.uri]), 'en');
      assert.deepEqual(
        renamed.syntaxDiagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
        `${needle} → ${JSON.stringify(name.slice(0, 40))}`,
      );
      const names = JSON.stringify(renamed.value);
      assert.ok(names.includes(JSON.stringify(name.trim())), `${needle} → ${JSON.stringify(name.slice(0, 40))}: the flow does not read back the name`);
    }
    cache.delete(td.uri);
  }
});
