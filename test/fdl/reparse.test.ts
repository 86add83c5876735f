/**
 * An edit re-reads only the sequence items it touched (fdl/parse.ts reparseFlow); what comes out
 * must be exactly a full parse of the edited text: the same diagnostics (syntax errors at the same
 * places, in the same words), the same tree, value, model and dialect. Checked over random edit
 * sequences, each edit applied to the previous edit's result (valid texts and broken ones, classic
 * and StateMachine flows, English and Chinese), and on the edits a user makes while typing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateFlow, generateFlowWithFindings, generateFlowWithSyntaxError } from '../../bench/generate-flow';
import { generateStateMachine, generateStateMachineWithFindings } from '../../bench/generate-statemachine';
import { analyze, analyzeParsed } from '../../fdl/analyze';
import { editAnalysisCounts } from '../../fdl/analysis-cache';
import { MAX_NESTING, tooDeepAt } from '../../fdl/input-limits';
import type { Locale } from '../../fdl/messages';
import { parseFlow, reparseFlow, type ParsedFlow, type TextChange } from '../../fdl/parse';
import { firstIndexCounts, firstIndexReuse } from '../../fdl/rules/sequence-entries';
import { taskResourceArns } from '../../fdl/task-arns';
import type { YNode } from '../../fdl/yaml/tree';
import { prng } from '../engine/helpers';

const ROOT = join(__dirname, '..', '..');
/** Edit sequences per source text; raise it (REPARSE_FUZZ_TRIALS) for a longer search. */
const TRIALS = Number(process.env.REPARSE_FUZZ_TRIALS ?? 12);

function shape(n: YNode | null | undefined): unknown {
  if (!n) return n;
  return { k: n.kind, s: n.s, e: n.e, v: n.items ? undefined : n.value, src: n.source, tag: n.tag, flow: n.flow, items: n.items?.map(shape) };
}

function stepsShape(p: ParsedFlow): unknown {
  return p.steps.map((s) => ({ type: s.type, name: s.name, span: s.span, nameSpan: s.nameSpan, typeSpan: s.typeSpan, owner: s.scope.owner?.name }));
}

function lineStarts(p: ParsedFlow): number[] {
  const out: number[] = [];
  for (let line = 0; out.length === 0 || out[out.length - 1] < p.text.length; line++) out.push(p.lines.offsetAt({ line, character: 0 }));
  return out;
}

/** Asserts `inc` (a reparse) equals the full parse of its text; returns the full parse. */
function assertSameAsFull(inc: ParsedFlow, locale: Locale, what: string): ParsedFlow {
  const full = parseFlow(inc.text, locale);
  // Diagnostics first, from the reparse as the server gets it (before anything builds its tree).
  assert.deepEqual(analyzeParsed(inc, { locale }), analyzeParsed(full, { locale }), `diagnostics: ${what}`);
  assert.deepEqual(inc.syntaxDiagnostics, full.syntaxDiagnostics, `syntax diagnostics: ${what}`);
  assert.equal(inc.dialect, full.dialect, `dialect: ${what}`);
  assert.deepEqual(shape(inc.tree), shape(full.tree), `tree: ${what}`);
  assert.deepEqual(inc.value, full.value, `value: ${what}`);
  assert.deepEqual(stepsShape(inc), stepsShape(full), `steps: ${what}`);
  // Its line index carried over from the previous version's (known by now: the previous was compared too).
  assert.deepEqual(lineStarts(inc), lineStarts(full), `lines: ${what}`);
  return full;
}

const LINES = [
  '    name: {',
  '    name: [a, b',
  '    x: "abc',
  "    x: 'abc",
  '    x: "a\\tb"',
  '  - type: pass',
  '  - type: wait',
  '    duration: 1',
  '  - ',
  '  -',
  '# a comment',
  '      # deep comment',
  '      - a',
  '   bad: 1',
  'foo: 1',
  '  - name: x',
  '    inputMappings:',
  '      - target: a',
  '        source: $input.a',
  '    anchor: &a x',
  '    alias: *a',
  '    ? x',
  '---',
  '    text: |',
  '      block text',
  '    y: {a: 1}',
  '    Next: s1',
  '  - Type: Pass',
  '    Name: p',
  '    End: true',
  '    name: a: b',
  '    z: !Ref x',
  '\t- x',
  '    type: task',
  '',
];
const CHARS = ['{', '}', '[', ']', '"', "'", ':', '-', ' ', '  ', '\n', '#', 'a', 'x1', '&', '*', '|', '>', ',', '?', '!', '\t', 'name', 'type: pass'];

/**
 * A keystroke inside a name, or a name a transition gives (`name`, `goto`, `Next`, `Default`,
 * `StartAt`): a character typed into it or deleted, or the value cut to what was typed so far.
 */
function nameEdit(text: string, rnd: () => number): string {
  const found = [...text.matchAll(/\b(?:name|Name|goto|Next|Default|StartAt): ([^\s#]+)/g)];
  if (found.length === 0) return text;
  const m = found[Math.floor(rnd() * found.length)];
  const start = m.index + m[0].length - m[1].length;
  const value = m[1];
  const p = start + Math.floor(rnd() * (value.length + 1));
  switch (Math.floor(rnd() * 3)) {
    case 0:
      return text.slice(0, p) + 'x1-_'[Math.floor(rnd() * 4)] + text.slice(p);
    case 1:
      return value.length > 1 && p < start + value.length ? text.slice(0, p) + text.slice(p + 1) : text;
    default:
      return text.slice(0, Math.max(p, start + 1)) + text.slice(start + value.length);
  }
}

function randomEdit(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const at = Math.floor(rnd() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  const lineEnd = nl < 0 ? text.length : nl;
  switch (Math.floor(rnd() * 7)) {
    case 6:
      return nameEdit(text, rnd);
    case 0:
      return text.slice(0, at) + pick(CHARS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 12)));
    case 2:
      return text.slice(0, lineStart) + pick(LINES) + text.slice(lineEnd);
    case 3:
      return text.slice(0, lineStart) + pick(LINES) + '\n' + text.slice(lineStart);
    case 4:
      // Undo-like: the line back to what a fresh line of the pool says, or a whole line removed.
      return text.slice(0, lineStart) + text.slice(Math.min(text.length, lineEnd + 1));
    default: {
      // A whole line copied elsewhere (a pasted step line).
      const to = text.lastIndexOf('\n', Math.floor(rnd() * text.length)) + 1;
      return text.slice(0, to) + text.slice(lineStart, lineEnd) + '\n' + text.slice(to);
    }
  }
}

function sources(): { name: string; text: string }[] {
  const out = [
    { name: 'generated classic', text: generateFlow(25) },
    { name: 'generated classic, compact sequence', text: generateFlow(12).replace(/^ {2}/gm, '') },
    { name: 'generated classic with a syntax error', text: generateFlowWithSyntaxError(25) },
    { name: 'generated StateMachine', text: generateStateMachine(25) },
    // Whole-flow findings present from the start (a duplicate name, an unknown goto or Next, unreachable steps).
    { name: 'generated classic with whole-flow findings', text: generateFlowWithFindings(25) },
    { name: 'generated StateMachine with whole-flow findings', text: generateStateMachineWithFindings(25) },
    { name: 'classic with keys after the steps', text: generateFlow(8) + 'outputMappings:\n  - target: a\n    source: $local.a\n' },
  ];
  for (const dir of ['examples/flows', 'examples/statemachine']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) if (/\.ya?ml$/.test(f)) out.push({ name: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') });
  }
  return out;
}

test('random edit sequences: every reparse equals a full parse of its text (both dialects, valid and broken)', () => {
  let reparsed = 0;
  let edits = 0;
  for (const [i, src] of sources().entries()) {
    for (let trial = 0; trial < TRIALS; trial++) {
      const seed = i * 1000 + trial;
      const rnd = prng(seed);
      const locale: Locale = trial % 3 === 2 ? 'zh-cn' : 'en';
      let prev = parseFlow(src.text, locale);
      const history = [src.text];
      for (let step = 0; step < 25; step++) {
        // Now and then an undo, as users do: back to the text before the last edit.
        const text = history.length > 1 && rnd() < 0.3 ? history[history.length - 2] : randomEdit(prev.text, rnd);
        history.push(text);
        edits++;
        const inc = reparseFlow(prev, text, locale);
        if (inc) {
          reparsed++;
          prev = inc;
          assertSameAsFull(inc, locale, `${src.name}, seed ${seed}, edit ${step}`);
        } else prev = parseFlow(text, locale);
      }
    }
  }
  // Most random edits fall in the steps; a test that never reparsed would prove nothing.
  assert.ok(reparsed > edits / 10, `reparsed ${reparsed} of ${edits} edits`);
});

test('typing a step, character by character, is reparsed each time (through broken text) and equals a full parse', () => {
  for (const [name, text, at] of [
    ['classic', generateFlow(40), 'name: task16'],
    ['StateMachine', generateStateMachine(40), 'Name: s16'],
  ] as const) {
    // (No quote: an unclosed quote runs on through the steps below, which a full parse reads.)
    const typed = name === 'classic' ? '    inputMappings:\n      - target: {a: b, c: [1, 2]}\n        source: $input.x\n' : '    Parameters: {a: [1, 2], b: {c: d}}\n';
    const lineAfter = text.indexOf('\n', text.indexOf(at)) + 1;
    let prev = parseFlow(text);
    let broken = 0;
    for (let k = 1; k <= typed.length; k++) {
      const next = text.slice(0, lineAfter) + typed.slice(0, k) + text.slice(lineAfter);
      const inc = reparseFlow(prev, next);
      assert.ok(inc, `${name}: reparsed after ${JSON.stringify(typed.slice(0, k))}`);
      if (inc.syntaxDiagnostics.some((d) => d.severity === 'error')) broken++;
      prev = assertSameAsFull(inc, 'en', `${name} after ${JSON.stringify(typed.slice(0, k))}`);
      prev = inc;
    }
    assert.ok(broken > 0, `${name}: some of the typed texts have a syntax error`);
  }
});

test('typing a new top-level step or state, from its dash on, is analysed from the kept findings and equals a full analysis', () => {
  for (const [name, text, marker, typed] of [
    ['classic, between steps', generateFlow(40), '  - type: pass', '  - name: added\n    type: wait\n    duration: 1\n'],
    ['classic, at the end', generateFlow(40), '', '  - name: added\n'],
    ['StateMachine, between states', generateStateMachine(40), '  - Type: Pass', '  - Name: added\n    Type: Pass\n    Next: s1\n'],
    ['StateMachine, at the end', generateStateMachine(40), '', '  - Name: added\n'],
  ] as const) {
    const at = marker ? text.indexOf(marker, Math.floor(text.length / 2)) : text.length;
    let prev = parseFlow(text);
    analyzeParsed(prev);
    let analysed = 0;
    for (let k = 1; k <= typed.length; k++) {
      const part = typed.slice(0, k);
      // The line being typed, and the steps after it on lines of their own.
      const next = text.slice(0, at) + part + (part.endsWith('\n') || !marker ? '' : '\n') + text.slice(at);
      const inc = reparseFlow(prev, next);
      assert.ok(inc, `${name}: reparsed after ${JSON.stringify(part)}`);
      const counts = { ...editAnalysisCounts };
      const got = analyzeParsed(inc);
      assert.deepEqual(got, analyzeParsed(parseFlow(next)), `${name}: diagnostics after ${JSON.stringify(part)}`);
      if (!inc.syntaxDiagnostics.some((d) => d.severity === 'error')) {
        assert.equal(editAnalysisCounts.whole, counts.whole, `${name}: no whole analysis after ${JSON.stringify(part)}`);
        assert.equal(editAnalysisCounts.edits, counts.edits + 1, `${name}: analysed from the kept findings after ${JSON.stringify(part)}`);
        analysed++;
      }
      prev = inc;
    }
    assert.ok(analysed > typed.length / 2, `${name}: ${analysed} valid versions analysed`);
  }
});

test('an empty step, as typed to begin one, is reported on its own line', () => {
  const text = generateFlow(10);
  const at = text.indexOf('  - type: pass', 100);
  for (const dash of ['  -', '  - ']) {
    const edited = text.slice(0, at) + dash + '\n' + text.slice(at);
    const { diagnostics, parsed } = analyze(edited);
    const d = diagnostics.find((x) => x.code === 'schema-wrong-type');
    assert.ok(d, `a finding for ${JSON.stringify(dash)}`);
    assert.equal(parsed.lines.positionAt(d.span.start).line, edited.slice(0, at).split('\n').length - 1, d.message);
  }
});

test('an unclosed quote that runs into the next steps is left to a full parse, which reports it as before', () => {
  const text = generateFlow(10);
  const at = text.indexOf('name: wait3');
  const edited = text.slice(0, at) + 'name: "wait3' + text.slice(at + 'name: wait3'.length);
  const prev = parseFlow(text);
  const inc = reparseFlow(prev, edited);
  if (inc) assertSameAsFull(inc, 'en', 'unclosed quote');
  assert.ok(parseFlow(edited).syntaxDiagnostics.length > 0);
});

test('an edit to the keys around the steps, or adding keys after them, is left to a full parse', () => {
  const text = generateFlow(10);
  const prev = parseFlow(text);
  assert.equal(reparseFlow(prev, text.replace('version: v1', 'version: v2')), undefined);
  assert.equal(reparseFlow(prev, text + 'timeoutSeconds: 3\n'), undefined);
  const edited = text.replace('name: wait3', 'name: wait33');
  const inc = reparseFlow(prev, edited);
  assert.ok(inc, 'an edit inside a step is reparsed');
  assertSameAsFull(inc, 'en', 'name edit');
});

/** Values typed over a key's value by the edits that keep the YAML valid: names, gotos, kinds, numbers, ARNs, expressions. */
const VALUES = [
  'nowhere',
  'true',
  'false',
  '1',
  '99999999',
  '-3',
  'pass',
  'wait',
  'task',
  'choice',
  'succeed',
  'fail',
  'Pass',
  'Wait',
  'Task',
  'Choice',
  'Succeed',
  'Fail',
  '$input.a',
  '$Input.a',
  '$.x >',
  'intAdd($Input.a',
  'acs:fc:cn-hangzhou:123:services/a/functions/b',
  'acs:fc:::services/${fn}/functions/x',
  '!Ref svc/fn',
  'acs:oss:cn-hangzhou:123:bucket',
  'waitForCallback',
  'sync',
  'Async',
  '[FnF.ALL, FnF.Timeout]',
  '[FC.Unknown]',
  '100',
];
const KEYS = ['end', 'bogus', 'Next', 'goto', 'nmae', 'Type', 'End', 'name', 'Name', 'duration', 'pattern', 'Default', 'resourceArn'];

/** An edit that mostly keeps the text valid YAML: a value replaced, a key added or removed, a step's lines copied. */
function validEdit(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const lines = text.split('\n');
  const names = [...text.matchAll(/(?:name|Name): (\S+)/g)].map((m) => m[1]);
  const i = Math.floor(rnd() * lines.length);
  const line = lines[i];
  const m = /^(\s*(?:- )?)([A-Za-z.$]+): ?(.*)$/.exec(line);
  const value = () => (rnd() < 0.4 && names.length ? pick(names) : pick(VALUES));
  switch (Math.floor(rnd() * 7)) {
    case 6: {
      // A new top-level step (or state) begun above another: its dash alone, or its first key typed.
      const starts = lines.flatMap((l, k) => (/^ {2}- /.test(l) ? [k] : []));
      if (starts.length) lines.splice(pick(starts), 0, pick(['  -', '  - ', '  - name: x', '  - Name: x', '  - type: pass', '  - Type: Pass']));
      break;
    }
    case 5:
      return nameEdit(text, rnd);
    case 0:
    case 1:
      // (A key opening a nested block keeps it.)
      if (m && m[3] !== '') lines[i] = `${m[1]}${m[2]}: ${value()}`;
      break;
    case 2: {
      const indent = (/^\s*(?:- )?/.exec(line)?.[0] ?? '').replace('-', ' ');
      if (m && m[3] !== '' && indent.length > 0) lines.splice(i + 1, 0, `${indent}${pick(KEYS)}: ${value()}`);
      break;
    }
    case 3:
      if (m && m[3] !== '' && m[1].trim() === '') lines.splice(i, 1);
      break;
    default: {
      // A step copied after itself (a duplicate name, a pasted step).
      let start = i;
      while (start >= 0 && !/^\s*- /.test(lines[start])) start--;
      if (start < 0) break;
      const col = lines[start].indexOf('-');
      let end = start + 1;
      while (end < lines.length && (lines[end].trim() === '' || lines[end].search(/\S/) > col)) end++;
      lines.splice(end, 0, ...lines.slice(start, end));
    }
  }
  return lines.join('\n');
}

test('edits that keep the text valid: the diagnostics of every reparse equal a full analysis (per step and whole-flow findings, both dialects, both locales, both deploy-tag modes)', () => {
  const counts = { ...editAnalysisCounts };
  let compared = 0;
  let wholeFlowFound = 0;
  for (const [i, src] of sources().entries()) {
    for (let trial = 0; trial < Math.max(2, Math.ceil(TRIALS / 2)); trial++) {
      const seed = 50_000 + i * 1000 + trial;
      const rnd = prng(seed);
      const locale: Locale = trial % 3 === 1 ? 'zh-cn' : 'en';
      const deployTags = trial % 4 === 3 ? 'placeholder' : 'file-hint';
      let prev = parseFlow(src.text, locale);
      // As the server does when a document opens: the full parse analysed before its edits (not always).
      if (trial % 2 === 0) analyzeParsed(prev, { locale, deployTags });
      for (let step = 0; step < 40; step++) {
        const text = validEdit(prev.text, rnd);
        // Edits that break the YAML are the other test's; this one keeps to valid text.
        if (parseFlow(text, locale).syntaxDiagnostics.some((d) => d.severity === 'error')) continue;
        const inc = reparseFlow(prev, text, locale);
        if (!inc) {
          prev = parseFlow(text, locale);
          if (rnd() < 0.5) analyzeParsed(prev, { locale, deployTags });
          continue;
        }
        // Now and then a version is skipped, as the server skips those typed within its pause.
        if (rnd() < 0.8) {
          const what = `${src.name}, seed ${seed}, edit ${step}`;
          const full = parseFlow(text, locale);
          const analysed = editAnalysisCounts.edits;
          const got = analyzeParsed(inc, { locale, deployTags });
          assert.deepEqual(got, analyzeParsed(full, { locale, deployTags }), `diagnostics: ${what}`);
          if (editAnalysisCounts.edits > analysed && got.some((d) => WHOLE_FLOW_CODES.has(d.code))) wholeFlowFound++;
          // The task ARNs the server's function checks read, collected per step too.
          assert.deepEqual(taskResourceArns(inc), taskResourceArns(full), `task ARNs: ${what}`);
          compared++;
        }
        prev = inc;
      }
    }
  }
  const edits = editAnalysisCounts.edits - counts.edits;
  const itemRuns = editAnalysisCounts.itemRuns - counts.itemRuns;
  // The cache was exercised: most compared edits reused per-step findings and parts, and on some
  // of them the whole-flow checks found something (judged from the kept entries).
  assert.ok(edits > compared / 2, `analysed from the cache: ${edits} of ${compared} (${JSON.stringify(editAnalysisCounts)})`);
  assert.ok(wholeFlowFound > 0, 'whole-flow findings on edits analysed from the cache');
  const topCarried = editAnalysisCounts.topCarried - counts.topCarried;
  assert.ok(topCarried > 0 && topCarried < edits, `the top-level sequence's findings carried over ${topCarried} of ${edits} edits`);
  assert.ok(itemRuns > 0 && itemRuns < edits * 4, `steps analysed on their own: ${itemRuns} over ${edits} edits`);
  if (process.env.REPARSE_COUNTS) console.log(JSON.stringify({ compared, edits, wholeFlowFound, itemRuns, topCarried }));
});

/** Codes of whole-flow findings, to tell an edit that carried some over from one that carried none. */
const WHOLE_FLOW_CODES = new Set(['duplicate-step-name', 'unknown-goto-target', 'unreachable-step', 'sm-duplicate-state-name', 'sm-unknown-state', 'sm-unreachable-state']);

test('whole-flow findings over an edit elsewhere: moved, only the edited step analysed again, and a duplicate name names its first line anew', () => {
  for (const locale of ['en', 'zh-cn'] as Locale[]) {
    const text = generateFlowWithFindings(40);
    let prev = parseFlow(text, locale);
    analyzeParsed(prev, { locale });
    // Lines added to the second step (keys the whole-flow checks do not read), above `wait3`.
    const at = text.indexOf('    outputMappings:');
    const edited = text.slice(0, at) + '    timeoutSeconds: 30\n    description: two lines\n' + text.slice(at);
    const runs = editAnalysisCounts.itemRuns;
    const inc = reparseFlow(prev, edited, locale)!;
    assert.ok(inc, 'reparsed');
    const got = analyzeParsed(inc, { locale });
    assert.deepEqual(got, analyzeParsed(parseFlow(edited, locale), { locale }));
    assert.equal(editAnalysisCounts.itemRuns, runs + 1, 'the edited step analysed on its own, the others kept');
    const duplicate = got.find((d) => d.code === 'duplicate-step-name')!;
    const line = edited.slice(0, edited.indexOf('name: wait3')).split('\n').length;
    assert.match(duplicate.message, new RegExp(`\\b${line}\\b`), duplicate.message);
    assert.ok(got.some((d) => d.code === 'unknown-goto-target') && got.some((d) => d.code === 'unreachable-step'));
    prev = inc;
  }
});

test("resource ARNs over edits: a task's findings per step, the count of deploy-tagged ones per file (both modes)", () => {
  let n = 0;
  const text = generateFlow(30).replace(/resourceArn: \S+/g, (m) => (n++ % 3 === 0 ? 'resourceArn: !Ref svc/fn' : m));
  assert.ok(/!Ref/.test(text) && /resourceArn: acs/.test(text), 'tagged and plain ARNs');
  for (const deployTags of ['file-hint', 'placeholder'] as const) {
    let prev = parseFlow(text, 'en');
    analyzeParsed(prev, { locale: 'en', deployTags });
    const arns = [...text.matchAll(/resourceArn: /g)].map((m) => m.index + 'resourceArn: '.length);
    // An ARN tagged, one made invalid, one untagged, then an edit elsewhere: each equals a full analysis.
    const edits = ['!Ref other/fn ', 'acs:fc:bogus', 'acs:fc:cn-hangzhou:1:services/s/functions/f '];
    let t = text;
    for (const [k, typed] of edits.entries()) {
      const at = arns[k + 1] + (t.length - text.length);
      t = t.slice(0, at) + typed + t.slice(t.indexOf('\n', at));
      const inc = reparseFlow(prev, t, 'en')!;
      assert.ok(inc, 'reparsed');
      assert.deepEqual(analyzeParsed(inc, { locale: 'en', deployTags }), analyzeParsed(parseFlow(t, 'en'), { locale: 'en', deployTags }), `${deployTags}, edit ${k}`);
      prev = inc;
    }
    const at = t.indexOf('duration: ') + 'duration: '.length;
    t = t.slice(0, at) + '7' + t.slice(at);
    const inc = reparseFlow(prev, t, 'en')!;
    const got = analyzeParsed(inc, { locale: 'en', deployTags });
    assert.deepEqual(got, analyzeParsed(parseFlow(t, 'en'), { locale: 'en', deployTags }), `${deployTags}, edit elsewhere`);
    assert.equal(got.filter((d) => d.code === 'deploy-tag-references').length, deployTags === 'file-hint' ? 1 : 0);
  }
});

test('an edit nesting past the input limits is left to the full parse, which refuses it; one within them is reparsed', () => {
  const text = generateFlow(30);
  const lineAfter = (marker: string) => text.indexOf('\n', text.indexOf(marker)) + 1;
  const prev = parseFlow(text);
  const cases: [string, string, boolean][] = [
    // Too deep in the edited step alone.
    ['deep in one step', text.slice(0, lineAfter('name: wait8')) + `    x: ${'['.repeat(250)}\n` + text.slice(lineAfter('name: wait8')), true],
    // Each step within the limits on its own; the first leaves its brackets open, so the second's count on top of them.
    [
      'open brackets carried into the next step',
      text.slice(0, lineAfter('name: wait8')) +
        `    x: ${'{'.repeat(120)}\n` +
        text.slice(lineAfter('name: wait8'), lineAfter('name: wait13')) +
        `    y: ${'['.repeat(120)}\n` +
        text.slice(lineAfter('name: wait13')),
      true,
    ],
    ['within the limits', text.slice(0, lineAfter('name: wait8')) + `    x: ${'['.repeat(20)}${']'.repeat(20)}\n` + text.slice(lineAfter('name: wait8')), false],
  ];
  for (const [what, edited, tooDeep] of cases) {
    const full = parseFlow(edited);
    assert.equal(
      full.syntaxDiagnostics.some((d) => d.code === 'document-too-deep'),
      tooDeep,
      `${what}: the full parse ${tooDeep ? 'refuses' : 'reads'} it`,
    );
    const inc = reparseFlow(prev, edited);
    if (tooDeep) assert.equal(inc, undefined, `${what}: not reparsed`);
    else {
      assert.ok(inc, `${what}: reparsed`);
      assertSameAsFull(inc, 'en', what);
    }
    // Either way, the next edit starts from a parse that says what a full one says.
    const after = inc ?? full;
    assert.deepEqual(analyzeParsed(after), analyzeParsed(full), what);
  }
});

test('brackets one step leaves open count in the steps after it: an edit is reparsed exactly while the whole text stays within the nesting limit', () => {
  const text = generateFlow(30);
  const lineAfter = (marker: string) => text.indexOf('\n', text.indexOf(marker)) + 1;
  // A `{` left open in one step (a syntax error held in that step), then brackets typed into a later one.
  const broken = text.slice(0, lineAfter('name: wait8')) + '    x: {\n' + text.slice(lineAfter('name: wait8'));
  const prev = reparseFlow(parseFlow(text), broken);
  assert.ok(prev, 'the open bracket is reparsed');
  const at = broken.indexOf('\n', broken.indexOf('name: wait13')) + 1;
  const seen = new Set<boolean>();
  for (let k = 190; k <= 200; k++) {
    const edited = broken.slice(0, at) + `    y: ${'['.repeat(k)}${']'.repeat(k)}\n` + broken.slice(at);
    const deep = tooDeepAt(edited, MAX_NESTING) !== undefined;
    seen.add(deep);
    const inc = reparseFlow(prev, edited);
    assert.equal(!inc, deep, `${k} brackets: reparsed unless past the limit`);
    if (inc) assertSameAsFull(inc, 'en', `${k} brackets`);
  }
  assert.deepEqual([...seen].sort(), [false, true], 'both sides of the limit are tried');
});

test('a step that is not a mapping is named by its index in the whole flow, as it moves (both dialects)', () => {
  for (const [text, key] of [
    [generateFlow(20), 'name: wait8'],
    [generateStateMachine(20), 'Name: s8'],
  ] as const) {
    // A word typed as an item of its own before the next step, whose finding names it by its index.
    const next = text.indexOf('\n  - ', text.indexOf(key)) + 1;
    const withEmpty = text.slice(0, next) + '  - pass\n' + text.slice(next);
    const first = text.indexOf('\n  - ') + 1;
    const pasted = withEmpty.slice(0, first) + withEmpty.slice(first, withEmpty.indexOf('\n  - ', first) + 1) + withEmpty.slice(first);
    // The item typed, a step pasted above it (its index moves), an edit elsewhere, the step removed.
    const versions = [withEmpty, pasted, pasted.replace('duration: 1', 'duration: 2').replace('Seconds: 1', 'Seconds: 2'), withEmpty];
    let prev = parseFlow(text);
    analyzeParsed(prev);
    for (const [k, version] of versions.entries()) {
      const inc = reparseFlow(prev, version);
      assert.ok(inc, `version ${k} reparsed`);
      const got = analyzeParsed(inc);
      assert.deepEqual(got, analyzeParsed(parseFlow(version)), `version ${k}`);
      assert.ok(
        got.some((d) => /\b(steps|States)\[\d+\]/.test(d.message)),
        `version ${k} names the item by its index: ${got.map((d) => d.message).join('; ')}`,
      );
      prev = inc;
    }
  }
});

test('names typed into, one keystroke after another, in sequences of 80 steps or states: each edit equals a full analysis (duplicates made and undone, targets lost and found)', () => {
  const before = { ...firstIndexCounts };
  for (const [k, text] of [generateFlowWithFindings(80), generateStateMachineWithFindings(80), generateFlow(80), generateStateMachine(80)].entries()) {
    const rnd = prng(70_000 + k);
    const locale: Locale = k % 2 === 0 ? 'en' : 'zh-cn';
    let prev = parseFlow(text, locale);
    analyzeParsed(prev, { locale });
    for (let step = 0; step < 60; step++) {
      const names = [...prev.text.matchAll(/(?:name|Name): (\S+)/g)];
      const m = names[Math.floor(rnd() * names.length)];
      const start = m.index + m[0].length - m[1].length;
      const end = start + m[1].length;
      const r = rnd();
      // A letter typed, one deleted, or the name made another step's (a duplicate, or a target found again).
      const typed = r < 0.4 ? m[1] + 'x' : r < 0.6 && m[1].length > 1 ? m[1].slice(0, -1) : names[Math.floor(rnd() * names.length)][1];
      const edited = prev.text.slice(0, start) + typed + prev.text.slice(end);
      const inc = reparseFlow(prev, edited, locale);
      if (!inc) {
        // The flow's own name, outside its steps: parsed whole.
        prev = parseFlow(edited, locale);
        analyzeParsed(prev, { locale });
        continue;
      }
      const got = analyzeParsed(inc, { locale });
      // The reference indexes every sequence anew.
      firstIndexReuse.on = false;
      const full = analyzeParsed(parseFlow(edited, locale), { locale });
      firstIndexReuse.on = true;
      assert.deepEqual(got, full, `text ${k}, edit ${step}: ${m[1]} -> ${typed}`);
      prev = inc;
    }
  }
  // The top-level sequence's name index was updated from the previous version's, not built anew.
  assert.ok(firstIndexCounts.takenOver - before.takenOver > 100, JSON.stringify(firstIndexCounts));
});

/**
 * `after` made from `before` as an editor may send it: one change over the edited text, widened
 * by a few characters as an editor replacing a word or a line does, or the same split into a batch
 * of changes applied in turn (a part removed, then the rest replaced; and a change elsewhere undone
 * by the next one); each in offsets of the text the changes before it left.
 */
function asChanges(before: string, after: string, rnd: () => number): TextChange[] {
  const n = Math.min(before.length, after.length);
  let p = 0;
  while (p < n && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && before.charCodeAt(before.length - s - 1) === after.charCodeAt(after.length - s - 1)) s++;
  const start = Math.max(0, p - Math.floor(rnd() * 6));
  const widen = Math.min(s, Math.floor(rnd() * 6));
  const end = before.length - s + widen;
  const length = after.length - s + widen - start;
  const r = rnd();
  if (r < 0.4 || end - start < 2) return [{ start, end, length }];
  if (r < 0.7) {
    const mid = start + 1 + Math.floor(rnd() * (end - start - 1));
    return [
      { start: mid, end, length: 0 },
      { start, end: mid, length },
    ];
  }
  // Two characters typed far off, then deleted, around the change.
  let q = Math.floor(rnd() * (before.length + 1));
  if (q > start && q < end) q = end;
  const shift = q <= start ? 2 : 0;
  return [
    { start: q, end: q, length: 2 },
    { start: start + shift, end: end + shift, length },
    { start: q <= start ? q : q + length - (end - start), end: (q <= start ? q : q + length - (end - start)) + 2, length: 0 },
  ];
}

test("edits given as the editor's changes (wider than the edit, or a batch of several): every reparse equals a full parse, and so does its analysis", () => {
  let reparsed = 0;
  let edits = 0;
  for (const [i, src] of sources().entries()) {
    for (let trial = 0; trial < Math.max(2, Math.ceil(TRIALS / 2)); trial++) {
      const seed = 90_000 + i * 1000 + trial;
      const rnd = prng(seed);
      const locale: Locale = trial % 3 === 2 ? 'zh-cn' : 'en';
      let prev = parseFlow(src.text, locale);
      analyzeParsed(prev, { locale });
      for (let step = 0; step < 25; step++) {
        const text = rnd() < 0.5 ? validEdit(prev.text, rnd) : randomEdit(prev.text, rnd);
        if (text === prev.text) continue;
        edits++;
        const changes = asChanges(prev.text, text, rnd);
        const inc = reparseFlow(prev, text, locale, { changes });
        if (!inc) {
          prev = parseFlow(text, locale);
          continue;
        }
        reparsed++;
        assertSameAsFull(inc, locale, `${src.name}, seed ${seed}, edit ${step}, changes ${JSON.stringify(changes)}`);
        prev = inc;
      }
    }
  }
  assert.ok(reparsed > edits / 10, `reparsed ${reparsed} of ${edits} edits`);
});

test("an editor's changes are taken as said: the lines they cover are read again, and changes that cannot have made the text are not trusted", () => {
  const text = generateFlow(10);
  const at = text.indexOf('name: wait3') + 'name: wait3'.length;
  const edited = text.slice(0, at) + '3' + text.slice(at);
  const prev = parseFlow(text);
  // Said right, or wrongly (lengths that do not add up, a change past the text's end): each equals a full parse.
  for (const changes of [
    [{ start: at, end: at, length: 1 }],
    [{ start: at, end: at, length: 2 }],
    [{ start: text.length + 5, end: text.length + 6, length: 2 }],
    [],
  ] as TextChange[][]) {
    const inc = reparseFlow(prev, edited, 'en', { changes });
    assert.ok(inc, JSON.stringify(changes));
    assertSameAsFull(inc, 'en', JSON.stringify(changes));
  }
  // The first step and the last, through the changes alone.
  for (const [marker, typed] of [
    ['name: ', 'x'],
    ['duration: ', '9'],
  ]) {
    const p = marker === 'name: ' ? text.indexOf(marker) + marker.length : text.lastIndexOf(marker) + marker.length;
    const next = text.slice(0, p) + typed + text.slice(p);
    const inc = reparseFlow(prev, next, 'en', { changes: [{ start: p, end: p, length: typed.length }] });
    assert.ok(inc, `${marker} reparsed`);
    assertSameAsFull(inc, 'en', `${marker}${typed}`);
  }
});
