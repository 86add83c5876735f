/**
 * toLocale is the one mapping from a language tag to the locale we ship: BCP 47 tags from VS Code
 * and LSP, and POSIX locale names from the environment, in any case. Simplified Chinese → zh-cn;
 * Traditional Chinese and everything else → English (we ship Simplified Chinese only).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toLocale, type Locale } from '../../fdl/messages';

const cases: [string | undefined, Locale][] = [
  // BCP 47 (VS Code's `vscode.env.language`, LSP `initialize.locale`)
  ['zh', 'zh-cn'],
  ['zh-cn', 'zh-cn'],
  ['zh-CN', 'zh-cn'],
  ['ZH-cn', 'zh-cn'],
  ['zh-Hans', 'zh-cn'],
  ['zh-Hans-CN', 'zh-cn'],
  ['zh-Hans-HK', 'zh-cn'],
  ['zh-SG', 'zh-cn'],
  ['zh-CHS', 'zh-cn'],
  ['zh-tw', 'en'],
  ['zh-TW', 'en'],
  ['zh-HK', 'en'],
  ['zh-MO', 'en'],
  ['zh-Hant', 'en'],
  ['zh-Hant-TW', 'en'],
  ['zh-Hant-CN', 'en'],
  ['zh-Hant-TW-u-nu-hanidec', 'en'],
  ['zh-CHT', 'en'],
  ['en', 'en'],
  ['en-US', 'en'],
  ['ja', 'en'],
  ['zu', 'en'],
  // POSIX locale names (LC_ALL, LC_MESSAGES, LANG)
  ['zh_CN.UTF-8', 'zh-cn'],
  ['zh_CN', 'zh-cn'],
  ['zh_cn.utf8', 'zh-cn'],
  ['zh_SG.GB2312', 'zh-cn'],
  ['zh_CN.GB18030@pinyin', 'zh-cn'],
  ['zh_TW.UTF-8', 'en'],
  ['zh_TW.Big5', 'en'],
  ['zh_HK.Big5-HKSCS', 'en'],
  ['C', 'en'],
  ['C.UTF-8', 'en'],
  ['POSIX', 'en'],
  ['en_US.UTF-8', 'en'],
  ['en_US.UTF-8@euro', 'en'],
  ['de_DE.UTF-8', 'en'],
  // nothing usable
  [undefined, 'en'],
  ['', 'en'],
  ['  ', 'en'],
  [' zh_CN.UTF-8 ', 'zh-cn'],
];

for (const [tag, expected] of cases) {
  test(`toLocale(${JSON.stringify(tag)}) is ${expected}`, () => {
    assert.equal(toLocale(tag), expected);
  });
}
