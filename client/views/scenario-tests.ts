/**
 * Scenario files (`*.scenario.yaml|yml|json`, what `fdl test` runs) in VS Code's Testing view.
 * Each flow a scenario tests is a group (its item on the flow file, so the flow's first line gets a
 * run icon too), each scenario a test on its own lines. A run goes through the engine's public entry
 * in memory, as `fdl test` does (engine/scenario.ts): the scenario's mocks, then local function
 * code only in a trusted workspace (client/local/scenario-invokers.ts). A mismatch is shown at its
 * expectation's line with expected and actual side by side. The continuous profile re-runs the
 * scenarios whose file, flow or mocks file was saved. The coverage profile also reports, per flow,
 * what the scenarios of that run took of it (scenario-coverage.ts). The debug profile runs each
 * scenario as a `flow` debug session on the embedded engine instead (breakpoints in the flow hit),
 * with the invokers and the time scale of a Run (the launch names the scenario, so the session's
 * host gives the execution exactly its Run's invokers), and judges the execution the session ran
 * when it ends, reporting it as a run does.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXECUTION_ENDED_EVENT } from '../../debug/flow-debug-session';
import {
  loadScenario,
  MAX_DOCUMENT_BYTES,
  runScenario,
  scenarioHistory,
  scenarioOutline,
  scenarioResultOf,
  type HistoryEvent,
  type LocalBackend,
  type Scenario,
  type ScenarioMismatch,
  type ScenarioOutline,
  type ScenarioResult,
} from '../../engine/index';
import { toLocale } from '../../fdl/messages';
import { FLOW_DEBUG_TYPE } from '../actions/flow-debug';
import { noInvokerCause } from '../actions/no-invoker-cause';
import { readConfig } from '../config';
import { scenarioInvokers } from '../local/scenario-invokers';
import { ScenarioCoverage } from './scenario-coverage';
import { readWorkspaceText } from '../actions/workspace-text';

export const SCENARIO_GLOB = '**/*.scenario.{yaml,yml,json}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.fdl}/**';
/** The launch configuration attribute that tells a scenario's debug session from any other. */
const SCENARIO_RUN_KEY = 'flowStudioScenarioRun';

interface ScenarioEntry {
  item: vscode.TestItem;
  outline?: ScenarioOutline;
  /** Absolute paths whose change makes this scenario's result stale: its file, flow and mocks file. */
  watched: string[];
}

/** The last result reported for a scenario (VS Code does not let an extension read the Testing view's results back). */
export interface ScenarioOutcome {
  outcome: 'passed' | 'failed' | 'errored';
  messages: vscode.TestMessage[];
}

export class ScenarioTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  readonly runProfile: vscode.TestRunProfile;
  readonly coverageProfile: vscode.TestRunProfile;
  readonly debugProfile: vscode.TestRunProfile;
  /** What the coverage profile reported per flow file. */
  readonly coverage = new ScenarioCoverage();
  /** By test item id: what the last run reported, for extension-host tests. */
  readonly outcomes = new Map<string, ScenarioOutcome>();
  private readonly scenarios = new Map<string, ScenarioEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private discovered: Promise<void> | undefined;

  constructor(
    private readonly log: (line: string) => void,
    /** The embedded engine's backend, where a debugged scenario runs (started on first need). */
    private readonly engine: () => Promise<LocalBackend>,
  ) {
    this.controller = vscode.tests.createTestController('flowStudio.scenarios', vscode.l10n.t('Flow scenarios'));
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    this.controller.refreshHandler = async () => {
      // Found again from scratch: a file the watcher missed (changed outside VS Code) is read anew.
      this.discovered = undefined;
      this.scenarios.clear();
      this.controller.items.replace([]);
      await this.discover();
    };
    this.runProfile = this.controller.createRunProfile(
      vscode.l10n.t('Run scenario'),
      vscode.TestRunProfileKind.Run,
      (request, token) => this.run(request, token),
      true,
      undefined,
      true,
    );
    this.coverageProfile = this.controller.createRunProfile(
      vscode.l10n.t('Run scenario with coverage'),
      vscode.TestRunProfileKind.Coverage,
      (request, token) => this.run(request, token),
      true,
      undefined,
      true,
    );
    this.coverageProfile.loadDetailedCoverage = async (_run, file) => this.coverage.detailsOf(file);
    this.debugProfile = this.controller.createRunProfile(vscode.l10n.t('Debug scenario'), vscode.TestRunProfileKind.Debug, (request, token) => this.debug(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB);
    this.disposables.push(
      this.controller,
      watcher,
      watcher.onDidCreate((uri) => void this.update(uri)),
      watcher.onDidChange((uri) => void this.update(uri)),
      watcher.onDidDelete((uri) => this.remove(uri)),
    );
  }

  /** Finds every scenario file of the workspace (once; the watcher keeps the tree current). */
  discover(): Promise<void> {
    this.discovered ??= (async () => {
      const files = await vscode.workspace.findFiles(SCENARIO_GLOB, EXCLUDE_GLOB);
      await Promise.all(files.map((uri) => this.update(uri)));
    })();
    return this.discovered;
  }

  /** The test item of a scenario file, once discovered (for tests and commands). */
  itemOf(uri: vscode.Uri): vscode.TestItem | undefined {
    return this.scenarios.get(uri.toString())?.item;
  }

  private async update(uri: vscode.Uri): Promise<void> {
    if (/[\\/](node_modules|\.git|\.fdl)[\\/]/.test(uri.fsPath)) return;
    const read = await readWorkspaceText(uri, MAX_DOCUMENT_BYTES);
    if (!('text' in read)) return this.remove(uri);
    const outline = scenarioOutline(read.text);
    if (!outline) return this.remove(uri);
    const dir = path.dirname(uri.fsPath);
    const flowPath = path.resolve(dir, outline.flow);
    const group = this.groupFor(vscode.Uri.file(flowPath));
    const id = uri.toString();
    const old = this.scenarios.get(id);
    if (old && old.item.parent !== group) this.remove(uri);
    const item = old && old.item.parent === group ? old.item : this.controller.createTestItem(id, '', uri);
    item.label = outline.name ?? path.basename(uri.fsPath);
    item.description = vscode.workspace.asRelativePath(uri, false);
    item.range = new vscode.Range(outline.startLine, 0, outline.endLine, 0);
    group.children.add(item);
    this.scenarios.set(id, {
      item,
      outline,
      watched: [uri.fsPath, flowPath, ...(outline.mocksFile ? [path.resolve(dir, outline.mocksFile)] : [])],
    });
  }

  private groupFor(flow: vscode.Uri): vscode.TestItem {
    const id = `flow:${flow.toString()}`;
    let group = this.controller.items.get(id);
    if (!group) {
      group = this.controller.createTestItem(id, vscode.workspace.asRelativePath(flow, false), flow);
      group.range = new vscode.Range(0, 0, 0, 0);
      this.controller.items.add(group);
    }
    return group;
  }

  private remove(uri: vscode.Uri): void {
    const entry = this.scenarios.get(uri.toString());
    if (!entry) return;
    this.scenarios.delete(uri.toString());
    const group = entry.item.parent;
    group?.children.delete(entry.item.id);
    if (group && group.children.size === 0) this.controller.items.delete(group.id);
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    await this.discover();
    await this.runOnce(request, this.selected(request), token);
    if (!request.continuous) return;
    // Continuous: re-run the requested scenarios whose file, flow or mocks file is saved, until cancelled.
    const listener = vscode.workspace.onDidSaveTextDocument((document) => {
      const saved = document.uri.fsPath;
      const stale = this.selected(request).filter((e) => e.watched.some((p) => samePath(p, saved)));
      if (stale.length) void this.runOnce(request, stale, token);
    });
    await new Promise<void>((resolve) => token.onCancellationRequested(() => resolve()));
    listener.dispose();
  }

  /** The scenarios a request covers: its included items (a group: all its scenarios), or all, less the excluded. */
  private selected(request: vscode.TestRunRequest): ScenarioEntry[] {
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const roots = request.include ?? [...collection(this.controller.items)];
    const out: ScenarioEntry[] = [];
    for (const root of roots) {
      if (excluded.has(root.id)) continue;
      const items = root.children.size ? [...collection(root.children)] : [root];
      for (const item of items) {
        const entry = this.scenarios.get(item.id);
        if (entry && !excluded.has(item.id) && !out.includes(entry)) out.push(entry);
      }
    }
    return out;
  }

  private async runOnce(request: vscode.TestRunRequest, entries: ScenarioEntry[], token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request, undefined, true);
    for (const e of entries) run.enqueued(e.item);
    // Coverage: each flow's histories in this run, in the order its scenarios ran.
    const histories = request.profile?.kind === vscode.TestRunProfileKind.Coverage ? new Map<string, HistoryEvent[][]>() : undefined;
    try {
      for (const entry of entries) {
        if (token.isCancellationRequested) {
          run.skipped(entry.item);
          continue;
        }
        const ran = await this.runScenario(run, entry);
        if (histories && ran) {
          const runs = histories.get(ran.flowPath) ?? [];
          if (ran.history) runs.push(ran.history);
          histories.set(ran.flowPath, runs);
        }
      }
      if (histories) await this.coverage.report(run, histories);
    } finally {
      run.end();
    }
  }

  /** Runs one scenario and reports its outcome; gives its flow and history when it could be loaded. */
  private async runScenario(run: vscode.TestRun, entry: ScenarioEntry): Promise<{ flowPath: string; history?: HistoryEvent[] } | undefined> {
    const began = Date.now();
    const scenario = this.load(run, entry);
    if (!scenario) return undefined;
    const file = entry.item.uri!;
    const config = readConfig();
    const result = await runScenario(scenario, {
      timeScale: 0,
      maxEvents: config.maxEventsPerExecution,
      invokers: scenarioInvokers({
        scenario,
        trusted: vscode.workspace.isTrusted,
        workspaceRoot: vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath,
        locale: toLocale(vscode.env.language),
        noInvokerCause: (inv) => noInvokerCause(inv, scenario.flowPath),
        onProblem: (f, message) => this.log(`${vscode.workspace.asRelativePath(f)}: ${message}`),
      }),
    });
    this.judge(run, entry, result, Date.now() - began);
    return { flowPath: scenario.flowPath, history: scenarioHistory(result) };
  }

  /** Marks the scenario started and loads it; reports it errored (at its first line) when it cannot be read. */
  private load(run: vscode.TestRun, entry: ScenarioEntry): Scenario | undefined {
    const { item } = entry;
    run.started(item);
    try {
      return loadScenario(item.uri!.fsPath);
    } catch (e) {
      this.report(run, item, 'errored', [this.message((e as Error).message, item.uri!, entry.outline?.startLine ?? 0)], 0);
      return undefined;
    }
  }

  /** Reports a scenario's result: passed, failed with each mismatch at its expectation's line, or errored when it could not run. */
  private judge(run: vscode.TestRun, entry: ScenarioEntry, result: ScenarioResult, duration: number): void {
    const { item } = entry;
    const file = item.uri!;
    if (result.failures.length === 0) {
      this.report(run, item, 'passed', [], duration);
      return;
    }
    run.appendOutput(`${item.label}\r\n${result.failures.map((f) => `  ${f}`).join('\r\n')}\r\n`, undefined, item);
    if (!result.result) {
      // It could not run (the flow is invalid, a file is missing): said at the scenario's first line.
      this.report(run, item, 'errored', [this.message(result.failures.join('\n'), file, entry.outline?.startLine ?? 0)], duration);
      return;
    }
    const messages = result.mismatches.map((m) => this.mismatchMessage(m, file, entry.outline));
    // Why the execution failed (a step's error, a refusal such as Workspace Trust's) beside the mismatches.
    const r = result.result;
    if (r.status !== 'Succeeded' && (r.error || r.cause)) {
      messages.push(
        this.message(vscode.l10n.t('The execution ended {0}: {1} {2}', r.status, r.error ?? '', r.cause ?? ''), file, entry.outline?.expectLine ?? entry.outline?.startLine ?? 0),
      );
    }
    this.report(run, item, 'failed', messages, duration);
  }

  private async debug(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    await this.discover();
    const entries = this.selected(request);
    const run = this.controller.createTestRun(request, undefined, true);
    for (const e of entries) run.enqueued(e.item);
    try {
      // One session at a time: each is the developer's to step through.
      for (const entry of entries) {
        if (token.isCancellationRequested) run.skipped(entry.item);
        else await this.debugScenario(run, entry, token);
      }
    } finally {
      run.end();
    }
  }

  /**
   * Debugs one scenario: a `flow` launch of its flow with its input and mocks, on the embedded
   * engine, with the invokers (`scenario`) and the virtual time (`timeScale: 0`) a Run of it has.
   * When the session ends, the execution it ran is judged as a run's would be.
   */
  private async debugScenario(run: vscode.TestRun, entry: ScenarioEntry, token: vscode.CancellationToken): Promise<void> {
    const began = Date.now();
    const scenario = this.load(run, entry);
    if (!scenario) return;
    const { item } = entry;
    const file = item.uri!;
    const errored = (text: string) => this.report(run, item, 'errored', [this.message(text, file, entry.outline?.startLine ?? 0)], Date.now() - began);
    let backend: LocalBackend;
    try {
      backend = await this.engine();
    } catch (e) {
      return errored(vscode.l10n.t('The embedded engine could not start: {0}', (e as Error).message));
    }
    const marker = `${file.toString()}#${began}`;
    const session = watchScenarioSession(marker, token);
    const config: vscode.DebugConfiguration = {
      type: FLOW_DEBUG_TYPE,
      request: 'launch',
      name: vscode.l10n.t('Debug scenario {0}', item.label),
      program: scenario.flowPath,
      input: scenario.input,
      ...(scenario.mocks ? { mocks: scenario.mocks } : {}),
      scenario: file.fsPath,
      timeScale: 0,
      [SCENARIO_RUN_KEY]: marker,
    };
    let started = false;
    try {
      started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), config, { testRun: run });
    } catch (e) {
      this.log(`${vscode.workspace.asRelativePath(file)}: ${(e as Error).message}`);
    }
    if (!started) {
      session.dispose();
      return errored(vscode.l10n.t('The debug session for this scenario did not start.'));
    }
    const execution = await session.ended;
    if (!execution) return errored(vscode.l10n.t('The debug session ended before its execution did, so the scenario could not be checked.'));
    let result: ScenarioResult;
    try {
      result = await scenarioResultOf(scenario, backend, execution.flowName, execution.executionName);
    } catch (e) {
      return errored((e as Error).message);
    }
    this.judge(run, entry, result, Date.now() - began);
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, outcome: ScenarioOutcome['outcome'], messages: vscode.TestMessage[], duration: number): void {
    this.outcomes.set(item.id, { outcome, messages });
    if (outcome === 'passed') run.passed(item, duration);
    else if (outcome === 'failed') run.failed(item, messages, duration);
    else run.errored(item, messages, duration);
  }

  private mismatchMessage(m: ScenarioMismatch, file: vscode.Uri, outline: ScenarioOutline | undefined): vscode.TestMessage {
    const text = vscode.l10n.t('{0}: expected {1}, got {2}', m.field, JSON.stringify(m.expected), JSON.stringify(m.actual));
    const message = vscode.TestMessage.diff(text, pretty(m.expected), pretty(m.actual));
    const line = outline?.fieldLines[m.field] ?? outline?.expectLine ?? outline?.startLine ?? 0;
    message.location = new vscode.Location(file, new vscode.Range(line, 0, line, 0));
    return message;
  }

  private message(text: string, file: vscode.Uri, line: number): vscode.TestMessage {
    const message = new vscode.TestMessage(text);
    message.location = new vscode.Location(file, new vscode.Range(line, 0, line, 0));
    return message;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Follows the debug session whose configuration carries `marker`: `ended` gives the execution it
 * ran (from the adapter's custom event) once the session has terminated, or undefined when none
 * ended; cancelling the test run stops the session.
 */
function watchScenarioSession(marker: string, token: vscode.CancellationToken): { ended: Promise<{ flowName: string; executionName: string } | undefined>; dispose(): void } {
  const ours = (s: vscode.DebugSession) => s.configuration[SCENARIO_RUN_KEY] === marker;
  let execution: { flowName: string; executionName: string } | undefined;
  let session: vscode.DebugSession | undefined;
  let done!: (value: typeof execution) => void;
  const ended = new Promise<typeof execution>((resolve) => (done = resolve));
  const disposables = [
    vscode.debug.onDidStartDebugSession((s) => {
      if (ours(s)) session = s;
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (ours(e.session) && e.event === EXECUTION_ENDED_EVENT) execution = e.body as typeof execution;
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (!ours(s)) return;
      dispose();
      done(execution);
    }),
    token.onCancellationRequested(() => {
      if (session) void vscode.debug.stopDebugging(session);
    }),
  ];
  const dispose = () => {
    for (const d of disposables) d.dispose();
  };
  return { ended, dispose };
}

function* collection(items: vscode.TestItemCollection): Iterable<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  items.forEach((i) => all.push(i));
  yield* all;
}

function pretty(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}
