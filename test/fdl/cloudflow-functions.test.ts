/**
 * CloudFlow's built-in functions, one by one: the docs' own usage and output examples, then wrong
 * argument types and counts (located, coded errors, never exceptions) and hostile arguments.
 *
 * Examples are from "Built-in functions", https://help.aliyun.com/en/document_detail/2579872.html
 * (zh https://help.aliyun.com/document_detail/2579872.html; en mirror
 * https://www.alibabacloud.com/help/en/serverless-workflow/latest/built-in-functions, Feb 13 2025;
 * ja https://www.alibabacloud.com/help/ja/serverless-workflow/latest/built-in-functions for fromJSON).
 * Functions whose examples we could not read are tested against the behaviour docs/cloudflow-expressions.md chose.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateSmExpression, parseSmExpression, SM_FUNCTION_NAMES, SM_FUNCTIONS, type SmScope } from '../../fdl/cloudflow/expressions/index';
import { localize } from '../../fdl/messages';

let randomValues: number[] = [];
const scope: SmScope = {
  Input: { name: 'Tom', list: [1, 2, 3, 1], map: { name: 'Tom', age: 10 }, n: 7, big: 'x'.repeat(2_000_000), half: 'y'.repeat(60_000) },
  Context: { Execution: { Name: 'e' }, Current: {} },
  random: () => randomValues.shift() ?? 0,
};

function run(text: string) {
  const p = parseSmExpression(text);
  if (!p.ok) throw new Error(`${text}: ${p.error.code} ${localize(p.error.message, 'en')}`);
  return evaluateSmExpression(p.ast, scope);
}

function value(text: string): unknown {
  const r = run(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.code} ${localize(r.error.message, 'en')}`);
  return r.value;
}

/** Asserts the error's code and the text its offsets cover. */
function error(text: string, code: string, covers: string): void {
  const r = run(text);
  assert.ok(!r.ok, `${text} should fail`);
  assert.equal(r.error.code, code, `${text}: ${localize(r.error.message, 'en')}`);
  assert.equal(text.slice(r.error.start, r.error.end), covers, text);
  assert.ok(localize(r.error.message, 'en') && localize(r.error.message, 'zh-cn') && localize(r.error.message, 'en') !== localize(r.error.message, 'zh-cn'), text);
}

test('every function in the catalogue has an implementation and a test below', () => {
  const tested = [
    'format',
    'length',
    'regexMatchString',
    'split',
    'get',
    'intAdd',
    'randomInt',
    'arrayContains',
    'arrayUnique',
    'toArray',
    'mapKeys',
    'mapValues',
    'jsonMerge',
    'stringToJson',
    'fromJSON',
    'hash',
    'fromBase64',
    'toBase64',
    'uuid',
  ];
  assert.deepEqual([...SM_FUNCTION_NAMES].sort(), [...tested].sort());
  for (const name of SM_FUNCTION_NAMES) assert.ok(run(`${name}()`), name); // never throws, even with no arguments
});

test('arrayContains (doc example)', () => {
  assert.equal(value('arrayContains(["Tom",10],10)'), true);
  assert.equal(value('arrayContains(["Tom",10],"Jack")'), false);
  assert.equal(value('arrayContains([{"a": [1]}], {"a": [1]})'), true); // deep equality
  assert.equal(value('arrayContains([1], "1")'), false); // no coercion
  error('arrayContains("Tom", 1)', 'argument-type', '"Tom"');
  error('arrayContains([1])', 'argument-count', 'arrayContains([1])');
});

test('arrayUnique (doc example)', () => {
  assert.deepEqual(value('arrayUnique([1, 2, 3, 1])'), [1, 2, 3]);
  assert.deepEqual(value('arrayUnique([{"a":1,"b":2}, {"b":2,"a":1}, "1", 1])'), [{ a: 1, b: 2 }, '1', 1]);
  error('arrayUnique($Input.map)', 'argument-type', '$Input.map');
});

test('format (doc example)', () => {
  assert.equal(value('format("hello {}","world")'), 'hello world');
  assert.equal(value('format("{} is {} ({})", $Input.name, 10, true)'), 'Tom is 10 (true)');
  assert.equal(value('format("{}", $Input.map)'), '{"name":"Tom","age":10}');
  assert.equal(value('format("no placeholders")'), 'no placeholders');
  error('format(1, 2)', 'argument-type', '1');
  error('format("{} {}", 1)', 'argument-count', 'format("{} {}", 1)');
  error('format("{}", 1, 2)', 'argument-count', 'format("{}", 1, 2)');
});

test('fromBase64 (doc example) and toBase64', () => {
  assert.equal(value('fromBase64("Rm5G")'), 'FnF');
  assert.equal(value('fromBase64("5Lit5paH")'), '中文');
  assert.equal(value('fromBase64("YQ")'), 'a'); // padding may be left out
  assert.equal(value('toBase64("FnF")'), 'Rm5G');
  assert.equal(value('fromBase64(toBase64("中文 ok"))'), '中文 ok');
  error('fromBase64("Rm5G!")', 'invalid-argument', '"Rm5G!"');
  error('fromBase64(12)', 'argument-type', '12');
  error('toBase64([1])', 'argument-type', '[1]');
});

test('stringToJson (doc example) and its alias fromJSON (ja edition)', () => {
  assert.deepEqual(value(`stringToJson('{"name": "Tom", "age": 10}')`), { name: 'Tom', age: 10 });
  assert.deepEqual(value(`fromJSON('{"name": "Tom", "age": 10}')`), { name: 'Tom', age: 10 });
  error(`stringToJson('{"name": ')`, 'invalid-argument', `'{"name": '`);
  error(`stringToJson('[1, 2]')`, 'invalid-argument', `'[1, 2]'`); // documented to return a map
  error('fromJSON($Input.map)', 'argument-type', '$Input.map');
  // A number beyond a double's range parses to Infinity, which JSON writes as null: refused, naming where.
  error(`stringToJson('{"a": [1, {"b": 1e400}]}')`, 'invalid-argument', `'{"a": [1, {"b": 1e400}]}'`);
  const r = run(`stringToJson('{"a": [1, {"b": -9e999}]}')`);
  assert.ok(!r.ok && localize(r.error.message, 'en').startsWith('This JSON holds a number at $.a[1].b beyond the range'));
  assert.deepEqual(value(`stringToJson('{"tiny": 1e-400, "big": 1e300}')`), { tiny: 0, big: 1e300 });
});

test('hash (doc example and the other three algorithms)', () => {
  assert.equal(value('hash("abc","MD5")'), '900150983cd24fb0d6963f7d28e17f72');
  // FIPS 180 test vectors for "abc".
  assert.equal(value('hash("abc","SHA-1")'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  assert.equal(value('hash("abc","SHA-256")'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(value('hash("abc","SHA-512")'), 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f');
  assert.equal(value('hash("中","md5")'), 'aed1dfbc31703955e64806b799b67645'); // UTF-8 bytes (as md5sum gives); name case-insensitive
  error('hash("abc","SHA3")', 'invalid-argument', '"SHA3"');
  error('hash(1,"MD5")', 'argument-type', '1');
  error('hash("abc")', 'argument-count', 'hash("abc")');
});

test('jsonMerge (doc example)', () => {
  assert.deepEqual(value('jsonMerge({"name": "Tom", "age": 10},{"name": "Tom", "address": "beijing"})'), { name: 'Tom', age: 10, address: 'beijing' });
  assert.deepEqual(value('jsonMerge({"a": 1, "n": {"x": 1}}, {"a": 2, "n": {"y": 2}})'), { a: 2, n: { y: 2 } }); // shallow, second wins
  error('jsonMerge({}, [1])', 'argument-type', '[1]');
});

test('length (doc example)', () => {
  assert.equal(value('length([1, 2, 3])'), 3);
  assert.equal(value('length({"name": "Tom", "age": 10})'), 2);
  assert.equal(value('length("name")'), 4);
  assert.equal(value('length("云工作流😀")'), 5); // characters, not bytes or UTF-16 units
  error('length(10)', 'argument-type', '10');
  error('length(null)', 'argument-type', 'null');
});

test('mapKeys and mapValues', () => {
  assert.deepEqual(value('mapKeys({"name": "Tom", "age": 10})'), ['name', 'age']);
  assert.deepEqual(value('mapValues({"name": "Tom", "age": 10})'), ['Tom', 10]);
  assert.deepEqual(value('mapKeys({})'), []);
  error('mapKeys([1])', 'argument-type', '[1]');
  error('mapValues("x")', 'argument-type', '"x"');
});

test('toArray', () => {
  assert.deepEqual(value('toArray(1, "a", [2], {"k": null})'), [1, 'a', [2], { k: null }]);
  assert.deepEqual(value('toArray()'), []);
});

test('split', () => {
  assert.deepEqual(value('split("a,b,c", ",")'), ['a', 'b', 'c']);
  assert.deepEqual(value('split("a,,b", ",")'), ['a', '', 'b']);
  assert.deepEqual(value('split("中文", "")'), ['中', '文']);
  assert.deepEqual(value('split("", ",")'), ['']);
  error('split("a,b", 1)', 'argument-type', '1');
  error('split(["a"], ",")', 'argument-type', '["a"]');
});

test('regexMatchString: RE2 syntax, partial match, linear time', () => {
  assert.equal(value('regexMatchString("^[a-z]+@example\\\\.com$", "tom@example.com")'), true);
  assert.equal(value('regexMatchString("b+", "abbc")'), true);
  assert.equal(value('regexMatchString("^b+$", "abbc")'), false);
  error('regexMatchString("(", "a")', 'invalid-argument', '"("');
  error('regexMatchString("a", 1)', 'argument-type', '1');
  // A catastrophic pattern for backtracking engines, on a long input: RE2 answers at once.
  const started = Date.now();
  const p = parseSmExpression('regexMatchString("^(a+)+$", $Input.s)');
  assert.ok(p.ok);
  const r = evaluateSmExpression(p.ast, { ...scope, Input: { s: 'a'.repeat(50_000) + '!' } });
  assert.deepEqual(r, { ok: true, value: false });
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
});

test('get', () => {
  assert.equal(value('get([10, 20], 1)'), 20);
  assert.equal(value('get([10, 20], 5)'), null);
  assert.equal(value('get({"name": "Tom"}, "name")'), 'Tom');
  assert.equal(value('get({"name": "Tom"}, "age")'), null);
  assert.equal(value('get({}, "constructor")'), null);
  error('get([10], "0")', 'argument-type', '"0"');
  error('get({"a": 1}, 0)', 'argument-type', '0');
  error('get("abc", 0)', 'argument-type', '"abc"');
});

test('intAdd', () => {
  assert.equal(value('intAdd(1, 2)'), 3);
  assert.equal(value('intAdd($Input.n, -10)'), -3);
  error('intAdd(1.5, 2)', 'argument-type', '1.5');
  error('intAdd(1, "2")', 'argument-type', '"2"');
  error('intAdd(9007199254740991, 1)', 'invalid-argument', 'intAdd(9007199254740991, 1)');
});

test('randomInt: min ≤ n < max from the injected randomness', () => {
  randomValues = [0, 0.999999, 0.5];
  assert.equal(value('randomInt(1, 10)'), 1);
  assert.equal(value('randomInt(1, 10)'), 9);
  assert.equal(value('randomInt(-4, 4)'), 0);
  error('randomInt(5, 5)', 'invalid-argument', 'randomInt(5, 5)');
  error('randomInt(1, "9")', 'argument-type', '"9"');
});

test('uuid: version 4, from the injected randomness', () => {
  randomValues = Array.from({ length: 16 }, (_, i) => i / 16);
  assert.equal(value('uuid()'), '00102030-4050-4070-8090-a0b0c0d0e0f0');
  error('uuid(1)', 'argument-count', 'uuid(1)');
});

test('results and inputs are bounded: no runaway strings', () => {
  error('format("{}{}", $Input.big, $Input.big)', 'result-too-large', 'format("{}{}", $Input.big, $Input.big)');
  error('toBase64($Input.big)', 'result-too-large', 'toBase64($Input.big)');
  error('split(format("{}{}", $Input.half, $Input.half), "")', 'result-too-large', 'split(format("{}{}", $Input.half, $Input.half), "")');
});

test('catalogue entries carry a signature and bilingual summary', () => {
  for (const info of SM_FUNCTIONS.values()) {
    assert.ok(info.signature.startsWith(`${info.name}(`), info.name);
    assert.ok(localize(info.summary, 'en') && localize(info.summary, 'zh-cn'), info.name);
    assert.ok(info.minArgs <= info.maxArgs, info.name);
  }
});
