/** The user's settings the server honours, read from what the client sends (untrusted shapes). */
import type { DeployTagMode } from '../fdl/check';

/** `flowStudio.diagnostics.deployTags`; anything else is the default. */
export function deployTagModeOf(value: unknown): DeployTagMode {
  return value === 'placeholder' ? 'placeholder' : 'file-hint';
}

/** The mode inside a didChangeConfiguration payload `{ flowStudio: { diagnostics: { deployTags } } }`, if it holds one. */
export function deployTagModeInSettings(settings: unknown): DeployTagMode {
  const s = settings as { flowStudio?: { diagnostics?: { deployTags?: unknown } } } | null | undefined;
  return deployTagModeOf(s?.flowStudio?.diagnostics?.deployTags);
}
