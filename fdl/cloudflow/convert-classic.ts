/**
 * Classic FDL (`version: v1`, `type: flow`, `steps:`) → CloudFlow's current format (`Type: StateMachine`).
 *
 * Pure: takes the classic located model (fdl/parse.ts) and its text, returns the StateMachine
 * definition, its YAML text and the findings for everything that could not be carried over 1:1.
 * Every construct's mapping and the reasons behind it: docs/convert-classic.md.
 *
 * The core difference is data: classic steps merge their output into the data later steps see, while
 * StateMachine states hand on their output alone. The converted flow carries, past every state that
 * would drop them, the fields later steps read by path (convert-classic-reads.ts), and says where a
 * step that takes its whole input may see less than it did.
 */
import { stringify } from 'yaml';
import { integrationKind, parseResourceArn } from '../arn';
import { parsePath, type PathSegment } from '../expressions/path';
import { taskArn } from '../rules/task-integration';
import { LineIndex, type Range } from '../positions';
import type { Catch, ChoiceStep, FailStep, Flow, ForeachStep, Located, Mapping, ParallelStep, Retry, Scope, Span, Step, TaskStep, WaitStep } from '../model';
import { CONVERT_WORDS, finding, type ConvertFinding, type ConvertFindingCode } from './convert-classic-findings';
import { collectReads, type FlowReads } from './convert-classic-reads';
import { appendSegments, contextExpression, readCarried, readStepInput, translateCondition, type PathReader, type Translated } from './convert-classic-paths';
import { localize, message } from '../messages';

export interface ConvertClassicOptions {
  /** The StateMachine `Name` (it must equal the flow's name in the service); default `converted-flow`. */
  name?: string;
}

export interface LocatedConvertFinding extends ConvertFinding {
  range: Range;
}

export interface ClassicConversion {
  /** The StateMachine definition as a plain object, keys in the order they are written. */
  definition: Record<string, unknown>;
  /** The definition as YAML. */
  yaml: string;
  findings: LocatedConvertFinding[];
}

type State = Record<string, unknown>;
type Exit = { end: true } | { next: string };

/** Inline Map's documented concurrency ceiling (tc inline-mode page: "最大並發數可達到40"). */
const MAX_INLINE_MAP_CONCURRENCY = 40;
/** Wait `Seconds` in Standard mode (https://alibabacloud.com/help/en/serverless-workflow/latest/wait-wait). */
const MAX_WAIT_SECONDS = 300;
/** Task `Timeout` ceiling (ja task-task page). */
const MAX_TASK_TIMEOUT = 604800;
const ACTION_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*:[A-Za-z][A-Za-z0-9_]*$/;

export function convertClassicFlow(flow: Flow, text: string, options: ConvertClassicOptions = {}): ClassicConversion {
  const c = new ClassicConverter(flow);
  const definition = c.run(options.name ?? 'converted-flow');
  const lines = new LineIndex(text);
  const findings = [...c.findings]
    .sort((a, b) => a.span.start - b.span.start)
    .map((f) => ({ ...f, range: { start: lines.positionAt(f.span.start), end: lines.positionAt(f.span.end) } }));
  return { definition, yaml: stringify(definition, { lineWidth: 0, aliasDuplicateObjects: false }), findings };
}

/** Where a sequence of states stands: the top of the flow, or inside a Parallel branch / Map processor. */
interface Where {
  nested: boolean;
}

class ClassicConverter {
  readonly findings: ConvertFinding[] = [];
  private readonly reads: FlowReads;
  private flowOutput?: Record<string, unknown>;

  constructor(private readonly flow: Flow) {
    this.reads = collectReads(flow);
  }

  report(code: ConvertFindingCode, span: Span, args: unknown[] = [], severity: 'warning' | 'information' = 'warning'): void {
    this.findings.push(finding(code, span, args, severity));
  }

  run(name: string): Record<string, unknown> {
    const flow = this.flow;
    const used = new Set<string>();
    const names = this.allocateNames(flow.body, used, false);
    const outName = flow.outputMappings ? unique('FlowOutput', used) : undefined;
    const inName = flow.inputMappings ? unique('FlowInput', used) : undefined;
    if (flow.outputMappings) this.flowOutput = this.flowOutputConstructor(flow.outputMappings);
    else this.report('flow-output-includes-input', flow.type?.span ?? flow.version?.span ?? { start: 0, end: 0 });
    if (flow.timeoutSeconds) this.report('flow-timeout', flow.timeoutSeconds.span);

    const exit: Exit = outName ? { next: outName } : { end: true };
    const body = this.sequence(flow.body, exit, used, { nested: false }, names);
    const states: State[] = [];
    let startAt = body.start;
    if (inName) {
      const oc = this.mappingsConstructor(flow.inputMappings!, flowInputReader);
      states.push(link({ Type: 'Pass', Name: inName, OutputConstructor: oc }, { next: body.start }));
      startAt = inName;
    }
    states.push(...body.states);
    if (outName) states.push(link({ Type: 'Pass', Name: outName, OutputConstructor: this.flowOutput }, { end: true }));
    return { Type: 'StateMachine', Name: name, SpecVersion: 'v1', StartAt: startAt, States: states };
  }

  // ---- sequences and names -------------------------------------------------------------------

  /** State names for a sequence's steps, unique within the StateMachine scope they go to. */
  private allocateNames(scope: Scope, used: Set<string>, hoisted: boolean): Map<string, string> {
    const names = new Map<string, string>();
    for (const s of scope.steps) {
      if (names.has(s.name)) continue;
      const n = unique(s.name || s.type, used);
      if (hoisted && n !== s.name) this.report('state-renamed', s.nameSpan, [s.name, n], 'information');
      names.set(s.name, n);
    }
    return names;
  }

  /** A classic sequence as states: each names its successor; the last (or an `end: true`) takes `exit`. */
  private sequence(scope: Scope, exit: Exit, used: Set<string>, where: Where, names: Map<string, string>): { start: string; states: State[] } {
    if (scope.steps.length === 0) {
      const n = unique('Empty', used);
      return { start: n, states: [link({ Type: 'Pass', Name: n }, exit)] };
    }
    const states: State[] = [];
    scope.steps.forEach((s, i) => {
      const after: Exit = s.end?.value === true || i === scope.steps.length - 1 ? exit : { next: names.get(scope.steps[i + 1].name)! };
      states.push(...this.step(s, after, used, where, names));
    });
    return { start: names.get(scope.steps[0].name)!, states };
  }

  private goto(target: Located<string>, names: Map<string, string>, fallback: Exit): Exit {
    const n = names.get(target.value);
    if (n !== undefined) return { next: n };
    this.report('goto-unknown', target.span, [target.value]);
    return fallback;
  }

  private step(s: Step, after: Exit, used: Set<string>, where: Where, names: Map<string, string>): State[] {
    const name = names.get(s.name)!;
    this.checkShadowing(s);
    switch (s.type) {
      case 'pass':
        return [link(this.withOutput({ Type: 'Pass', Name: name }, s, localOfPass), after)];
      case 'wait':
        return [this.wait(s, name, after)];
      case 'task':
        return this.task(s, name, after, used, names);
      case 'choice':
        return this.choice(s, name, after, used, where, names);
      case 'parallel':
        return this.parallel(s, name, after, used, names);
      case 'foreach':
        return this.foreach(s, name, after, used, names);
      case 'succeed': {
        if (where.nested) this.report('succeed-in-scope', s.typeSpan);
        const st: State = { Type: 'Succeed', Name: name };
        if (!where.nested && this.flowOutput) {
          // The flow's outputMappings decide the execution output; the succeed's own are not read.
          if (s.inputMappings || s.outputMappings) this.report('mappings-ignored', s.nameSpan, [message(CONVERT_WORDS.mappings), 'succeed'], 'information');
          st.OutputConstructor = this.flowOutput;
          return [st];
        }
        // A classic succeed's output is the scope's result as a pass's would be (the Succeed page
        // lists an OutputConstructor): the branch's or iteration's output, or the execution's.
        return [this.withOutput(st, s, localOfPass)];
      }
      case 'fail':
        return [this.fail(s, name, where)];
    }
  }

  // ---- data ------------------------------------------------------------------------------------

  /** `key.$: $Input.key` for every field read after step `s`, which its state would otherwise drop. */
  private carried(s: Step, except: Set<string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of this.reads.after(s).fields) {
      if (except.has(k)) continue;
      const t = appendSegments('$Input', [{ kind: 'field', name: k, span: { start: 0, end: 0 } }], k);
      if (t.ok) out[`${k}.$`] = t.text;
    }
    return out;
  }

  /** A constructor from classic mappings: paths become `target.$` expressions, constants stay literal. */
  private mappingsConstructor(mappings: readonly Mapping[], reader: PathReader): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const m of mappings) {
      if (!m.target) continue;
      const target = m.target.value;
      const value = m.source?.value;
      if (typeof value === 'string' && value.startsWith('$')) {
        const p = parsePath(value);
        const t: Translated = p.ok ? reader(p.ast.root, p.ast.segments, value) : { ok: false, code: 'condition-untranslatable', args: [localize(p.error.message, 'en')] };
        if (!t.ok) {
          this.report(t.code, m.span, [...t.args, target]);
          continue;
        }
        delete out[target];
        out[`${target}.$`] = t.text;
      } else {
        delete out[`${target}.$`];
        out[target] = value === undefined ? null : value;
      }
    }
    return out;
  }

  /**
   * A state's OutputConstructor from the step's outputMappings (over its input and its local) plus the
   * carried fields; undefined when the StateMachine default already carries the data as classic did.
   */
  private withOutput(st: State, s: Step, local: (s: Step) => PathReader, options: { inputReplaced?: boolean; defaultDrops?: boolean } = {}): State {
    let oc: Record<string, unknown> | undefined;
    if (s.outputMappings) {
      const reader = outputReader(s, local(s), options.inputReplaced === true);
      const mapped = this.mappingsConstructor(s.outputMappings, reader);
      const targets = new Set(s.outputMappings.flatMap((m) => (m.target ? [m.target.value] : [])));
      oc = { ...mapped, ...this.carried(s, targets) };
    } else if (options.defaultDrops) {
      // Classic's output without outputMappings is `{}` (plus the carried fields); StateMachine's
      // default (`Branch0…`, `Items`) would hand the branch results on instead.
      oc = this.carried(s, new Set());
    }
    const later = this.reads.after(s);
    if (oc) {
      st.OutputConstructor = oc;
      if (options.inputReplaced && later.fields.size > 0) {
        this.report('scope-input-mappings', s.nameSpan, [[...later.fields].map((f) => `\`${f}\``).join(', ')], 'information');
      }
    }
    if ((oc || options.defaultDrops) && later.whole) {
      this.report('data-not-carried', s.nameSpan, [carriedList(oc)]);
    }
    return st;
  }

  private flowOutputConstructor(mappings: readonly Mapping[]): Record<string, unknown> {
    const flowInputMappings = this.flow.inputMappings;
    // Flow outputMappings read the flow's input (the execution input through the flow's inputMappings)
    // and its local (the data carried to the end).
    const reader: PathReader = (root, segments, source) => {
      if (root === '$context') return contextExpression(segments, source);
      if (root === '$local') return appendSegments('$Input', segments, source);
      return flowInputMappings ? readStepInput(flowInputMappings, segments, source, executionInputReader) : appendSegments('$Context.Execution.Input', segments, source);
    };
    return this.mappingsConstructor(mappings, reader);
  }

  /** Reports `$input.x` reads that a sibling's output of the same name would shadow after conversion. */
  private checkShadowing(s: Step): void {
    if (!s.inputMappings) return;
    const produced = new Set<string>();
    for (const sib of s.scope.steps) {
      if (sib === s) continue;
      for (const m of sib.outputMappings ?? []) if (m.target) produced.add(m.target.value);
    }
    for (const m of s.inputMappings) {
      const v = m.source?.value;
      if (typeof v !== 'string' || !v.startsWith('$input')) continue;
      const p = parsePath(v);
      const first = p.ok ? p.ast.segments[0] : undefined;
      if (first?.kind === 'field' && produced.has(first.name)) this.report('input-shadowed-by-local', m.span, [v, first.name], 'information');
    }
  }

  // ---- step types ------------------------------------------------------------------------------

  private wait(s: WaitStep, name: string, after: Exit): State {
    if (s.timestamp || (s.duration === undefined && s.timestamp === undefined)) {
      if (s.timestamp) this.report('wait-timestamp', s.timestamp.span);
      return link(this.withOutput({ Type: 'Pass', Name: name }, s, localOfPass), after);
    }
    const st: State = { Type: 'Wait', Name: name };
    const d = s.duration!;
    if (typeof d.value === 'string' && d.value.trim().startsWith('$')) {
      const p = parsePath(d.value.trim());
      const t: Translated = p.ok
        ? readStepInput(s.inputMappings, p.ast.segments, d.value)
        : { ok: false, code: 'condition-untranslatable', args: [localize(p.error.message, 'en')] };
      if (t.ok) {
        st['Seconds.$'] = t.text;
        this.report('wait-duration-reference', d.span, [], 'information');
      } else {
        this.report(t.code, d.span, [...t.args, 'Seconds']);
        st.Seconds = 1;
      }
    } else {
      const n = Number(d.value);
      const seconds = Number.isFinite(n) ? Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(n))) : 1;
      if (seconds !== n) this.report('wait-duration-adjusted', d.span, [d.value, seconds]);
      st.Seconds = seconds;
    }
    return link(this.withOutput(st, s, localOfPass), after);
  }

  private fail(s: FailStep, name: string, where: Where): State {
    if (where.nested) this.report('fail-in-scope', s.typeSpan);
    const st: State = { Type: 'Fail', Name: name };
    if (s.error) st.Code = s.error.value;
    // Detail is required by the docs (pt-br Fail page); classic reports an empty cause when absent.
    st.Detail = s.cause?.value ?? '';
    return st;
  }

  private task(s: TaskStep, name: string, after: Exit, used: Set<string>, names: Map<string, string>): State[] {
    const invocation = this.invocation(s);
    if (!invocation) return [link(this.withOutput({ Type: 'Pass', Name: name }, s, localOfPass), after)];
    const st: State = { Type: 'Task', Name: name, Action: invocation.action };
    const pattern = s.pattern?.value ?? 'requestResponse';
    if (pattern === 'sync') {
      st.TaskMode = 'WaitForSystemCallback';
      // A child flow's WaitForSystemCallback waits for the child to end, as classic `sync` did.
      if (invocation.action === 'FC:InvokeFunction') this.report('pattern-sync', s.pattern!.span, [], 'information');
    } else st.TaskMode = pattern === 'waitForCallback' ? 'WaitForCustomCallback' : 'RequestComplete';
    if (s.timeoutSeconds) {
      const t = Math.ceil(s.timeoutSeconds.value);
      if (t > MAX_TASK_TIMEOUT) this.report('timeout-over-limit', s.timeoutSeconds.span, [s.timeoutSeconds.value]);
      st.Timeout = Math.min(MAX_TASK_TIMEOUT, Math.max(0, t));
    }
    st.Parameters = invocation.parameters;
    const later = this.reads.after(s);
    const result = taskResultRoot(invocation.action, pattern);
    // A function's result arrives wrapped (`{Body: …}`), which no later path read expects: carry the
    // read fields even when a later step also takes its whole input (it then sees those fields only).
    const wrapped = result !== '$Output';
    if (s.outputMappings) this.withOutput(st, s, () => taskLocalReader(result));
    else if (later.whole && !(wrapped && later.fields.size > 0)) this.report('task-result-replaces-data', s.nameSpan);
    else if (later.fields.size > 0) {
      // Carry exactly what later steps read, the result winning as the classic merge does.
      const oc: Record<string, string> = {};
      for (const k of later.fields) oc[`${k}.$`] = `get(jsonMerge($Input, ${result}), ${JSON.stringify(k)})`;
      st.OutputConstructor = oc;
      if (later.whole) this.report('data-not-carried', s.nameSpan, [carriedList(oc)]);
    }
    const extra = this.errorHandling(st, s, after, used, names);
    return [link(st, after), ...extra];
  }

  /** The Action and Parameters of a task, or undefined (reported) when it has none. */
  private invocation(s: TaskStep): { action: string; parameters: Record<string, unknown> } | undefined {
    const sp = s.serviceParams?.value ?? {};
    const spSpan = s.serviceParams?.span ?? s.nameSpan;
    const body = this.body(s);
    if (!s.resourceArn && s.action) {
      const action = s.action.value;
      if (!ACTION_PATTERN.test(action)) {
        this.report('action-invalid', s.action.span, [action]);
        return undefined;
      }
      return { action, parameters: this.serviceParameters(s, sp, spSpan, new Set()) };
    }
    let arnText = s.resourceArn?.value ?? '';
    const arn = taskArn(s) ?? parseResourceArn(arnText);
    const kind = integrationKind(arn);
    // Funcraft's `!Ref service/function` names an FC function it resolves when deploying.
    const ref = arn.kind === 'placeholder' && kind === 'fc' ? /^([^/\s:]+)\/([^/\s]+)$/.exec(arnText) : null;
    if (ref) {
      const resolved = `acs:fc:::services/${ref[1]}/functions/${ref[2]}`;
      this.report('resource-deploy-reference', s.resourceArn!.span, [arnText, resolved], 'information');
      arnText = resolved;
    }
    if (kind === 'fc') {
      const pattern = s.pattern?.value ?? 'requestResponse';
      const given = sp.InvocationType;
      const invocationType = pattern === 'sync' ? 'Async' : given === 'Async' || given === 'Sync' ? given : 'Sync';
      for (const k of Object.keys(sp)) if (k !== 'InvocationType') this.report('service-param-unsupported', spSpan, [k]);
      const parameters: Record<string, unknown> = { resourceArn: arnText, invocationType };
      return { action: 'FC:InvokeFunction', parameters: { ...parameters, ...body } };
    }
    const setBody = (parameters: Record<string, unknown>, key: string) => {
      if (body['body.$'] !== undefined) parameters[`${key}.$`] = body['body.$'];
      else parameters[key] = body.body;
    };
    if (kind === 'fnf-flow') {
      // Documented with all three TaskModes: FNF:StartExecution {resourceArn, executionName, input}
      // (https://help.aliyun.com/en/document_detail/2400188.html). Classic serviceParams Input and
      // ExecutionName default to the step input and a generated name, as there.
      const parameters: Record<string, unknown> = { resourceArn: arnText };
      if (sp.ExecutionName !== undefined) Object.assign(parameters, this.parameter(s, 'executionName', sp.ExecutionName, spSpan, 0));
      if (sp.Input !== undefined) Object.assign(parameters, this.parameter(s, 'input', sp.Input, spSpan, 0));
      else setBody(parameters, 'input');
      for (const k of Object.keys(sp)) if (k !== 'Input' && k !== 'ExecutionName') this.report('service-param-unsupported', spSpan, [k]);
      return { action: 'FNF:StartExecution', parameters };
    }
    if (kind === 'mns-queue' || kind === 'mns-topic') {
      // Documented for queues and topics alike: MNS:SendMessage {resourceArn, message, priority,
      // delaySeconds, messageTag, messageAttributes} (https://help.aliyun.com/en/document_detail/2593184.html).
      const parameters: Record<string, unknown> = { resourceArn: arnText };
      if (sp.MessageBody === undefined) setBody(parameters, 'message');
      else Object.assign(parameters, this.parameter(s, 'message', sp.MessageBody, spSpan, 0));
      const known: Record<string, string> = { Priority: 'priority', DelaySeconds: 'delaySeconds', MessageTag: 'messageTag', MessageAttributes: 'messageAttributes' };
      for (const [k, v] of Object.entries(sp)) {
        if (k === 'MessageBody') continue;
        if (known[k]) Object.assign(parameters, this.parameter(s, known[k], v, spSpan, 0));
        else this.report('service-param-unsupported', spSpan, [k]);
      }
      return { action: 'MNS:SendMessage', parameters };
    }
    this.report('resource-unsupported', s.resourceArn?.span ?? s.nameSpan, [arnText]);
    return undefined;
  }

  /** The function's event: the step input its inputMappings build, or the whole carried data. */
  private body(s: TaskStep): Record<string, unknown> {
    if (!s.inputMappings) return { 'body.$': '$Input' };
    return { body: this.mappingsConstructor(s.inputMappings, readCarried) };
  }

  /** serviceParams as Parameters: lowerCamelCase names, `$.x` references as `.$` expressions. */
  private serviceParameters(s: TaskStep, sp: Record<string, unknown>, span: Span, skip: Set<string>): Record<string, unknown> {
    const renamed: [string, string][] = [];
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(sp)) {
      if (skip.has(k)) continue;
      const key = k.charAt(0).toLowerCase() + k.slice(1);
      if (key !== k) renamed.push([k, key]);
      Object.assign(out, this.parameter(s, key, v, span, 0));
    }
    if (renamed.length > 0) {
      this.report('action-parameters-renamed', span, [renamed.map((r) => `\`${r[0]}\``).join(', '), renamed.map((r) => `\`${r[1]}\``).join(', ')], 'information');
    }
    return out;
  }

  private parameter(s: TaskStep, key: string, value: unknown, span: Span, depth: number): Record<string, unknown> {
    if (typeof value === 'string' && value.startsWith('$')) {
      const p = parsePath(value);
      const t: Translated = !p.ok
        ? { ok: false, code: 'condition-untranslatable', args: [localize(p.error.message, 'en')] }
        : p.ast.root === '$context'
          ? contextExpression(p.ast.segments, value)
          : readStepInput(s.inputMappings, p.ast.segments, value);
      if (t.ok) return { [`${key}.$`]: t.text };
      this.report(t.code, span, [...t.args, key]);
      return {};
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && depth < 32) {
      const inner: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) Object.assign(inner, this.parameter(s, k, v, span, depth + 1));
      return { [key]: inner };
    }
    if (Array.isArray(value) && JSON.stringify(value).includes('"$')) this.report('service-param-untranslatable', span, [key]);
    return { [key]: value };
  }

  /** Retry and Catch; returns the extra state a Catch needs when it continues at the scope's end. */
  private errorHandling(st: State, s: TaskStep | ParallelStep | ForeachStep, after: Exit, used: Set<string>, names: Map<string, string>): State[] {
    const extra: State[] = [];
    if (s.retry.length > 0) st.Retry = s.retry.map((r) => this.retry(r));
    const endState = (): string => {
      if (extra.length === 0) extra.push(link({ Type: 'Pass', Name: unique(`${st.Name as string}Done`, used) }, { end: true }));
      return extra[0].Name as string;
    };
    if (s.catch.length > 0) st.Catch = s.catch.map((c) => this.catchRule(c, s, after, names, endState));
    return extra;
  }

  private retry(r: Retry): State {
    const whole = (key: string, v: number | undefined, fallback: number) => {
      const value = v ?? fallback;
      const w = Math.max(0, Math.round(value));
      if (w !== value) this.report('retry-value-adjusted', r.span, [key, value, w]);
      return w;
    };
    const errors = r.errors.map((e) => e.value);
    const out: State = {
      Errors: errors,
      Description: `retry on ${errors.join(', ')}`,
      MaxAttempts: whole('MaxAttempts', r.maxAttempts, 3),
      IntervalSeconds: Math.min(86400, whole('IntervalSeconds', r.intervalSeconds, 1)),
      BackoffRate: r.multiplier ?? 2,
    };
    if (r.maxIntervalSeconds !== undefined) out.MaxBackoffSeconds = Math.min(86400, whole('MaxBackoffSeconds', r.maxIntervalSeconds, 0));
    return out;
  }

  private catchRule(c: Catch, s: TaskStep | ParallelStep | ForeachStep, after: Exit, names: Map<string, string>, endState: () => string): State {
    const errors = c.errors.map((e) => e.value);
    const out: State = { Errors: errors, Description: `catch ${errors.join(', ')}` };
    const errorMappings = s.type === 'task' ? s.errorMappings : undefined;
    let oc: Record<string, unknown> = {};
    if (errorMappings) {
      // errorMappings read the error as `$local.error` / `$local.cause` and the step input as `$input`.
      const reader: PathReader = (root, segments, source) => {
        if (root === '$context') return contextExpression(segments, source);
        if (root === '$local') {
          const [first, ...rest] = segments;
          const field = first?.kind === 'field' ? { error: 'Code', cause: 'Detail' }[first.name] : undefined;
          if (!field) return { ok: false, code: 'local-unavailable', args: [source] };
          return appendSegments(`$Context.Current.Error.${field}`, rest, source);
        }
        return readStepInput(s.inputMappings, segments, source);
      };
      oc = this.mappingsConstructor(errorMappings, reader);
    }
    const targets = new Set((errorMappings ?? []).flatMap((m) => (m.target ? [m.target.value] : [])));
    oc = { ...oc, ...this.carried(s, targets) };
    if (Object.keys(oc).length > 0) out.OutputConstructor = oc;
    if (this.reads.after(s).whole) this.report('data-not-carried', c.span, [carriedList(oc)]);
    let next: Exit = after;
    if (c.goto) next = this.goto(c.goto, names, after);
    else this.report('catch-without-goto', c.span);
    // A Catch must name a state: reaching the scope's end takes an End Pass state.
    out.Next = 'end' in next ? endState() : next.next;
    return out;
  }

  private choice(s: ChoiceStep, name: string, after: Exit, used: Set<string>, where: Where, names: Map<string, string>): State[] {
    const hoisted: State[] = [];
    let done: string | undefined;
    // The state a branch continues with when it has no goto: the step after the choice, or an End.
    const continuation = (): string => {
      if ('next' in after) return after.next;
      if (!done) {
        done = unique(`${name}Done`, used);
        hoisted.push(link({ Type: 'Pass', Name: done }, { end: true }));
      }
      return done;
    };
    const hasInline = s.choices.some((c) => c.scope.steps.length > 0) || (s.default?.scope.steps.length ?? 0) > 0;
    if (s.inputMappings && hasInline) this.report('choice-input-mappings', s.nameSpan);
    if (s.outputMappings) this.report('choice-output-mappings', s.nameSpan);
    const target = (scope: Scope, gotoTarget: Located<string> | undefined): string => {
      const exit: Exit = gotoTarget ? this.goto(gotoTarget, names, after) : after;
      if (scope.steps.length === 0) return 'next' in exit ? exit.next : continuation();
      const branchNames = this.allocateNames(scope, used, true);
      const seq = this.sequence(scope, exit, used, where, branchNames);
      hoisted.push(...seq.states);
      return seq.start;
    };
    const reader: PathReader = (root, segments, source) => {
      if (root === '$context') return contextExpression(segments, source);
      if (root === '$local') return { ok: false, code: 'local-unavailable', args: [source] };
      return readStepInput(s.inputMappings, segments, source);
    };
    const branches = s.choices.map((c) => {
      let condition = 'false';
      if (c.condition) {
        const t = translateCondition(c.condition.value, reader);
        if (t.ok) condition = t.text;
        else this.report(t.code, c.condition.span, [...t.args, 'Condition']);
      }
      return { Condition: condition, Next: target(c.scope, c.goto) };
    });
    const dflt = s.default ? target(s.default.scope, s.default.goto) : continuation();
    // A Choice needs one branch at least; with none, classic goes straight to the default.
    const st: State = branches.length > 0 ? { Type: 'Choice', Name: name, Branches: branches, Default: dflt } : { Type: 'Pass', Name: name, Next: dflt };
    return [st, ...hoisted];
  }

  private parallel(s: ParallelStep, name: string, after: Exit, outer: Set<string>, names: Map<string, string>): State[] {
    const st: State = { Type: 'Parallel', Name: name };
    if (s.inputMappings) st.InputConstructor = this.mappingsConstructor(s.inputMappings, readCarried);
    st.Branches = s.branches.map((b) => {
      const used = new Set<string>();
      const seq = this.sequence(b.scope, { end: true }, used, { nested: true }, this.allocateNames(b.scope, used, false));
      return { StartAt: seq.start, States: seq.states };
    });
    this.withOutput(st, s, () => parallelLocalReader, { inputReplaced: !!s.inputMappings, defaultDrops: true });
    const extra = this.errorHandling(st, s, after, outer, names);
    return [link(st, after), ...extra];
  }

  private foreach(s: ForeachStep, name: string, after: Exit, outer: Set<string>, names: Map<string, string>): State[] {
    const st: State = { Type: 'Map', Name: name };
    if (s.inputMappings) st.InputConstructor = this.mappingsConstructor(s.inputMappings, readCarried);
    const it = s.iterationMapping;
    let itemsPath = '$Input';
    if (it?.collection) {
      const p = parsePath(it.collection.value);
      const t: Translated = p.ok
        ? p.ast.root === '$context'
          ? contextExpression(p.ast.segments, it.collection.value)
          : appendSegments('$Input', p.ast.segments, it.collection.value)
        : { ok: false, code: 'condition-untranslatable', args: [localize(p.error.message, 'en')] };
      if (t.ok) itemsPath = t.text;
      else this.report(t.code, it.collection.span, [...t.args, 'ItemsPath']);
    }
    st.ItemsPath = itemsPath;
    if (s.maxConcurrency) {
      const m = s.maxConcurrency.value;
      if (m > MAX_INLINE_MAP_CONCURRENCY) this.report('foreach-concurrency', s.maxConcurrency.span, [m]);
      // The field tables of every edition spell it this way (docs/cloudflow-schema-notes.md).
      st.MaxConcuccency = Math.min(MAX_INLINE_MAP_CONCURRENCY, Math.max(1, Math.round(m)));
    }
    const used = new Set<string>();
    const bodyNames = this.allocateNames(s.body, used, false);
    const item = it?.item?.value;
    const seq = this.sequence(s.body, { end: true }, used, { nested: true }, bodyNames);
    const states: State[] = [];
    let start = seq.start;
    if (item) {
      // A Map iteration's input is the element itself; classic put it under `item` in the iteration input.
      // An InputConstructor, so that an element that is not an object becomes the object a state's
      // data must be (engine/SEMANTICS.md "64 KiB": the first state's InputConstructor reads the item).
      const itemState = unique(`${name}Item`, used);
      states.push(link({ Type: 'Pass', Name: itemState, InputConstructor: { [`${item}.$`]: '$Input' } }, { next: seq.start }));
      start = itemState;
      const inner = this.reads.within(s);
      // The position has its own finding (foreach-index).
      const own = new Set([item, it?.index?.value]);
      if (inner.whole || [...inner.fields].some((f) => !own.has(f))) this.report('foreach-iteration-input', it!.item!.span, [item]);
    }
    if (it?.index) this.report('foreach-index', it.index.span, [it.index.value]);
    states.push(...seq.states);
    st.Processor = { StartAt: start, States: states };
    this.withOutput(st, s, () => foreachLocalReader, { inputReplaced: !!s.inputMappings, defaultDrops: true });
    const extra = this.errorHandling(st, s, after, outer, names);
    return [link(st, after), ...extra];
  }
}

// ---- readers for outputMappings --------------------------------------------------------------

/** outputMappings read the step's input (`$input`), its local (`$local`) and the context. */
function outputReader(s: Step, local: PathReader, inputReplaced: boolean): PathReader {
  return (root, segments, source) => {
    if (root === '$context') return contextExpression(segments, source);
    if (root === '$local') return local(root, segments, source);
    return readStepInput(inputReplaced ? undefined : s.inputMappings, segments, source);
  };
}

/** Pass and wait have an empty local. */
const localOfPass = (): PathReader => (_root, segments) => ({ ok: true, text: segments.length === 0 ? '{}' : 'null' });

/**
 * Where a Task's `$Output` holds what a classic task's local held (the result). An invoked function's
 * return value arrives as `$Output.Body` (the FC integration page: the result is wrapped; real flows
 * read `$Output.Body.<field>`); a custom callback's output is what ReportTaskSucceeded reported, and
 * another service's result is `$Output` itself.
 */
function taskResultRoot(action: string, pattern: string): string {
  return action === 'FC:InvokeFunction' && pattern !== 'waitForCallback' ? '$Output.Body' : '$Output';
}

/** A task's local is its result (taskResultRoot). */
const taskLocalReader =
  (root: string): PathReader =>
  (_root, segments, source) =>
    appendSegments(root, segments, source);

/** A parallel's local is the list of branch outputs; StateMachine names them Branch0, Branch1, … */
const parallelLocalReader: PathReader = (_root, segments, source) => {
  const [first, ...rest] = segments;
  if (first?.kind !== 'index' || first.index < 0) return { ok: false, code: first?.kind === 'wildcard' ? 'wildcard-path' : 'local-unavailable', args: [source] };
  return appendSegments(`$Output.Branch${first.index}`, rest, source);
};

/** A foreach's local is the list of iteration results: StateMachine's `Items`. */
const foreachLocalReader: PathReader = (_root, segments, source) => appendSegments('$Output.Items', segments, source);

/** Flow inputMappings read the execution input (the first state's input). */
const flowInputReader: PathReader = (root, segments, source) => {
  if (root === '$context') return contextExpression(segments, source);
  if (root === '$local') return { ok: true, text: segments.length === 0 ? '{}' : 'null' };
  return appendSegments('$Input', segments, source);
};

/** The execution input, from anywhere. */
const executionInputReader: PathReader = (root, segments: PathSegment[], source) =>
  root === '$context' ? contextExpression(segments, source) : root === '$local' ? { ok: true, text: 'null' } : appendSegments('$Context.Execution.Input', segments, source);

// ---- helpers ---------------------------------------------------------------------------------

function link(st: State, exit: Exit): State {
  if ('end' in exit) st.End = true;
  else st.Next = exit.next;
  return st;
}

function unique(base: string, used: Set<string>): string {
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base}-${i}`;
  used.add(n);
  return n;
}

function carriedList(oc: Record<string, unknown> | undefined): string {
  const keys = Object.keys(oc ?? {}).map((k) => `\`${k.replace(/\.\$$/, '')}\``);
  return keys.length > 0 ? keys.join(', ') : '—';
}
