/** Why a resourceArn is invalid, worded for people: shared by the resourceArn rule and the hover. */
import type { InvalidArnReason } from './arn';
import { defineMessages, formatMessage, type Locale } from './messages';

const reasons = defineMessages({
  'too-long': { en: 'it is far longer than any ARN.', 'zh-cn': '长度远超任何 ARN；' },
  'not-acs': { en: 'an ARN starts with `acs:`.', 'zh-cn': 'ARN 应以 `acs:` 开头；' },
  'too-few-parts': { en: 'an ARN has the form `acs:{product}:{region}:{account}:{resource}`.', 'zh-cn': 'ARN 的格式为 `acs:{product}:{region}:{account}:{resource}`；' },
  'bad-region': { en: 'the region must be empty or like `cn-hangzhou`.', 'zh-cn': '地域应为空或形如 `cn-hangzhou`；' },
  'bad-account': { en: 'the account must be empty or an account ID (digits).', 'zh-cn': '账号应为空或账号 ID（数字）；' },
  'bad-fc-resource': {
    en: 'a Function Compute resource is `services/{service}[.{qualifier}]/functions/{function}` (FC 2.0) or `functions/{function}[/{qualifier}]` (FC 3.0).',
    'zh-cn': '函数计算资源应为 `services/{service}[.{qualifier}]/functions/{function}`（FC 2.0）或 `functions/{function}[/{qualifier}]`（FC 3.0）；',
  },
  'bad-fnf-resource': { en: 'a child flow is `flow/{name}`.', 'zh-cn': '子流程资源应为 `flow/{name}`；' },
  'bad-mns-resource': {
    en: 'an MNS resource is `/queues/{queue}/messages` or `/topics/{topic}/messages`.',
    'zh-cn': 'MNS 资源应为 `/queues/{queue}/messages` 或 `/topics/{topic}/messages`；',
  },
  'bad-name': {
    en: 'names start with a letter or `_`, contain only letters, digits, `_` and `-`, and are at most 128 characters long (function names 64, MNS queue and topic names 120).',
    'zh-cn': '名称须以字母或 `_` 开头，只能包含字母、数字、`_` 和 `-`，长度不超过 128 个字符（函数名不超过 64，MNS 队列和主题名不超过 120）；',
  },
});

/** The reason in the user's words; never the internal code. */
export function invalidArnReasonText(reason: InvalidArnReason, locale: Locale): string {
  return formatMessage(reasons[reason], locale);
}
