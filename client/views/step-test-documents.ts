/**
 * The reports of Run Step Alone… as read-only Markdown documents
 * (`flow-studio-step:/<n>/<step>.md`), kept in memory for the window's life: recorded answers,
 * which must not be edited or asked to be saved.
 */
import * as vscode from 'vscode';
import { STEP_TEST_SCHEME } from '../command-ids';

export class StepTestDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private next = 1;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  /** Opens `markdown` beside the editor as a new report on `stepName`. */
  async show(stepName: string, markdown: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: STEP_TEST_SCHEME, path: `/${this.next++}/${encodeURIComponent(stepName.replace(/\//g, '-'))}.md` });
    this.texts.set(uri.path, markdown);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
  }
}
