/**
 * Driving the VS Code workbench as a user does: the command palette, Quick Open, Go to Line, the
 * keyboard in the editor, and reading what is on screen (Problems panel, suggest widget, hover,
 * tree rows, webviews). Selectors are the workbench's own CSS classes of VS Code 1.100.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly screenshotsDir: string,
  ) {}

  async open(url: string, folder: string): Promise<void> {
    await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the remote file system answers.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Runs a command by its palette title ("Category: Title"), as typed after F1. */
  async runCommand(title: string): Promise<void> {
    await this.closeQuickInput();
    const input = this.quickInput.locator('input.input');
    // F1 pressed while the workbench is still moving focus (right after a tab or webview click) can
    // be swallowed; press again rather than wait on a palette that is not coming.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press(attempt % 2 === 1 ? 'F1' : 'Control+Shift+P');
      const opened = await input.waitFor({ state: 'visible', timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (opened) break;
      if (attempt === 4) throw new Error(`the command palette did not open to run "${title}"`);
    }
    await input.fill(`>${title}`);
    const row = this.quickInput.locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 10_000 }).catch(() => {
      throw new Error(`the command palette has no command titled "${title}"`);
    });
    // Click the row titled exactly so (Enter would take the top match, e.g. "View: Close All
    // Editors" for "View: Close Editor"); Enter when the title is shown differently.
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const exact = this.quickInput.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escaped}\\s*$`) }) }).first();
    if (await exact.isVisible().catch(() => false)) await exact.click();
    else await input.press('Enter');
  }

  /** Picks a row of the open Quick Pick by (part of) its text. */
  async pick(text: string | RegExp, timeout = 15_000): Promise<void> {
    const row = this.quickInput.locator('.monaco-list-row', { hasText: text }).first();
    await row.waitFor({ timeout }).catch(async () => {
      throw new Error(`the quick pick offers no "${text}"; it shows: ${await this.quickInputText()}`);
    });
    await row.click();
  }

  async quickInputText(): Promise<string> {
    return (await this.quickInput.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible().catch(() => false)) await this.page.keyboard.press('Escape');
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
  async openFile(relativePath: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput.locator('input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relativePath);
    const name = relativePath.split('/').pop()!;
    // Click the matching row: Enter could take a stale first row before the filter has run.
    const row = this.quickInput.locator('.monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
    await this.editor.waitFor({ timeout: 15_000 });
    // The row clicked was where the new tab now is: left there, the pointer brings up the tab's
    // tooltip, which lies over the editor's first lines and the graph's toolbar and takes their clicks.
    const box = await this.editor.boundingBox();
    if (box) await this.page.mouse.move(box.x + 15, box.y + box.height / 2);
  }

  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Puts the cursor at line:column (1-based) with Go to Line (Ctrl+G). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.editor.click({ position: { x: 200, y: 10 } });
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput.locator('input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }

  /** Text of the editor's visible lines (Monaco renders only what is on screen). */
  async editorText(): Promise<string> {
    return (await this.editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  get suggestWidget(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible');
  }

  async suggestionLabels(): Promise<string[]> {
    const rows = this.suggestWidget.locator('.monaco-list-row .label-name');
    return (await rows.allInnerTexts()).map((s) => s.trim());
  }

  get hover(): Locator {
    return this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
  }

  get problemsPanel(): Locator {
    return this.page.locator('.markers-panel');
  }

  /** The pane of a contributed view, found by its title in the side bar. */
  viewPane(title: string): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: title }) }).first();
  }

  /** The innermost frame of the webview panel whose tab has this title. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
  }

  /** A modal dialog (`showWarningMessage(…, { modal: true })`): VS Code draws it in the workbench DOM. */
  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Clicks the modal dialog's button labelled `label` and waits for the dialog to close. */
  async clickDialogButton(label: string): Promise<void> {
    const button = this.dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).first();
    await button.click({ timeout: 10_000 });
    await this.dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Runs an item of the side bar's "Views and More Actions…" (⋯) menu: where VS Code puts a view's
   * non-inline title actions when the view is alone in its container.
   */
  async sideBarMoreAction(title: string): Promise<void> {
    const more = this.page.locator('.part.sidebar .composite.title .title-actions .action-label[aria-label^="Views and More Actions"]').first();
    await more.click({ timeout: 10_000 });
    const item = this.page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: title }).first();
    await item.waitFor({ timeout: 10_000 }).catch(async () => {
      const offered = await this.page
        .locator('.context-view .monaco-menu .action-label')
        .allInnerTexts()
        .catch(() => []);
      throw new Error(`the side bar's ⋯ menu has no "${title}"; it offers: ${offered.filter((s) => s.trim()).join(' | ')}`);
    });
    // Hover focuses the item and Enter runs it: a click right after the menu opens is ignored
    // (VS Code's menus skip a mouse-up that follows their opening too closely).
    await item.hover();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: 5_000 });
  }

  async notificationsText(): Promise<string> {
    return (
      await this.page
        .locator('.notifications-toasts')
        .innerText()
        .catch(() => '')
    )
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** Screenshots taken so far, by name. */
  readonly taken = new Set<string>();

  async screenshot(stage: string): Promise<string> {
    const file = `${this.screenshotsDir}/${stage}.png`;
    this.taken.add(stage);
    mkdirSync(dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** Polls `read` until `ok` holds, or fails with what was last seen. */
export async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = lastError && last === undefined ? `error: ${(lastError as Error).message}` : JSON.stringify(last)?.slice(0, 1500);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
