/** Where the Run Flow CodeLens goes: the top-level `steps:` key (classic FDL) or `States:` (StateMachine). */
/** The 0-based line of the top-level `steps:` or `States:` key, if any. */
export function topLevelStepsLine(text: string): number | undefined {
  const m = /^(?:steps|States)\s*:/m.exec(text);
  if (!m) return undefined;
  let line = 0;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
