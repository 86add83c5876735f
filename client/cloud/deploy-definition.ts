/**
 * What Deploy sends for a flow file, for both dialects. CreateFlow / UpdateFlow take `Type: FDL`
 * for classic flows (`version: v1 / type: flow`) and for `Type: StateMachine` alike (CreateFlow
 * API reference: "The value must be FDL"); for a StateMachine the definition's `Name` must equal
 * the flow's name, which is checked here so the user can fix it before the service refuses it.
 * No vscode: the command layer turns `fix` into an edit of the document.
 */
import { isMap, isScalar, parseDocument } from 'yaml';

export type FlowDialect = 'classic' | 'stateMachine';

/** The CreateFlow execution modes (Express: StartSyncExecution, at most 5 minutes, RequestComplete tasks only). */
export type ExecutionMode = 'Standard' | 'Express';

export type NameCheck =
  | { ok: true }
  /** `found` is the current `Name` (undefined when missing); `fix` replaces it, or inserts one at the top. */
  | { ok: false; found?: string; fix: { offset: number; length: number; text: string } };

export interface DeployDefinition {
  dialect: FlowDialect;
  nameCheck: NameCheck;
}

/** The dialect and, for a StateMachine, whether its `Name` is the flow name. */
export function deployDefinition(text: string, flowName: string): DeployDefinition {
  const doc = parseDocument(text);
  const root = doc.contents;
  const valueOf = (key: string): unknown => {
    const n = isMap(root) ? root.get(key, true) : undefined;
    return isScalar(n) ? n.value : undefined;
  };
  const dialect: FlowDialect = valueOf('Type') === 'StateMachine' ? 'stateMachine' : 'classic';
  if (dialect === 'classic' || !isMap(root)) return { dialect, nameCheck: { ok: true } };
  const node: unknown = root.get('Name', true);
  if (valueOf('Name') === flowName) return { dialect, nameCheck: { ok: true } };
  if (isScalar(node) && node.range) {
    const [start, valueEnd] = node.range;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    return {
      dialect,
      nameCheck: { ok: false, found: String(node.value), fix: { offset: start, length: valueEnd - start, text: quoted ? JSON.stringify(flowName) : flowName } },
    };
  }
  // No Name: one is inserted before `Type`, in the same style (a JSON object or a YAML block).
  const typeKey = root.items.find((p) => isScalar(p.key) && (p.key.value as unknown) === 'Type')?.key as { range?: [number, number, number] } | undefined;
  const keyStart = typeKey?.range?.[0] ?? 0;
  if (root.flow) return { dialect, nameCheck: { ok: false, fix: { offset: keyStart, length: 0, text: `"Name": ${JSON.stringify(flowName)}, ` } } };
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = text.slice(lineStart, keyStart);
  return { dialect, nameCheck: { ok: false, fix: { offset: lineStart, length: 0, text: `${indent}Name: ${flowName}\n` } } };
}

/**
 * Steps that wait for a callback (classic `pattern: waitForCallback`, StateMachine `TaskMode:
 * WaitForCustomCallback` / `WaitForSystemCallback`), at any depth: Express flows run only
 * RequestComplete tasks ("Standard mode and express mode"), so these make a flow Standard-only.
 */
export function callbackSteps(text: string): string[] {
  let root: unknown;
  try {
    root = parseDocument(text).toJS();
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const waits = o.pattern === 'waitForCallback' || o.TaskMode === 'WaitForCustomCallback' || o.TaskMode === 'WaitForSystemCallback';
    const name = typeof o.name === 'string' ? o.name : typeof o.Name === 'string' ? o.Name : undefined;
    if (waits && name !== undefined) found.push(name);
    Object.values(o).forEach(walk);
  };
  walk(root);
  return found;
}
