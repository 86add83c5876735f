/**
 * The flows deployed in the account's region, as "Show Cloud Flows" lists them: every flow, with
 * or without executions (the Executions view only shows flows through their executions), the most
 * recently modified first.
 */
import type { FnfFlow } from './fnf-client';

export interface CloudFlowRow {
  name: string;
  description?: string;
  /** ISO time from ListFlows, when the service gave one. */
  lastModifiedTime?: string;
  /** `Standard` or `Express`, when the service gave it. */
  executionMode?: string;
}

export async function listCloudFlows(backend: { listFlows(): Promise<FnfFlow[]> }): Promise<CloudFlowRow[]> {
  const rows = (await backend.listFlows()).map((f): CloudFlowRow => ({
    name: f.Name,
    ...(f.Description ? { description: f.Description } : {}),
    ...(f.LastModifiedTime || f.CreatedTime ? { lastModifiedTime: f.LastModifiedTime || f.CreatedTime } : {}),
    ...(f.ExecutionMode ? { executionMode: f.ExecutionMode } : {}),
  }));
  return rows.sort((a, b) => timeOf(b) - timeOf(a) || a.name.localeCompare(b.name));
}

function timeOf(row: CloudFlowRow): number {
  const t = row.lastModifiedTime ? Date.parse(row.lastModifiedTime) : NaN;
  return Number.isFinite(t) ? t : 0;
}
