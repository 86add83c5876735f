/**
 * The extension with VS Code's display language set to Simplified Chinese (code-server
 * `--locale zh-cn`, see code-server.ts `displayLanguage`): command titles from
 * package.nls.zh-cn.json, runtime strings from l10n/bundle.l10n.zh-cn.json, the language server's
 * diagnostics, and the walkthrough pages (`<page>.nls.zh-cn.md`) all in Chinese. VS Code's own UI
 * stays English (no translation of it is available here), so workbench commands are typed in
 * English. Screenshots: test-results/e2e/zh-cn-<stage>.png.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, type OpenBrowser } from './browser';
import { startCodeServer, type CodeServer } from './code-server';
import { Contributions } from './contributions';
import { eventually, Workbench } from './workbench';

const repo = resolve(import.meta.dirname, '..', '..');
const results = join(repo, 'test-results', 'e2e');
const workspace = join(results, 'workspace-zh-cn');
const scratch = join(results, 'scratch-zh-cn');
const entry = join(repo, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const vsix = join(repo, '.cache', 'flow-studio.vsix');
const STAGE_TIMEOUT = 120_000;
const HAN = /[\u4e00-\u9fff]/;

const contributions = new Contributions(repo, 'zh-cn');
const bundle = JSON.parse(readFileSync(join(repo, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
/** A runtime string as the extension shows it in Chinese. */
const zh = (english: string) => bundle[english] ?? assert.fail(`l10n/bundle.l10n.zh-cn.json has no "${english}"`);

let server: CodeServer | undefined;
let browser: OpenBrowser | undefined;
let wb: Workbench;

async function stage(name: string, body: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await body();
    if (!wb.taken.has(name)) await wb.screenshot(name);
    console.log(`[e2e] stage "${name}" passed in ${((Date.now() - started) / 1000).toFixed(1)} s → test-results/e2e/${name}.png`);
  } catch (e) {
    const shot = await wb.screenshot(`${name}-failed`).catch(() => '(no screenshot)');
    throw new Error(`stage "${name}" failed: ${(e as Error).message}\n  screenshot: ${shot}\n  code-server log: ${server?.logFile}`, { cause: e });
  }
}

describe('Flow Studio in VS Code with the zh-cn display language', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    for (const [what, p] of [
      ['code-server', entry],
      ['the .vsix', vsix],
    ]) {
      if (!existsSync(p)) throw new Error(`${what} is missing at ${p}: run \`node scripts/e2e-setup.mjs\` first (or use \`node test/e2e/run.mjs\`)`);
    }
    rmSync(workspace, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    cpSync(join(repo, 'examples'), workspace, { recursive: true, filter: (src) => !src.includes(join('examples', '.fdl')) });
    server = await startCodeServer({ entry, vsix, scratch, workspace, displayLanguage: 'zh-cn' });
    browser = await openBrowser();
    wb = new Workbench(browser.page, results);
    await wb.open(server.url, workspace);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('diagnostics: the language server words its problems in Chinese', { timeout: STAGE_TIMEOUT }, async () => {
    await stage('zh-cn-diagnostics', async () => {
      await wb.openFile('broken/diagnostics-demo.flow.yaml');
      await wb.page.keyboard.press('Control+Shift+M');
      const text = await eventually(
        'a Chinese diagnostic in the Problems panel',
        () => wb.problemsPanel.innerText(),
        (s) => /没有名为/.test(s) && /NoSuchStep/.test(s),
        60_000,
      );
      assert.doesNotMatch(text, /No step named/);
    });
  });

  it('run: Run Flow by its Chinese title fills the 执行 view with Chinese statuses', { timeout: STAGE_TIMEOUT }, async () => {
    await stage('zh-cn-run-flow', async () => {
      await wb.runCommand('View: Hide Panel').catch(() => wb.closeQuickInput());
      await wb.openFile('flows/batch-thumbnails.flow.yaml');
      const title = contributions.commandTitle('flowStudio.runFlow')!;
      assert.match(title, HAN, 'the command title is Chinese');
      await wb.runCommand(title);
      await wb.pick(zh('Sample input'));
      const view = contributions.viewName('flowStudio.executions')!;
      assert.match(view, HAN);
      await wb.runCommand(`View: Show ${contributions.viewContainerTitle('flowStudio')}`);
      const tree = wb.viewPane(view).locator('.monaco-list').first();
      const row = tree.locator('.monaco-list-row', { hasText: 'batch-thumbnails' }).first();
      await eventually(
        `a batch-thumbnails execution marked ${zh('Succeeded')}`,
        () => row.getAttribute('aria-label').then((a) => a ?? ''),
        (a) => a.includes(zh('Succeeded')),
        60_000,
      );
      await wb.runCommand('Notifications: Clear All Notifications').catch(() => {});
    });
  });

  it('status bar: a waiting run is counted in Chinese', { timeout: STAGE_TIMEOUT }, async () => {
    await stage('zh-cn-status-bar', async () => {
      await wb.openFile('flows/expense-approval.flow.yaml');
      await wb.runCommand(contributions.commandTitle('flowStudio.runFlow')!);
      await wb.pick(zh('Sample input'));
      const waiting = zh('{0} waiting').replace('{0}', '1');
      assert.match(waiting, HAN);
      await wb.page.locator('.statusbar-item', { hasText: waiting }).first().waitFor({ timeout: 60_000 });
      await wb.screenshot('zh-cn-status-bar');
    });
  });

  it('walkthrough: the getting-started pages are the Chinese ones', { timeout: STAGE_TIMEOUT }, async () => {
    await stage('zh-cn-walkthrough', async () => {
      await wb.runCommand('Welcome: Open Walkthrough...');
      await wb.pick(contributions.nlsText('walkthrough.title'));
      await wb.page
        .locator('.getting-started-step', { hasText: contributions.nlsText('walkthrough.open-flow.title') })
        .first()
        .waitFor({ timeout: 30_000 });
      const body = wb.webview().locator('body');
      const text = await eventually(
        'the Chinese open-flow page',
        () => body.innerText(),
        (s) => s.includes('打开示例流程'),
        30_000,
      );
      assert.doesNotMatch(text, /Open an example flow|in the examples workspace/, `English text in the Chinese page: ${text}`);
      await wb.page.waitForTimeout(300);
      await wb.screenshot('zh-cn-walkthrough');
    });
  });
});
