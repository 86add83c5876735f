/** Messages the static checks and the evaluator share: an unknown function, a wrong argument count. */
import { closestMatch } from '../../schema/did-you-mean';
import { defineMessages, message, type Message } from '../../messages';
import { SM_FUNCTION_NAMES, type SmFunctionInfo } from './function-catalog';

const messages = defineMessages({
  unknownFunction: 'Unknown built-in function `{0}`.{1}',
  didYouMean: ' Did you mean `{0}`?',
  exactly: '`{0}` takes {1} argument(s); {2} given. Signature: `{3}`.',
  atLeast: '`{0}` takes at least {1} argument(s); {2} given. Signature: `{3}`.',
});

export function unknownFunctionMessage(name: string): Message {
  const suggestion = closestMatch(name, SM_FUNCTION_NAMES) ?? SM_FUNCTION_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  return message(messages.unknownFunction, name, suggestion ? message(messages.didYouMean, suggestion) : '');
}

export function argumentCountMessage(info: SmFunctionInfo, given: number): Message {
  const text = info.maxArgs === Infinity ? messages.atLeast : messages.exactly;
  return message(text, info.name, info.minArgs, given, info.signature);
}
