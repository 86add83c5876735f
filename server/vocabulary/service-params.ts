/**
 * `serviceParams` keys by integration, with what each means. Which keys an integration takes is
 * the rules' list (fdl/rules/service-params.ts, the same list the `unknown-service-param` check
 * uses); the kind comes from fdl/arn.ts. The schema leaves serviceParams open, so the words live
 * here, from the docs' integration pages as summarised in SPEC.md / FC.md.
 */
import { integrationKind, parseResourceArn, type ResourceArnKind } from '../../fdl/arn';
import type { MessageText } from '../../fdl/messages';
import { INVOCATION_TYPES, SERVICE_PARAMS_BY_KIND } from '../../fdl/rules/service-params';
import { localizable } from '../../fdl/messages';

export interface ServiceParam {
  name: string;
  description: MessageText;
  values?: { value: string; description: MessageText }[];
}

const INVOCATION_TYPE_WORDS: Record<(typeof INVOCATION_TYPES)[number], MessageText> = {
  Sync: localizable("Invoke and wait for the function's result."),
  Async: localizable('Invoke asynchronously: with `requestResponse` the step continues once the call is accepted; with `sync` it waits until the function finishes.'),
};

const WORDS: Record<string, MessageText> = {
  InvocationType: localizable('How Function Compute is invoked. Default: Sync.'),
  StatefulAsyncInvocationID: localizable(
    'ID of a stateful asynchronous invocation (needs `InvocationType: Async`); unique per function. May be a `$.x` reference to the step input.',
  ),
  Input: localizable("The child flow's execution input (JSON text or a `$.x` reference)."),
  ExecutionName: localizable('Name of the child execution; unique within the child flow.'),
  MessageBody: localizable('The message body to send (`$` sends the whole step input).'),
  Priority: localizable('Message priority, 1 (highest) to 16 (lowest).'),
  DelaySeconds: localizable('Seconds before the message becomes visible to consumers.'),
  MessageTag: localizable('Tag used to filter messages.'),
  MessageAttributes: localizable('Message attributes.'),
};

/** The integration a resourceArn names, or undefined when unknown (then every integration's keys are offered). */
export function serviceKindOf(resourceArn: string | undefined): ResourceArnKind | undefined {
  return resourceArn ? integrationKind(parseResourceArn(resourceArn)) : undefined;
}

export function serviceParamsFor(kind: ResourceArnKind | undefined): ServiceParam[] {
  const names = kind ? SERVICE_PARAMS_BY_KIND[kind] : [...new Set(Object.values(SERVICE_PARAMS_BY_KIND).flat())];
  return names.map((name) => ({
    name,
    description: WORDS[name] ?? { en: name, 'zh-cn': name },
    values: name === 'InvocationType' ? INVOCATION_TYPES.map((value) => ({ value, description: INVOCATION_TYPE_WORDS[value] })) : undefined,
  }));
}
