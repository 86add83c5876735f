/** What the local code invoker tells users, in English and Simplified Chinese. */
import { defineMessages, formatMessage, type Locale, type MessageText } from '../../fdl/messages';
import { engineLocale } from '../messages';

export const LOCAL_INVOKER_MESSAGES = defineMessages({
  functionNotFound:
    'Step `{0}`: no local code for `{1}`. Declare the function in an s.yaml (service.name + function.name, or fc3 functionName) or map the ARN in fdl-functions.json, or add a mock for the step.',
  unsupportedRuntime: 'Step `{0}`: function `{1}` uses runtime `{2}`; only Node.js runtimes (nodejs*) run locally. Add a mock for this step, or run it against Function Compute.',
  codeDirMissing: 'Step `{0}`: the code folder `{1}` of function `{2}` (declared in {3}) does not exist.',
  outputCut: 'local: the function answered, but its output was still open {0} ms later (a process it started may hold it); output after this line is not in the log.',
  debugNodeOnly: 'function `{0}` uses runtime `{1}`: only the handlers of Node.js functions (nodejs*) run here under a debugger.',
  debugNotAttached: 'local: no debugger attached ({0}); the function runs without one.',
  runtimeMissing: 'The local Node.js runtime script is missing ({0}); rebuild the extension.',
});

export type LocalInvokerMessage = keyof typeof LOCAL_INVOKER_MESSAGES;

export function localMessage(key: LocalInvokerMessage, locale: Locale, ...args: unknown[]): string {
  return formatMessage(LOCAL_INVOKER_MESSAGES[key] as MessageText, locale, ...args);
}

export function defaultLocale(): Locale {
  return engineLocale();
}
