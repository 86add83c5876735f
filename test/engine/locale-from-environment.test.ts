/**
 * The engine's locale comes from the environment: FDL_LOCALE, then VS Code's VSCODE_NLS_CONFIG,
 * then the POSIX order LC_ALL > LC_MESSAGES > LANG (an empty variable counts as unset). The tag it
 * finds is mapped by fdl's toLocale, so Traditional-Chinese locales get English like everywhere else.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localeFromEnvironment } from '../../engine/messages';
import { toLocale, type Locale } from '../../fdl/messages';

const NLS = (locale: string) => JSON.stringify({ locale, availableLanguages: {} });

const cases: [string, NodeJS.ProcessEnv, Locale][] = [
  ['LANG Simplified', { LANG: 'zh_CN.UTF-8' }, 'zh-cn'],
  ['LANG Singapore', { LANG: 'zh_SG.GB2312' }, 'zh-cn'],
  ['LANG Traditional (Taiwan)', { LANG: 'zh_TW.UTF-8' }, 'en'],
  ['LANG Traditional (Hong Kong)', { LANG: 'zh_HK.Big5-HKSCS' }, 'en'],
  ['LANG C', { LANG: 'C' }, 'en'],
  ['LANG POSIX', { LANG: 'POSIX' }, 'en'],
  ['LANG English with modifier', { LANG: 'en_US.UTF-8@euro' }, 'en'],
  ['LC_MESSAGES beats LANG', { LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }, 'en'],
  ['LC_MESSAGES Simplified beats English LANG', { LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, 'zh-cn'],
  ['LC_ALL beats LC_MESSAGES and LANG', { LANG: 'en_US.UTF-8', LC_MESSAGES: 'en_US', LC_ALL: 'zh_CN.UTF-8' }, 'zh-cn'],
  ['LC_ALL=C beats a Chinese LANG', { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }, 'en'],
  ['LC_ALL Traditional beats a Simplified LANG', { LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_TW.UTF-8' }, 'en'],
  ['an empty LC_ALL counts as unset', { LANG: 'zh_CN.UTF-8', LC_ALL: '' }, 'zh-cn'],
  ['VS Code NLS config beats POSIX', { LC_ALL: 'en_US.UTF-8', VSCODE_NLS_CONFIG: NLS('zh-cn') }, 'zh-cn'],
  ['VS Code NLS zh-tw is English', { LANG: 'zh_CN.UTF-8', VSCODE_NLS_CONFIG: NLS('zh-tw') }, 'en'],
  ['VS Code NLS config that is not JSON is ignored', { LANG: 'zh_CN.UTF-8', VSCODE_NLS_CONFIG: 'not json' }, 'zh-cn'],
  ['FDL_LOCALE beats everything', { LANG: 'zh_CN.UTF-8', VSCODE_NLS_CONFIG: NLS('zh-cn'), FDL_LOCALE: 'en' }, 'en'],
  ['FDL_LOCALE as a BCP 47 tag', { LANG: 'en_US.UTF-8', FDL_LOCALE: 'zh-Hans' }, 'zh-cn'],
];

for (const [name, env, expected] of cases) {
  test(`${name}: ${JSON.stringify(env)} → ${expected}`, () => {
    assert.equal(localeFromEnvironment(env), expected);
  });
}

test('with nothing set the OS locale (Intl) decides, through the same mapping', () => {
  assert.equal(localeFromEnvironment({}), toLocale(Intl.DateTimeFormat().resolvedOptions().locale));
});
