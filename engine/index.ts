/**
 * The engine's public surface: everything the VS Code extension (client/) uses of the engine, and
 * nothing else. client/ imports the engine only through this file (test/architecture/layers.test.ts
 * enforces it), so the engine's internals can move without touching the extension. Add an export
 * here when the client needs it; do not re-export whole modules.
 */

// The backend interface the views speak (the cloud backend implements it too) and its shapes.
export type { Backend, ExecutionStatus, ExecutionSummary, HistoryEvent, StartExecutionRequest } from './backend';
export { endedStatus } from './history/fold';
export { endsVisit, visitEventKind, type VisitEventKind } from './history/events';

// After a run: coverage of a flow by executions' histories, and two executions compared.
export { flowCoverage, type CoverageKind, type CoverageSummary, type CoverageTarget, type FlowCoverage } from './analysis/coverage';
export { coverageHitsText, coverageKindText, coverageSummaryText } from './analysis/analysis-messages';
export { diffRuns, type PathDivergence, type RunDiff, type StepDiff } from './analysis/run-diff';
export { runDocument, type RunHeader } from './analysis/run-document';

// The embedded engine: the local backend, its store's owner lock and the report inbox other
// processes (CLI `report-*`, `stop`) write into.
export { FlowInvalidError, LocalBackend } from './local-backend';
export { acquireStoreLock, storeOwner } from './store/store-lock';
export { watchReportInbox, type InboxRequest } from './store/report-inbox';
export { maxEventsFrom } from './run/patterns/event-limit';
export { MAX_DOCUMENT_BYTES, MAX_HISTORY_BYTES, readUtf8TextOrWhy } from './flow-text';
export { MAX_JSON_BYTES } from './json-limits';
export { ExecutionEnd } from './errors';

// Task invokers the client wires per flow: local function code, mocks, and the local API they report to.
export type { FunctionDebugTarget, TaskInvocation, TaskInvoker, TaskOutcome } from './invoker';
export type { CallbackReport } from './task-tokens';
export { LocalCodeInvoker, type LocalFnfApiAccess } from './invokers/local-code-invoker';
export { LocalFunctionCatalog } from './invokers/local-function-catalog';
export { MockInvoker, loadMocksFile, parseMocks, type MocksFile } from './invokers/mock-invoker';
export { startLocalApi, type LocalApi } from './api/local-api-service';

// Run one step alone (Run Step Alone…): a step's data and next step without running the flow.
export { StepTestError, stepPaths, stepTestInputFrom, testStep, type StepTestNext, type StepTestOptions, type StepTestResult } from './step-test';
export { stepTestMarkdown } from './step-test-report';
// Scenarios (`fdl test`): loading and running one in memory, for the Testing view; and a finished
// execution recorded as one (Save as Test Scenario).
export { loadScenario, runScenario, scenarioHistory, scenarioResultOf, type Scenario, type ScenarioMismatch, type ScenarioResult } from './scenario';
export { scenarioFromExecution, scenarioText, ScenarioRecordingError, type RecordedScenario } from './scenario-recording';
export { scenarioOutline, type ScenarioOutline } from './scenario-outline';
// The flow debugger (engine/debug/): one per debugged execution, handed to LocalBackend.startExecution.
export {
  FlowDebugger,
  type BoundBreakpoint,
  type DebugFrame,
  type DebugListener,
  type DebugThread,
  type DebugVariable,
  type ExceptionFilter,
  type SourceBreakpoint,
  type StopReason,
} from './debug/flow-debugger';
export { debugText } from './debug/debug-messages';
export { ReplayDebugger, historyEventsOf } from './debug/replay-debugger';
export { MemoryStore } from './store/memory-store';
export { flowNameFromPath } from './flow-resolver';
