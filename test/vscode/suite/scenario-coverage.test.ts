/// <reference types="mocha" />
/**
 * The Testing view's coverage profile (client/views/scenario-coverage.ts) on the examples copy:
 * "Run All Tests with Coverage" (VS Code's own `testing.coverageAll`) reports one FileCoverage per
 * example flow with the counts the Test Coverage view shows, and the details VS Code asks for when
 * the flow is opened put each state, branch, catch and retry rule at its place with its count; a
 * second scenario of the same flow, run with the flow's group, is folded in with the first.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReportedCoverage } from '../../../client/views/scenario-coverage';
import { eventually, flowStudio, workspaceFile } from './helpers';

const SM_FLOW = 'statemachine/flows/order-fulfilment.flow.yaml';
const CLASSIC_FLOW = 'flows/batch-thumbnails.flow.yaml';

const count = (c: vscode.TestCoverageCount | undefined) => (c ? `${c.covered}/${c.total}` : undefined);
const counts = (f: vscode.FileCoverage) => ({
  statements: count(f.statementCoverage),
  declarations: count(f.declarationCoverage),
  branches: count(f.branchCoverage),
});
/** 1-based line of a location, as the editor shows it. */
const lineOf = (l: vscode.Position | vscode.Range | undefined) => (l instanceof vscode.Range ? l.start.line : l!.line) + 1;

async function detailsOf(r: ReportedCoverage): Promise<vscode.FileCoverageDetail[]> {
  const api = await flowStudio();
  const profile = api.scenarioTests.coverageProfile;
  assert.ok(profile.loadDetailedCoverage, 'the coverage profile gives details');
  return profile.loadDetailedCoverage(r.run, r.file, new vscode.CancellationTokenSource().token);
}

suite('scenario coverage', () => {
  test('Run All Tests with Coverage reports each example flow’s coverage with the counts and places a user sees', async () => {
    const api = await flowStudio();
    const tests = api.scenarioTests;
    await tests.discover();
    const flows = [SM_FLOW, CLASSIC_FLOW].map((f) => workspaceFile(f).toString());
    for (const f of flows) tests.coverage.reported.delete(f);
    await vscode.commands.executeCommand('testing.coverageAll');
    const reported = await eventually(
      'the coverage of both example flows',
      () => flows.map((f) => tests.coverage.reported.get(f)),
      (r) => r.every((x) => x !== undefined),
      60_000,
    );
    const [smCoverage, classicCoverage] = reported as ReportedCoverage[];

    // order-fulfilment: the Declined state, the catch and the retry rule are never taken by the one scenario.
    assert.equal(smCoverage.file.uri.toString(), workspaceFile(SM_FLOW).toString());
    assert.deepEqual(counts(smCoverage.file), { statements: '4/5', declarations: '4/5', branches: '0/2' });
    assert.deepEqual(smCoverage.output, [
      `Coverage of ${SM_FLOW} (1 run(s)): 4/5 states, 0/0 branches, 0/1 catches, 0/1 retries`,
      `  never taken: ${SM_FLOW}:61:15 catch ReserveAndCharge: PaymentDeclined`,
      `  never taken: ${SM_FLOW}:46:23 retry ChargeCard: FC.ResourceThrottled`,
      `  never taken: ${SM_FLOW}:70:17 state Declined`,
    ]);
    // batch-thumbnails: every step, and nothing to branch on (no branch count at all).
    assert.deepEqual(counts(classicCoverage.file), { statements: '4/4', declarations: '4/4', branches: undefined });

    // Opening the flow, VS Code asks the profile for its details to draw the coverage gutter.
    const profile = tests.coverageProfile;
    const load = profile.loadDetailedCoverage!;
    const asked: string[] = [];
    profile.loadDetailedCoverage = (run, file, token) => {
      asked.push(file.uri.toString());
      return load(run, file, token);
    };
    try {
      await vscode.window.showTextDocument(workspaceFile(SM_FLOW));
      await eventually(
        'VS Code to ask for the flow’s detailed coverage',
        () => asked,
        (a) => a.includes(workspaceFile(SM_FLOW).toString()),
        10_000,
      );
    } finally {
      profile.loadDetailedCoverage = load;
    }

    const details = await detailsOf(smCoverage);
    const declarations = details.filter((d): d is vscode.DeclarationCoverage => d instanceof vscode.DeclarationCoverage);
    assert.deepEqual(
      declarations.map((d) => [d.name, d.executed, lineOf(d.location)]),
      [
        ['EachOrder', 1, 10],
        ['ReserveAndCharge', 2, 17],
        ['ReserveStock', 2, 22],
        ['ChargeCard', 2, 36],
        ['Declined', 0, 69],
      ],
    );
    const statements = details.filter((d): d is vscode.StatementCoverage => d instanceof vscode.StatementCoverage);
    assert.deepEqual(
      statements.map((s) => [lineOf(s.location), s.executed, s.branches.map((b) => [b.label, b.executed, lineOf(b.location)])]),
      [
        [11, 1, []],
        [18, 2, [['catch PaymentDeclined', 0, 61]]],
        [23, 2, []],
        [37, 2, [['retry FC.ResourceThrottled', 0, 46]]],
        [70, 0, []],
      ],
    );
    // The declaration of the Map holds the states of its processor (the Test Coverage view nests them by range).
    const range = (name: string) => declarations.find((d) => d.name === name)!.location as vscode.Range;
    assert.ok(range('EachOrder').contains(range('ChargeCard')) && range('ReserveAndCharge').contains(range('ChargeCard')));
    assert.ok(!range('ReserveAndCharge').contains(range('Declined')));
  });

  test('a second scenario of the flow, run with coverage on the flow’s group, takes the catch and the retry rule', async () => {
    const api = await flowStudio();
    const tests = api.scenarioTests;
    const scenario = workspaceFile('statemachine/flows/declined.scenario.yaml');
    const text = [
      'name: a declined card after a throttled try',
      'flow: order-fulfilment.flow.yaml',
      'input:',
      '  orders:',
      '    - {orderId: B-1, sku: tea-set, quantity: 1, amount: 999}',
      'mocks:',
      '  tasks:',
      '    ReserveStock:',
      '      - output: {reservation: R-tea-set-1}',
      '    ChargeCard:',
      '      - {error: FC.ResourceThrottled, cause: busy}',
      '      - {error: PaymentDeclined, cause: insufficient funds}',
      'expect:',
      '  status: Succeeded',
      '  output: {results: [{orderId: B-1, status: declined}], count: 1}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(scenario, new TextEncoder().encode(text));
    try {
      await eventually(
        'the watcher to add the new scenario',
        () => tests.itemOf(scenario),
        (i) => i !== undefined,
      );
      const flow = workspaceFile(SM_FLOW);
      const group = tests.controller.items.get(`flow:${flow.toString()}`);
      assert.ok(group && group.children.size === 2, 'both scenarios under the flow');
      tests.coverage.reported.delete(flow.toString());
      await tests.coverageProfile.runHandler(new vscode.TestRunRequest([group], undefined, tests.coverageProfile), new vscode.CancellationTokenSource().token);
      assert.equal(tests.outcomes.get(scenario.toString())?.outcome, 'passed', JSON.stringify(tests.outcomes.get(scenario.toString())?.messages.map((m) => m.message)));

      const reported = tests.coverage.reported.get(flow.toString());
      assert.ok(reported, 'the flow’s coverage');
      assert.deepEqual(counts(reported.file), { statements: '5/5', declarations: '5/5', branches: '2/2' });
      assert.deepEqual(reported.output, [`Coverage of ${SM_FLOW} (2 run(s)): 5/5 states, 0/0 branches, 1/1 catches, 1/1 retries`]);
      const details = await detailsOf(reported);
      const statements = details.filter((d): d is vscode.StatementCoverage => d instanceof vscode.StatementCoverage);
      assert.deepEqual(
        statements.map((s) => [lineOf(s.location), s.executed, s.branches.map((b) => [b.label, b.executed])]),
        [
          [11, 2, []],
          [18, 3, [['catch PaymentDeclined', 1]]],
          [23, 3, []],
          [37, 3, [['retry FC.ResourceThrottled', 1]]],
          [70, 1, []],
        ],
      );
    } finally {
      await vscode.workspace.fs.delete(scenario);
    }
  });
});
