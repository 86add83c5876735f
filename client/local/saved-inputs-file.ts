/**
 * The flow's saved-inputs file (`<flow>.inputs.json`, model/flow-companions.ts) as the Run Flow
 * picker reads it: read bounded (the engine's readUtf8TextOrWhy), so a file there that is a FIFO,
 * a link to a device, too large or not UTF-8 is a warning saying why instead of a frozen extension
 * host (the read is synchronous) or one out of memory.
 */
import { existsSync } from 'node:fs';
import type { Locale } from '../../fdl/messages';
import { MAX_JSON_BYTES, readUtf8TextOrWhy } from '../../engine/index';
import { parseSavedInputs, type SavedInput } from '../model/input-history';

/** The file's text; undefined when there is none; `why` when it cannot be read. */
export function savedInputsText(file: string, locale?: Locale): { text: string } | { why: string } | undefined {
  if (!existsSync(file)) return undefined;
  return readUtf8TextOrWhy(file, MAX_JSON_BYTES, locale);
}

/** The named inputs of the file (none when it is missing), and why the rest could not be had. */
export function readSavedInputsFile(file: string, locale?: Locale): { inputs: SavedInput[]; error?: string } {
  const read = savedInputsText(file, locale);
  if (read === undefined) return { inputs: [] };
  if ('why' in read) return { inputs: [], error: read.why };
  return parseSavedInputs(read.text);
}
