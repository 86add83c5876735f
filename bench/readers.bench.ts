/**
 * The YAML readers' own cost (issue 12, "one fast YAML path"): over every flow of the corpora
 * (the shared corpora beside the repository when present, examples/, test/fixtures/) and over
 * generated flows, each reader alone against the floor of `yaml` parse + ajv validate:
 *
 * - block: the block reader (fdl/yaml/block-reader.ts), on every text (a decline costs too);
 * - yaml: `parseDocument` and its conversion to the located tree (the error-tolerant path);
 * - chain: what parseFlow reads with (block, else yaml).
 *
 * Then the whole diagnostics (parse + schema + rules) of a generated flow the block reader
 * declines (one double-quoted string with an escape): what a large flow pays when the block
 * reader cannot take it. docs/yaml-readers.md has the figures, and those of the js-yaml
 * reader measured by this bench before it was dropped.
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
import { parseFlow } from '../fdl/parse';
import { readBlockYaml } from '../fdl/yaml/block-reader';
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
  const block = texts.filter((t) => readBlockYaml(t)).length;
  const bytes = texts.reduce((a, t) => a + t.length, 0);
  const f = await total(texts, floorOf(texts));
  const cells = [f, await total(texts, readBlockYaml), await total(texts, yamlReader), await total(texts, (t) => readBlockYaml(t) ?? yamlReader(t))];
  return [
    label,
    `${texts.length} (${Math.round(bytes / 1024).toLocaleString('en')} KiB)`,
    `${block} / ${texts.length - block}`,
    ...cells.map(fmtMs),
    (cells[3] / f).toFixed(2) + '×',
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
    const text = generateFlow(n).replace(/resourceArn: (\S+)/, (_, arn: string) => `resourceArn: "${arn.replace('/', '\\/')}"`);
    if (readBlockYaml(text)) throw new Error('the tagged flow should go to yaml');
    const f = await total([text], floorOf([text]));
    const ours = await total([text], (t) => analyzeParsed(parseFlow(t)));
    declinedRows.push([n.toLocaleString('en'), fmtMs(f), fmtMs(ours), (ours / f).toFixed(2) + '×']);
  }
  printTable(['texts', 'files (size)', 'read by block / yaml', 'floor: yaml + ajv', 'block reader', 'yaml reader', 'block, else yaml', 'chain/floor'], rows);
  console.log();
  printTable(['classic steps, one escaped string', 'floor: yaml + ajv', 'ours: full diagnostics (via yaml)', 'ours/floor'], declinedRows);
}

void main();
