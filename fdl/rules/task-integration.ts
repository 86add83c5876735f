/** The integration of a task step, parsed once per step and shared by the task rules. */
import { parseResourceArn, type ResourceArn } from '../arn';
import type { TaskStep } from '../model';
import { mapValue, NodeKind } from '../yaml/tree';

const cache = new WeakMap<TaskStep, ResourceArn | undefined>();
/**
 * Parses by text: a flow names few distinct resources many times, and a parse depends on the
 * text alone (its spans are relative to the ARN). Read-only for every caller; bounded.
 */
const byText = new Map<string, ResourceArn>();
const MAX_CACHED_TEXTS = 5000;

function parseArnText(text: string, tagged: boolean): ResourceArn {
  const key = (tagged ? '!' : ' ') + text;
  let arn = byText.get(key);
  if (!arn) {
    if (byText.size >= MAX_CACHED_TEXTS) byText.clear();
    arn = parseResourceArn(text, tagged);
    byText.set(key, arn);
  }
  return arn;
}

/** The parsed resourceArn, or undefined for `action:` tasks and tasks without one. */
export function taskArn(step: TaskStep): ResourceArn | undefined {
  if (cache.has(step)) return cache.get(step);
  let arn: ResourceArn | undefined;
  if (step.resourceArn) {
    const node = mapValue(step.node, 'resourceArn');
    // `!Ref svc/fn` and friends are resolved at deploy time: the text is a reference, not an ARN.
    const tagged = node?.kind === NodeKind.Scalar && typeof node.tag === 'string' && node.tag.startsWith('!');
    arn = parseArnText(step.resourceArn.value, tagged);
  }
  cache.set(step, arn);
  return arn;
}

/** The product of an `action: product:Api` task (`fnf` for `fnf:StartExecution`). */
export function actionProduct(step: TaskStep): string | undefined {
  const a = step.action?.value;
  if (!a) return undefined;
  const i = a.indexOf(':');
  return i > 0 ? a.slice(0, i) : undefined;
}
