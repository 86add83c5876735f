/** What the local code invoker tells users, in English and Simplified Chinese. */
import { defineMessages, formatMessage, type Locale, type MessageText } from '../../fdl/messages';
import { engineLocale } from '../messages';

export const LOCAL_INVOKER_MESSAGES = defineMessages({
  functionNotFound: {
    en: 'Step `{0}`: no local code for `{1}`. Declare the function in an s.yaml (service.name + function.name, or fc3 functionName) or map the ARN in fdl-functions.json, or add a mock for the step.',
    'zh-cn':
      '步骤 `{0}`：找不到 `{1}` 的本地代码。请在 s.yaml 中声明该函数（service.name + function.name，或 fc3 的 functionName），或在 fdl-functions.json 中映射该 ARN，或为该步骤添加 mock。',
  },
  unsupportedRuntime: {
    en: 'Step `{0}`: function `{1}` uses runtime `{2}`; only Node.js runtimes (nodejs*) run locally. Add a mock for this step, or run it against Function Compute.',
    'zh-cn': '步骤 `{0}`：函数 `{1}` 使用运行时 `{2}`；本地只能运行 Node.js 运行时（nodejs*）。请为该步骤添加 mock，或改用函数计算运行。',
  },
  codeDirMissing: {
    en: 'Step `{0}`: the code folder `{1}` of function `{2}` (declared in {3}) does not exist.',
    'zh-cn': '步骤 `{0}`：函数 `{2}` 的代码目录 `{1}`（声明于 {3}）不存在。',
  },
  outputCut: {
    en: 'local: the function answered, but its output was still open {0} ms later (a process it started may hold it); output after this line is not in the log.',
    'zh-cn': 'local：函数已返回结果，但 {0} 毫秒后其输出仍未关闭（可能被它启动的进程占用）；此行之后的输出不再记入日志。',
  },
  debugNodeOnly: {
    en: 'function `{0}` uses runtime `{1}`: only the handlers of Node.js functions (nodejs*) run here under a debugger.',
    'zh-cn': '函数 `{0}` 使用运行时 `{1}`：只有 Node.js 函数（nodejs*）的处理函数可以在此处的调试器下运行。',
  },
  debugNotAttached: {
    en: 'local: no debugger attached ({0}); the function runs without one.',
    'zh-cn': 'local：没有附加调试器（{0}）；函数将在没有调试器的情况下运行。',
  },
  runtimeMissing: {
    en: 'The local Node.js runtime script is missing ({0}); rebuild the extension.',
    'zh-cn': '缺少本地 Node.js 运行时脚本（{0}）；请重新构建扩展。',
  },
});

export type LocalInvokerMessage = keyof typeof LOCAL_INVOKER_MESSAGES;

export function localMessage(key: LocalInvokerMessage, locale: Locale, ...args: unknown[]): string {
  return formatMessage(LOCAL_INVOKER_MESSAGES[key] as MessageText, locale, ...args);
}

export function defaultLocale(): Locale {
  return engineLocale();
}
