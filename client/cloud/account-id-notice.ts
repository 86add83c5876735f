/**
 * Tells the user why the Function Compute checks (resourceArn completion, "function not found")
 * are off when the account ID is unknown, once per window and never after "Don't Show Again",
 * and logs where a found account ID came from, so neither state is silent.
 */
import * as vscode from 'vscode';
import type { AccountIdNotices } from './cloud-session';

const DISMISSED_KEY = 'flowStudio.cloud.accountIdNotice.dismissed';

export function accountIdNotices(state: vscode.Memento, log: vscode.LogOutputChannel): AccountIdNotices {
  let shown = false;
  return {
    onAccountIdFound: (found) =>
      log.info(
        found.source.kind === 'flowRole'
          ? vscode.l10n.t(
              'Function Compute checks use account {0}, found in the execution role of flow {1}. Set flowStudio.cloud.accountId to use another account.',
              found.accountId,
              found.source.flowName,
            )
          : vscode.l10n.t(
              'Function Compute checks use account {0}, found in the setting flowStudio.cloud.roleArn. Set flowStudio.cloud.accountId to use another account.',
              found.accountId,
            ),
      ),
    onAccountIdUnknown: () => {
      const why = vscode.l10n.t(
        'resourceArn completion and the "function not found" check against your Function Compute functions are off: the Alibaba Cloud account ID is not known. Set flowStudio.cloud.accountId to turn them on.',
      );
      log.warn(why);
      if (shown || state.get<boolean>(DISMISSED_KEY)) return;
      shown = true;
      void (async () => {
        const openSetting = vscode.l10n.t('Set Account ID');
        const dontShow = vscode.l10n.t("Don't Show Again");
        const pick = await vscode.window.showInformationMessage(why, openSetting, dontShow);
        if (pick === openSetting) await vscode.commands.executeCommand('workbench.action.openSettings', 'flowStudio.cloud.accountId');
        else if (pick === dontShow) await state.update(DISMISSED_KEY, true);
      })();
    },
  };
}
