/** Messages the static checks and the evaluator share: an unknown function, a wrong argument count. */
import { closestMatch } from '../../schema/did-you-mean';
import { defineMessages, formatMessage, type MessageText } from '../../messages';
import { SM_FUNCTION_NAMES, type SmFunctionInfo } from './function-catalog';

const messages = defineMessages({
  unknownFunction: {
    en: 'Unknown built-in function `{0}`.{1}',
    'zh-cn': '未知的内置函数 `{0}`。{1}',
  },
  didYouMean: { en: ' Did you mean `{0}`?', 'zh-cn': '您是否想输入 `{0}`？' },
  exactly: { en: '`{0}` takes {1} argument(s); {2} given. Signature: `{3}`.', 'zh-cn': '`{0}` 需要 {1} 个参数，此处为 {2} 个。签名：`{3}`。' },
  atLeast: { en: '`{0}` takes at least {1} argument(s); {2} given. Signature: `{3}`.', 'zh-cn': '`{0}` 至少需要 {1} 个参数，此处为 {2} 个。签名：`{3}`。' },
});

export function unknownFunctionMessage(name: string): MessageText {
  const suggestion = closestMatch(name, SM_FUNCTION_NAMES) ?? SM_FUNCTION_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  const hint = (locale: 'en' | 'zh-cn') => (suggestion ? formatMessage(messages.didYouMean, locale, suggestion) : '');
  return {
    en: formatMessage(messages.unknownFunction, 'en', name, hint('en')),
    'zh-cn': formatMessage(messages.unknownFunction, 'zh-cn', name, hint('zh-cn')),
  };
}

export function argumentCountMessage(info: SmFunctionInfo, given: number): MessageText {
  const text = info.maxArgs === Infinity ? messages.atLeast : messages.exactly;
  return {
    en: formatMessage(text, 'en', info.name, info.minArgs, given, info.signature),
    'zh-cn': formatMessage(text, 'zh-cn', info.name, info.minArgs, given, info.signature),
  };
}
