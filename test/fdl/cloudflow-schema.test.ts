/**
 * The JSON Schema of CloudFlow's current definition format (schemas/cloudflow-statemachine.schema.json):
 * it compiles as draft-07, accepts every valid example flow (test/fixtures/cloudflow/), rejects the
 * invalid ones at the path of the mistake, documents every key and enum value in English and
 * Chinese, and is read the same way by yaml-language-server (the Red Hat YAML extension).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import Ajv, { type ErrorObject } from 'ajv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import { localizedSchemaText } from '../../fdl/schema/index';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';

const root = join(__dirname, '..', '..');
const schemaPath = join(root, 'schemas', 'cloudflow-statemachine.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const fixtures = join(root, 'test', 'fixtures', 'cloudflow');
const validFiles = readdirSync(fixtures).filter((f) => f.endsWith('.yaml'));

// The options of fdl/schema/schema-validator.ts, so these results are what the language core will see.
const validate = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false }).compile(schema);

function errorsOf(text: string): ErrorObject[] {
  return validate(parse(text)) ? [] : [...(validate.errors ?? [])];
}
const brief = (e: ErrorObject) => `${e.instancePath || '/'} ${e.keyword} ${JSON.stringify(e.params)}`;

/** Every object schema reachable from the root, with a readable path. */
function* walk(s: unknown, path: string): Generator<[string, Record<string, unknown>]> {
  if (!s || typeof s !== 'object') return;
  if (Array.isArray(s)) {
    for (const [i, x] of s.entries()) yield* walk(x, `${path}[${i}]`);
    return;
  }
  const o = s as Record<string, unknown>;
  yield [path, o];
  for (const [k, v] of Object.entries(o)) if (typeof v === 'object') yield* walk(v, `${path}/${k}`);
}
/** The `if` of a dispatch and the `then` that only narrows a sibling are not keys users write. */
const isDispatch = (path: string) => /\/(if|then)($|\/)/.test(path);

test('the schema is valid draft-07 and compiles under ajv strict mode', () => {
  // Union types (`Timeout: integer | "30"`) and `not: {required: [...]}` are deliberate.
  const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addVocabulary(['x-enum-descriptions', 'x-pattern-hint', 'x-examples-descriptions', 'markdownDescription', 'markdownEnumDescriptions']);
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  assert.doesNotThrow(() => ajv.compile(schema));
});

test('every valid example flow gets zero errors', () => {
  assert.ok(validFiles.length >= 11, `expected the 11 example flows, found ${validFiles.length}`);
  for (const f of validFiles) {
    assert.deepEqual(errorsOf(readFileSync(join(fixtures, f), 'utf8')).map(brief), [], f);
  }
});

const invalid: { file: string; path: string; keyword: string; params: Record<string, unknown>; state?: string }[] = [
  { file: 'unknown-state-type.yaml', path: '/States/0/Type', keyword: 'enum', params: {} },
  { file: 'missing-start-at.yaml', path: '', keyword: 'required', params: { missingProperty: 'StartAt' } },
  { file: 'task-without-action.yaml', path: '/States/0', keyword: 'required', params: { missingProperty: 'Action' }, state: 'Task state' },
  { file: 'map-typo-key.yaml', path: '/States/0', keyword: 'additionalProperties', params: { additionalProperty: 'Procesor' }, state: 'Map state' },
  { file: 'choice-branch-without-next.yaml', path: '/States/0/Branches/0', keyword: 'required', params: { missingProperty: 'Next' } },
  {
    file: 'processor-state-typo.yaml',
    path: '/States/0/Processor/States/0',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'Second' },
    state: 'Wait state',
  },
  { file: 'fc-invocation-type.yaml', path: '/States/0/Parameters/invocationType', keyword: 'enum', params: {} },
];

for (const c of invalid) {
  test(`invalid/${c.file} is rejected at ${c.path || '/'}`, () => {
    const errors = errorsOf(readFileSync(join(fixtures, 'invalid', c.file), 'utf8'));
    const hit = errors.find(
      (e) => e.instancePath === c.path && e.keyword === c.keyword && Object.entries(c.params).every(([k, v]) => (e.params as Record<string, unknown>)[k] === v),
    );
    assert.ok(hit, `no ${c.keyword} at ${c.path || '/'}; got:\n${errors.map(brief).join('\n')}`);
    // The error comes from the definition of the state's own type, so a message can name it.
    if (c.state) assert.equal((hit.parentSchema as { title?: string }).title, c.state);
  });
}

test('the unknown state type is reported once, on Type, with the eight allowed types', () => {
  const errors = errorsOf(readFileSync(join(fixtures, 'invalid', 'unknown-state-type.yaml'), 'utf8'));
  assert.deepEqual(
    errors.map((e) => e.instancePath),
    ['/States/0/Type'],
  );
  assert.deepEqual((errors[0].params as { allowedValues: string[] }).allowedValues, ['Task', 'Pass', 'Wait', 'Choice', 'Parallel', 'Map', 'Succeed', 'Fail']);
});

const flow = (states: string) => `Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: S\nStates:\n${states}`;

test('choices made where the docs are silent or contradict each other', () => {
  const map = (key: string) =>
    flow(
      `  - Type: Map\n    Name: S\n    ItemsPath: $Input.items\n    ${key}: 5\n    Processor:\n      StartAt: P\n      States:\n        - Type: Pass\n          Name: P\n          End: true\n    End: true\n`,
    );
  assert.deepEqual(errorsOf(map('MaxConcuccency')).map(brief), [], "the docs' spelling");
  assert.deepEqual(errorsOf(map('MaxConcurrency')).map(brief), [], "the Limits page's spelling");
  // Succeed and Fail end their scope with or without the `End: true` the docs' examples give them.
  assert.deepEqual(errorsOf(flow('  - Type: Succeed\n    Name: S\n')).map(brief), []);
  assert.deepEqual(errorsOf(flow('  - Type: Fail\n    Name: S\n    Code: E\n    End: true\n')).map(brief), []);
  // Choice has neither Next nor End.
  const choice = flow('  - Type: Choice\n    Name: S\n    Branches:\n      - Condition: $Input.a == 1\n        Next: S\n    Default: S\n    End: true\n');
  assert.ok(errorsOf(choice).some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'End'));
  // Wait takes Seconds or Seconds.$, one of them.
  assert.deepEqual(errorsOf(flow('  - Type: Wait\n    Name: S\n    Seconds.$: $Input.delay\n    End: true\n')).map(brief), []);
  assert.ok(errorsOf(flow('  - Type: Wait\n    Name: S\n    Seconds: 5\n    Seconds.$: $Input.delay\n    End: true\n')).length > 0);
  assert.ok(errorsOf(flow('  - Type: Wait\n    Name: S\n    Seconds: 301\n    End: true\n')).some((e) => e.keyword === 'maximum'));
  // Task Timeout: the docs type it as a string; numbers are accepted too; 0..604800.
  const task = (timeout: string) => flow(`  - Type: Task\n    Name: S\n    Action: HTTP:Request\n    Timeout: ${timeout}\n    End: true\n`);
  assert.deepEqual(errorsOf(task('"30"')).map(brief), []);
  assert.deepEqual(errorsOf(task('30')).map(brief), []);
  assert.ok(errorsOf(task('604801')).some((e) => e.keyword === 'maximum'));
});

test('FC:InvokeFunction needs Parameters with its function, written literally or as an expression', () => {
  const task = (params: string) => flow(`  - Type: Task\n    Name: S\n    Action: FC:InvokeFunction\n${params}    End: true\n`);
  assert.deepEqual(errorsOf(task('    Parameters:\n      resourceArn.$: $Input.arn\n      invocationType: Sync\n')).map(brief), []);
  const noParameters = errorsOf(task(''));
  assert.ok(
    noParameters.some((e) => e.instancePath === '/States/0' && e.keyword === 'required' && e.params.missingProperty === 'Parameters'),
    noParameters.map(brief).join('\n'),
  );
  const noArn = errorsOf(task('    Parameters:\n      invocationType: Sync\n'));
  assert.ok(
    noArn.some((e) => e.instancePath === '/States/0/Parameters' && e.keyword === 'required' && e.params.missingProperty === 'resourceArn'),
    noArn.map(brief).join('\n'),
  );
  // Other actions take whatever parameters their operation defines.
  assert.deepEqual(errorsOf(flow('  - Type: Task\n    Name: S\n    Action: OSS:GetObject\n    Parameters:\n      bucket: b\n      key: k\n    End: true\n')).map(brief), []);
});

test('a distributed Map and a callback task with retry and catch validate', () => {
  const text = flow(
    [
      '  - Type: Map',
      '    Name: S',
      '    ItemsPath: $Input.items',
      '    ProcessorConfig:',
      '      ExecutionMode: Express',
      '    ItemConstructor:',
      '      id.$: $Item.id',
      '    MaxConcuccency: 40',
      '    ToleratedFailurePercentage: 10',
      '    ToleratedFailureCount: 3',
      '    Processor:',
      '      StartAt: Work',
      '      States:',
      '        - Type: Task',
      '          Name: Work',
      '          Action: FC:InvokeFunction',
      '          TaskMode: WaitForCustomCallback',
      '          Timeout.$: $Input.timeout',
      '          Parameters:',
      '            resourceArn: acs:fc:cn-hangzhou:123456789:functions/worker/LATEST',
      '            invocationType: Async',
      '            body:',
      '              taskToken.$: $Context.Current.TaskToken',
      '          Retry:',
      '            - Errors: [FC.ResourceThrottled]',
      '              Description: throttled',
      '              MaxAttempts: 3',
      '              IntervalSeconds: 2',
      '              BackoffRate: 2',
      '              MaxBackoffSeconds: 30',
      '          Catch:',
      '            - Errors: [FnF.ALL]',
      '              Description: any error',
      '              OutputConstructor:',
      '                error.$: $Context.Current.Error.Code',
      '              Next: Failed',
      '          End: true',
      '        - Type: Fail',
      '          Name: Failed',
      '          Code: WorkFailed',
      '          Detail: the worker failed',
      '    End: true',
      '',
    ].join('\n'),
  );
  assert.deepEqual(errorsOf(text).map(brief), []);
});

/** True when the bundles translate `english` into Simplified Chinese. */
const inChinese = (english: unknown) => typeof english === 'string' && /[\u4e00-\u9fff]/.test(localizedSchemaText(english)['zh-cn']);

test('every property is described in English (plain and Markdown), with its Simplified Chinese in the bundle', () => {
  let count = 0;
  for (const [path, s] of walk(schema, '#')) {
    const props = { ...((s.properties as object) ?? {}), ...((s.patternProperties as object) ?? {}) } as Record<string, Record<string, unknown>>;
    for (const [name, prop] of Object.entries(props)) {
      if (isDispatch(path)) continue;
      count++;
      assert.ok(typeof prop.description === 'string' && prop.description.length > 5, `${path}/${name}: description`);
      assert.ok(typeof prop.markdownDescription === 'string' && prop.markdownDescription.startsWith(prop.description), `${path}/${name}: markdownDescription`);
      assert.ok(inChinese(prop.description), `${path}/${name}: description has no zh-cn translation`);
    }
  }
  assert.ok(count > 100, `walked only ${count} properties`);
  for (const [name, def] of Object.entries(schema.definitions as Record<string, Record<string, unknown>>)) {
    assert.ok(inChinese(def.description), `definition ${name}`);
  }
});

test("every enum value is described in both languages, in our form and in yaml-language-server's", () => {
  let count = 0;
  for (const [path, s] of walk(schema, '#')) {
    if (!Array.isArray(s.enum)) continue;
    count++;
    assert.ok(((s['x-enum-descriptions'] as string[] | undefined) ?? []).every(inChinese), `${path}: an x-enum-descriptions entry has no zh-cn translation`);
    for (const key of ['x-enum-descriptions', 'markdownEnumDescriptions']) {
      const docs = s[key] as string[] | undefined;
      assert.equal(docs?.length, s.enum.length, `${path}: ${key}`);
      assert.ok(
        docs.every((t) => t.length > 5),
        `${path}: ${key} has an empty entry`,
      );
    }
  }
  assert.ok(count >= 6, `found only ${count} enums`);
});

test('unknown keys are rejected everywhere except the open maps the docs show', () => {
  const open = ['#/definitions/constructor', '#/definitions/parameters', '#/definitions/fcInvokeFunctionParameters', '#/definitions/fnfStartExecutionParameters'];
  for (const [path, s] of walk(schema, '#')) {
    if (s.type !== 'object' || !s.properties || isDispatch(path)) continue;
    if (path === '#/definitions/state') continue; // dispatches to the state kinds, which are closed
    assert.equal(s.additionalProperties, open.includes(path) ? true : false, `${path}: additionalProperties`);
  }
});

test('the eight state types each dispatch to a closed definition of their own', () => {
  const state = schema.definitions.state;
  const types: string[] = state.properties.Type.enum;
  const dispatched = state.allOf.map((b: { if: { properties: { Type: { const: string } } } }) => b.if.properties.Type.const);
  assert.deepEqual(dispatched, types);
  for (const [i, t] of types.entries()) {
    const target = state.allOf[i].then.$ref.replace('#/definitions/', '');
    const def = schema.definitions[target];
    assert.ok(def, `${t} → ${target}`);
    assert.equal(def.additionalProperties, false, target);
    assert.deepEqual(def.properties.Type.enum, types, `${target} documents every type`);
  }
});

// One yaml-language-server instance per process (node --test runs each file in its own process).
// The classic schema is associated with `*.flow.yaml` (as a `yaml.schemas` setting would), and a
// StateMachine file opts into this schema with the modeline docs/cloudflow-schema-notes.md tells
// users to write; what the extension itself contributes is in schema/flow-dispatch-schema.test.ts.
interface YamlService {
  configure(settings: unknown): void;
  doValidation(doc: TextDocument, isKubernetes: boolean): Promise<{ message: string; range: { start: { line: number } } }[]>;
  doHover(doc: TextDocument, pos: { line: number; character: number }): Promise<{ contents: { value: string } } | null>;
  doComplete(doc: TextDocument, pos: { line: number; character: number }, isKubernetes: boolean): Promise<{ items: { label: string }[] }>;
}
let yls: YamlService | undefined;
const requested: string[] = [];
function service(): YamlService {
  if (yls) return yls;
  yls = getLanguageService({
    schemaRequestService: async (uri: string) => {
      requested.push(uri);
      return readFileSync(fileURLToPath(uri), 'utf8');
    },
    workspaceContext: { resolveRelativePath: (p: string, resource: string) => new URL(p, resource).toString() },
  } as never) as unknown as YamlService;
  const classic = pathToFileURL(join(root, 'schemas', 'fdl-v1.schema.json')).toString();
  yls.configure({ validate: true, completion: true, hover: true, schemas: [{ uri: classic, fileMatch: ['*.flow.yaml'] }] });
  return yls;
}
const modeline = `# yaml-language-server: $schema=${schemaPath}\n`;
const doc = (name: string, text: string) => TextDocument.create(`file:///flows/${name}.flow.yaml`, 'yaml', 1, modeline + text);

test('yaml-language-server, pointed at the schema by a modeline, accepts the valid flows, flags a typo, and shows key and value docs', async () => {
  const s = service();
  for (const f of validFiles) {
    const found = await s.doValidation(doc(f, readFileSync(join(fixtures, f), 'utf8')), false);
    assert.deepEqual(
      found.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
      f,
    );
  }
  assert.ok(
    requested.some((u) => u.endsWith('cloudflow-statemachine.schema.json')),
    `schemas fetched: ${requested}`,
  );
  // Lines below count the modeline as line 0.
  const text = flow('  - Type: Task\n    Name: S\n    Action: HTTP:Request\n    TaskMode: WaitForCustomCallback\n    Tiemout: 30\n    \n');
  const found = await s.doValidation(doc('typo', text), false);
  assert.deepEqual(
    found.map((d) => d.range.start.line),
    [10],
  );
  const keyHover = await s.doHover(doc('typo', text), { line: 9, character: 6 });
  assert.match(keyHover?.contents.value ?? '', /How the state waits/);
  const valueHover = await s.doHover(doc('typo', text), { line: 9, character: 20 });
  assert.match(valueHover?.contents.value ?? '', /ReportTaskSucceeded/);
  const completion = await s.doComplete(doc('typo', text), { line: 11, character: 4 }, false);
  const labels = completion.items.map((i) => i.label);
  for (const k of ['Parameters', 'Timeout', 'Retry', 'Catch', 'OutputConstructor']) assert.ok(labels.includes(k), `completion offers ${k}: ${labels}`);
});
