/**
 * "Delete Execution" on a finished local execution and "Delete Finished Executions…" on the
 * Executions view's title: the embedded engine's store (`.fdl/executions`) is an append-only log
 * that would otherwise grow forever. Only the local backend deletes (the menus hide both items
 * for the cloud; a command palette call for a cloud execution is answered with why not).
 * Running executions are never deleted: the items are only on `execution.ended` rows, and the
 * engine refuses them anyway. The view is refreshed from the backend afterwards.
 */
import * as vscode from 'vscode';
import type { Backend } from '../../engine/index';
import type { ExecutionRef, LocalExecutionDeletion } from './execution-deletion';

export interface DeletionDeps {
  local: LocalExecutionDeletion;
  view: { readonly currentBackend: Backend; refresh(): Promise<void> };
}

/** Options for callers without a person to click (tests): `confirm: false` skips the modal question. */
export interface DeleteFinishedOptions {
  confirm?: boolean;
}

/** Deletes one execution of `backend`; resolves whether it was deleted. */
export async function deleteExecution(d: DeletionDeps, backend: Backend, ref: ExecutionRef | undefined): Promise<boolean> {
  if (!ref) return false;
  if (backend.kind !== 'local') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Only executions of the embedded engine can be deleted; the cloud service keeps its own.'));
    return false;
  }
  try {
    await d.local.deleteExecutions([ref]);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete {0}: {1}', ref.executionName, (e as Error).message));
    return false;
  } finally {
    await refreshLocal(d);
  }
  return true;
}

/** Deletes every finished local execution after a modal confirmation with the count; resolves how many. */
export async function deleteFinishedExecutions(d: DeletionDeps, options: DeleteFinishedOptions = {}): Promise<number> {
  const finished = await d.local.finishedExecutions({});
  if (!finished.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no finished local executions to delete.'));
    return 0;
  }
  if (options.confirm !== false) {
    const remove = vscode.l10n.t('Delete');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete {0} finished local executions and their histories?', finished.length),
      { modal: true, detail: vscode.l10n.t('Running executions are kept. This cannot be undone.') },
      remove,
    );
    if (answer !== remove) return 0;
  }
  try {
    const { deleted } = await d.local.deleteExecutions(finished);
    void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0} finished executions.', deleted));
    return deleted;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete the finished executions: {0}', (e as Error).message));
    return 0;
  } finally {
    await refreshLocal(d);
  }
}

function refreshLocal(d: DeletionDeps): Promise<void> {
  return d.view.currentBackend.kind === 'local' ? d.view.refresh() : Promise.resolve();
}
