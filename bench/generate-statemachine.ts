/**
 * Generates realistic StateMachine flows (`Type: StateMachine`) of a given number of states for
 * benchmarks, valid under our rules (test/fdl/statemachine-bench-flow.test.ts): FC tasks with
 * Parameters expressions, Retry and Catch; Pass states with constructors; Wait; Choice states with
 * conditions and a Default; and every 50 states a Parallel with two branches and a Map with a
 * processor, each holding states of its own. States run one after the other through `Next`;
 * every Catch goes to the closing Fail state.
 */
export function generateStateMachine(states: number): string {
  const out: string[] = ['Type: StateMachine', 'Name: bench', 'SpecVersion: v1', 'StartAt: s0', 'States:'];
  const emit = (indent: string, lines: string[]) => out.push(`${indent}- ${lines[0]}`, ...lines.slice(1).map((l) => `${indent}  ${l}`));
  const task = (i: number): string[] => [
    'Type: Task',
    `Name: s${i}`,
    'Action: FC:InvokeFunction',
    ...(i % 3 === 0 ? ['TaskMode: WaitForSystemCallback'] : []),
    'InputConstructor:',
    '  orderId.$: $Input.orderId',
    `  attempt.$: intAdd($Context.Current.RetryCount, ${i % 7})`,
    'Parameters:',
    `  resourceArn: acs:fc:cn-hangzhou:123456789:functions/step${i % 17}`,
    `  invocationType: ${i % 3 === 0 ? 'Async' : 'Sync'}`,
    '  body:',
    '    order.$: $Input',
    '    execution.$: $Context.Execution.Name',
    'OutputConstructor:',
    `  result${i}.$: $Output.Body.result`,
    'Retry:',
    '  - Errors: [FC.ResourceThrottled, FC.ResourceExhausted]',
    '    Description: throttled',
    '    MaxAttempts: 3',
    '    IntervalSeconds: 2',
    '    BackoffRate: 2',
    'Catch:',
    '  - Errors: [FnF.ALL]',
    '    Description: give up',
    '    Next: failed',
  ];
  const body = (i: number, next: string): string[] => {
    switch (i % 5) {
      case 0:
      case 1:
        return [...task(i), `Next: ${next}`];
      case 2:
        return ['Type: Pass', `Name: s${i}`, 'InputConstructor:', '  total.$: $Input.total', '  label.$: format("order {}", $Input.orderId)', `Next: ${next}`];
      case 3:
        return ['Type: Wait', `Name: s${i}`, 'Seconds: 1', `Next: ${next}`];
      default:
        return ['Type: Choice', `Name: s${i}`, 'Branches:', `  - Condition: $Input.status == "ok" && $Input.total > ${i}`, `    Next: ${next}`, `Default: ${next}`];
    }
  };
  let made = 0;
  let i = 0;
  // The last two states: a Pass leading to the Fail state every Catch goes to.
  while (made < states - 2) {
    const next = `s${i + 1}`;
    if (i % 50 === 49) {
      emit('  ', [
        'Type: Parallel',
        `Name: s${i}`,
        'Branches:',
        `  - StartAt: a${i}`,
        '    States:',
        '      - Type: Pass',
        `        Name: a${i}`,
        '        End: true',
        `  - StartAt: b${i}`,
        '    States:',
        '      - Type: Wait',
        `        Name: b${i}`,
        '        Seconds: 1',
        '        End: true',
        `Next: ${next}`,
      ]);
      made += 3;
    } else if (i % 50 === 24) {
      emit('  ', [
        'Type: Map',
        `Name: s${i}`,
        'ItemsPath: $Input.items',
        'MaxConcuccency: 10',
        'Processor:',
        `  StartAt: item${i}`,
        '  States:',
        '    - Type: Pass',
        `      Name: item${i}`,
        '      End: true',
        `Next: ${next}`,
      ]);
      made += 2;
    } else {
      emit('  ', body(i, next));
      made += 1;
    }
    i++;
  }
  emit('  ', ['Type: Pass', `Name: s${i}`, 'Next: failed']);
  emit('  ', ['Type: Fail', 'Name: failed', 'Code: OrderFailed', 'Detail: the order could not be processed']);
  return out.join('\n') + '\n';
}

/**
 * `generateStateMachine(states)` with findings of the whole-flow checks: a state appended that no
 * state goes to (never reached), named like the second (a duplicate name) and going `Next` to a
 * state that does not exist.
 */
export function generateStateMachineWithFindings(states: number): string {
  return generateStateMachine(states) + ['  - Type: Pass', '    Name: s1', '    Next: s9x', ''].join('\n');
}
