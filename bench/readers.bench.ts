/**
 * The YAML readers' own cost (issue 12, "one fast YAML path"): over every flow of the corpora
 * (the shared corpora beside the repository when present, examples/, test/fixtures/) and over
 * generated flows, each reader alone against the floor of `yaml` parse + ajv validate:
 *
 * - block: the block reader (fdl/yaml/block-reader.ts), on every text (a decline costs too);
 * - js-yaml: the js-yaml reader (fdl/yaml/fast-compose.ts), on every text;
 * - yaml: `parseDocument` and its conversion to the located tree (the error-tolerant path);
 * - chain: what parseFlow reads with (block, else js-yaml, else yaml), and without js-yaml;
 * - on the texts the block reader declines only: js-yaml then yaml against yaml alone.
 *
 * Then the whole diagnostics (parse + schema + rules) of a generated flow the block reader
 * declines (one deploy tag, `!Ref`, as published flows carry), read by the js-yaml reader against
 * `yaml`: what a large flow pays when the block reader cannot take it.
 *
 * Each cell is the median (ms) of reading the whole set again and again. Run: `npm run
 * bench:readers` (generated sizes: BENCH_SIZES, default 1000,5000).
 */
import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyzeParsed } from '../fdl/analyze';
import { flowDialectOfText } from '../fdl/dialect';
import { parseFlow, parseFlowWithYaml } from '../fdl/parse';
import { readBlockYaml } from '../fdl/yaml/block-reader';
import { composeFast } from '../fdl/yaml/fast-compose';
import { treeFromDocument } from '../fdl/yaml/from-yaml-document';
import { parseYamlDocument } from '../fdl/yaml/yaml-document';
import { generateFlow } from './generate-flow';
import { generateStateMachine } from './generate-statemachine';
import { fmtMs, measure, printTable } from './measure';

const ROOT = join(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number);

function yamlFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const classicSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'fdl-v1.schema.json'), 'utf8')));
const smSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'cloudflow-statemachine.schema.json'), 'utf8')));

const yamlReader = (t: string) => treeFromDocument(parseYamlDocument(t));
/** The floor: `yaml` to plain JSON, then the schema of the text's format (chosen before timing). */
const floorOf = (texts: string[]) => {
  const schemas = new Map(texts.map((t) => [t, flowDialectOfText(t) === 'statemachine' ? smSchema : classicSchema]));
  return (t: string) => {
    try {
      return schemas.get(t)!(parseYaml(t, { logLevel: 'error' }));
    } catch {
      return false; // a text with a YAML error (a fixture of one): `yaml` reports it
    }
  };
};

async function total(texts: string[], read: (t: string) => unknown): Promise<number> {
  if (texts.length === 0) return 0;
  return (await measure(() => texts.forEach(read), { minRuns: 5, budgetMs: 1500 })).median;
}

async function row(label: string, texts: string[]): Promise<(string | number)[]> {
  const kinds = texts.map((t) => (readBlockYaml(t) ? 'block' : composeFast(t) ? 'js-yaml' : 'yaml'));
  const declined = texts.filter((_, i) => kinds[i] !== 'block');
  const count = (k: string) => kinds.filter((x) => x === k).length;
  const bytes = texts.reduce((a, t) => a + t.length, 0);
  const f = await total(texts, floorOf(texts));
  const cells = [
    f,
    await total(texts, readBlockYaml),
    await total(texts, composeFast),
    await total(texts, yamlReader),
    await total(texts, (t) => readBlockYaml(t) ?? composeFast(t) ?? yamlReader(t)),
    await total(texts, (t) => readBlockYaml(t) ?? yamlReader(t)),
  ];
  const onDeclined = [await total(declined, (t) => composeFast(t) ?? yamlReader(t)), await total(declined, yamlReader)];
  return [
    label,
    `${texts.length} (${Math.round(bytes / 1024).toLocaleString('en')} KiB)`,
    `${count('block')} / ${count('js-yaml')} / ${count('yaml')}`,
    ...cells.map(fmtMs),
    (cells[4] / f).toFixed(2) + '×',
    (cells[5] / f).toFixed(2) + '×',
    declined.length ? `${fmtMs(onDeclined[0])} / ${fmtMs(onDeclined[1])}` : '',
  ];
}

async function main() {
  const sets: [string, string[]][] = [
    ['real-flows (shared corpus)', yamlFiles(join(ROOT, '..', 'shared', 'corpus', 'real-flows'))],
    ['cloudflow (shared corpus)', yamlFiles(join(ROOT, '..', 'shared', 'corpus', 'cloudflow'))],
    ['examples/', yamlFiles(join(ROOT, 'examples'))],
    ['test/fixtures/', yamlFiles(join(ROOT, 'test', 'fixtures'))],
  ];
  const rows: (string | number)[][] = [];
  for (const [label, files] of sets)
    if (files.length)
      rows.push(
        await row(
          label,
          files.map((f) => readFileSync(f, 'utf8')),
        ),
      );
  for (const n of SIZES) {
    rows.push(await row(`generated classic, ${n.toLocaleString('en')} steps`, [generateFlow(n)]));
    rows.push(await row(`generated StateMachine, ${n.toLocaleString('en')} states`, [generateStateMachine(n)]));
  }
  const declinedRows: (string | number)[][] = [];
  for (const n of SIZES) {
    const text = generateFlow(n).replace(/resourceArn: \S+/, 'resourceArn: !Ref orders/step0');
    if (readBlockYaml(text) || !composeFast(text)) throw new Error('the tagged flow should go to the js-yaml reader');
    const f = await total([text], floorOf([text]));
    const viaJs = await total([text], (t) => analyzeParsed(parseFlow(t)));
    const viaYaml = await total([text], (t) => analyzeParsed(parseFlowWithYaml(t)));
    declinedRows.push([n.toLocaleString('en'), fmtMs(f), fmtMs(viaJs), fmtMs(viaYaml), (viaJs / f).toFixed(2) + '×', (viaYaml / f).toFixed(2) + '×']);
  }
  printTable(
    [
      'texts',
      'files (size)',
      'read by block / js-yaml / yaml',
      'floor: yaml + ajv',
      'block reader',
      'js-yaml reader',
      'yaml reader',
      'chain today',
      'chain without js-yaml',
      'today/floor',
      'without js-yaml/floor',
      'texts block declines: js-yaml then yaml / yaml alone',
    ],
    rows,
  );
  console.log();
  printTable(['classic steps, one `!Ref`', 'floor: yaml + ajv', 'diagnostics via js-yaml', 'diagnostics via yaml', 'js-yaml/floor', 'yaml/floor'], declinedRows);
}

void main();
