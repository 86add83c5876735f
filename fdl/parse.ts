/**
 * Text → `Flow` model with source spans, plus YAML syntax findings.
 *
 * Uses `yaml`'s `parseDocument` (YAML 1.2 core schema, so an unquoted timestamp stays text).
 * Deploy-time tags (`!Ref`, `!Sub`, … from Funcraft / ROS) resolve to their text so published
 * flows parse; rules may flag them as placeholders.
 *
 * Most documents are read by the fast reader (yaml/fast-compose.ts: js-yaml, about ten times
 * faster), which yields the very Document `parseDocument` would; whenever it cannot prove that
 * (syntax errors, anchors, block scalars, …) `parseDocument` reads the text as before.
 * Texts over the input limits (input-limits.ts) are refused before either reader runs.
 */
import { parseDocument, isMap, isSeq, type Document, type Node as YamlNode, type Tags, type YAMLMap } from 'yaml';
import { checkInputLimits } from './input-limits';
import { composeFast } from './yaml/fast-compose';
import { DEPLOY_TAGS } from './yaml/deploy-tags';
import type { FdlDiagnostic } from './diagnostic';
import { defineMessages, formatMessage, type Locale } from './messages';
import { LineIndex } from './positions';
import {
  STEP_TYPES,
  type Catch,
  type ChoiceBranch,
  type Flow,
  type Located,
  type Mapping,
  type Retry,
  type Scope,
  type Span,
  type Step,
  type StepType,
} from './model';
import { asMap, asSeq, plainValue, scalarBoolean, scalarNumber, scalarString, spanOf, valueNode } from './yaml-access';

/** Aliases expanded when building plain values; beyond this a document is treated as an alias bomb. */
export const MAX_ALIAS_EXPANSION = 10_000;

export interface ParsedFlow {
  text: string;
  lines: LineIndex;
  doc: Document.Parsed;
  flow: Flow;
  /** The whole document as plain JSON (for the schema check); undefined if it cannot be built safely. */
  value: unknown;
  /** Every step, depth first in document order. */
  steps: Step[];
  /** YAML syntax errors and structural findings made while lifting the model. */
  syntaxDiagnostics: FdlDiagnostic[];
}

const messages = defineMessages({
  yamlError: { en: 'YAML syntax error: {0}', 'zh-cn': 'YAML 语法错误：{0}' },
  yamlWarning: { en: 'YAML: {0}', 'zh-cn': 'YAML：{0}' },
  aliasBomb: {
    en: 'This document expands to too many aliases (more than {0}); it is not analysed further.',
    'zh-cn': '此文档展开的别名过多（超过 {0} 个），不再继续分析。',
  },
  notAMapping: {
    en: 'A flow file must be a YAML mapping with `version`, `type: flow` and `steps`.',
    'zh-cn': '流程文件必须是包含 `version`、`type: flow` 和 `steps` 的 YAML 映射。',
  },
});

const customTags: Tags = DEPLOY_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (str: string) => str },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: unknown) => seq },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: unknown) => map },
]) as unknown as Tags;

export function parseFlow(text: string, locale: Locale = 'en'): ParsedFlow {
  return parseWith(text, locale, true);
}

/** `parseFlow` without the fast reader: the reference the differential test compares against. */
export function parseFlowWithYaml(text: string, locale: Locale = 'en'): ParsedFlow {
  return parseWith(text, locale, false);
}

function parseWith(text: string, locale: Locale, allowFast: boolean): ParsedFlow {
  const refused = checkInputLimits(text, locale);
  if (refused) {
    // Features see an empty flow (they offer nothing); positions still convert over the real text.
    return { ...parseFlow('', locale), lines: new LineIndex(text), syntaxDiagnostics: [refused] };
  }
  const lines = new LineIndex(text);
  const syntaxDiagnostics: FdlDiagnostic[] = [];
  const fast = allowFast ? composeFast(text, { customTags }) : undefined;
  const { doc, value, toJS } = fast ?? readWithYaml(text, locale, syntaxDiagnostics);
  return liftFlow(text, lines, doc, value, toJS, syntaxDiagnostics, locale);
}

/** The error-tolerant reader: every YAML syntax error located, values built with the alias limit. */
function readWithYaml(text: string, locale: Locale, syntaxDiagnostics: FdlDiagnostic[]): { doc: Document.Parsed; value: unknown; toJS: ToJS } {
  const doc = parseDocument(text, { customTags, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, logLevel: 'error' });
  for (const e of doc.errors) {
    syntaxDiagnostics.push({
      code: `yaml-${e.code.toLowerCase().replace(/_/g, '-')}`,
      severity: 'error',
      message: formatMessage(messages.yamlError, locale, firstLine(e.message)),
      span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
    });
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue;
    syntaxDiagnostics.push({
      code: `yaml-${w.code.toLowerCase().replace(/_/g, '-')}`,
      severity: 'warning',
      message: formatMessage(messages.yamlWarning, locale, firstLine(w.message)),
      span: { start: w.pos[0], end: Math.max(w.pos[1], w.pos[0] + 1) },
    });
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch {
    value = undefined;
    syntaxDiagnostics.push({
      code: 'yaml-alias-bomb',
      severity: 'error',
      message: formatMessage(messages.aliasBomb, locale, MAX_ALIAS_EXPANSION),
      span: { start: 0, end: Math.min(text.length, 1) },
    });
  }

  const toJS = (n: YamlNode) => n.toJS(doc, { maxAliasCount: MAX_ALIAS_EXPANSION });
  return { doc, value, toJS };
}

function liftFlow(text: string, lines: LineIndex, doc: Document.Parsed, value: unknown, toJS: ToJS, syntaxDiagnostics: FdlDiagnostic[], locale: Locale): ParsedFlow {
  const steps: Step[] = [];
  const root = asMap(doc.contents);
  if (!root && doc.errors.length === 0 && text.trim().length > 0) {
    syntaxDiagnostics.push({
      code: 'fdl-not-a-mapping',
      severity: 'error',
      message: formatMessage(messages.notAMapping, locale),
      span: spanOf(doc.contents as YamlNode | null, { start: 0, end: Math.min(text.length, 1) }),
    });
  }
  const flow: Flow = {
    version: scalarString(valueNode(root, 'version')),
    type: scalarString(valueNode(root, 'type')),
    body: { steps: [], span: undefined },
    inputMappings: liftMappings(valueNode(root, 'inputMappings'), toJS),
    outputMappings: liftMappings(valueNode(root, 'outputMappings'), toJS),
    timeoutSeconds: scalarNumber(valueNode(root, 'timeoutSeconds')),
  };
  fillScope(flow.body, valueNode(root, 'steps'), undefined, steps, toJS);
  return { text, lines, doc, flow, value, steps, syntaxDiagnostics };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

type ToJS = (n: YamlNode) => unknown;

function fillScope(scope: Scope, node: YamlNode | undefined, owner: Step | undefined, all: Step[], toJS: ToJS): Scope {
  scope.owner = owner;
  const seq = asSeq(node);
  if (!seq) return scope;
  scope.span = spanOf(seq);
  for (const item of seq.items) {
    const step = liftStep(item as YamlNode, scope, all, toJS);
    if (step) scope.steps.push(step);
  }
  return scope;
}

function newScope(): Scope {
  return { steps: [] };
}

function liftStep(node: YamlNode, scope: Scope, all: Step[], toJS: ToJS): Step | undefined {
  const map = asMap(node);
  if (!map) return undefined;
  const typeNode = scalarString(valueNode(map, 'type'));
  const nameNode = scalarString(valueNode(map, 'name'));
  const span = spanOf(map);
  const type = (STEP_TYPES as readonly string[]).includes(typeNode?.value ?? '') ? (typeNode!.value as StepType) : undefined;
  if (!type) {
    // Unknown or missing type: the schema reports it; nested steps are still lifted so references resolve.
    return undefined;
  }
  const base = {
    type,
    typeSpan: typeNode!.span,
    name: nameNode?.value ?? '',
    nameSpan: nameNode?.span ?? { start: span.start, end: span.start },
    span,
    end: scalarBoolean(valueNode(map, 'end')),
    inputMappings: liftMappings(valueNode(map, 'inputMappings'), toJS),
    outputMappings: liftMappings(valueNode(map, 'outputMappings'), toJS),
    scope,
    node,
  };
  let step: Step;
  switch (type) {
    case 'task': {
      const sp = asMap(valueNode(map, 'serviceParams'));
      step = {
        ...base,
        type,
        resourceArn: scalarString(valueNode(map, 'resourceArn')),
        action: scalarString(valueNode(map, 'action')),
        pattern: scalarString(valueNode(map, 'pattern')),
        serviceParams: sp ? { value: (plainValue(sp, toJS) ?? {}) as Record<string, unknown>, span: spanOf(sp) } : undefined,
        timeoutSeconds: scalarNumber(valueNode(map, 'timeoutSeconds')),
        retry: liftRetry(valueNode(map, 'retry')),
        catch: liftCatch(valueNode(map, 'catch')),
        errorMappings: liftMappings(valueNode(map, 'errorMappings'), toJS),
      };
      all.push(step);
      break;
    }
    case 'wait': {
      const dNode = valueNode(map, 'duration');
      step = {
        ...base,
        type,
        duration: scalarNumber(dNode) ?? scalarString(dNode),
        timestamp: scalarString(valueNode(map, 'timestamp')),
      };
      all.push(step);
      break;
    }
    case 'fail':
      step = { ...base, type, error: scalarString(valueNode(map, 'error')), cause: scalarString(valueNode(map, 'cause')) };
      all.push(step);
      break;
    case 'pass':
    case 'succeed':
      step = { ...base, type } as Step;
      all.push(step);
      break;
    case 'choice': {
      const choice = { ...base, type, choices: [] as ChoiceBranch[], default: undefined } as Extract<Step, { type: 'choice' }>;
      all.push(choice);
      for (const c of asSeq(valueNode(map, 'choices'))?.items ?? []) {
        const cm = asMap(c);
        if (!cm) continue;
        const branch: ChoiceBranch = {
          condition: scalarString(valueNode(cm, 'condition')),
          goto: scalarString(valueNode(cm, 'goto')),
          span: spanOf(cm),
          scope: newScope(),
        };
        fillScope(branch.scope, valueNode(cm, 'steps'), choice, all, toJS);
        choice.choices.push(branch);
      }
      const dm = asMap(valueNode(map, 'default'));
      if (dm) {
        const scopeD = newScope();
        choice.default = { scope: scopeD, goto: scalarString(valueNode(dm, 'goto')), span: spanOf(dm) };
        fillScope(scopeD, valueNode(dm, 'steps'), choice, all, toJS);
      }
      step = choice;
      break;
    }
    case 'parallel': {
      const par = { ...base, type, branches: [], retry: liftRetry(valueNode(map, 'retry')), catch: liftCatch(valueNode(map, 'catch')) } as Extract<Step, { type: 'parallel' }>;
      all.push(par);
      for (const b of asSeq(valueNode(map, 'branches'))?.items ?? []) {
        const bm = asMap(b);
        if (!bm) continue;
        const s = newScope();
        fillScope(s, valueNode(bm, 'steps'), par, all, toJS);
        par.branches.push({ scope: s, span: spanOf(bm) });
      }
      step = par;
      break;
    }
    case 'foreach': {
      const im = asMap(valueNode(map, 'iterationMapping'));
      const fe = {
        ...base,
        type,
        iterationMapping: im
          ? {
              collection: scalarString(valueNode(im, 'collection')),
              item: scalarString(valueNode(im, 'item')),
              index: scalarString(valueNode(im, 'index')),
              span: spanOf(im),
            }
          : undefined,
        maxConcurrency: scalarNumber(valueNode(map, 'maxConcurrency')),
        body: newScope(),
        retry: liftRetry(valueNode(map, 'retry')),
        catch: liftCatch(valueNode(map, 'catch')),
      } as Extract<Step, { type: 'foreach' }>;
      all.push(fe);
      fillScope(fe.body, valueNode(map, 'steps'), fe, all, toJS);
      step = fe;
      break;
    }
  }
  return step;
}

function liftMappings(node: YamlNode | undefined, toJS: ToJS): Mapping[] | undefined {
  const seq = asSeq(node);
  if (!seq) return undefined;
  const out: Mapping[] = [];
  for (const item of seq.items) {
    const m = asMap(item);
    if (!m) continue;
    const src = valueNode(m, 'source');
    const srcPair = m.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'source');
    out.push({
      target: scalarString(valueNode(m, 'target')),
      source: srcPair
        ? ({ value: src ? plainValue(src, toJS) : null, span: spanOf(src, spanOf(srcPair.key as YamlNode)) } as Located<unknown>)
        : undefined,
      span: spanOf(m),
    });
  }
  return out;
}

function errorNames(node: YamlNode | undefined): Located<string>[] {
  const seq = asSeq(node);
  if (!seq) return [];
  return seq.items.map((i) => scalarString(i as YamlNode)).filter((x): x is Located<string> => !!x);
}

function liftRetry(node: YamlNode | undefined): Retry[] {
  return (asSeq(node)?.items ?? []).flatMap((i) => {
    const m = asMap(i);
    if (!m) return [];
    return [
      {
        errors: errorNames(valueNode(m, 'errors')),
        intervalSeconds: scalarNumber(valueNode(m, 'intervalSeconds'))?.value,
        maxIntervalSeconds: scalarNumber(valueNode(m, 'maxIntervalSeconds'))?.value,
        maxAttempts: scalarNumber(valueNode(m, 'maxAttempts'))?.value,
        multiplier: scalarNumber(valueNode(m, 'multiplier'))?.value,
        span: spanOf(m),
      },
    ];
  });
}

function liftCatch(node: YamlNode | undefined): Catch[] {
  return (asSeq(node)?.items ?? []).flatMap((i) => {
    const m = asMap(i);
    if (!m) return [];
    return [{ errors: errorNames(valueNode(m, 'errors')), goto: scalarString(valueNode(m, 'goto')), span: spanOf(m) }];
  });
}

/** True when `text` looks like a flow even without a flow file name: top-level `type: flow` and `steps:`. */
export function looksLikeFlow(text: string): boolean {
  return /^type:\s*['"]?flow['"]?\s*(#.*)?$/m.test(text) && /^steps:/m.test(text);
}

export type { YAMLMap, Span };
export { isMap, isSeq };
