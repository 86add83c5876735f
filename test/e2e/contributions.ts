/**
 * What the extension contributes, read from package.json: command palette titles and view names,
 * so the suite types what a user would see, and knows which features exist yet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    viewsContainers?: Record<string, { id: string; title: string }[]>;
    views?: Record<string, { id: string; name: string }[]>;
  };
}

export class Contributions {
  private readonly manifest: Manifest;
  /** Strings for `%key%` placeholders (package.nls[.<language>].json), as the workbench shows them. */
  private readonly nls: Record<string, string>;

  /** `language`: the display language (e.g. `zh-cn`); English when absent. */
  constructor(repoRoot: string, language?: string) {
    this.manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const nlsFile = join(repoRoot, language ? `package.nls.${language}.json` : 'package.nls.json');
    this.nls = existsSync(nlsFile) ? (JSON.parse(readFileSync(nlsFile, 'utf8')) as Record<string, string>) : {};
  }

  private text(s: string): string {
    return s.replace(/^%(.+)%$/, (whole, key: string) => this.nls[key] ?? whole);
  }

  /** The palette title ("Category: Title") of a contributed command, or undefined if there is none. */
  commandTitle(id: string): string | undefined {
    const c = this.manifest.contributes?.commands?.find((x) => x.command === id);
    if (!c) return undefined;
    return c.category ? `${this.text(c.category)}: ${this.text(c.title)}` : this.text(c.title);
  }

  /** A command's title without its category, as inline actions in a view show it. */
  plainCommandTitle(id: string): string | undefined {
    const c = this.manifest.contributes?.commands?.find((x) => x.command === id);
    return c && this.text(c.title);
  }

  /** The text of a package.nls key in this display language. */
  nlsText(key: string): string {
    const text = this.nls[key];
    if (text === undefined) throw new Error(`package.nls has no ${key}`);
    return text;
  }

  viewName(id: string): string | undefined {
    for (const list of Object.values(this.manifest.contributes?.views ?? {})) {
      const v = list.find((x) => x.id === id);
      if (v) return this.text(v.name);
    }
    return undefined;
  }

  viewContainerTitle(id: string): string | undefined {
    for (const list of Object.values(this.manifest.contributes?.viewsContainers ?? {})) {
      const v = list.find((x) => x.id === id);
      if (v) return this.text(v.title);
    }
    return undefined;
  }

  /** Ids in `ids` that package.json does not contribute (commands or views). */
  missing(ids: string[]): string[] {
    return ids.filter((id) => this.commandTitle(id) === undefined && this.viewName(id) === undefined && this.viewContainerTitle(id) === undefined);
  }
}
