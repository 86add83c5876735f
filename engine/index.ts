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

// The embedded engine: the local backend, its store's owner lock and the report inbox other
// processes (CLI `report-*`, `stop`) write into.
export { FlowInvalidError, LocalBackend } from './local-backend';
export { acquireStoreLock, storeOwner } from './store/store-lock';
export { watchReportInbox, type InboxRequest } from './store/report-inbox';
export { maxEventsFrom } from './patterns/event-limit';
export { ExecutionEnd } from './errors';

// Task invokers the client wires per flow: local function code, mocks, and the local API they report to.
export type { TaskInvocation, TaskInvoker, TaskOutcome } from './invoker';
export type { CallbackReport } from './task-tokens';
export { LocalCodeInvoker, type LocalFnfApiAccess } from './invokers/local-code-invoker';
export { LocalFunctionCatalog } from './invokers/local-function-catalog';
export { MockInvoker, loadMocksFile } from './invokers/mock-invoker';
export { startLocalApi, type LocalApi } from './api/local-api-service';

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
export { MemoryStore } from './store/memory-store';
export { flowNameFromPath } from './flow-resolver';
