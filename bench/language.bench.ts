/**
 * Language benchmark (issue 2): on the same generated flows and the same schema, our full
 * diagnostics (YAML + schema + semantic rules) against yaml-language-server's doValidation and
 * against the floor of `yaml` parse + ajv validate alone; then completion latency, ours against
 * yaml-language-server's doComplete. Run: `npm run bench:language`.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { analyze } from '../fdl/index';
import { completeAt } from './completion-probe';
import { generateFlow } from './generate-flow';
import { fmtMs, measure, printTable } from './measure';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
const schemaPath = join(__dirname, '..', 'schemas', 'fdl-v1.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const schemaUri = 'file://' + schemaPath;

async function main() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const yls = getLanguageService({
    schemaRequestService: async () => JSON.stringify(schema),
    workspaceContext: { resolveRelativePath: (p: string) => p },
  } as never);
  yls.configure({ validate: true, completion: true, hover: false, schemas: [{ uri: schemaUri, fileMatch: ['*.flow.yaml'], schema }] } as never);

  const diagRows: (string | number)[][] = [];
  const complRows: (string | number)[][] = [];
  for (const n of SIZES) {
    const text = generateFlow(n);
    const uri = `file:///bench/flow-${n}.flow.yaml`;
    let version = 0;
    // Each run gets a new document version so no tool can answer from a per-version cache.
    const doc = () => TextDocument.create(uri, 'yaml', ++version, text);
    const ours = await measure(() => analyze(text));
    const floor = await measure(() => validate(parseYaml(text)));
    const yamlLs = await measure(() => yls.doValidation(doc(), false), { minRuns: 3, budgetMs: 5000 });
    const errors = analyze(text).diagnostics.filter((d) => d.severity === 'error').length;
    diagRows.push([n, text.length, fmtMs(ours.median), fmtMs(floor.median), fmtMs(yamlLs.median), (ours.median / floor.median).toFixed(2) + '×', (yamlLs.median / ours.median).toFixed(1) + '×', errors]);

    // Completion at a step's `pattern: ` value and at a new key inside a task, mid-file.
    const mid = text.indexOf(`name: task${Math.floor(n / 2) - (Math.floor(n / 2) % 5)}`);
    const at = text.indexOf('\n', text.indexOf('resourceArn:', mid)) + 1;
    const edited = text.slice(0, at) + '    pa\n' + text.slice(at);
    const line = edited.slice(0, at).split('\n').length - 1;
    const pos = { line, character: 6 };
    const editedDoc = TextDocument.create(uri, 'yaml', 1, edited);
    const probe = completeAt(edited, pos);
    const oursC = await measure(() => probe.run());
    const yamlC = await measure(() => yls.doComplete(editedDoc, pos, false), { minRuns: 3, budgetMs: 5000 });
    complRows.push([n, fmtMs(probe.firstMs), fmtMs(oursC.median), fmtMs(oursC.p95), fmtMs(yamlC.median), (yamlC.median / oursC.median).toFixed(1) + '×', probe.items()]);
  }
  console.log('\n### Diagnostics (median ms per full run)\n');
  printTable(['steps', 'bytes', 'ours (yaml+schema+rules)', 'floor (yaml.parse + ajv)', 'yaml-language-server', 'ours/floor', 'yls/ours', 'our errors'], diagRows);
  console.log('\n### Completion (ms; ours from a per-version cache after the first request, as in the editor)\n');
  printTable(['steps', 'ours first (parse+complete)', 'ours median', 'ours p95', 'yaml-language-server median', 'yls/ours', 'our items'], complRows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
