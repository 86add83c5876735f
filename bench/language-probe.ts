/**
 * One language measurement in a process of its own (spawned by language.bench.ts), so no tool
 * pays for another's heap: `language-probe.ts <tool> <steps>` prints one JSON line of timings.
 *
 * Tools: `ours` (analyze: YAML + schema + semantic rules), `floor` (`yaml` parse + ajv validate),
 * `yls` (yaml-language-server doValidation), `ours-completion`, `yls-completion`; and on the flow
 * with one syntax error mid-file (generateFlowWithSyntaxError, as a user mid-edit leaves it):
 * `ours-broken` (analyze), `floor-broken` (`yaml`'s parseDocument alone: every YAML tool that
 * reports the error pays it), `yls-broken` (doValidation). StateMachine flows
 * (generateStateMachine): `sm-ours` (analyze), `sm-yls` (doValidation with our StateMachine schema),
 * `sm-ours-completion` (a half-typed key in a Task mid-file, and the state names offered at a
 * `Next:` mid-file), `sm-yls-completion` (doComplete at the same key).
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, parse as parseYaml } from 'yaml';
import { analyze, analyzeParsed } from '../fdl/index';
import { parseFlow, reparseFlow, type ParsedFlow } from '../fdl/parse';
import { completeAt } from './completion-probe';
import { generateFlow, generateFlowWithSyntaxError } from './generate-flow';
import { generateStateMachine } from './generate-statemachine';
import { measure } from './measure';

// The bench runs this file bundled from a temporary directory: it passes the repository root.
const schemaPath = join(process.env.FLOW_STUDIO_ROOT ?? join(__dirname, '..'), 'schemas', 'fdl-v1.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const smSchemaPath = join(process.env.FLOW_STUDIO_ROOT ?? join(__dirname, '..'), 'schemas', 'cloudflow-statemachine.schema.json');

function yamlLanguageService(stateMachine = false) {
  const [path, body] = stateMachine ? [smSchemaPath, JSON.parse(readFileSync(smSchemaPath, 'utf8'))] : [schemaPath, schema];
  // Loaded only by the processes that measure it.
  const { getLanguageService } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: the other probes must not pay for loading it
    require('yaml-language-server/lib/umd/languageservice/yamlLanguageService') as typeof import('yaml-language-server/lib/umd/languageservice/yamlLanguageService');
  const yls = getLanguageService({
    schemaRequestService: async () => JSON.stringify(body),
    workspaceContext: { resolveRelativePath: (p: string) => p },
  } as never);
  yls.configure({ validate: true, completion: true, hover: false, schemas: [{ uri: 'file://' + path, fileMatch: ['*.flow.yaml'], schema: body }] } as never);
  return yls;
}

/** Completion at a new key inside a Task state mid-file (`    Ti|`), as a user types `Timeout`. */
function smCompletionCase(text: string, states: number) {
  const mid = text.indexOf('Action: FC:InvokeFunction', text.indexOf(`Name: s${Math.floor(states / 2) - (Math.floor(states / 2) % 5)}\n`));
  const at = text.indexOf('\n', mid) + 1;
  const edited = text.slice(0, at) + '    Ti\n' + text.slice(at);
  const line = edited.slice(0, at).split('\n').length - 1;
  return { edited, pos: { line, character: 6 } };
}

/** Completion at a new key inside a task mid-file (`    pa|`), as a user types `pattern`. */
function completionCase(text: string, steps: number) {
  const mid = text.indexOf(`name: task${Math.floor(steps / 2) - (Math.floor(steps / 2) % 5)}`);
  const at = text.indexOf('\n', text.indexOf('resourceArn:', mid)) + 1;
  const edited = text.slice(0, at) + '    pa\n' + text.slice(at);
  const line = edited.slice(0, at).split('\n').length - 1;
  return { edited, pos: { line, character: 6 } };
}

/** A StateMachine flow with one syntax error mid-file (an unclosed `{` after the state nearest the middle's `Name:`). */
function generateStateMachineWithSyntaxError(states: number): string {
  const text = generateStateMachine(states);
  const at = text.indexOf('Name: ', Math.floor(text.length / 2));
  return text.slice(0, at) + 'Name: {' + text.slice(at + 'Name: '.length);
}

/**
 * Two versions of `text` a keystroke apart, mid-file: a character typed after the first `marker`
 * past the middle (valid text: a digit added to a number; broken text: a letter after the `{`).
 */
function keystroke(text: string, marker: string, typed: string): [string, string] {
  const at = text.indexOf(marker, Math.floor(text.length / 2)) + marker.length;
  return [text, text.slice(0, at) + typed + text.slice(at)];
}

/** Diagnostics of each new version a keystroke apart, as the server makes them: reparsed from the previous version's parse. */
function editedDiagnostics(versions: [string, string]) {
  let prev: ParsedFlow = parseFlow(versions[0]);
  analyzeParsed(prev);
  let k = 0;
  let reparsed = 0;
  const run = () => {
    const text = versions[++k % 2];
    const next = reparseFlow(prev, text);
    if (next) reparsed++;
    prev = next ?? parseFlow(text);
    return analyzeParsed(prev);
  };
  return { run, reparsed: () => reparsed, runs: () => k };
}

async function main() {
  const [tool, stepsArg] = process.argv.slice(2);
  const steps = Number(stepsArg);
  const broken = tool.includes('-broken');
  const text = tool.startsWith('sm-')
    ? broken
      ? generateStateMachineWithSyntaxError(steps)
      : generateStateMachine(steps)
    : broken
      ? generateFlowWithSyntaxError(steps)
      : generateFlow(steps);
  const uri = `file:///bench/flow-${steps}.flow.yaml`;
  // Slow tools get fewer runs; every tool at least 5 after 2 warm-up runs.
  const budget = { minRuns: 5, budgetMs: steps >= 5000 ? 6000 : 3000 };
  const out: Record<string, unknown> = { tool, steps, bytes: text.length };
  switch (tool) {
    case 'ours-edit':
    case 'ours-broken-edit':
    case 'sm-ours-edit':
    case 'sm-ours-broken-edit': {
      const versions = broken ? keystroke(text, tool.startsWith('sm-') ? 'Name: {' : 'name: {', 'x') : keystroke(text, tool.startsWith('sm-') ? 'Seconds: ' : 'duration: ', '1');
      const edits = editedDiagnostics(versions);
      Object.assign(out, await measure(edits.run, budget));
      out.errors = edits.run().filter((d) => d.severity === 'error').length;
      // Every version must have been reparsed, or this measures full parses.
      if (edits.reparsed() !== edits.runs()) throw new Error(`${tool}: ${edits.runs() - edits.reparsed()} of ${edits.runs()} versions were parsed whole`);
      break;
    }
    case 'sm-ours':
    case 'sm-ours-broken':
    case 'ours':
    case 'ours-broken': {
      Object.assign(out, await measure(() => analyze(text), budget));
      out.errors = analyze(text).diagnostics.filter((d) => d.severity === 'error').length;
      break;
    }
    case 'floor': {
      const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
      Object.assign(out, await measure(() => validate(parseYaml(text)), budget));
      break;
    }
    case 'floor-broken': {
      Object.assign(out, await measure(() => parseDocument(text), budget));
      out.errors = parseDocument(text).errors.length;
      break;
    }
    case 'sm-yls':
    case 'sm-yls-broken':
    case 'yls':
    case 'yls-broken': {
      const yls = yamlLanguageService(tool.startsWith('sm-'));
      let version = 0;
      // Each run gets a new document version so no tool can answer from a per-version cache.
      Object.assign(out, await measure(() => yls.doValidation(TextDocument.create(uri, 'yaml', ++version, text), false), budget));
      break;
    }
    case 'sm-ours-completion':
    case 'ours-completion': {
      const { edited, pos } = tool === 'sm-ours-completion' ? smCompletionCase(text, steps) : completionCase(text, steps);
      const probe = completeAt(edited, pos);
      Object.assign(out, await measure(() => probe.run(), budget), { firstMs: probe.firstMs, items: probe.items() });
      // A new version per request (the half-typed key edited), as the server answers it, and parsing each version first.
      out.edit = await measure(() => probe.runEdited(), budget);
      out.editParsing = await measure(() => probe.runEditedParsing(), budget);
      if (tool === 'sm-ours-completion') {
        // The states offered at a `Next:` mid-file, on a new version per request (the key line typed), read from the text.
        const names = completeAt(edited, pos, edited.indexOf('Next: ', edited.indexOf(`Name: s${Math.floor(steps / 2)}\n`)) + 'Next: '.length);
        out.names = await measure(() => names.runEdited(), budget);
        out.nameItems = names.items();
      }
      break;
    }
    case 'sm-yls-completion':
    case 'yls-completion': {
      const { edited, pos } = tool === 'sm-yls-completion' ? smCompletionCase(text, steps) : completionCase(text, steps);
      const yls = yamlLanguageService(tool === 'sm-yls-completion');
      const doc = TextDocument.create(uri, 'yaml', 1, edited);
      const t0 = performance.now();
      await yls.doComplete(doc, pos, false);
      out.firstMs = performance.now() - t0;
      Object.assign(out, await measure(() => yls.doComplete(doc, pos, false), budget));
      // A new version per request, the half-typed key edited (`pa` ↔ `pat`), as ours is measured.
      const typed = [edited, edited.slice(0, doc.offsetAt(pos)) + 't' + edited.slice(doc.offsetAt(pos))];
      let version = 1;
      out.edit = await measure(() => yls.doComplete(TextDocument.create(uri, 'yaml', ++version, typed[version % 2]), pos, false), budget);
      break;
    }
    default:
      throw new Error(`unknown tool ${tool}`);
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
