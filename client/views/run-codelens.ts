/** "Run Flow", "Debug Flow" (and "Run with Last Input") above the top-level `steps:` of a flow document. */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../command-ids';
import { topLevelStepsLine } from '../model/steps-line';

export class RunFlowCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private enabled: boolean,
    private readonly hasRecentInput: (document: vscode.TextDocument) => boolean,
  ) {}

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.changed.fire();
  }

  /** After a run: the "last input" lens may appear. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled) return [];
    const line = topLevelStepsLine(document.getText());
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 6);
    const lenses = [
      new vscode.CodeLens(range, { title: `$(play) ${vscode.l10n.t('Run Flow')}`, command: COMMAND_IDS.runFlow, arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: `$(debug-alt) ${vscode.l10n.t('Debug Flow')}`, command: COMMAND_IDS.debugFlow, arguments: [document.uri] }),
    ];
    if (this.hasRecentInput(document)) {
      lenses.push(
        new vscode.CodeLens(range, { title: `$(history) ${vscode.l10n.t('Run with Last Input')}`, command: COMMAND_IDS.runFlow, arguments: [document.uri, { lastInput: true }] }),
      );
    }
    return lenses;
  }
}
