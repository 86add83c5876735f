/**
 * The functions declared in the workspace's Serverless Devs files (`s.yaml` / `s.yml`), offered
 * as `resourceArn` completions. Scanned once from the workspace folders, then kept current from
 * didChangeWatchedFiles. The reading itself is fdl/serverless-devs.ts (pure); this is the I/O.
 */
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Locale } from '../fdl/messages';
import type { ParsedFlow } from '../fdl/parse';
import type { FdlDiagnostic } from '../fdl/diagnostic';
import { parseResourceArn } from '../fdl/arn';
import { defineMessages, formatMessage } from '../fdl/messages';
import { findDeclaredFunction, readServerlessDevs, type DeclaredFunction } from '../fdl/serverless-devs';
import { taskResourceArns } from '../fdl/task-arns';
import type { WorkspaceFunction } from './feature-env';

const messages = defineMessages({
  notDeclared3:
    'No s.yaml in the workspace declares the FC 3.0 function `{0}` (edition 3.0.0: `resources.<name>.props.functionName`), so a local run reaches it only through a mock.',
  notDeclared2:
    'No s.yaml in the workspace declares the function `{0}` of service `{1}` (edition 1.0.0: `services.<name>.props.service.name` and `function.name`), so a local run reaches it only through a mock.',
});

const FILE_NAMES = new Set(['s.yaml', 's.yml']);
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', '.cache']);
const MAX_DEPTH = 6;
const MAX_DIRS = 5_000;
const MAX_FILE_BYTES = 1_000_000;

export function isServerlessDevsUri(uri: string): boolean {
  return FILE_NAMES.has(basename(uri.replace(/[?#].*$/, '')));
}

/** The ARN a flow uses for a declared function; empty region/account mean "the flow's own" (SPEC.md). */
export function arnOf(f: DeclaredFunction): string {
  return f.flavor === 'fc' && f.serviceName ? `acs:fc:::services/${f.serviceName}/functions/${f.functionName}` : `acs:fc:::functions/${f.functionName}`;
}

export class WorkspaceFunctions {
  private readonly byFile = new Map<string, WorkspaceFunction[]>();
  private scanning: Promise<void> = Promise.resolve();

  /** Starts (or restarts) a scan of the given folder URIs; `ready` resolves when it ends. */
  scan(folderUris: string[]): void {
    this.scanning = Promise.all(folderUris.map((u) => this.scanFolder(u))).then(
      () => undefined,
      () => undefined,
    );
  }

  get ready(): Promise<void> {
    return this.scanning;
  }

  list(): WorkspaceFunction[] {
    return [...this.byFile.values()].flat();
  }

  /**
   * Findings for FC task ARNs (FC 2.0 `services/…` and FC 3.0 `functions/…`; a classic task's
   * `resourceArn` or a StateMachine Task's `Parameters.resourceArn`, fdl/task-arns.ts) that no workspace
   * s.yaml declares, matched as the engine matches them (fdl/serverless-devs.ts
   * findDeclaredFunction). Only when the workspace declares functions at all: without an s.yaml
   * the flow's functions live elsewhere and nothing is known. Information, not a warning: a mock
   * is a legitimate way to run such a task locally.
   */
  check(parsed: ParsedFlow, locale: Locale): FdlDiagnostic[] {
    const declared = this.list();
    if (declared.length === 0) return [];
    const out: FdlDiagnostic[] = [];
    for (const located of taskResourceArns(parsed)) {
      const arn = parseResourceArn(located.value);
      if (arn.kind !== 'fc' || findDeclaredFunction(declared, arn.text)) continue;
      const message = arn.service ? formatMessage(messages.notDeclared2, locale, arn.function, arn.service) : formatMessage(messages.notDeclared3, locale, arn.function);
      out.push({ code: 'workspace-function-not-found', severity: 'information', message, span: located.span });
    }
    return out;
  }

  /** A watched s.yaml was created, changed or deleted; `ready` waits for the re-read too. */
  refresh(uri: string, deleted: boolean): Promise<void> {
    this.scanning = this.scanning.then(() => (deleted ? void this.byFile.delete(uri) : this.readFileUri(uri)));
    return this.scanning;
  }

  private async scanFolder(folderUri: string): Promise<void> {
    let root: string;
    try {
      root = fileURLToPath(folderUri);
    } catch {
      return;
    }
    const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
    let visited = 0;
    while (queue.length && visited++ < MAX_DIRS) {
      const { dir, depth } = queue.shift()!;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.isDirectory() && depth < MAX_DEPTH && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) queue.push({ dir: join(dir, e.name), depth: depth + 1 });
        else if (e.isFile() && FILE_NAMES.has(e.name)) await this.readFileUri(pathToFileURL(join(dir, e.name)).toString());
      }
    }
  }

  private async readFileUri(uri: string): Promise<void> {
    try {
      const path = fileURLToPath(uri);
      const text = await readSmallFile(path);
      if (text === undefined) return void this.byFile.delete(uri);
      const file = readServerlessDevs(text, { env: process.env });
      this.byFile.set(
        uri,
        file.functions.map((f) => ({
          arn: arnOf(f),
          flavor: f.flavor,
          region: f.region,
          serviceName: f.serviceName,
          functionName: f.functionName,
          source: path,
          runtime: f.runtime,
          handler: f.handler,
        })),
      );
    } catch {
      this.byFile.delete(uri);
    }
  }
}

/**
 * The text of the regular file at `path` if it has at most MAX_FILE_BYTES, else undefined. Judged
 * on the opened file, not the name: an s.yaml that is a FIFO (opened without waiting for a writer)
 * or a link to a device such as /dev/zero (which never ends) would otherwise hold the scan forever
 * or fill the memory.
 */
async function readSmallFile(path: string): Promise<string | undefined> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    const buf = Buffer.alloc(st.size);
    const { bytesRead } = await handle.read(buf, 0, st.size, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}
