/**
 * The pure half of the cloud flow browser (Show Cloud Flows): which workspace files are a
 * deployed flow's local copy (the same naming Deploy uses: `flowStudio.cloud.flowNames`, else the
 * file's stem), and where a download lands. No vscode here.
 */
import { mappedFlowName } from './flow-name';

export interface WorkspaceFlowFile {
  /** Workspace-relative, `/`-separated. */
  relativePath: string;
  fsPath: string;
}

/** The files that deploy as `flowName`, the mapped ones first (they were named on purpose). */
export function localFilesFor<F extends WorkspaceFlowFile>(flowName: string, files: readonly F[], flowNames: Readonly<Record<string, unknown>>): F[] {
  const mapped = (f: F) => typeof flowNames[f.relativePath.replace(/\\/g, '/')] === 'string';
  return files
    .filter((f) => mappedFlowName(f.relativePath, f.fsPath, flowNames) === flowName)
    .sort((a, b) => Number(mapped(b)) - Number(mapped(a)) || a.relativePath.localeCompare(b.relativePath));
}

/** A download's file name: `<flow>.flow.yaml`, so Deploy and Start name it as the cloud does. */
export function downloadFileName(flowName: string): string {
  return `${flowName}.flow.yaml`;
}
