/**
 * CloudFlow (`Type: StateMachine`) expressions: the syntax the docs and real flows use, located
 * errors for malformed input, hostile input, evaluation semantics, static checks and constructors.
 * Built-in functions one by one: cloudflow-functions.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkSmExpression,
  evaluateSmCondition,
  evaluateSmConstructor,
  evaluateSmExpression,
  looksLikeSmExpression,
  parseSmExpression,
  SM_PLACE_ROOTS,
  smExpressionCalls,
  smExpressionPaths,
  type SmExpression,
  type SmScope,
} from '../../fdl/cloudflow/expressions/index';
import { localize } from '../../fdl/messages';

function ast(text: string): SmExpression {
  const r = parseSmExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.code} ${localize(r.error.message, 'en')}`);
  return r.ast;
}

const context = {
  Execution: { Name: 'exec-1', Input: { videoUrl: 'oss://v.mp4', videoMaterialUrls: ['a', 'b'] }, RoleArn: 'acs:ram::1:role/fnf' },
  Current: { Name: 'State1', Input: {}, Output: {}, Error: { Code: '', Detail: '' }, RetryCount: 0, TaskToken: 'tt-1' },
};

function scope(Input: unknown, Output?: unknown): SmScope {
  return { Input, Output, Context: context, random: () => 0.25 };
}

function value(text: string, s: SmScope): unknown {
  const r = evaluateSmExpression(ast(text), s);
  if (!r.ok) throw new Error(`${text}: ${r.error.code} ${localize(r.error.message, 'en')}`);
  return r.value;
}

// Every expression in ../shared/corpus/cloudflow/*.yaml (copied here: tests do not read outside the repo),
// with the value it has against a sample input and task result.
const corpusInput = {
  data: 'ready',
  status: 'true',
  FieldA: [{ a: 'b' }, { c: 'd' }],
  timeout: 12,
  videoUrl: 'oss://in.mp4',
  vlPrompt: 'describe',
  llmPrompt: 'summarise',
  videoContent: 'a cat',
  sourceVideoUrl: 's.mp4',
  sourceVlPrompt: 'svl',
  sourceLlmPrompt: 'sllm',
  targetVideoUrl: 't.mp4',
  targetVlPrompt: 'tvl',
  targetLlmPrompt: 'tllm',
  Branch0: { sourceVideoContent: 'src' },
  Branch1: { targetVideoContent: 'tgt' },
  messages: [{ role: 'user', content: 'hi' }],
  speech: 'hello',
};
const corpusOutput = {
  Body: { videoContent: 'a dog', outputUrl: 'oss://out.mp4', messages: [{ role: 'system', content: 'x' }] },
  output: { choices: [{ message: { content: 'spoken text' } }] },
};
const corpusCases: [string, unknown][] = [
  ['$Input.data == "ready"', true], // 05-choice.yaml Condition
  ['$Input.status == "true"', true], // 09-choice-fail.yaml Condition
  ['$Input.FieldA', [{ a: 'b' }, { c: 'd' }]], // 07-map-inline.yaml ItemsPath
  ['$Input.timeout', 12], // 08-wait.yaml (Seconds.$ in the doc)
  ['$Input.videoUrl', 'oss://in.mp4'], // 10-real-video-edit.yaml
  ['$Input.vlPrompt', 'describe'],
  ['$Input.llmPrompt', 'summarise'],
  ['$Output.Body.videoContent', 'a dog'],
  ['$Context.Execution.Input.videoUrl', 'oss://v.mp4'],
  ['$Input.videoContent', 'a cat'],
  ['$Output.Body.outputUrl', 'oss://out.mp4'],
  ['$Input.sourceVideoUrl', 's.mp4'], // 11-real-parallel-dashscope.yaml
  ['$Input.sourceVlPrompt', 'svl'],
  ['$Input.sourceLlmPrompt', 'sllm'],
  ['$Input.targetVideoUrl', 't.mp4'],
  ['$Input.targetVlPrompt', 'tvl'],
  ['$Input.targetLlmPrompt', 'tllm'],
  ['$Input.Branch0.sourceVideoContent', 'src'],
  ['$Input.Branch1.targetVideoContent', 'tgt'],
  ['$Output.Body.messages', [{ role: 'system', content: 'x' }]],
  ['$Input.messages', [{ role: 'user', content: 'hi' }]],
  ['$Output.output.choices[0].message.content', 'spoken text'],
  ['$Context.Execution.Input.videoMaterialUrls', ['a', 'b']],
  ['$Input.speech', 'hello'],
  ['$Context.Current.TaskToken', 'tt-1'], // CLOUDFLOW.md §4, the callback token
];

test('every expression of the CloudFlow corpus parses, passes the checks and evaluates', () => {
  for (const [text, expected] of corpusCases) {
    const parsed = ast(text);
    const roots = text.includes('$Output') ? (['$Input', '$Output', '$Context'] as const) : undefined;
    assert.deepEqual(checkSmExpression(parsed, { roots }), [], text);
    assert.deepEqual(value(text, scope(corpusInput, corpusOutput)), expected, text);
  }
  // uuid() (10 and 11) yields a version-4 UUID from the injected randomness.
  assert.match(value('uuid()', scope({})) as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('the corpus constructors build what the next state receives', () => {
  // 10-real-video-edit.yaml, state 视频理解: Parameters (with `.$` inside body) and OutputConstructor.
  const parameters = {
    invocationType: 'Sync',
    resourceArn: 'acs:fc:cn-shanghai:${ALIUID}:functions/${VIDEO_ANALYSIS_FUNCTION_NAME}/LATEST',
    body: { 'videoUrl.$': '$Input.videoUrl', 'vlPrompt.$': '$Input.vlPrompt', 'llmPrompt.$': '$Input.llmPrompt' },
  };
  assert.deepEqual(evaluateSmConstructor(parameters, scope(corpusInput)), {
    ok: true,
    value: {
      invocationType: 'Sync',
      resourceArn: 'acs:fc:cn-shanghai:${ALIUID}:functions/${VIDEO_ANALYSIS_FUNCTION_NAME}/LATEST',
      body: { videoUrl: 'oss://in.mp4', vlPrompt: 'describe', llmPrompt: 'summarise' },
    },
  });
  const output = evaluateSmConstructor({ 'returnID.$': 'uuid()', 'videoContent.$': '$Output.Body.videoContent' }, scope(corpusInput, corpusOutput));
  assert.ok(output.ok);
  const built = output.value as Record<string, string>;
  assert.equal(built.videoContent, 'a dog');
  assert.match(built.returnID, /^[0-9a-f-]{36}$/);
  // 06-parallel.yaml: constructors without `.$` are literal values.
  assert.deepEqual(evaluateSmConstructor({ FieldA: 123 }, scope({})), { ok: true, value: { FieldA: 123 } });
  // 11: Parameters mixing literals of every type and an expression.
  assert.deepEqual(evaluateSmConstructor({ model: 'qwen-max', enable_search: false, max_tokens: 1024, top_p: 0.8, 'messages.$': '$Input.messages' }, scope(corpusInput)), {
    ok: true,
    value: { model: 'qwen-max', enable_search: false, max_tokens: 1024, top_p: 0.8, messages: [{ role: 'user', content: 'hi' }] },
  });
});

test('constructors: literal strings that look like expressions stay literal; `.$` works in arrays; errors name the key', () => {
  const s = scope({ a: 1, list: [1, 2] });
  assert.deepEqual(evaluateSmConstructor({ raw: '$Input.a', items: [{ 'n.$': 'length($Input.list)' }, 'x'] }, s), {
    ok: true,
    value: { raw: '$Input.a', items: [{ n: 2 }, 'x'] },
  });
  const bad = evaluateSmConstructor({ body: { 'url.$': '$Input.a ==' } }, s);
  assert.ok(!bad.ok);
  assert.deepEqual([bad.error.code, bad.error.path, bad.error.inExpression, bad.error.start], ['unexpected-end', ['body', 'url.$'], true, 11]);
  const wrongType = evaluateSmConstructor({ 'n.$': 'intAdd($Input.a, "2")' }, s);
  assert.ok(!wrongType.ok);
  assert.deepEqual([wrongType.error.code, wrongType.error.path, wrongType.error.start, wrongType.error.end], ['argument-type', ['n.$'], 17, 20]);
  const notString = evaluateSmConstructor({ 'Seconds.$': 5 }, s);
  assert.ok(!notString.ok);
  assert.equal(notString.error.code, 'expression-not-string');
  const duplicate = evaluateSmConstructor({ a: 1, 'a.$': '$Input.a' }, s);
  assert.ok(!duplicate.ok);
  assert.deepEqual([duplicate.error.code, duplicate.error.path], ['duplicate-key', ['a.$']]);
  const output = evaluateSmConstructor({ 'x.$': '$Output.a' }, s);
  assert.ok(!output.ok);
  assert.equal(output.error.code, 'root-not-allowed');
  // A key named __proto__ is data, not a prototype change.
  const proto = evaluateSmConstructor(JSON.parse('{"__proto__.$": "$Input.a"}'), s);
  assert.ok(proto.ok);
  assert.deepEqual(Object.keys(proto.value as object), ['__proto__']);
  assert.equal(Object.getPrototypeOf(proto.value), Object.prototype);
});

test('syntax: paths, literals, arrays, objects, calls and operators', () => {
  const s = scope({ a: { 'b c': [10, 20], 'dest-bucket': 'bk', 名字: '张三' }, n: 5, t: true, f: false });
  assert.equal(value('$Input.a["b c"][1]', s), 20);
  assert.equal(value("$Input.a['b c'][0]", s), 10);
  assert.equal(value('$Input.a.dest-bucket', s), 'bk');
  assert.equal(value('$Input.a.名字', s), '张三');
  assert.equal(value('`raw \\n text`', s), 'raw \\n text');
  assert.equal(value('"esc \\" \\n \\u4e2d"', s), 'esc " \n 中');
  assert.equal(value('-1.5e2', s), -150);
  assert.deepEqual(value('[1, "a", true, null, [2]]', s), [1, 'a', true, null, [2]]);
  assert.deepEqual(value('{"k": $Input.n, \'q\': {}}', s), { k: 5, q: {} });
  assert.equal(value('$Input.n>=5&&$Input.n<6', s), true);
  assert.equal(value('($Input.n > 9 || $Input.t) && $Input.f == false', s), true);
  assert.equal(value('length(split(format("{}-{}", 1, 2), "-")) == 2', s), true);
  const parsed = ast('format("{} {}", $Input.a, get($Context.Current.Error, "Code"))');
  assert.deepEqual(
    smExpressionPaths(parsed).map((p) => p.root),
    ['$Input', '$Context'],
  );
  assert.deepEqual(
    smExpressionCalls(parsed).map((c) => [c.name, c.nameSpan.start, c.span.end]),
    [
      ['format', 0, 62],
      ['get', 26, 61],
    ],
  );
});

test('semantics where the docs are silent: missing paths, strict equality, mixed ordering', () => {
  const s = scope({ n: 1, s: '1', list: [1], obj: { a: 1 }, nil: null });
  assert.equal(value('$Input.missing', s), null);
  assert.equal(value('$Input.list[5]', s), null);
  assert.equal(value('$Input.n.deeper', s), null);
  assert.equal(value('$Input.constructor', s), null);
  assert.equal(value('$Input.missing == null', s), true);
  assert.equal(value('$Input.n == $Input.s', s), false);
  assert.equal(value('$Input.n < "2"', s), false);
  assert.equal(value('"a" < "b"', s), true);
  assert.equal(value('$Input.obj == {"a": 1}', s), true);
  assert.equal(value('$Input.list != [1]', s), false);
  // A condition is true only when it yields `true`.
  const cond = (text: string) => {
    const r = evaluateSmCondition(ast(text), s);
    assert.ok(r.ok);
    return r.value;
  };
  assert.equal(cond('$Input.s'), false);
  assert.equal(cond('$Input.n == 1'), true);
  assert.equal(cond('$Input.s || $Input.n == 1'), true);
});

/** [expression, code, start, end]: each malformed expression gives its error at the offsets shown. */
const malformed: [string, string, number, number][] = [
  ['', 'empty', 0, 1],
  ['   ', 'empty', 0, 3],
  ['$input.a', 'unknown-root', 0, 6],
  ['$Inputs.a', 'unknown-root', 0, 7],
  ['$.a', 'unknown-root', 0, 1],
  ['$Input.', 'expected-field', 6, 7],
  ['$Input.a[x]', 'bad-index', 8, 11],
  ['$Input.a[1', 'bad-index', 8, 11],
  ['"abc', 'unterminated-string', 0, 4],
  ['"a\\q"', 'bad-escape', 2, 4],
  ['12abc', 'bad-number', 0, 5],
  ['$Input.a = 1', 'single-equals', 9, 10],
  ['$Input.a & $Input.b', 'single-ampersand', 9, 10],
  ['$Input.a | $Input.b', 'single-bar', 9, 10],
  ['1 < 2 < 3', 'chained-comparison', 6, 7],
  ['!$Input.a', 'unsupported-operator', 0, 1],
  ['ready', 'unknown-word', 0, 5],
  ['format("a"', 'missing-close', 6, 7],
  ['[1, 2', 'missing-close', 0, 1],
  ['{"a" 1}', 'expected-key', 1, 4],
  ['{a: 1}', 'expected-key', 1, 2],
  ['($Input.a', 'missing-close', 0, 1],
  ['$Input.a == ', 'unexpected-end', 12, 13],
  ['$Input.a $Input.b', 'trailing-input', 9, 10],
  ['#', 'unexpected-character', 0, 1],
  ['f1(f2(f3(f4(f5(f6(f7(f8(f9(f10(f11(1)))))))))))', 'too-many-nested-calls', 31, 34],
];

test('malformed expressions give located, coded, bilingual errors', () => {
  for (const [text, code, start, end] of malformed) {
    const r = parseSmExpression(text);
    assert.ok(!r.ok, text);
    assert.deepEqual([r.error.code, r.error.start, r.error.end], [code, start, end], text);
    assert.ok(localize(r.error.message, 'en').length > 0 && localize(r.error.message, 'zh-cn').length > 0, text);
    assert.notEqual(localize(r.error.message, 'en'), localize(r.error.message, 'zh-cn'), text);
  }
  const r = parseSmExpression('$input.a');
  assert.ok(!r.ok);
  assert.match(localize(r.error.message, 'en'), /Did you mean `\$Input`\?/);
  assert.match(localize(r.error.message, 'zh-cn'), /您是否想输入 `\$Input`？/);
  // Ten nested calls are allowed (the documented limit).
  assert.ok(parseSmExpression('toArray(toArray(toArray(toArray(toArray(toArray(toArray(toArray(toArray(toArray(1))))))))))').ok);
});

test('static checks: unknown functions, arity, $Output placement, context fields, constant calls', () => {
  const codes = (text: string, roots?: ('$Input' | '$Output' | '$Context' | '$Item')[]) => checkSmExpression(ast(text), { roots }).map((f) => [f.code, f.start, f.end]);
  assert.deepEqual(codes('formatt("{}", 1)'), [['unknown-function', 0, 7]]);
  assert.match(localize(checkSmExpression(ast('formatt("{}", 1)'))[0].message, 'en'), /Did you mean `format`\?/);
  assert.deepEqual(codes('length()'), [['argument-count', 0, 8]]);
  assert.deepEqual(codes('uuid(1)'), [['argument-count', 0, 7]]);
  assert.deepEqual(codes('format()'), [['argument-count', 0, 8]]);
  assert.deepEqual(codes('$Output.Body'), [['root-not-allowed', 0, 7]]);
  assert.deepEqual(codes('$Output.Body', [...SM_PLACE_ROOTS.OutputConstructor]), []);
  assert.deepEqual(codes('$Output.Body', [...SM_PLACE_ROOTS.CatchOutputConstructor]), []);
  assert.deepEqual(codes('$Output.Body', [...SM_PLACE_ROOTS.Parameters]), [['root-not-allowed', 0, 7]]);
  assert.deepEqual(codes('$Item.id', [...SM_PLACE_ROOTS.Condition]), [['root-not-allowed', 0, 5]]);
  assert.deepEqual(codes('$Item.id', [...SM_PLACE_ROOTS.ItemConstructor]), []);
  assert.deepEqual(codes('$Input.id', ['$Item']), [['root-not-allowed', 0, 6]]);
  assert.match(localize(checkSmExpression(ast('$Input.id'), { roots: ['$Item'] })[0].message, 'en'), /`\$Input` cannot be read here/);
  assert.deepEqual(codes('$Context.Current.Tasktoken'), [['unknown-context-field', 17, 26]]);
  assert.match(localize(checkSmExpression(ast('$Context.Current.Tasktoken'))[0].message, 'en'), /Did you mean `TaskToken`\?/);
  assert.deepEqual(codes('$Context.Exec.Name'), [['unknown-context-field', 9, 13]]);
  assert.deepEqual(codes('$Context.Current.Error.Code'), []);
  assert.deepEqual(codes('hash($Input.a, "SHA3")'), []); // not constant: only known at run time
  assert.deepEqual(codes('hash("a", "SHA3")'), [['invalid-argument', 10, 16]]);
  assert.deepEqual(codes('regexMatchString("(", "a")'), [['invalid-argument', 17, 20]]);
  assert.deepEqual(codes('intAdd(1, "2")'), [['argument-type', 10, 13]]);
  assert.deepEqual(codes('randomInt(5, 1)'), []); // random functions are never run ahead of time
});

test('evaluation errors are located: unknown function, $Output outside OutputConstructor', () => {
  const r = evaluateSmExpression(ast('1 == nope(2)'), scope({}));
  assert.ok(!r.ok);
  assert.deepEqual([r.error.code, r.error.start, r.error.end], ['unknown-function', 5, 9]);
  const o = evaluateSmExpression(ast('length($Output.x)'), scope({}));
  assert.ok(!o.ok);
  assert.deepEqual([o.error.code, o.error.start, o.error.end], ['root-not-allowed', 7, 14]);
});

test('hostile input is refused or handled quickly, never crashing', () => {
  const started = Date.now();
  const tooLong = parseSmExpression('$Input.' + 'a'.repeat(20_000));
  assert.ok(!tooLong.ok && tooLong.error.code === 'too-long');
  for (const open of ['(', '[', 'toArray(', '{"a":']) {
    const deep = open.repeat(5_000) + '1';
    const r = parseSmExpression(deep.slice(0, 16_000));
    assert.ok(!r.ok, open);
    assert.ok(['too-deep', 'too-many-nested-calls'].includes(r.error.code), `${open}: ${r.error.code}`);
  }
  const flat = parseSmExpression(Array.from({ length: 2_000 }, () => '$Input.a == 1').join(' && '));
  assert.ok(!flat.ok || flat.ast.kind === 'and');
  // Deeply nested data (a JSON input 50,000 levels deep) is an error, not a stack overflow.
  let nested: unknown = 1;
  for (let i = 0; i < 50_000; i++) nested = [nested];
  const r = evaluateSmExpression(ast('arrayUnique([$Input.d, $Input.d])'), scope({ d: nested }));
  assert.ok(!r.ok && r.error.code === 'result-too-large');
  let deepConstructor: Record<string, unknown> = { 'x.$': '$Input.a' };
  for (let i = 0; i < 10_000; i++) deepConstructor = { k: deepConstructor };
  const c = evaluateSmConstructor(deepConstructor, scope({ a: 1 }));
  assert.ok(!c.ok && c.error.code === 'too-deep');
  assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
});

test('looksLikeSmExpression: literal strings the author probably meant as expressions', () => {
  for (const t of ['$Input.a', ' $Context.Execution.Input.videoUrl ', 'uuid()', 'format("{}", $Input.a)', '$Output.output.choices[0].message.content']) {
    assert.equal(looksLikeSmExpression(t), true, t);
  }
  // Plain text, FC ARNs with ${…} placeholders, unknown functions and broken expressions are not flagged.
  for (const t of ['xxxx', 'qwen-max', 'acs:fc:cn-shanghai:${ALIUID}:functions/f/LATEST', '${API_KEY}', 'print("x")', '$Input.', '$Inputs', 'Sync']) {
    assert.equal(looksLikeSmExpression(t), false, t);
  }
});
