/** Stable ids of the extension's commands and views (package.json and the e2e tests use the same). */
export const COMMAND_IDS = {
  runFlow: 'flowStudio.runFlow',
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
  deleteFinishedExecutions: 'flowStudio.deleteFinishedExecutions',
} as const;

export const VIEW_IDS = {
  container: 'flowStudio',
  executions: 'flowStudio.executions',
} as const;

/** The scheme of read-only JSON documents (histories, step data). */
export const JSON_DOCUMENT_SCHEME = 'flow-studio';
