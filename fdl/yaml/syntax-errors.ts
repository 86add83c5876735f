/**
 * What a YAML syntax error or warning from the `yaml` library says to the user: our own code and
 * our own wording (English and Simplified Chinese, each with what to do) per library error code.
 *
 * The codes are written out here, not derived from the library's codes, so a `yaml` upgrade that
 * renames or adds a code cannot silently change a published diagnostic code: an unknown library
 * code becomes `yaml-syntax-error` with the library's text as the detail.
 *
 * The library's English text is kept as a detail only where it names something the general
 * message cannot (the unexpected token, the bad escape, the unknown directive). For the common
 * variants of a code (which character is missing, which indentation is wrong) a variant entry
 * matches the library's text and says it in both languages, with the specifics as arguments.
 */
import type { ErrorCode } from 'yaml';
import type { FdlDiagnostic, Severity } from '../diagnostic';
import { defineMessages, formatMessage, type Locale, localizable, type MessageText } from '../messages';

interface Variant {
  /** Matches the library's message; capture groups become the text's `{0}`, `{1}`… */
  match: RegExp;
  text: MessageText;
}

interface YamlErrorEntry {
  /** Our published diagnostic code. */
  code: string;
  /** The general wording; `{0}` is the library's text when `detail` is set. */
  text: MessageText;
  /** True when the library's text names something the general wording does not. */
  detail?: boolean;
  variants?: Variant[];
}

const m = defineMessages({
  // MISSING_CHAR variants
  closingQuote: 'YAML syntax error: a quoted value is missing its closing {0}. Add the closing quote at the end of the value.',
  flowEnd: 'YAML syntax error: a {0} opened here is not closed. Add the closing `{1}`, or remove the opening bracket to write the value in block style.',
  flowSeparator: 'YAML syntax error: two items of a {0} are not separated. Put a `,` between the items (and `: ` between a key and its value).',
  keyWithoutValue: 'YAML syntax error: this key is not followed by `:` and a value. Add `: ` after the key, or remove the line.',
  spaceBeforeComment: 'YAML syntax error: a `#` comment must be separated from the value by a space. Add a space before `#`, or quote the value if `#` belongs to it.',
  seqItemWithoutDash: 'YAML syntax error: a list item has no `- ` in front of it. Start the item with `- `, at the same column as the other items.',
  missingChar: 'YAML syntax error: a required character is missing here ({0}). Add it, or quote the value.',
  // BAD_INDENT variants
  flowInBlock:
    'YAML syntax error: a {0} inside an indented block must be indented more than its key and closed with `{1}`. Indent its lines further and close it, or write it in block style.',
  mapColumn: 'YAML syntax error: the keys of one mapping must start at the same column. Align this key with the keys above it.',
  seqColumn: 'YAML syntax error: the items of one list must start at the same column. Align this `- ` with the items above it.',
  flowEndIndent: 'YAML: the closing bracket of a multi-line {0} should be indented more than its key. Indent it further.',
  badIndent: 'YAML syntax error: wrong indentation here. Indent the line like its siblings (spaces only), deeper than its parent key.',
  blockAsImplicitKey:
    'YAML syntax error: a nested mapping or list cannot start on the same line as its key. Put a line break after `key:` and indent the nested value on the next lines.',
  duplicateKey: 'YAML syntax error: this key appears twice in the same mapping. Remove or rename one of them.',
  multilineImplicitKey: 'YAML syntax error: a key must be on a single line. Usually the line above is missing its `:` or a closing quote; fix it, or join the key into one line.',
  tabAsIndent: 'YAML syntax error: tabs are not allowed for indentation. Indent with spaces.',
  strayText:
    'YAML syntax error: `{0}` here belongs to no mapping or list: its indentation does not match any key above, or the line above lacks its `:`. Indent it like its siblings, or fix the line above.',
  afterValue: 'YAML syntax error: {0} follows a complete value on the same line. Put it on its own line, or quote the whole value.',
  unexpectedToken: 'YAML syntax error: unexpected text here ({0}). Check the indentation and the `:` of the line, or quote the value.',
  badScalarStart: 'YAML syntax error: an unquoted value cannot start with `{0}`. Quote the value.',
  badDqEscape: 'YAML syntax error: `{0}` is not an escape sequence in a double-quoted value. Write `\\\\` for a backslash, or use single quotes.',
  blockInFlow: 'YAML syntax error: a block mapping or list cannot be inside `{ }` or `[ ]`. Write the whole value in block style or in flow style.',
  badAlias: 'YAML syntax error: this anchor or alias is not valid ({0}). Give it a name without a trailing `:`, or quote the value if `&`/`*` belongs to it.',
  aliasProps: 'YAML syntax error: an alias (`*name`) cannot have a tag or an anchor. Remove them.',
  badPropOrder: 'YAML syntax error: an anchor or tag must come after the `-`, `?` or `:` indicator. Move it after the indicator.',
  multipleAnchors: 'YAML syntax error: a value can have at most one anchor. Remove the extra `&name`.',
  multipleTags: 'YAML syntax error: a value can have at most one tag. Remove the extra `!tag`.',
  multipleDocs: 'YAML syntax error: a flow file holds one YAML document, but `---` starts another. Remove the second document or move it to its own file.',
  badDirective: 'YAML: this `%` directive is not understood ({0}). Remove it; flow files need no directives.',
  nonStringKey: 'YAML syntax error: keys must be text. Quote the key.',
  keyTooLong: 'YAML syntax error: the `:` after an unquoted key must be within 1024 characters of its start. Shorten the key or use an explicit `? ` key.',
  collectionType: 'YAML: this tag does not fit the value it is on ({0}). Remove the tag or change the value.',
  tooDeep: 'YAML syntax error: the document is nested too deeply to read. Flatten the structure.',
  other: 'YAML syntax error: {0}. Check the indentation and the `:` of the line, or quote the value.',
});

const FLOW_NAMES: Record<string, MessageText> = {
  'flow map': localizable('flow mapping `{ }`'),
  'flow sequence': localizable('flow list `[ ]`'),
};

/** Every code the `yaml` library's composer and parser emit (yaml's `ErrorCode`), ours beside it. */
export const YAML_ERRORS: Record<ErrorCode, YamlErrorEntry> = {
  ALIAS_PROPS: { code: 'yaml-alias-props', text: m.aliasProps },
  BAD_ALIAS: { code: 'yaml-bad-alias', text: m.badAlias, detail: true },
  BAD_COLLECTION_TYPE: { code: 'yaml-bad-collection-type', text: m.collectionType, detail: true },
  BAD_DIRECTIVE: { code: 'yaml-bad-directive', text: m.badDirective, detail: true },
  BAD_DQ_ESCAPE: {
    code: 'yaml-bad-dq-escape',
    text: m.other,
    detail: true,
    variants: [{ match: /^Invalid escape sequence (.*)$/, text: m.badDqEscape }],
  },
  BAD_INDENT: {
    code: 'yaml-bad-indent',
    text: m.badIndent,
    variants: [
      { match: /^(Flow map|Flow sequence) in block collection must be sufficiently indented and end with a ([}\]])/, text: m.flowInBlock },
      { match: /^All mapping items must start at the same column/, text: m.mapColumn },
      { match: /^All sequence items must start at the same column/, text: m.seqColumn },
    ],
  },
  BAD_PROP_ORDER: { code: 'yaml-bad-prop-order', text: m.badPropOrder },
  BAD_SCALAR_START: {
    code: 'yaml-bad-scalar-start',
    text: m.other,
    detail: true,
    variants: [{ match: /^Plain value cannot start with .*?(\S)$/, text: m.badScalarStart }],
  },
  BLOCK_AS_IMPLICIT_KEY: { code: 'yaml-block-as-implicit-key', text: m.blockAsImplicitKey },
  BLOCK_IN_FLOW: { code: 'yaml-block-in-flow', text: m.blockInFlow },
  DUPLICATE_KEY: { code: 'yaml-duplicate-key', text: m.duplicateKey },
  IMPOSSIBLE: { code: 'yaml-impossible', text: m.other, detail: true },
  KEY_OVER_1024_CHARS: { code: 'yaml-key-over-1024-chars', text: m.keyTooLong },
  MISSING_CHAR: {
    code: 'yaml-missing-char',
    text: m.missingChar,
    detail: true,
    variants: [
      { match: /^Missing closing ("|')quote/, text: m.closingQuote },
      { match: /^(Flow map|Flow sequence) must end with a ([}\]])/, text: m.flowEnd },
      { match: /^Missing (?:,|, or :|space after :) (?:between|in) (flow map|flow sequence)/, text: m.flowSeparator },
      { match: /^Implicit map keys need to be followed by map values/, text: m.keyWithoutValue },
      { match: /^Comments must be separated from other tokens by white space/, text: m.spaceBeforeComment },
      { match: /^Sequence item without - indicator/, text: m.seqItemWithoutDash },
    ],
  },
  MULTILINE_IMPLICIT_KEY: { code: 'yaml-multiline-implicit-key', text: m.multilineImplicitKey },
  MULTIPLE_ANCHORS: { code: 'yaml-multiple-anchors', text: m.multipleAnchors },
  MULTIPLE_DOCS: { code: 'yaml-multiple-docs', text: m.multipleDocs },
  MULTIPLE_TAGS: { code: 'yaml-multiple-tags', text: m.multipleTags },
  NON_STRING_KEY: { code: 'yaml-non-string-key', text: m.nonStringKey },
  RESOURCE_EXHAUSTION: { code: 'yaml-resource-exhaustion', text: m.tooDeep },
  TAB_AS_INDENT: { code: 'yaml-tab-as-indent', text: m.tabAsIndent },
  TAG_RESOLVE_FAILED: { code: 'yaml-tag-resolve-failed', text: m.collectionType, detail: true },
  UNEXPECTED_TOKEN: {
    code: 'yaml-unexpected-token',
    text: m.unexpectedToken,
    detail: true,
    variants: [
      { match: /^Unexpected (?:,|empty item) in (flow map|flow sequence)/, text: m.flowSeparator },
      // The source as the library quotes it (JSON); its first line names the stray text.
      { match: /^Unexpected [\w-]+ token in YAML (?:stream|document): "([^"\\]+)/, text: m.strayText },
      { match: /^Unexpected ([\w-]+) at node end/, text: m.afterValue },
      { match: /^Unexpected block-seq-ind on same line with key/, text: m.blockAsImplicitKey },
    ],
  },
};

/** The code of a library error code that is not in the table (a `yaml` upgrade added it). */
export const UNKNOWN_YAML_ERROR_CODE = 'yaml-syntax-error';

/** Every code this module can publish. */
export const YAML_SYNTAX_CODES: readonly string[] = [...new Set([...Object.values(YAML_ERRORS).map((e) => e.code), UNKNOWN_YAML_ERROR_CODE])];

interface LibraryError {
  code: string;
  message: string;
  pos: [number, number];
}

/** Our diagnostic for one of the `yaml` library's errors (severity 'error') or warnings ('warning'). */
export function yamlSyntaxDiagnostic(e: LibraryError, severity: Severity, locale: Locale): FdlDiagnostic {
  return {
    code: YAML_ERRORS[e.code as ErrorCode]?.code ?? UNKNOWN_YAML_ERROR_CODE,
    severity,
    message: yamlSyntaxMessage(e.code, e.message, locale),
    span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
  };
}

/** The wording of a library error: a variant's, else the code's (with the library's text if it is a detail), else the fallback. */
export function yamlSyntaxMessage(libraryCode: string, libraryMessage: string, locale: Locale): string {
  const text = libraryMessage.split('\n')[0].replace(/\.$/, '');
  const entry = YAML_ERRORS[libraryCode as ErrorCode];
  if (!entry) return formatMessage(m.other, locale, text);
  for (const v of entry.variants ?? []) {
    const found = v.match.exec(text);
    if (found) return formatMessage(v.text, locale, ...found.slice(1).map((a) => localiseArgument(a, locale)));
  }
  return entry.detail ? formatMessage(entry.text, locale, text) : formatMessage(entry.text, locale);
}

/** The library's token kinds, as a reader knows them. */
const TOKEN_NAMES: Record<string, MessageText> = {
  scalar: localizable('another value'),
  'double-quoted-scalar': localizable('a quoted value'),
  'single-quoted-scalar': localizable('a quoted value'),
  alias: localizable('an alias `*`'),
  anchor: localizable('an anchor `&`'),
  tag: localizable('a tag `!`'),
  'flow-seq-start': localizable('`[`'),
  'flow-seq-end': localizable('`]`'),
  'flow-map-start': localizable('`{`'),
  'flow-map-end': localizable('`}`'),
  'flow-error-end': localizable('a closing bracket'),
  'seq-item-ind': localizable('`-`'),
  'map-value-ind': localizable('`:`'),
  'explicit-key-ind': localizable('`?`'),
  comma: localizable('`,`'),
  '"': localizable('double quote `"`'),
  "'": localizable("single quote `'`"),
};

function localiseArgument(a: string, locale: Locale): string {
  // Own entries only: the argument is text from the document (a token), `constructor` included.
  const lower = a.toLowerCase();
  const name = Object.hasOwn(FLOW_NAMES, lower) ? FLOW_NAMES[lower] : Object.hasOwn(TOKEN_NAMES, a) ? TOKEN_NAMES[a] : undefined;
  return name ? formatMessage(name, locale) : a;
}

/**
 * `yamlSyntaxDiagnostic` placed where an editor shows it in `text`: a finding `yaml` places at the
 * very end of the text (an unclosed quote or bracket runs to it) would be an empty range after the
 * last line, which an editor barely shows, so it goes on the text's last visible character instead.
 */
export function textSyntaxDiagnostic(e: LibraryError, severity: Severity, locale: Locale, text: string): FdlDiagnostic {
  const d = yamlSyntaxDiagnostic(e, severity, locale);
  if (d.span.start < text.length) return d;
  const last = text.trimEnd().length - 1;
  if (last < 0) return d;
  return { ...d, span: { start: last, end: last + 1 } };
}
