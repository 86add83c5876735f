/**
 * Stable ids of the extension's commands and views: the one table the client names a command by.
 * package.json contributes every command here (test/client/command-ids.test.ts checks both ways,
 * and that each is registered through this table); the e2e tests use the same ids.
 */
export const COMMAND_IDS = {
  runFlow: 'flowStudio.runFlow',
  runStepAlone: 'flowStudio.runStepAlone',
  debugFlow: 'flowStudio.debugFlow',
  rerunExecution: 'flowStudio.rerunExecution',
  stopExecution: 'flowStudio.stopExecution',
  openExecutionHistory: 'flowStudio.openExecutionHistory',
  openStepData: 'flowStudio.openStepData',
  approveCallback: 'flowStudio.approveCallback',
  rejectCallback: 'flowStudio.rejectCallback',
  refreshExecutions: 'flowStudio.refreshExecutions',
  selectBackend: 'flowStudio.selectBackend',
  saveExecutionInput: 'flowStudio.saveExecutionInput',
  showRunOutput: 'flowStudio.showRunOutput',
  openExecutionFlow: 'flowStudio.openExecutionFlow',
  deleteExecution: 'flowStudio.deleteExecution',
  saveAsTestScenario: 'flowStudio.saveAsTestScenario',
  replayInDebugger: 'flowStudio.replayInDebugger',
  deleteFinishedExecutions: 'flowStudio.deleteFinishedExecutions',
  showWaitingCallbacks: 'flowStudio.showWaitingCallbacks',
  openExample: 'flowStudio.openExample',
  showFlowGraph: 'flowStudio.showFlowGraph',
  newFlow: 'flowStudio.newFlow',
  convertToStateMachine: 'flowStudio.convertToStateMachine',
  exportGraphSvg: 'flowStudio.exportGraphSvg',
  exportGraphPng: 'flowStudio.exportGraphPng',
  showCoverage: 'flowStudio.showCoverage',
  compareExecutions: 'flowStudio.compareExecutions',
  cloudSignIn: 'flowStudio.cloud.signIn',
  cloudSignOut: 'flowStudio.cloud.signOut',
  cloudUseCredentials: 'flowStudio.cloud.useCredentials',
  cloudDeployFlow: 'flowStudio.cloud.deployFlow',
  cloudStartExecution: 'flowStudio.cloud.startExecution',
  cloudCompareWithDeployed: 'flowStudio.cloud.compareWithDeployed',
  cloudRefresh: 'flowStudio.cloud.refresh',
  cloudShowFlows: 'flowStudio.cloud.showFlows',
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];

/** Commands registered on purpose without a package.json entry (none today; e.g. a hover-link target). */
export const INTERNAL_COMMAND_IDS: readonly CommandId[] = [];

export const VIEW_IDS = {
  container: 'flowStudio',
  executions: 'flowStudio.executions',
} as const;

/** The scheme of read-only JSON documents (histories, step data). */
export const JSON_DOCUMENT_SCHEME = 'flow-studio';

/** The scheme of Run Step Alone…'s read-only reports (views/step-test-documents.ts). */
export const STEP_TEST_SCHEME = 'flow-studio-step';
