/**
 * Generates realistic FDL flows of a given size for benchmarks: a mix of task steps (with
 * mappings, retry and catch), pass, wait, choice (with goto), and every 50 steps a parallel and
 * a foreach holding a few steps of their own. Step names are unique so gotos are valid.
 */
export function generateFlow(steps: number): string {
  const out: string[] = ['version: v1', 'type: flow', 'steps:'];
  let made = 0;
  const emit = (indent: string, lines: string[]) => {
    out.push(`${indent}- ${lines[0]}`, ...lines.slice(1).map((l) => `${indent}  ${l}`));
  };
  const task = (i: number): string[] => [
    'type: task',
    `name: task${i}`,
    `resourceArn: acs:fc:cn-hangzhou:123456789:services/orders.LATEST/functions/step${i % 17}`,
    ...(i % 3 === 0 ? ['pattern: sync', 'serviceParams:', '  InvocationType: Async'] : []),
    'inputMappings:',
    '  - target: orderId',
    '    source: $input.orderId',
    `  - target: attempt${i}`,
    '    source: $local.count',
    'outputMappings:',
    `  - target: result${i}`,
    '    source: $local.result',
    'retry:',
    '  - errors: [FC.ResourceThrottled, FC.ResourceExhausted]',
    '    intervalSeconds: 2',
    '    maxAttempts: 3',
    '    multiplier: 2',
    'catch:',
    '  - errors: [FnF.ALL]',
    '    goto: fail0',
  ];
  const body = (i: number): string[] => {
    switch (i % 5) {
      case 0:
      case 1:
        return task(i);
      case 2:
        return ['type: pass', `name: pass${i}`, 'inputMappings:', '  - target: total', '    source: $input.total'];
      case 3:
        return ['type: wait', `name: wait${i}`, 'duration: 1'];
      default:
        return [
          'type: choice',
          `name: choice${i}`,
          'choices:',
          `  - condition: $.status == "ok" && $.total > ${i}`,
          '    steps:',
          '      - type: pass',
          `        name: inner${i}`,
          '  - condition: $.retry',
          '    goto: start',
          'default:',
          `  goto: pass${i - 2}`,
        ];
    }
  };
  // Every catch goes to the closing fail step; choices loop back to `start`.
  emit('  ', ['type: pass', 'name: start']);
  made++;
  while (made < steps - 1) {
    const i = made;
    if (i % 50 === 49) {
      emit('  ', [
        'type: parallel',
        `name: par${i}`,
        'branches:',
        '  - steps:',
        '      - type: pass',
        `        name: parA${i}`,
        '  - steps:',
        '      - type: wait',
        `        name: parB${i}`,
        '        duration: 1',
      ]);
      made += 3;
      continue;
    }
    if (i % 50 === 24) {
      emit('  ', ['type: foreach', `name: each${i}`, 'iterationMapping:', '  collection: $.items', '  item: item', 'steps:', '  - type: pass', `    name: eachBody${i}`]);
      made += 2;
      continue;
    }
    emit('  ', body(i));
    made += i % 5 === 4 ? 2 : 1;
  }
  emit('  ', ['type: fail', 'name: fail0', 'error: OrderFailed', 'cause: the order could not be processed']);
  return out.join('\n') + '\n';
}

/**
 * The flow of `generateFlow(steps)` as a user leaves it mid-edit: the step name nearest the
 * middle holds an unclosed flow mapping (`name: {task12`), one YAML syntax error, so every fast
 * reader declines it and the error-tolerant `yaml` reader reads it.
 */
export function generateFlowWithSyntaxError(steps: number): string {
  const text = generateFlow(steps);
  const at = text.indexOf('name: ', Math.floor(text.length / 2));
  return text.slice(0, at) + 'name: {' + text.slice(at + 'name: '.length);
}

/**
 * `generateFlow(steps)` with findings of the whole-flow checks, as a user meets them while typing:
 * two steps appended after a `succeed` (never reached), the second named like the fourth step (a
 * duplicate name) and going to a misspelt step (an unknown goto target).
 */
export function generateFlowWithFindings(steps: number): string {
  return (
    generateFlow(steps) +
    [
      '  - type: succeed',
      '    name: done',
      '  - type: choice',
      '    name: wait3',
      '    choices:',
      '      - condition: $.retry',
      '        goto: pasz2',
      '    default:',
      '      goto: start',
      '',
    ].join('\n')
  );
}
