/** Rules run on every keystroke: the whole rule set stays roughly linear on a 5,000-step flow. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFlow } from '../../../fdl/parse';
import { runChecks } from '../../../fdl/analysis-checks';
import type { FdlDiagnostic } from '../../../fdl/diagnostic';

function bigFlow(n: number): string {
  const lines = ['version: v1', 'type: flow', 'steps:'];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 4) {
      lines.push(
        `  - type: choice`,
        `    name: s${i}`,
        `    choices:`,
        `      - condition: $.count${i} > 3 && ($.flag || $.name == "x")`,
        `        goto: s${Math.max(0, i - 3)}`,
        `      - condition: $.missing`,
        `        goto: nowhere${i}`,
      );
    } else {
      lines.push(
        `  - type: task`,
        `    name: s${i}`,
        `    resourceArn: acs:fc:::services/demo/functions/f${i}`,
        `    pattern: waitForCallback`,
        `    inputMappings:`,
        `      - target: taskToken`,
        `        source: $context.task.token`,
        `      - target: item`,
        `        source: $input.items[${i}].name`,
        `    retry:`,
        `      - errors: [FnF.ALL, FC.ResourceThrottled, MyError]`,
        `    catch:`,
        `      - errors: [FnF.ALL]`,
        `        goto: s${n - 1}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

function rulesTime(n: number): { ms: number; findings: FdlDiagnostic[] } {
  const parsed = parseFlow(bigFlow(n));
  const findings: FdlDiagnostic[] = [];
  const started = performance.now();
  // Every check of the flow (the schema's too), as an analysis runs them.
  for (const r of runChecks(parsed, 'classic', { locale: 'en', deployTags: 'file-hint' }, 'all')) findings.push(r.d);
  return { ms: performance.now() - started, findings };
}

test('every rule together on 5,000 steps takes well under a keystroke budget and scales linearly', () => {
  rulesTime(200); // warm up the JIT
  const small = rulesTime(1000);
  const large = rulesTime(5000);
  assert.equal(large.findings.filter((f) => f.code === 'unknown-goto-target').length, 1000);
  console.log(`rules: 1,000 steps ${small.ms.toFixed(0)} ms, 5,000 steps ${large.ms.toFixed(0)} ms`);
  assert.ok(large.ms < 3000, `5,000 steps took ${large.ms.toFixed(0)} ms`);
  // Five times the steps may cost at most ~12 times the time (noise included), never quadratic (25×).
  assert.ok(large.ms < Math.max(small.ms, 5) * 12, `1,000 steps: ${small.ms.toFixed(0)} ms, 5,000 steps: ${large.ms.toFixed(0)} ms`);
});
