/** Why a resourceArn is invalid, worded for people: shared by the resourceArn rule and the hover. */
import type { InvalidArnReason } from './arn';
import { defineMessages, formatMessage, type Locale } from './messages';

const reasons = defineMessages({
  'too-long': 'it is far longer than any ARN.',
  'not-acs': 'an ARN starts with `acs:`.',
  'too-few-parts': 'an ARN has the form `acs:{product}:{region}:{account}:{resource}`.',
  'bad-region': 'the region must be empty or like `cn-hangzhou`.',
  'bad-account': 'the account must be empty or an account ID (digits).',
  'bad-fc-resource': 'a Function Compute resource is `services/{service}[.{qualifier}]/functions/{function}` (FC 2.0) or `functions/{function}[/{qualifier}]` (FC 3.0).',
  'bad-fnf-resource': 'a child flow is `flow/{name}`.',
  'bad-mns-resource': 'an MNS resource is `/queues/{queue}/messages` or `/topics/{topic}/messages`.',
  'bad-name':
    'names start with a letter or `_`, contain only letters, digits, `_` and `-`, and are at most 128 characters long (function names 64, MNS queue and topic names 120).',
});

/** The reason in the user's words; never the internal code. */
export function invalidArnReasonText(reason: InvalidArnReason, locale: Locale): string {
  return formatMessage(reasons[reason], locale);
}
