/**
 * `callback-token-not-passed` (warning): a `waitForCallback` task waits until someone calls
 * ReportTaskSucceeded/ReportTaskFailed with its task token, and the token only leaves the flow
 * through a mapping (`inputMappings: [{target: taskToken, source: $context.task.token}]`, docs:
 * integration overview and wait-for-callback pages). Without it nothing can ever report back.
 * For MNS and child flows the message / child input is built from serviceParams, so a token
 * mapped into the step input must also be sent on (`MessageBody: $` or `$.taskToken`).
 */
import { integrationKind } from '../arn';
import type { Check, CheckContext } from '../check';
import { isPathSource } from '../expressions/mapping-source';
import { defineMessages } from '../messages';
import type { TaskStep } from '../model';
import { report } from './finding';
import { taskArn } from './task-integration';
import { parsedPath } from './parsed-expressions';

const TOKEN_PATH = '$context.task.token';

const messages = defineMessages({
  notPassed:
    'This waitForCallback task never passes `$context.task.token` on, so nothing can report back and the step waits until it times out. Add an input mapping `{target: taskToken, source: $context.task.token}`.',
  notSent: 'The task token is mapped into the step input as `{0}` but serviceParams never sends it: include it, e.g. `MessageBody: $` or `$.{0}`, or nothing can report back.',
});

/** Whether a mapping source reads the token: `$context.task.token` or an object containing it. */
function readsToken(source: unknown): boolean {
  if (!isPathSource(source)) return false;
  const r = parsedPath(source);
  if (!r.ok || r.ast.root !== '$context') return false;
  const fields = r.ast.segments.map((s) => (s.kind === 'field' ? s.name : null));
  const want = ['task', 'token'];
  return fields.length <= 2 && fields.every((f, i) => f === want[i]);
}

function strings(value: unknown): string[] {
  const out: string[] = [];
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') stack.push(...Object.values(v));
  }
  return out;
}

export const CALLBACK_TOKEN_CODES = ['callback-token-not-passed'] as const;

export const checkCallbackToken: Check = {
  name: 'callback-token-not-passed',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || step.pattern?.value !== 'waitForCallback') continue;
      checkTask(ctx, step);
    }
  },
};

function checkTask(ctx: CheckContext, step: TaskStep): void {
  const params = step.serviceParams ? strings(step.serviceParams.value) : [];
  if (params.some((s) => s.includes(TOKEN_PATH))) return;
  const targets = (step.inputMappings ?? []).filter((m) => readsToken(m.source?.value)).map((m) => m.target?.value ?? '');
  const span = step.pattern!.span;
  if (targets.length === 0) {
    report(ctx, { code: 'callback-token-not-passed', severity: 'warning', text: messages.notPassed, span, data: { target: 'taskToken', source: TOKEN_PATH } });
    return;
  }
  const arn = taskArn(step);
  const kind = arn && integrationKind(arn);
  if (!step.serviceParams || kind === 'fc' || kind === undefined) return;
  const sendsInput = params.some((s) => {
    const t = s.trim();
    return t === '$' || targets.some((name) => name !== '' && (t === `$.${name}` || t.startsWith(`$.${name}.`)));
  });
  if (!sendsInput) {
    report(ctx, { code: 'callback-token-not-passed', severity: 'warning', text: messages.notSent, args: [targets[0] || 'taskToken'], span, data: { target: targets[0] } });
  }
}
