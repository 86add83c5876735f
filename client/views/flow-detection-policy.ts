/**
 * When a YAML document becomes a flow document (no `vscode` here, so it is unit-tested): a `yaml`
 * document whose top level reads as a flow of either format, classic `type: flow` with `steps:` or
 * `Type: StateMachine` (fdl/parse.ts looksLikeFlow, decided by fdl/dialect.ts), switches to the
 * flow language, on open and after an edit, unless `flowStudio.detectFlowsInYaml` is off.
 *
 * After an edit the check waits for a pause in typing (debounced on change) rather than for a
 * save: untitled documents are never saved, a pasted flow should get its diagnostics while it is
 * being worked on, and a pause keeps the whole-text check off every keystroke and the switch
 * (VS Code closes and reopens the document under the new language) out of the middle of typing.
 *
 * A document whose language is set to `yaml` while it is open (the user setting a switched flow
 * back, say) stays `yaml` until it is closed: edits never switch it against that choice.
 */
import { looksLikeFlow } from '../../fdl/parse';

/** The little of a text document the decision reads. */
export interface DetectedDocument {
  readonly uri: string;
  readonly languageId: string;
  getText(): string;
}

/** Pause after the last edit before the check runs. */
export const DETECTION_DELAY_MS = 500;

/** True when the document is YAML that reads as a flow and detection is on. */
export function shouldSwitchToFlow(document: DetectedDocument, enabled: boolean): boolean {
  return enabled && document.languageId === 'yaml' && looksLikeFlow(document.getText());
}

export interface FlowDetectionHooks {
  /** `flowStudio.detectFlowsInYaml`, read each time (the setting can change at any moment). */
  isEnabled(): boolean;
  /** Switches the document to the flow language. */
  switchToFlow(document: DetectedDocument): void;
  /** Runs `run` after `ms`; returns what cancels it. */
  schedule(run: () => void, ms: number): () => void;
  delayMs?: number;
}

export class FlowDetection {
  private readonly pending = new Map<string, () => void>();
  /**
   * Documents just closed: VS Code changes a document's language by closing it and opening it
   * again in the same tick, so an open that comes before this forgets them is a language change.
   */
  private readonly closing = new Map<string, () => void>();
  /** Documents whose language was set to `yaml` while open: the user's (or a tool's) choice, kept until closed. */
  private readonly keptAsYaml = new Set<string>();

  constructor(private readonly hooks: FlowDetectionHooks) {}

  /** A document was opened, or reopened under another language. */
  opened(document: DetectedDocument): void {
    const reopened = this.closing.get(document.uri);
    if (reopened) {
      reopened();
      this.closing.delete(document.uri);
      // Set to `yaml` by hand (ours only ever switch to the flow language): never switched back.
      if (document.languageId === 'yaml') this.keptAsYaml.add(document.uri);
      return;
    }
    this.check(document);
  }

  /** The document's text changed: check it once typing pauses. */
  changed(document: DetectedDocument): void {
    if (document.languageId !== 'yaml' || this.keptAsYaml.has(document.uri) || !this.hooks.isEnabled()) return;
    this.pending.get(document.uri)?.();
    const cancel = this.hooks.schedule(() => {
      this.pending.delete(document.uri);
      this.check(document);
    }, this.hooks.delayMs ?? DETECTION_DELAY_MS);
    this.pending.set(document.uri, cancel);
  }

  /** The document was closed, for good or to be reopened under another language. */
  closed(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.closing.get(uri)?.();
    this.closing.set(
      uri,
      this.hooks.schedule(() => {
        this.closing.delete(uri);
        this.keptAsYaml.delete(uri);
      }, 0),
    );
  }

  dispose(): void {
    for (const cancel of [...this.pending.values(), ...this.closing.values()]) cancel();
    this.pending.clear();
    this.closing.clear();
  }

  private check(document: DetectedDocument): void {
    if (this.keptAsYaml.has(document.uri) || !shouldSwitchToFlow(document, this.hooks.isEnabled())) return;
    this.hooks.switchToFlow(document);
  }
}
