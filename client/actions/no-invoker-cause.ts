/** What a local task that nothing can run says, with the file to edit as the next step. */
import * as vscode from 'vscode';
import type { TaskInvocation } from '../../engine/index';
import { mocksFileCandidates } from '../model/flow-companions';

export function noInvokerCause(inv: TaskInvocation, flowPath: string | undefined): string {
  const mocks = flowPath ? vscode.workspace.asRelativePath(mocksFileCandidates(flowPath)[0]) : '<flow>.mocks.yaml';
  const resource = inv.resource || vscode.l10n.t('no resourceArn');
  if (!vscode.workspace.isTrusted) {
    return vscode.l10n.t(
      'No way to run task step {0} ({1}): add a mock for "{0}" to {2}. Local function code runs only in a trusted workspace (Manage Workspace Trust).',
      inv.stepName,
      resource,
      mocks,
    );
  }
  return vscode.l10n.t(
    'No way to run task step {0} ({1}): add a mock for "{0}" to {2}, or declare its function in an s.yaml beside the flow or above it.',
    inv.stepName,
    resource,
    mocks,
  );
}
