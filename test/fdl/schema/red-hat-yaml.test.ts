/**
 * The classic schema as the Red Hat YAML extension sees it (package.json `yamlValidation` refers to it
 * through schemas/flow.schema.json, see flow-dispatch-schema.test.ts): run through
 * yaml-language-server, the engine of that extension. Published valid flows get no finding,
 * typos do, and hover/completion read our descriptions and keys.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';

const root = join(__dirname, '..', '..', '..');
const schemaPath = join(root, 'schemas', 'fdl-v1.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const corpus = join(root, 'test', 'fixtures', 'real-flows');
const negative = Object.keys(JSON.parse(readFileSync(join(root, 'test', 'fdl', 'corpus-expected.json'), 'utf8')).negative);

interface Diagnostic {
  message: string;
  range: { start: { line: number } };
}
interface YamlService {
  configure(settings: unknown): void;
  doValidation(doc: TextDocument, isKubernetes: boolean): Promise<Diagnostic[]>;
  doHover(doc: TextDocument, pos: { line: number; character: number }): Promise<{ contents: { value: string } } | null>;
  doComplete(doc: TextDocument, pos: { line: number; character: number }, isKubernetes: boolean): Promise<{ items: { label: string }[] }>;
}

// One instance per process: a second yaml-language-server instance shares global state with the
// first and stops validating against the schema.
let shared: YamlService | undefined;

function service(): YamlService {
  if (shared) return shared;
  const yls = getLanguageService({
    schemaRequestService: async () => JSON.stringify(schema),
    workspaceContext: { resolveRelativePath: (p: string) => p },
  } as never) as unknown as YamlService;
  // Users of Funcraft templates configure these tags in the extension too (`yaml.customTags`).
  const customTags = ['Ref', 'Sub', 'GetAtt'].flatMap((t) => [`!${t} scalar`, `!${t} sequence`, `!${t} mapping`]);
  yls.configure({ validate: true, completion: true, hover: true, customTags, schemas: [{ uri: `file://${schemaPath}`, fileMatch: ['*.flow.yaml'], schema }] });
  shared = yls;
  return yls;
}

const doc = (name: string, text: string) => TextDocument.create(`file:///flows/${name}`, 'yaml', 1, text);

test('yaml-language-server accepts every valid published flow and flags the negatives', async () => {
  const yls = service();
  for (const f of readdirSync(corpus).filter((n) => n.endsWith('.flow.yaml'))) {
    const found = await yls.doValidation(doc(f, readFileSync(join(corpus, f), 'utf8')), false);
    if (negative.includes(f)) assert.ok(found.length > 0, `${f} should be flagged`);
    else
      assert.deepEqual(
        found.map((d) => `${d.range.start.line + 1}: ${d.message}`),
        [],
        f,
      );
  }
});

test('yaml-language-server flags a typo and reads hover and completion from the schema', async () => {
  const yls = service();
  const text = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/s/functions/f\n    patern: sync\n    \n';
  const found = await yls.doValidation(doc('typo.flow.yaml', text), false);
  assert.deepEqual(
    found.map((d) => d.range.start.line),
    [6],
  );
  const hover = await yls.doHover(doc('typo.flow.yaml', text), { line: 3, character: 5 });
  assert.match(hover?.contents.value ?? '', /step type/i);
  const completion = await yls.doComplete(doc('typo.flow.yaml', text), { line: 7, character: 4 }, false);
  const labels = completion.items.map((i) => i.label);
  for (const k of ['pattern', 'serviceParams', 'retry', 'catch']) assert.ok(labels.includes(k), `completion offers ${k}: ${labels}`);
});
