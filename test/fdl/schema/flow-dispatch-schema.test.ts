/**
 * What a Red Hat YAML user gets from package.json's `yamlValidation`: schemas/flow.schema.json,
 * which dispatches on the top-level `Type` to the StateMachine schema or to classic FDL's. Run
 * through yaml-language-server (the engine of that extension), configured as VS Code configures
 * it from the contribution (the same file pattern, the schema fetched from the extension's folder,
 * its relative `$ref`s resolved from there): the published flows of both formats get no finding, a
 * typo in each gets one on its line, and hover and completion speak each format's own keys.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
const contribution = pkg.contributes.yamlValidation;
const stateMachines = join(root, 'test', 'fixtures', 'cloudflow');
const classics = join(root, 'test', 'fixtures', 'real-flows');
const negative = Object.keys(JSON.parse(readFileSync(join(root, 'test', 'fdl', 'corpus-expected.json'), 'utf8')).negative);

interface YamlService {
  configure(settings: unknown): void;
  doValidation(doc: TextDocument, isKubernetes: boolean): Promise<{ message: string; range: { start: { line: number } } }[]>;
  doHover(doc: TextDocument, pos: { line: number; character: number }): Promise<{ contents: { value: string } } | null>;
  doComplete(doc: TextDocument, pos: { line: number; character: number }, isKubernetes: boolean): Promise<{ items: { label: string }[] }>;
}

// One instance per process: a second yaml-language-server instance shares global state with the first.
const fetched: string[] = [];
const yls = getLanguageService({
  schemaRequestService: async (uri: string) => {
    fetched.push(uri);
    return readFileSync(fileURLToPath(uri), 'utf8');
  },
  workspaceContext: { resolveRelativePath: (p: string, resource: string) => new URL(p, resource).toString() },
} as never) as unknown as YamlService;
yls.configure({
  validate: true,
  completion: true,
  hover: true,
  // Users of Funcraft templates configure these tags in the extension too (`yaml.customTags`).
  customTags: ['Ref', 'Sub', 'GetAtt'].flatMap((t) => [`!${t} scalar`, `!${t} sequence`, `!${t} mapping`]),
  schemas: contribution.map((c) => ({ uri: pathToFileURL(join(root, c.url)).toString(), fileMatch: c.fileMatch })),
});
const doc = (name: string, text: string) => TextDocument.create(`file:///flows/${name}`, 'yaml', 1, text);
const shown = (found: { message: string; range: { start: { line: number } } }[]) => found.map((d) => `${d.range.start.line + 1}: ${d.message}`);

test('package.json contributes the dispatching schema for flow files', () => {
  assert.deepEqual(
    contribution.map((c) => c.url),
    ['./schemas/flow.schema.json'],
  );
  assert.ok(contribution[0].fileMatch.includes('*.flow.yaml'));
});

test('every published StateMachine flow is valid under the contributed schema, which fetched the StateMachine schema', async () => {
  for (const f of readdirSync(stateMachines).filter((n) => n.endsWith('.yaml'))) {
    assert.deepEqual(shown(await yls.doValidation(doc(`${f.replace(/\.yaml$/, '')}.flow.yaml`, readFileSync(join(stateMachines, f), 'utf8')), false)), [], f);
  }
  assert.ok(
    fetched.some((u) => u.endsWith('/schemas/cloudflow-statemachine.schema.json')),
    fetched.join(' '),
  );
});

test('every published classic flow is still valid (and the negatives still flagged)', async () => {
  for (const f of readdirSync(classics).filter((n) => n.endsWith('.flow.yaml'))) {
    const found = await yls.doValidation(doc(f, readFileSync(join(classics, f), 'utf8')), false);
    if (negative.includes(f)) assert.ok(found.length > 0, `${f} should be flagged`);
    else assert.deepEqual(shown(found), [], f);
  }
});

const stateMachine = [
  'Type: StateMachine',
  'Name: typo',
  'SpecVersion: v1',
  'StartAt: S',
  'States:',
  '  - Type: Task',
  '    Name: S',
  '    Action: HTTP:Request',
  '    TaskMode: WaitForCustomCallback',
  '    Tiemout: 30',
  '    End: true',
  '    ',
  '',
].join('\n');
const classic = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/s/functions/f\n    patern: sync\n    \n';

test('a typo in either format is flagged on its line, by that format', async () => {
  assert.deepEqual(
    (await yls.doValidation(doc('sm.flow.yaml', stateMachine), false)).map((d) => d.range.start.line + 1),
    [10],
  );
  assert.deepEqual(
    (await yls.doValidation(doc('classic.flow.yaml', classic), false)).map((d) => d.range.start.line + 1),
    [7],
  );
});

test("hover and completion read each format's own schema", async () => {
  const smHover = await yls.doHover(doc('sm.flow.yaml', stateMachine), { line: 8, character: 6 });
  assert.match(smHover?.contents.value ?? '', /How the state waits/);
  const smLabels = (await yls.doComplete(doc('sm.flow.yaml', stateMachine), { line: 11, character: 4 }, false)).items.map((i) => i.label);
  for (const k of ['Parameters', 'Retry', 'Catch', 'OutputConstructor']) assert.ok(smLabels.includes(k), `${k} in ${smLabels}`);
  assert.ok(!smLabels.includes('serviceParams'), smLabels.join(', '));
  const classicLabels = (await yls.doComplete(doc('classic.flow.yaml', classic), { line: 7, character: 4 }, false)).items.map((i) => i.label);
  for (const k of ['pattern', 'serviceParams', 'retry', 'catch']) assert.ok(classicLabels.includes(k), `${k} in ${classicLabels}`);
  assert.ok(!classicLabels.includes('TaskMode'), classicLabels.join(', '));
});
