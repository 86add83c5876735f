/**
 * The extension in a real VS Code (code-server 4.100.3 = VS Code 1.100, driven in Debian's
 * Chromium), on a copy of examples/. Each stage asserts what a user sees and saves a screenshot to
 * test-results/e2e/<stage>.png. A stage whose command or view package.json does not contribute yet
 * is skipped with a message saying so; once contributed, it asserts for real.
 *
 * Run with `node test/e2e/run.mjs` (prepares code-server and the .vsix first).
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { openBrowser, type OpenBrowser } from './browser';
import { startCodeServer, type CodeServer } from './code-server';
import { Contributions } from './contributions';
import { eventually, Workbench } from './workbench';

const repo = resolve(import.meta.dirname, '..', '..');
const results = join(repo, 'test-results', 'e2e');
// Inside the repository so local functions resolve @alicloud/fnf-2019-03-15 from its node_modules.
const workspace = join(results, 'workspace');
const scratch = join(results, 'scratch');
const entry = join(repo, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const vsix = join(repo, '.cache', 'flow-studio.vsix');
const STAGE_TIMEOUT = 120_000;

const contributions = new Contributions(repo);
let server: CodeServer | undefined;
let browser: OpenBrowser | undefined;
let wb: Workbench;

/** Runs one stage: skipped when a needed contribution is missing; a screenshot either way it ends. */
async function stage(t: TestContext, name: string, needs: string[], body: () => Promise<void>): Promise<void> {
  const missing = contributions.missing(needs);
  if (missing.length) {
    const why = `not contributed in package.json yet: ${missing.join(', ')}`;
    console.log(`[e2e] SKIPPED stage "${name}" — ${why}`);
    t.skip(why);
    return;
  }
  const started = Date.now();
  try {
    await body();
    // A stage that shows something transient (a suggest list, a hover) takes its own screenshot.
    if (!wb.taken.has(name)) {
      await wb.runCommand('Notifications: Clear All Notifications').catch(() => {});
      await wb.screenshot(name);
    }
    console.log(`[e2e] stage "${name}" passed in ${((Date.now() - started) / 1000).toFixed(1)} s → test-results/e2e/${name}.png`);
  } catch (e) {
    const shot = await wb.screenshot(`${name}-failed`).catch(() => '(no screenshot)');
    const notes = await wb.notificationsText();
    throw new Error(`stage "${name}" failed: ${(e as Error).message}\n  screenshot: ${shot}${notes ? `\n  notifications: ${notes}` : ''}\n  code-server log: ${server?.logFile}`, {
      cause: e,
    });
  }
}

function lineOf(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${file} has no "${needle}"`);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

describe('Flow Studio in VS Code (code-server + Chromium)', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    for (const [what, p] of [
      ['code-server', entry],
      ['the .vsix', vsix],
    ]) {
      if (!existsSync(p)) throw new Error(`${what} is missing at ${p}: run \`node scripts/e2e-setup.mjs\` first (or use \`node test/e2e/run.mjs\`)`);
    }
    for (const f of existsSync(results) ? readdirSync(results) : []) if (f.endsWith('.png')) rmSync(join(results, f));
    rmSync(workspace, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    cpSync(join(repo, 'examples'), workspace, { recursive: true, filter: (src) => !src.includes(`${join('examples', '.fdl')}`) });
    const started = Date.now();
    server = await startCodeServer({ entry, vsix, scratch, workspace });
    browser = await openBrowser();
    wb = new Workbench(browser.page, results);
    await wb.open(server.url, workspace);
    console.log(`[e2e] VS Code ${server.url} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (code-server pid ${server.pid})`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("diagnostics: the Problems panel shows the broken flow's error", { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'diagnostics', [], async () => {
      await wb.openFile('broken/diagnostics-demo.flow.yaml');
      await wb.page.keyboard.press('Control+Shift+M');
      await eventually(
        'the Problems panel to list unknown-goto-target',
        () => wb.problemsPanel.innerText(),
        (text) => text.includes('No step named `NoSuchStep`') || text.includes('No step named NoSuchStep'),
        60_000,
      );
      const text = await wb.problemsPanel.innerText();
      assert.match(text, /diagnostics-demo\.flow\.yaml/);
      // The squiggle is in the editor, on the goto target.
      await eventually(
        'an error squiggle in the editor',
        () => wb.editor.locator('.squiggly-error').count(),
        (n) => n > 0,
      );
    });
  });

  it('completion: `pattern: ` offers the three task patterns', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'completion', [], async () => {
      writeFileSync(
        join(workspace, 'flows', 'try-completion.flow.yaml'),
        ['version: v1', 'type: flow', 'steps:', '  - type: task', '    name: Notify', '    resourceArn: acs:fc:::services/flow-studio-demo/functions/notify-approver', '    '].join(
          '\n',
        ),
      );
      await wb.openFile('flows/try-completion.flow.yaml');
      await wb.goTo(7, 5);
      await wb.page.keyboard.type('pattern: ', { delay: 30 });
      // Suggestions may pop up as you type; Ctrl+Space asks explicitly, as a user would.
      if (!(await wb.suggestWidget.isVisible())) await wb.page.keyboard.press('Control+Space');
      const labels = await eventually(
        'the suggest widget to list the patterns',
        () => wb.suggestionLabels(),
        (l) => ['requestResponse', 'sync', 'waitForCallback'].every((p) => l.includes(p)),
        30_000,
      );
      assert.ok(labels.includes('waitForCallback'));
      await wb.page.waitForTimeout(300);
      await wb.screenshot('completion');
      await wb.page.keyboard.press('Escape');
    });
  });

  it('hover: a task pattern explains itself', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'hover', [], async () => {
      await wb.openFile('flows/order-approval.flow.yaml');
      const at = lineOf('flows/order-approval.flow.yaml', 'pattern: waitForCallback');
      await wb.goTo(at.line, at.column + 'pattern: '.length + 3);
      await wb.runCommand('Show or Focus Hover');
      const text = await eventually(
        'a hover over waitForCallback',
        () => wb.hover.innerText(),
        (s) => /ReportTaskSucceeded/.test(s),
        30_000,
      );
      assert.match(text, /task token/i);
      await wb.page.waitForTimeout(500); // let the hover finish fading in for the screenshot
      await wb.screenshot('hover');
    });
  });

  it('run: Run Flow on a mocked example fills the executions tree with step statuses', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'run-flow', ['flowStudio.runFlow', 'flowStudio.executions'], async () => {
      await wb.runCommand('View: Hide Panel').catch(() => wb.closeQuickInput()); // only offered while the panel shows
      // Before any run, the view's welcome content tells a new user what to do.
      await openExecutionsView();
      const welcome = wb.viewPane(contributions.viewName('flowStudio.executions')!).locator('.welcome-view-content');
      const welcomeText = await eventually(
        'the Executions view welcome',
        () => welcome.innerText(),
        (s) => /No executions yet/.test(s),
        15_000,
      );
      assert.match(welcomeText, /Run Flow/);
      assert.match(welcomeText, /walkthrough/);
      await wb.screenshot('executions-welcome');
      await wb.openFile('flows/batch-thumbnails.flow.yaml');
      // The CodeLens above `steps:` runs the flow, as a user clicks it.
      const lens = wb.editor.locator('.codelens-decoration a', { hasText: 'Run Flow' }).first();
      await lens.waitFor({ timeout: 30_000 });
      await lens.click();
      await wb.pick(/Sample input/);
      const tree = await showExecutionsView();
      const row = tree.locator('.monaco-list-row', { hasText: 'batch-thumbnails' }).first();
      await eventually(
        'a batch-thumbnails execution that Succeeded',
        () => row.getAttribute('aria-label').then((a) => a ?? ''),
        (a) => /Succeeded/.test(a),
        60_000,
      );
      await expand(row);
      const steps = await eventually(
        "the execution's steps with their statuses",
        () => tree.locator('.monaco-list-row').allInnerTexts(),
        (rows) => ['EachImage', 'LetTheCdnCatchUp', 'Summary'].every((s) => rows.some((r) => r.includes(s))),
        30_000,
      );
      assert.ok(steps.length >= 4, `tree rows: ${steps.join(' | ')}`);
      const labels = await tree.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      assert.ok(
        labels.some((l) => /Summary/.test(l) && /succeeded/i.test(l)),
        `no succeeded Summary step among: ${labels.join(' | ')}`,
      );
    });
  });

  it('callback: a waiting approval shows under "Waiting for callback" and Approve finishes it', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'approve-callback', ['flowStudio.runFlow', 'flowStudio.executions', 'flowStudio.approveCallback'], async () => {
      await wb.openFile('flows/expense-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.runFlow')!);
      await wb.pick(/Sample input/);
      const tree = await showExecutionsView();
      const group = tree.locator('.monaco-list-row', { hasText: /Waiting for callback/i }).first();
      await group.waitFor({ timeout: 60_000 });
      await expand(group);
      await eventually(
        'ManagerApproval under "Waiting for callback"',
        () => tree.locator('.monaco-list-row').allInnerTexts(),
        (rows) => rows.some((r) => r.includes('ManagerApproval')),
        30_000,
      );
      await wb.screenshot('approve-callback-waiting');
      // The output comes from a JSON file, checked before it is sent: an array is refused and the
      // task keeps waiting; an object is sent with ReportTaskSucceeded.
      mkdirSync(join(workspace, 'approvals'), { recursive: true });
      writeFileSync(join(workspace, 'approvals', 'a-list.json'), '["not", "an", "object"]\n');
      writeFileSync(join(workspace, 'approvals', 'approved.json'), '{"approvedBy": "e2e-manager", "note": "within budget"}\n');
      await approveWithFile(join(workspace, 'approvals', 'a-list.json'));
      await eventually(
        'the refusal of a non-object output',
        () => wb.notificationsText(),
        (s) => /output was not sent/i.test(s) && /JSON object/.test(s),
        15_000,
      );
      await wb.screenshot('approve-callback-refused');
      await wb.runCommand('Notifications: Clear All Notifications').catch(() => {});
      assert.ok(await treeRow(tree, 'ManagerApproval').isVisible(), 'still waiting after the refused output');
      await approveWithFile(join(workspace, 'approvals', 'approved.json'));
      const row = tree.locator('.monaco-list-row', { hasText: 'expense-approval' }).first();
      await eventually(
        'the expense-approval execution to Succeed',
        () => row.getAttribute('aria-label').then((a) => a ?? ''),
        (a) => /Succeeded/.test(a),
        60_000,
      );
      // The editor's hover on the step shows its input and the output that was sent.
      const at = lineOf('flows/expense-approval.flow.yaml', 'name: ManagerApproval');
      await wb.goTo(at.line, at.column + 'name: '.length + 2);
      await wb.runCommand('Show or Focus Hover');
      const hover = await eventually(
        'the step hover with the approval output',
        () => wb.hover.innerText(),
        (s) => /e2e-manager/.test(s),
        30_000,
      );
      assert.match(hover, /Input/);
      assert.match(hover, /Li Lei/);
      await wb.page.waitForTimeout(300);
      await wb.screenshot('approve-callback');
      await wb.page.keyboard.press('Escape');
    });
  });

  /** Approve Callback → "Output from a JSON file…" → the file typed into VS Code's file dialog. */
  async function approveWithFile(file: string) {
    await wb.runCommand(contributions.commandTitle('flowStudio.approveCallback')!);
    // With one callback waiting the command goes straight to the output; otherwise pick it.
    await eventually(
      'the approve quick pick',
      () => wb.quickInputText(),
      (s) => s.length > 0,
      15_000,
    );
    if (/ManagerApproval/.test(await wb.quickInputText()) && !/Empty output/.test(await wb.quickInputText())) await wb.pick('ManagerApproval');
    await wb.pick(/Output from a JSON file/);
    // code-server's open dialog is VS Code's simple file dialog: a path in the quick input.
    const input = wb.quickInput.locator('input.input');
    await eventually(
      'the file dialog',
      () => input.inputValue(),
      (v) => v.startsWith('/'),
      15_000,
    );
    // On a busy machine the dialog may still set its folder after the first fill: type again until it holds.
    await eventually(
      'the path typed into the file dialog',
      async () => {
        if ((await input.inputValue()) !== file) await input.fill(file);
        await wb.page.waitForTimeout(300);
        return input.inputValue();
      },
      (v) => v === file,
      15_000,
    );
    await input.press('Enter');
    await wb.quickInput.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }

  it('reject: Reject on a waiting callback sends the typed error and cause, and the execution fails with them', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'reject-callback', ['flowStudio.runFlow', 'flowStudio.executions', 'flowStudio.rejectCallback'], async () => {
      await wb.openFile('flows/expense-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.runFlow')!);
      await wb.pick(/Sample input/);
      const tree = await showExecutionsView();
      const group = tree.locator('.monaco-list-row', { hasText: /Waiting for callback/i }).first();
      await group.waitFor({ timeout: 60_000 });
      await expand(group);
      const callback = treeRow(tree, 'ManagerApproval');
      await callback.waitFor({ timeout: 30_000 });
      // The row's inline action, as a user clicks it: ✕ appears when the pointer is over the row.
      await callback.hover();
      const title = contributions.plainCommandTitle('flowStudio.rejectCallback')!;
      await callback.locator(`.actions .action-label[aria-label="${title}"]`).click();
      // ReportTaskFailed asks for the error name (prefilled "Rejected", which the flow catches),
      // then the cause. An error the flow does not catch fails the execution with it.
      await eventually(
        'the error name input',
        () => wb.quickInputText(),
        (s) => /Error name/.test(s),
        15_000,
      );
      await wb.quickInput.locator('input.input').fill('BudgetExceeded');
      await wb.quickInput.locator('input.input').press('Enter');
      await eventually(
        'the cause input',
        () => wb.quickInputText(),
        (s) => /Cause/.test(s),
        15_000,
      );
      await wb.quickInput.locator('input.input').fill('over the quarterly budget');
      await wb.quickInput.locator('input.input').press('Enter');
      const row = tree.locator('.monaco-list-row', { hasText: 'expense-approval' }).first();
      const label = await eventually(
        'the expense-approval execution to fail with BudgetExceeded',
        () => row.getAttribute('aria-label').then((a) => a ?? ''),
        (a) => /Failed/.test(a) && /BudgetExceeded/.test(a),
        60_000,
      );
      assert.doesNotMatch(label, /ExpenseRejected/, "an uncaught error, not the flow's Rejected branch");
      await expand(row);
      await eventually(
        'ManagerApproval failed with BudgetExceeded',
        () =>
          treeRow(tree, 'ManagerApproval')
            .getAttribute('aria-label')
            .then((a) => a ?? ''),
        (a) => /failed/i.test(a) && /BudgetExceeded/.test(a),
        15_000,
      );
      // The tooltip has the cause typed in the input box.
      await wb.runCommand('Notifications: Clear All Notifications').catch(() => {});
      await row.hover();
      const tip = await eventually(
        'the execution tooltip with the cause',
        () => wb.page.locator('.monaco-hover:not(.hidden)').first().innerText(),
        (s) => /over the quarterly budget/.test(s),
        15_000,
      );
      assert.match(tip, /BudgetExceeded/);
      await wb.screenshot('reject-callback');
      await wb.page.mouse.move(0, 0);
    });
  });

  it('status bar: a waiting run is counted in the status bar, whose click opens the waiting callbacks; no progress notification stays', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'status-bar', ['flowStudio.runFlow', 'flowStudio.executions', 'flowStudio.showWaitingCallbacks', 'flowStudio.approveCallback'], async () => {
      await wb.openFile('flows/expense-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.runFlow')!);
      // The sample input is the first row and selected: Enter takes it.
      await eventually(
        'the input picker',
        () => wb.quickInputText(),
        (s) => /Sample input/.test(s),
        15_000,
      );
      // Earlier stages may have left runs waiting: this one adds one to the count.
      const waitingNow = async () => Number(/(\d+) waiting/.exec(await wb.page.locator('.statusbar').innerText())?.[1] ?? 0);
      const before = await waitingNow();
      await wb.page.keyboard.press('Enter');
      await eventually('the status bar to count one more waiting execution', waitingNow, (n) => n === before + 1, 60_000);
      const item = wb.page.locator('.statusbar-item', { hasText: /\d+ waiting/ }).first();
      // A run waiting for a person leaves no "Running expense-approval" progress on screen.
      await wb.page.waitForTimeout(1500);
      assert.doesNotMatch(await wb.notificationsText(), /Running expense-approval/);
      // Elsewhere: the Explorer, so the click has something to open.
      await wb.runCommand('View: Show Explorer');
      await item.click();
      const name = contributions.viewName('flowStudio.executions')!;
      const tree = wb.viewPane(name).locator('.monaco-list').first();
      const group = tree.locator('.monaco-list-row', { hasText: /Waiting for callback/i }).first();
      await eventually(
        'the "Waiting for callback" row selected',
        () => group.getAttribute('aria-selected').then((a) => a ?? ''),
        (a) => a === 'true',
        15_000,
      );
      await wb.screenshot('status-bar');
      // The running execution's elapsed time counts live (every second, not every 15 s).
      const row = tree.locator('.monaco-list-row[aria-level="1"]', { hasText: 'expense-approval' }).first();
      const shown = (await row.getAttribute('aria-label')) ?? '';
      await eventually(
        'the elapsed time of the waiting execution to move',
        () => row.getAttribute('aria-label').then((a) => a ?? ''),
        (a) => a !== shown && /Running/.test(a),
        5_000,
      );
      // Stopped (from the palette: the newest expense-approval is offered first), the count goes back.
      await wb.runCommand(contributions.commandTitle('flowStudio.stopExecution')!);
      await wb.pick(/expense-approval/);
      await eventually('the status bar to count it no more', waitingNow, (n) => n === before, 30_000);
    });
  });

  it('walkthrough: the getting-started pages show in the display language only', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'walkthrough', [], async () => {
      const walkthroughTitle = contributions.nlsText('walkthrough.title');
      await wb.runCommand('Welcome: Open Walkthrough...');
      await wb.pick(walkthroughTitle);
      const firstStep = contributions.nlsText('walkthrough.open-flow.title');
      await wb.page.locator('.getting-started-step', { hasText: firstStep }).first().waitFor({ timeout: 30_000 });
      // The step's markdown media renders in a webview: English page only (the Chinese one is
      // open-flow.nls.zh-cn.md, for a zh-cn display language).
      const body = wb.webview().locator('body');
      const text = await eventually(
        'the open-flow page in the walkthrough',
        () => body.innerText(),
        (s) => /Open an example flow/.test(s),
        30_000,
      );
      assert.doesNotMatch(text, /[\u4e00-\u9fff]/, `Chinese text in the English walkthrough page: ${text}`);
      await wb.page.waitForTimeout(300);
      await wb.screenshot('walkthrough');
      // Its Open button opens the flow itself, not Quick Open with the name typed in.
      await wb.page.locator('.getting-started-step a, .getting-started-step .button-link', { hasText: 'Open order-approval.flow.yaml' }).first().click();
      await wb.page.locator('.tabs-container .tab.active', { hasText: 'order-approval.flow.yaml' }).waitFor({ timeout: 15_000 });
      assert.equal(await wb.quickInput.isVisible(), false, 'no Quick Open left waiting');
      await wb.runCommand('View: Close Editor'); // the flow (unchanged); the walkthrough comes back to the front
      await wb.page.locator('.getting-started-step', { hasText: firstStep }).first().waitFor({ timeout: 15_000 });
      await wb.runCommand('View: Close Editor'); // the walkthrough's webview, so later stages find the graph's
    });
  });

  it('sdk callback: a local function approves through @alicloud/fnf-2019-03-15 and the run succeeds', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'sdk-callback', ['flowStudio.runFlow', 'flowStudio.executions'], async () => {
      await wb.openFile('flows/order-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.runFlow')!);
      await wb.pick(/Sample input/);
      const tree = await showExecutionsView();
      const row = tree.locator('.monaco-list-row', { hasText: 'order-approval' }).first();
      await eventually(
        'the order-approval execution to Succeed',
        () => row.getAttribute('aria-label').then((a) => a ?? ''),
        (a) => /Succeeded/.test(a),
        60_000,
      );
      await expand(row);
      // AutoApprove runs inside the Approval choice's default branch.
      const approval = treeRow(tree, 'Approval');
      await approval.waitFor({ timeout: 15_000 });
      await expand(approval);
      const labels = await eventually(
        'AutoApprove among the succeeded steps',
        () => tree.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '')),
        (l) => l.some((x) => /AutoApprove/.test(x) && /succeeded/i.test(x)),
        30_000,
      );
      assert.ok(
        labels.some((x) => /Fulfil/.test(x)),
        `no Fulfil step among: ${labels.join(' | ')}`,
      );
    });
  });

  it("graph: the flow graph webview renders the flow's steps as nodes", { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'flow-graph', ['flowStudio.showFlowGraph'], async () => {
      await wb.openFile('flows/order-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.showFlowGraph')!);
      const nodes = wb.webview().locator('svg g.node');
      await eventually(
        'graph nodes in the webview',
        () => nodes.count(),
        (n) => n >= 6,
        60_000,
      );
      const text = (await nodes.allTextContents()).join(' ');
      for (const step of ['CheckInventory', 'ManagerApproval', 'AutoApprove', 'ChargePayment', 'PaymentFailed'])
        assert.match(text, new RegExp(step), `no ${step} node; nodes say: ${text}`);
      await assertLabelsFit();
      if (!contributions.missing(['flowStudio.runFlow']).length) {
        // The sdk-callback stage ran this flow: the graph overlays that run's step statuses.
        await eventually(
          'succeeded steps marked on the graph',
          () => wb.webview().locator('svg g.node.status-succeeded').count(),
          (n) => n >= 5,
          30_000,
        );
      }
      // The stage's screenshot (the README's) shows the diagram's whole width. (Dispatched: a tab's
      // tooltip may lie over the button where the pointer rests.)
      await wb.webview().locator('#zoom-fit').dispatchEvent('click');
      const box = await wb.editor.boundingBox();
      if (box) await wb.page.mouse.move(box.x + 15, box.y + box.height / 2);
      await wb.page.waitForTimeout(500);
    });
  });

  it('graph export: Export Graph as SVG / PNG save the graph in front through the save dialog', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'flow-graph-export', ['flowStudio.showFlowGraph', 'flowStudio.exportGraphSvg', 'flowStudio.exportGraphPng'], async () => {
      await wb.openFile('flows/order-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.showFlowGraph')!);
      await wb.webview().locator('svg g.node').first().waitFor({ timeout: 60_000 });
      for (const [command, file] of [
        ['flowStudio.exportGraphSvg', 'order-approval-graph.svg'],
        ['flowStudio.exportGraphPng', 'order-approval-graph.png'],
      ]) {
        await wb.runCommand(contributions.commandTitle(command)!);
        // code-server's save dialog is VS Code's simple file dialog: a path in the quick input.
        const input = wb.quickInput.locator('input.input');
        await eventually(
          'the save dialog',
          () => input.inputValue(),
          (v) => v.endsWith(file.includes('svg') ? 'order-approval.svg' : 'order-approval.png'),
          15_000,
        );
        await input.fill(join(workspace, file));
        await wb.page.waitForTimeout(300);
        await input.press('Enter');
        await eventually(
          `${file} written`,
          async () => (existsSync(join(workspace, file)) ? readFileSync(join(workspace, file)).length : 0),
          (n) => n > 1000,
          30_000,
        );
      }
      const svg = readFileSync(join(workspace, 'order-approval-graph.svg'), 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      for (const step of ['CheckInventory', 'ManagerApproval', 'PrepareShipment']) assert.ok(svg.includes(`>${step}</tspan>`), `${step} in the SVG`);
      const png = readFileSync(join(workspace, 'order-approval-graph.png'));
      assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')], 'a PNG file');
      // Drawn at twice the diagram's size (IHDR width and height).
      const width = png.readUInt32BE(16);
      const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
      assert.equal(width, svgWidth * 2);
      await eventually(
        'the saved message',
        () => wb.notificationsText(),
        (n) => /Saved the graph of order-approval to order-approval-graph\.png/.test(n),
        10_000,
      );
    });
  });

  it('graph: a StateMachine flow is drawn with its Parallel and Map scopes; cursor and clicks go both ways', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'statemachine-graph', ['flowStudio.showFlowGraph'], async () => {
      writeFileSync(join(workspace, 'flows', 'orders-statemachine.flow.yaml'), readFileSync(join(repo, 'test', 'client', 'graph', 'fixtures', 'orders.statemachine.yaml')));
      await wb.openFile('flows/orders-statemachine.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.showFlowGraph')!);
      const view = wb.webview();
      const node = (name: string) => view.locator(`svg g.node[data-step="${name}"]`);
      await node('EachOrder').waitFor({ timeout: 60_000 });
      for (const name of ['CheckOrders', 'Route', 'Fulfil', 'WaitForTheRegionalWarehouseManagerApproval', 'Pause', 'EachOrder', 'Ship', 'Done', 'Rejected'])
        assert.equal(await node(name).count(), 1, `a node for ${name}`);
      assert.equal(await view.locator('svg g.node.container.kind-parallel').count(), 1);
      assert.equal(await view.locator('svg g.node.kind-branch').count(), 2);
      assert.equal(await view.locator('svg g.node.container.kind-map').count(), 1);
      const labels = (await view.locator('svg g.edge .edge-label').allTextContents()).join(' ');
      for (const label of ['$Input.status == "retry"', 'default']) assert.ok(labels.includes(label), `edge label ${label} among: ${labels}`);
      assert.match(labels.replace(/\s/g, ''), /catchRejectedByTheFinanceDepartmentAfterReview,FC\.Unknown/);
      await assertLabelsFit();
      // The cursor in Pause's text highlights its node.
      await wb.goTo(lineOf('flows/orders-statemachine.flow.yaml', 'Seconds: 5').line, 13);
      await eventually(
        'Pause highlighted',
        () => node('Pause').getAttribute('class'),
        (c) => /\bselected\b/.test(c ?? ''),
        15_000,
      );
      await wb.screenshot('statemachine-graph');
      // Clicking Rejected's node puts the editor's cursor on its name.
      await node('Rejected').locator('rect').click();
      const at = lineOf('flows/orders-statemachine.flow.yaml', 'Name: Rejected');
      await eventually(
        'the cursor on Rejected',
        () => wb.page.locator('[id="status.editor.selection"]').innerText(),
        (s) => s.includes(`Ln ${at.line},`),
        15_000,
      );
    });
  });

  it('statemachine-journey: a StateMachine flow opened, completed, run, approved from the sidebar and Succeeded', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'statemachine-journey', ['flowStudio.runFlow', 'flowStudio.executions', 'flowStudio.approveCallback'], async () => {
      const file = 'statemachine/flows/leave-approval.flow.yaml';
      // Without its mocks AskManager waits for the manager (the mocks file says so): this copy's
      // mocks go, so the run waits for an answer from the sidebar as a real approval does.
      rmSync(join(workspace, 'statemachine', 'flows', 'leave-approval.mocks.yaml'), { force: true });
      await wb.runCommand('View: Hide Panel').catch(() => wb.closeQuickInput());
      await wb.openFile(file);
      // The editor's Run Flow title action (▶) shows once the file is a flow (no CodeLens: it sits above a classic `steps:`).
      const runTitle = contributions.plainCommandTitle('flowStudio.runFlow')!;
      const run = wb.page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${runTitle}"]`).first();
      await run.waitFor({ timeout: 30_000 });
      // Completion on `Next:`'s value offers the states of the scope.
      const next = lineOf(file, 'Next: Approved');
      await wb.goTo(next.line, next.column + 'Next: '.length);
      // Trigger Suggest (Ctrl+Space), again if nothing shows: in the full suite the first request once
      // showed nothing, as a user then presses it again.
      const labels = await eventually(
        'the suggest widget to list the state names',
        async () => {
          if (!(await wb.suggestWidget.isVisible())) {
            await wb.page.keyboard.press('Control+Space');
            await wb.page.waitForTimeout(1_000);
          }
          return wb.suggestionLabels();
        },
        (l) => ['Approved', 'Rejected'].every((s) => l.includes(s)),
        30_000,
      );
      assert.ok(!labels.some((l) => /^(Type|Name|Next|End)$/.test(l)), `keys offered as a Next value: ${labels.join(', ')}`);
      await wb.page.waitForTimeout(300);
      await wb.screenshot('statemachine-journey-completion');
      await wb.page.keyboard.press('Escape');
      // No error in the example: past the diagnostics' delay, no squiggle and no Problems row for it.
      await wb.page.waitForTimeout(2_000);
      assert.equal(await wb.editor.locator('.squiggly-error').count(), 0, 'an error squiggle in leave-approval.flow.yaml');
      await wb.page.keyboard.press('Control+Shift+M');
      await wb.problemsPanel.waitFor({ timeout: 10_000 });
      await wb.page.waitForTimeout(500);
      const problems = await wb.problemsPanel.innerText();
      assert.doesNotMatch(problems, /leave-approval\.flow\.yaml/, `the Problems panel lists: ${problems}`);
      await wb.runCommand('View: Hide Panel').catch(() => wb.closeQuickInput());
      // Run Flow from the editor's title with the sample input: AskManager waits for its callback.
      await run.click();
      await wb.pick(/Sample input/);
      const tree = await showExecutionsView();
      const group = tree.locator('.monaco-list-row', { hasText: /Waiting for callback/i }).first();
      await group.waitFor({ timeout: 60_000 });
      await expand(group);
      const callback = treeRow(tree, 'AskManager');
      await callback.waitFor({ timeout: 30_000 });
      const row = tree.locator('.monaco-list-row[aria-level="1"]', { hasText: 'leave-approval' }).first();
      assert.match((await row.getAttribute('aria-label')) ?? '', /Running/);
      await wb.screenshot('statemachine-journey-waiting');
      // The row's inline Approve (✓), as a user clicks it, with the manager's answer typed in.
      await callback.hover();
      const title = contributions.plainCommandTitle('flowStudio.approveCallback')!;
      await callback.locator(`.actions .action-label[aria-label="${title}"]`).click();
      await wb.pick(/Enter JSON output/);
      const input = wb.quickInput.locator('input.input');
      await eventually(
        'the JSON output input box',
        () => wb.quickInputText(),
        (s) => /JSON object/.test(s),
        15_000,
      );
      await input.fill('{"approved": true, "comment": "enjoy"}');
      await input.press('Enter');
      await eventually(
        'the leave-approval execution to Succeed',
        () => row.getAttribute('aria-label').then((a) => a ?? ''),
        (a) => /Succeeded/.test(a),
        60_000,
      );
      await expand(row);
      const steps = await eventually(
        'AskManager and Approved succeeded',
        () => tree.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '')),
        (l) => ['AskManager', 'Approved'].every((s) => l.some((x) => x.includes(s) && /succeeded/i.test(x))),
        30_000,
      );
      assert.ok(!steps.some((x) => /Rejected/.test(x)), `a Rejected step among: ${steps.join(' | ')}`);
    });
  });

  it(
    'convert-command: Convert to CloudFlow StateMachine opens the converted flow beside the classic one, with what it could not carry over as problems',
    { timeout: STAGE_TIMEOUT },
    async (t) => {
      await stage(t, 'convert-command', ['flowStudio.convertToStateMachine'], async () => {
        const converted = join(workspace, 'flows', 'expense-approval-statemachine.flow.yaml');
        assert.ok(!existsSync(converted), 'the converted file exists before the command');
        await wb.runCommand('View: Hide Panel').catch(() => wb.closeQuickInput());
        await wb.openFile('flows/expense-approval.flow.yaml');
        const groupsBefore = await wb.page.locator('.editor-group-container').count();
        await wb.runCommand(contributions.commandTitle('flowStudio.convertToStateMachine')!);
        // The converted flow opens in a second editor group, in front; the classic flow stays in the first.
        await wb.page.locator('.tabs-container .tab.active', { hasText: 'expense-approval-statemachine.flow.yaml' }).waitFor({ timeout: 30_000 });
        const groups = wb.page.locator('.editor-group-container');
        // (Earlier stages' graphs may already fill the group beside: the converted flow then joins it.)
        assert.equal(await groups.count(), Math.max(2, groupsBefore), 'editor groups side by side');
        assert.equal(
          await groups
            .nth(0)
            .locator('.tab', { hasText: /^\s*expense-approval\.flow\.yaml/ })
            .count(),
          1,
          'the classic flow in the first group',
        );
        assert.equal(await groups.nth(1).locator('.tab.active', { hasText: 'expense-approval-statemachine.flow.yaml' }).count(), 1, 'the converted flow beside it');
        const text = await eventually(
          'the converted flow in the editor',
          () => wb.editorText(),
          (s) => /Type: StateMachine/.test(s),
          15_000,
        );
        assert.match(text, /Name: expense-approval-statemachine/);
        assert.match(text, /TaskMode: WaitForCustomCallback/);
        assert.match(readFileSync(converted, 'utf8'), /^Type: StateMachine$/m);
        // What could not be carried over as it was: one warning, told in a notification and listed on the original.
        await eventually(
          'the conversion notification',
          () => wb.notificationsText(),
          (s) => /Converted into flows\/expense-approval-statemachine\.flow\.yaml\. One thing could not be carried over/.test(s),
          15_000,
        );
        await wb.page.keyboard.press('Control+Shift+M');
        const problems = await eventually(
          "the conversion's warning in the Problems panel",
          () => wb.problemsPanel.innerText(),
          (s) => /Without flow outputMappings/.test(s),
          15_000,
        );
        assert.match(problems, /expense-approval\.flow\.yaml/);
        assert.match(problems, /Ln 5, Col 7/, 'at the classic `type: flow` it is about');
        await wb.page.waitForTimeout(300);
        await wb.screenshot('convert-command');
        await wb.runCommand('View: Hide Panel').catch(() => wb.closeQuickInput());
        // Later stages open files in the first group: closing the converted flow (saved) closes a group it
        // opened, and leaves any unsaved editor of earlier stages alone.
        // (With the tab's ✕, as a user does: a palette command right after a tab click once found the palette closed.)
        const tab = groups.nth(1).locator('.tab', { hasText: 'expense-approval-statemachine.flow.yaml' });
        await tab.hover();
        await tab.locator('.tab-actions .action-label').click();
        await eventually(
          'the editor groups as they were',
          () => groups.count(),
          (n) => n === groupsBefore,
          10_000,
        );
        await groups
          .nth(0)
          .locator('.tab', { hasText: /^\s*expense-approval\.flow\.yaml/ })
          .click();
        await wb.page.locator('.editor-group-container.active .tab.active', { hasText: /^\s*expense-approval\.flow\.yaml/ }).waitFor({ timeout: 10_000 });
      });
    },
  );

  /** An SVG element as the page measures it (the tests compile without the DOM's types). */
  interface Boxed {
    getBBox(): { x: number; y: number; width: number; height: number };
  }

  /** In the graph webview, every text of every node lies inside the node's box: nothing clipped, nothing cut with "…". */
  async function assertLabelsFit(): Promise<void> {
    const overflows = await wb
      .webview()
      .locator('svg')
      .evaluate((svg) => {
        const out: string[] = [];
        for (const g of svg.querySelectorAll('g.node')) {
          const box = (g.querySelector(':scope > rect') as unknown as Boxed).getBBox();
          for (const t of g.querySelectorAll(':scope > text.label, :scope > text.detail, :scope > text.frame-label')) {
            const b = (t as unknown as Boxed).getBBox();
            if (b.x < box.x || b.x + b.width > box.x + box.width + 0.5 || b.y < box.y || b.y + b.height > box.y + box.height + 0.5)
              out.push(`${t.textContent} (${Math.round(b.width)} px in ${Math.round(box.width)} px)`);
            if ((t.textContent ?? '').includes('…')) out.push(`${t.textContent} is cut`);
          }
        }
        return out;
      });
    assert.deepEqual(overflows, [], 'node texts outside their boxes');
  }

  // Last on purpose: it empties the tree of finished runs, which flow-graph's status overlay (from
  // sdk-callback's run) needs. It makes its own runs, so it passes alone (FLOW_STUDIO_E2E_ONLY=delete)
  // as well as after the other stages' executions.
  it('delete: Delete Finished Executions… asks in a modal dialog; Cancel keeps the rows, Delete removes the finished ones', { timeout: STAGE_TIMEOUT }, async (t) => {
    await stage(t, 'delete-finished-executions', ['flowStudio.runFlow', 'flowStudio.executions', 'flowStudio.deleteFinishedExecutions', 'flowStudio.stopExecution'], async () => {
      await wb.runCommand('View: Hide Panel').catch(() => wb.closeQuickInput());
      // Two finished runs of our own, and one left waiting for its approval, which must be kept.
      // Earlier stages may have left batch-thumbnails runs: each of ours must add one more.
      const view = wb
        .viewPane(await openExecutionsView())
        .locator('.monaco-list')
        .first();
      const thumbnails = (l: string[]) => l.filter((x) => /^batch-thumbnails\b/.test(x));
      let succeeded = thumbnails(await executionLabels(view)).filter((x) => /Succeeded/.test(x)).length;
      for (let run = 1; run <= 2; run++) {
        await wb.openFile('flows/batch-thumbnails.flow.yaml');
        await wb.runCommand(contributions.commandTitle('flowStudio.runFlow')!);
        await wb.pick(/Sample input/);
        const tree = await showExecutionsView();
        const labels = await eventually(
          `our batch-thumbnails run ${run} to Succeed`,
          () => executionLabels(tree).then(thumbnails),
          (l) => l.filter((x) => /Succeeded/.test(x)).length > succeeded && l.every(isFinished),
          60_000,
        );
        succeeded = labels.filter((x) => /Succeeded/.test(x)).length;
      }
      await wb.openFile('flows/expense-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.runFlow')!);
      await wb.pick(/Sample input/);
      const tree = await showExecutionsView();
      await tree
        .locator('.monaco-list-row', { hasText: /Waiting for callback/i })
        .first()
        .waitFor({ timeout: 60_000 });
      const before = await collapsedExecutionLabels(tree);
      const finished = before.filter(isFinished);
      const running = before.filter((l) => !isFinished(l));
      assert.ok(finished.length >= 2, `finished executions in the tree: ${before.join(' | ')}`);
      assert.ok(
        running.some((l) => /^expense-approval\b/.test(l)),
        `no running expense-approval among: ${before.join(' | ')}`,
      );
      const n = finished.length;
      console.log(`[e2e] delete-finished-executions: ${n} finished, tree: ${before.join(' | ')}`);
      await wb.runCommand('Notifications: Clear All Notifications').catch(() => {});

      // From the view's title (the ⋯ menu, the item is not a navigation button): the modal asks with the count.
      const title = contributions.plainCommandTitle('flowStudio.deleteFinishedExecutions')!;
      await wb.sideBarMoreAction(title);
      await wb.dialog.waitFor({ timeout: 15_000 });
      const question = (await wb.dialog.innerText()).replace(/\s+/g, ' ');
      assert.match(question, new RegExp(`Delete ${n} finished local executions and their histories\\?`), `the dialog says: ${question}`);
      assert.match(question, /Running executions are kept\. This cannot be undone\./);
      await wb.screenshot('delete-finished-executions-dialog');
      await wb.clickDialogButton('Cancel');
      // Cancel deletes nothing: give a wrongly-taken answer time to show, then the same rows.
      await wb.page.waitForTimeout(1_000);
      // (A running row's duration ticks meanwhile: compare without it.)
      assert.deepEqual((await collapsedExecutionLabels(tree)).map(withoutDuration), before.map(withoutDuration), 'Cancel changed the tree');
      assert.doesNotMatch(await wb.notificationsText(), /Deleted/);

      // Again from the command palette, and Delete.
      await wb.runCommand(contributions.commandTitle('flowStudio.deleteFinishedExecutions')!);
      await wb.dialog.waitFor({ timeout: 15_000 });
      assert.match((await wb.dialog.innerText()).replace(/\s+/g, ' '), new RegExp(`Delete ${n} finished local executions`));
      await wb.clickDialogButton('Delete');
      await eventually(
        `the notification that ${n} were deleted`,
        () => wb.notificationsText(),
        (s) => s.includes(`Deleted ${n} finished executions.`),
        15_000,
      );
      const after = await eventually(
        'only the running execution left in the tree',
        () => collapsedExecutionLabels(tree),
        (l) => l.length > 0 && !l.some(isFinished),
        15_000,
      );
      assert.deepEqual(after.map(flowOf), running.map(flowOf));
      // (The refresh after deleting redraws the tree before the running execution's history is read
      // again, so the group can be missing for a moment.)
      await tree
        .locator('.monaco-list-row', { hasText: /Waiting for callback/i })
        .first()
        .waitFor({ timeout: 10_000 });
      await wb.screenshot('delete-finished-executions');

      // Leave no execution waiting behind. From the palette, not the row's inline ⏹: the view redraws
      // running rows as their times tick, and a click landing on that redraw reaches the command without its
      // row (seen once: it then asks "Choose an execution", which the palette path always does).
      await wb.runCommand(contributions.commandTitle('flowStudio.stopExecution')!);
      await wb.pick(/expense-approval/);
      await eventually(
        'the waiting execution to stop',
        () => executionLabels(tree),
        (l) => l.some((x) => /^expense-approval\b/.test(x) && /Stopped/.test(x)),
        15_000,
      );
    });
  });
});

/** Opens the Executions view (from its view container). */
async function openExecutionsView() {
  const name = contributions.viewName('flowStudio.executions')!;
  await wb.runCommand(`View: Show ${contributions.viewContainerTitle('flowStudio') ?? name}`).catch(async () => {
    await wb.runCommand(`${name}: Focus on ${name} View`);
  });
  return name;
}

/** Opens the Executions view and returns the tree inside it (there once an execution is listed). */
async function showExecutionsView() {
  const name = await openExecutionsView();
  const tree = wb.viewPane(name).locator('.monaco-list');
  await tree.first().waitFor({ timeout: 15_000 });
  return tree.first();
}

/** The tree row whose label (not its description) is exactly `label`. */
function treeRow(tree: import('playwright-core').Locator, label: string) {
  return tree
    .locator('.monaco-list-row')
    .filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) })
    .first();
}

async function expand(row: import('playwright-core').Locator) {
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
}

/** The aria-labels ("<flow> <status> · <started> · <duration>") of the tree's execution rows (top level). */
async function executionLabels(tree: import('playwright-core').Locator): Promise<string[]> {
  const labels = await tree.locator('.monaco-list-row[aria-level="1"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.filter((l) => !/^Waiting for callback/i.test(l));
}

/** The execution rows' labels with every execution collapsed, so all of them fit on screen (the list is virtual). */
async function collapsedExecutionLabels(tree: import('playwright-core').Locator): Promise<string[]> {
  for (;;) {
    const open = tree
      .locator('.monaco-list-row[aria-level="1"][aria-expanded="true"]')
      .filter({ hasNotText: /Waiting for callback/i })
      .first();
    if (!(await open.count())) break;
    await open.locator('.monaco-tl-twistie').click();
  }
  return executionLabels(tree);
}

function isFinished(executionLabel: string): boolean {
  return !/\b(Running|Starting)\b/.test(executionLabel);
}

function withoutDuration(executionLabel: string): string {
  return executionLabel.replace(/ · [^·]*$/, '');
}

function flowOf(executionLabel: string): string {
  return executionLabel.split(/\s/)[0];
}
