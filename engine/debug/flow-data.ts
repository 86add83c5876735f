/**
 * A paused visit's data in its dialect's words: the variables a debugger shows, and flow
 * expressions evaluated in the visit's scope (breakpoint conditions, logpoints, Watch, the Debug
 * Console), with the evaluators the engine runs flows with.
 *
 * Classic: `$input` and `$` are the step's input (after its inputMappings), as in a choice
 * condition; `$local` is what the step's scope carries; `$context` the step's context. The input
 * its inputMappings read is shown apart ("parent input"). StateMachine: `$Input` is the state's
 * input (after its InputConstructor), `$Output` the task's result once it ended, `$Context`.
 */
import { evaluateCondition, evaluatePath, parseCondition, parsePath } from '../../fdl/expressions/index';
import { evaluateSmExpression, parseSmExpression } from '../../fdl/cloudflow/expressions/index';
import type { PlanDialect } from '../../fdl/plan/plan';
import type { SmPlanModel } from '../../fdl/plan/statemachine';
import type { DataChange } from '../history/events';
import { engineLocale } from '../messages';
import { smContext } from '../run/dialects/sm-data';
import { debugText } from './debug-messages';
import type { DebugVisit, VisitEnd, VisitFailure } from './visit-hooks';
import { localize } from '../../fdl/messages';

/** Where a visit is paused: before it starts, after it ended, or failed. */
export interface FrameData {
  dialect: PlanDialect;
  visit: DebugVisit;
  phase: 'start' | 'end' | 'failed' | 'running';
  end?: VisitEnd;
  failure?: VisitFailure;
}

export interface NamedValue {
  name: string;
  value: unknown;
  /** What changing it changes (only before the visit starts). */
  edit?: DataChange['variable'];
}

export type Evaluated = { ok: true; value: unknown } | { ok: false; message: string };

/** The variables of a frame, in the order a person reads them. */
export function frameVariables(f: FrameData): NamedValue[] {
  const { visit, phase } = f;
  const editable = phase === 'start';
  const isTask = visit.state.kind === 'task';
  const out: NamedValue[] = [];
  if (f.dialect === 'classic') {
    out.push({ name: '$input', value: visit.input, ...(editable ? { edit: 'input' as const } : {}) });
    out.push({ name: '$local', value: visit.carry, ...(editable ? { edit: 'local' as const } : {}) });
    out.push({ name: '$context', value: classicContext(visit) });
    out.push({ name: debugText('parentInput'), value: visit.scopeInput });
  } else {
    out.push({ name: '$Input', value: visit.input, ...(editable ? { edit: 'input' as const } : {}) });
    if (f.end) out.push({ name: '$Output', value: f.end.result });
    out.push({ name: '$Context', value: smContextOf(f) });
    if ((visit.state.model as SmPlanModel).def?.InputConstructor !== undefined) out.push({ name: debugText('rawInput'), value: visit.carry });
  }
  if (isTask && editable) out.push({ name: debugText('mockedResult'), value: visit.debugResult ?? null, edit: 'result' });
  if (f.end && f.dialect === 'classic' && isTask) out.push({ name: debugText('taskResult'), value: f.end.result });
  if (f.end) out.push({ name: debugText('output'), value: f.end.output });
  if (f.failure) out.push({ name: debugText('error'), value: { error: f.failure.error, cause: f.failure.cause } });
  return out;
}

/** The execution's own data (the same in every frame). */
export function executionVariables(visit: DebugVisit): NamedValue[] {
  const heads = visit.run.contextHeads;
  return [
    { name: debugText('executionInput'), value: heads.execution.input },
    { name: 'execution', value: { name: heads.execution.name, flow: heads.flow.name } },
  ];
}

/** A flow expression's value in the frame's scope: a path or a condition (classic), any expression (StateMachine). */
export function evaluateIn(f: FrameData, text: string): Evaluated {
  const source = text.trim();
  const locale = engineLocale();
  if (f.dialect === 'classic') {
    const scope = { input: f.visit.input, local: f.visit.carry, context: classicContext(f.visit) };
    const path = parsePath(source);
    if (path.ok) return { ok: true, value: evaluatePath(path.ast, scope) };
    const cond = parseCondition(source);
    if (cond.ok) return { ok: true, value: evaluateCondition(cond.ast, scope) };
    return { ok: false, message: localize(cond.error.message, locale) };
  }
  const parsed = parseSmExpression(source);
  if (!parsed.ok) return { ok: false, message: localize(parsed.error.message, locale) };
  const r = evaluateSmExpression(parsed.ast, { Input: f.visit.input, ...(f.end ? { Output: f.end.result } : {}), Context: smContextOf(f), random: Math.random });
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: localize(r.error.message, locale) };
}

/** Why an expression of the dialect does not parse, if it does not (a condition is checked when its breakpoint is set). */
export function expressionProblem(dialect: PlanDialect, text: string): string | undefined {
  const source = text.trim();
  const locale = engineLocale();
  if (dialect === 'classic') {
    if (parsePath(source).ok) return undefined;
    const cond = parseCondition(source);
    return cond.ok ? undefined : localize(cond.error.message, locale);
  }
  const parsed = parseSmExpression(source);
  return parsed.ok ? undefined : localize(parsed.error.message, locale);
}

/** A breakpoint condition: true only when the expression is the boolean true (as a choice condition). */
export function conditionHolds(f: FrameData, text: string): Evaluated {
  const r = evaluateIn(f, text);
  return r.ok ? { ok: true, value: r.value === true } : r;
}

/** A logpoint's message: each `{expression}` replaced by its value (text as is, anything else as JSON). */
export function interpolate(f: FrameData, message: string): string {
  return message.replace(/\{([^{}]+)\}/g, (_, expr: string) => {
    const r = evaluateIn(f, expr);
    if (!r.ok) return `<${r.message}>`;
    return typeof r.value === 'string' ? r.value : (JSON.stringify(r.value) ?? 'undefined');
  });
}

function classicContext(visit: DebugVisit): unknown {
  const heads = visit.run.contextHeads;
  const step = { name: visit.state.name, eventId: visit.enteredEventId };
  return visit.token ? { execution: heads.execution, flow: heads.flow, step, task: { token: visit.token } } : { execution: heads.execution, flow: heads.flow, step };
}

function smContextOf(f: FrameData): unknown {
  const { visit } = f;
  return smContext(visit.run.contextHeads, {
    Name: visit.state.name,
    Input: visit.input,
    RetryCount: 0,
    ...(f.end ? { Output: f.end.result } : {}),
    ...(f.failure ? { Error: { Code: f.failure.error, Detail: f.failure.cause } } : {}),
    ...(visit.token ? { TaskToken: visit.token } : {}),
  });
}
