/**
 * flowStudio.engine.maxEventsPerExecution: contributed with both languages' descriptions, and the
 * embedded engine applies it (a bad value: the service's 5,000; 0: no limit); a change applies to
 * the executions started after it, as extension.ts forwards it on a configuration change.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../client/local/embedded-engine';

const ROOT = join(__dirname, '..', '..', '..');

/** A foreach over the input's items with a pass body: about six events per item. */
const EACH = readFileSync(join(ROOT, 'test', 'cli', 'fixtures', 'foreach-pass.flow.yaml'), 'utf8');

test('the setting is an integer ≥ 0, default 5000, described in English and Chinese', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Record<string, unknown>> }[] } };
  const setting = manifest.contributes.configuration.map((c) => c.properties['flowStudio.engine.maxEventsPerExecution']).find(Boolean);
  assert.deepEqual(setting, { type: 'integer', default: 5000, minimum: 0, markdownDescription: '%config.engine.maxEventsPerExecution%' });
  const en = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const zh = JSON.parse(readFileSync(join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  assert.match(en['config.engine.maxEventsPerExecution'], /`5000` is Serverless Workflow's default limit.*ticket.*`0` = no limit/);
  assert.match(zh['config.engine.maxEventsPerExecution'], /`5000` 是 Serverless 工作流每个执行的默认限制.*工单.*`0` 表示不限制/);
});

async function engineWith(t: { after(fn: () => unknown): void }, maxEventsPerExecution: unknown): Promise<EmbeddedEngine> {
  const root = mkdtempSync(join(tmpdir(), 'fdl-event-limit-'));
  const engine = await startEmbeddedEngine({
    storeDir: join(root, '.fdl', 'executions'),
    fallbackStoreDir: join(root, 'fallback'),
    workspaceRoot: root,
    timeScale: 0,
    // A bad value as a settings.json could hold it (readConfig would already have replaced it).
    maxEventsPerExecution: maxEventsPerExecution as number,
    locale: 'en',
    isTrusted: () => false,
    startApi: false,
    onLog: () => {},
    onProblem: () => {},
    noInvokerCause: () => 'no invoker',
  });
  t.after(async () => {
    await engine.dispose();
    rmSync(root, { recursive: true, force: true });
  });
  return engine;
}

async function runEach(engine: EmbeddedEngine, items: number) {
  const started = await engine.backend.startExecution({ flowName: 'each', definition: EACH, input: JSON.stringify({ items: Array.from({ length: items }, (_, i) => i) }) });
  return engine.backend.waitForExecution('each', started.name);
}

test('the embedded engine applies the setting; a change applies to the next executions', async (t) => {
  const engine = await engineWith(t, 50);
  const limited = await runEach(engine, 30);
  assert.deepEqual([limited.status, limited.error], ['Failed', 'FnF.RuntimeError']);
  assert.match(limited.cause ?? '', /reached 50 events/);
  engine.setMaxEventsPerExecution(0);
  assert.equal((await runEach(engine, 30)).status, 'Succeeded');
  engine.setMaxEventsPerExecution(20);
  assert.match((await runEach(engine, 30)).cause ?? '', /reached 20 events/);
  engine.setMaxEventsPerExecution(1000);
  assert.equal((await runEach(engine, 30)).status, 'Succeeded');
});

test('a setting that is not a whole number ≥ 0 means the service default of 5,000 events', async (t) => {
  for (const bad of [-1, 2.5, 'many', null]) {
    const engine = await engineWith(t, bad);
    // 1,000 items need about 6,000 events: past the default, well under nothing.
    const end = await runEach(engine, 1000);
    assert.deepEqual([end.status, end.error], ['Failed', 'FnF.RuntimeError'], String(bad));
    assert.match(end.cause ?? '', /reached 5000 events/);
  }
});
