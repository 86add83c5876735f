/**
 * The FDL v1 model: the vocabulary every layer speaks.
 *
 * The model is built leniently from the located YAML tree (lift-classic.ts): a field whose value has the
 * wrong type is left `undefined` here and reported by the schema check, so every consumer can
 * rely on the declared types. Every node keeps the source spans a language feature needs.
 */
import type { Located, Span } from './span';
import type { YNode } from './yaml/tree';

// Declared in span.ts; re-exported because the model is where every layer looks for them.
export type { Located, Span } from './span';

export const STEP_TYPES = ['task', 'pass', 'wait', 'choice', 'parallel', 'foreach', 'succeed', 'fail'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const TASK_PATTERNS = ['requestResponse', 'sync', 'waitForCallback'] as const;
export type TaskPattern = (typeof TASK_PATTERNS)[number];

/** `{target, source}`: `source` is a path into $input/$local/$context or a constant (any JSON). */
export interface Mapping {
  target?: Located<string>;
  /** The raw source value: a string path such as `$input.a`, or a constant of any JSON type. */
  source?: Located<unknown>;
  span: Span;
}

export interface Retry {
  errors: Located<string>[];
  intervalSeconds?: number;
  maxIntervalSeconds?: number;
  maxAttempts?: number;
  multiplier?: number;
  span: Span;
}

export interface Catch {
  errors: Located<string>[];
  goto?: Located<string>;
  span: Span;
}

/** A sequence of steps: the flow body, a choice branch, a parallel branch or a foreach body. */
export interface Scope {
  steps: Step[];
  /** Where the `steps` sequence itself sits (the value node), if written. */
  span?: Span;
  /** The step that owns this scope; undefined for the flow's top-level scope. */
  owner?: Step;
}

interface StepBase {
  type: StepType;
  typeSpan: Span;
  name: string;
  nameSpan: Span;
  /** The whole step mapping. */
  span: Span;
  end?: Located<boolean>;
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
  /** The scope this step belongs to. */
  scope: Scope;
  /** The step's mapping in the located tree (yaml/tree.ts), for keys this model does not lift. */
  node: YNode;
}

export interface TaskStep extends StepBase {
  type: 'task';
  resourceArn?: Located<string>;
  /** Old cloud-API integration form: `action: <product>:<Api>` with serviceParams, no resourceArn. */
  action?: Located<string>;
  pattern?: Located<string>;
  serviceParams?: Located<Record<string, unknown>>;
  timeoutSeconds?: Located<number>;
  retry: Retry[];
  catch: Catch[];
  errorMappings?: Mapping[];
}

export interface PassStep extends StepBase {
  type: 'pass';
}

export interface WaitStep extends StepBase {
  type: 'wait';
  /** Seconds, or a `$.x` reference to the step input. */
  duration?: Located<number | string>;
  /** An absolute time (RFC 3339 text), or a `$.x` reference. Always text: never a YAML date. */
  timestamp?: Located<string>;
}

export interface ChoiceBranch {
  condition?: Located<string>;
  scope: Scope;
  goto?: Located<string>;
  span: Span;
}

export interface ChoiceStep extends StepBase {
  type: 'choice';
  choices: ChoiceBranch[];
  default?: { scope: Scope; goto?: Located<string>; span: Span };
}

export interface ParallelStep extends StepBase {
  type: 'parallel';
  branches: { scope: Scope; span: Span }[];
  retry: Retry[];
  catch: Catch[];
}

export interface IterationMapping {
  collection?: Located<string>;
  item?: Located<string>;
  index?: Located<string>;
  span: Span;
}

export interface ForeachStep extends StepBase {
  type: 'foreach';
  iterationMapping?: IterationMapping;
  maxConcurrency?: Located<number>;
  body: Scope;
  retry: Retry[];
  catch: Catch[];
}

export interface SucceedStep extends StepBase {
  type: 'succeed';
}

export interface FailStep extends StepBase {
  type: 'fail';
  error?: Located<string>;
  cause?: Located<string>;
}

export type Step = TaskStep | PassStep | WaitStep | ChoiceStep | ParallelStep | ForeachStep | SucceedStep | FailStep;

export interface Flow {
  version?: Located<string>;
  type?: Located<string>;
  body: Scope;
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
  timeoutSeconds?: Located<number>;
}
