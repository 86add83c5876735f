/**
 * The CLI speaks the user's language: the locale comes from the environment (FDL_LOCALE, then
 * VS Code's VSCODE_NLS_CONFIG, then LC_ALL > LC_MESSAGES > LANG; Simplified-Chinese tags are
 * Chinese, Traditional ones English, as fdl's toLocale maps them). Usage, refusals and result lines are translated; statuses, error names, flags and
 * `--json` output are not.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localeFromEnvironment } from '../../engine/messages';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT } from './fdl-process';

const fixture = (name: string) => join(ROOT, 'test', 'engine', 'fixtures', name);
const ZH = { LANG: 'zh_CN.UTF-8' };
const EN = { LANG: 'en_US.UTF-8' };

test('the locale comes from the environment in the documented order; Simplified Chinese tags are Chinese', () => {
  assert.equal(localeFromEnvironment({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANG: 'zh_TW.Big5' }), 'en'); // we ship Simplified only (fdl/messages.ts toLocale)
  assert.equal(localeFromEnvironment({ LANG: 'C.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LANG: 'de_DE.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'en_US', LC_ALL: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LC_ALL: 'en_US.UTF-8', VSCODE_NLS_CONFIG: '{"locale":"zh-cn","availableLanguages":{}}' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANG: 'zh_CN.UTF-8', VSCODE_NLS_CONFIG: '{"locale":"en"}' }), 'en');
  assert.equal(localeFromEnvironment({ LANG: 'zh_CN.UTF-8', VSCODE_NLS_CONFIG: 'not json' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANG: 'zh_CN.UTF-8', FDL_LOCALE: 'en' }), 'en');
});

test('usage and bad flags: English and Chinese, exit 2', { timeout: 30_000 }, async () => {
  const en = await fdl([], EN);
  assert.equal(en.code, 2);
  assert.match(en.stderr, /^usage: fdl <validate\|convert\|run\|/);
  const zh = await fdl([], { VSCODE_NLS_CONFIG: JSON.stringify({ locale: 'zh-cn' }) });
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /^用法：fdl <validate\|convert\|run\|/);
  const badScale = await fdl(['run', join(fixture('end-stops-sequence'), 'flow.flow.yaml'), '--time-scale', 'fast'], ZH);
  assert.equal(badScale.code, 2);
  assert.match(badScale.stderr, /--time-scale 必须是不小于 0 的数字（0 表示立即完成），实际为 fast/);
  const missing = await fdl(['run', 'no-such.flow.yaml', '--json'], ZH);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^fdl：无法读取流程文件 no-such\.flow\.yaml：ENOENT/);
  // --json still prints its one object, in English (run-json.test.ts).
  assert.match(oneJsonObject(missing.stdout).cause as string, /^flow file no-such\.flow\.yaml cannot be read: ENOENT/);
  const badInput = await fdl(['run', join(fixture('end-stops-sequence'), 'flow.flow.yaml'), '--input', '[1]'], EN);
  assert.equal(badInput.code, 2);
  assert.match(badInput.stderr, /fdl: --input must be a JSON object/);
});

test('a broken mocks file is refused before anything runs (exit 2), explained in the user language', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'mocks.yaml'), 'charge:\n  - output: {}\n');
  const flow = join(fixture('end-stops-sequence'), 'flow.flow.yaml');
  const zh = await fdl(['run', flow, '--mocks', join(dir, 'mocks.yaml'), '--store', join(dir, 's')], ZH);
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /^fdl：.*mocks\.yaml：顶层应为 `tasks:` 映射/);
  const en = await fdl(['run', flow, '--mocks', join(dir, 'missing.yaml'), '--store', join(dir, 's')], EN);
  assert.equal(en.code, 2);
  assert.match(en.stderr, /^fdl: Mocks file .*missing\.yaml cannot be read/);
});

test('run result lines are translated; --json is the same object in every locale', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = join(fixture('no-mock-fails-clearly'), 'flow.flow.yaml');
  const zh = await fdl(['run', flow, '--name', 'zh1', '--time-scale', '0', '--store', join(dir, 's')], ZH);
  assert.equal(zh.code, 1);
  assert.match(zh.stdout, /^flow\/zh1：Failed\n错误：Local\.NoInvoker\n原因：无法在本地运行任务步骤 unmocked/);
  const en = await fdl(['run', flow, '--name', 'en1', '--time-scale', '0', '--store', join(dir, 's')], EN);
  assert.match(en.stdout, /^flow\/en1: Failed\nerror: Local\.NoInvoker\ncause: No way to run task step unmocked/);
  const jsonZh = await fdl(['run', flow, '--time-scale', '0', '--json', '--store', join(dir, 's')], ZH);
  const jsonEn = await fdl(['run', flow, '--time-scale', '0', '--json', '--store', join(dir, 's')], EN);
  assert.equal(jsonZh.code, 1);
  assert.equal(jsonZh.stdout, jsonEn.stdout);
  assert.match(JSON.parse(jsonZh.stdout).cause, /^No way to run task step unmocked/);
});

test('an invalid flow is refused with its diagnostics in the user language (exit 2); --json diagnostics stay English', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = join(dir, 'broken.flow.yaml');
  writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: teleport\n    name: beam\n');
  const zh = await fdl(['run', flow, '--store', join(dir, 's')], ZH);
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /broken\.flow\.yaml:4:\d+：错误 [\w-]+：/);
  assert.match(zh.stderr, /[\u4e00-\u9fff]/);
  const json = await fdl(['run', flow, '--json', '--store', join(dir, 's')], ZH);
  assert.equal(json.code, 2);
  assert.match(json.stderr, /broken\.flow\.yaml:4:\d+：错误 [\w-]+：/);
  const out = JSON.parse(json.stdout) as { status: string; diagnostics: { message: string }[] };
  assert.equal(out.status, 'Invalid');
  assert.doesNotMatch(out.diagnostics.map((d) => d.message).join('\n'), /[\u4e00-\u9fff]/);
});

test('test prints its tally in the user language and exits 1 when a scenario fails', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'wrong.scenario.yaml'), `flow: ${JSON.stringify(join(fixture('parallel-docs'), 'flow.flow.yaml'))}\nexpect:\n  status: Failed\n`);
  const zh = await fdl(['test', fixture('parallel-docs'), join(dir, 'wrong.scenario.yaml')], ZH);
  assert.equal(zh.code, 1);
  assert.match(zh.stdout, /PASS parallel-docs/);
  assert.match(zh.stdout, /1 个通过，1 个失败\n$/);
  const en = await fdl(['test', fixture('parallel-docs')], EN);
  assert.equal(en.code, 0);
  assert.match(en.stdout, /1 passed, 0 failed\n$/);
});
