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
import type { FdlDiagnostic, Severity } from './diagnostic';
import { defineMessages, formatMessage, type Locale, type MessageText } from './messages';

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
  closingQuote: {
    en: 'YAML syntax error: a quoted value is missing its closing {0}. Add the closing quote at the end of the value.',
    'zh-cn': 'YAML 语法错误：带引号的值缺少结尾的 {0}。请在值的末尾补上结尾引号。',
  },
  flowEnd: {
    en: 'YAML syntax error: a {0} opened here is not closed. Add the closing `{1}`, or remove the opening bracket to write the value in block style.',
    'zh-cn': 'YAML 语法错误：此处打开的 {0} 没有闭合。请补上结尾的 `{1}`，或删除开头的括号改用块格式书写。',
  },
  flowSeparator: {
    en: 'YAML syntax error: two items of a {0} are not separated. Put a `,` between the items (and `: ` between a key and its value).',
    'zh-cn': 'YAML 语法错误：{0} 中的两个条目之间没有分隔。请在条目之间加上 `,`（键与值之间加上 `: `）。',
  },
  keyWithoutValue: {
    en: 'YAML syntax error: this key is not followed by `:` and a value. Add `: ` after the key, or remove the line.',
    'zh-cn': 'YAML 语法错误：此键后面没有 `:` 和值。请在键后加上 `: `，或删除这一行。',
  },
  spaceBeforeComment: {
    en: 'YAML syntax error: a `#` comment must be separated from the value by a space. Add a space before `#`, or quote the value if `#` belongs to it.',
    'zh-cn': 'YAML 语法错误：`#` 注释与值之间必须有空格。请在 `#` 前加一个空格；如果 `#` 是值的一部分，请给值加上引号。',
  },
  seqItemWithoutDash: {
    en: 'YAML syntax error: a list item has no `- ` in front of it. Start the item with `- `, at the same column as the other items.',
    'zh-cn': 'YAML 语法错误：列表条目前面缺少 `- `。请以 `- ` 开始该条目，并与其他条目对齐。',
  },
  missingChar: {
    en: 'YAML syntax error: a required character is missing here ({0}). Add it, or quote the value.',
    'zh-cn': 'YAML 语法错误：此处缺少必需的字符（{0}）。请补上该字符，或给值加上引号。',
  },
  // BAD_INDENT variants
  flowInBlock: {
    en: 'YAML syntax error: a {0} inside an indented block must be indented more than its key and closed with `{1}`. Indent its lines further and close it, or write it in block style.',
    'zh-cn': 'YAML 语法错误：缩进块中的 {0} 必须比它的键缩进更多，并以 `{1}` 结尾。请增加其各行的缩进并闭合，或改用块格式书写。',
  },
  mapColumn: {
    en: 'YAML syntax error: the keys of one mapping must start at the same column. Align this key with the keys above it.',
    'zh-cn': 'YAML 语法错误：同一映射中的键必须从同一列开始。请将此键与上面的键对齐。',
  },
  seqColumn: {
    en: 'YAML syntax error: the items of one list must start at the same column. Align this `- ` with the items above it.',
    'zh-cn': 'YAML 语法错误：同一列表中的条目必须从同一列开始。请将此 `- ` 与上面的条目对齐。',
  },
  flowEndIndent: {
    en: 'YAML: the closing bracket of a multi-line {0} should be indented more than its key. Indent it further.',
    'zh-cn': 'YAML：多行 {0} 的结尾括号应比它的键缩进更多。请增加它的缩进。',
  },
  badIndent: {
    en: 'YAML syntax error: wrong indentation here. Indent the line like its siblings (spaces only), deeper than its parent key.',
    'zh-cn': 'YAML 语法错误：此处缩进不正确。请让这一行与同级条目对齐（只用空格），并比其父键缩进更多。',
  },
  blockAsImplicitKey: {
    en: 'YAML syntax error: a nested mapping or list cannot start on the same line as its key. Put a line break after `key:` and indent the nested value on the next lines.',
    'zh-cn': 'YAML 语法错误：嵌套的映射或列表不能与它的键写在同一行。请在 `键:` 后换行，并在下一行缩进书写嵌套的值。',
  },
  duplicateKey: {
    en: 'YAML syntax error: this key appears twice in the same mapping. Remove or rename one of them.',
    'zh-cn': 'YAML 语法错误：同一映射中此键出现了两次。请删除或重命名其中一个。',
  },
  multilineImplicitKey: {
    en: 'YAML syntax error: a key must be on a single line. Usually the line above is missing its `:` or a closing quote; fix it, or join the key into one line.',
    'zh-cn': 'YAML 语法错误：键必须写在一行内。通常是上一行缺少 `:` 或结尾引号；请修正它，或把键写在同一行。',
  },
  tabAsIndent: {
    en: 'YAML syntax error: tabs are not allowed for indentation. Indent with spaces.',
    'zh-cn': 'YAML 语法错误：不允许用制表符缩进。请改用空格缩进。',
  },
  strayText: {
    en: 'YAML syntax error: `{0}` here belongs to no mapping or list: its indentation does not match any key above, or the line above lacks its `:`. Indent it like its siblings, or fix the line above.',
    'zh-cn': 'YAML 语法错误：此处的 `{0}` 不属于任何映射或列表：它的缩进与上面的键都不对齐，或者上一行缺少 `:`。请让它与同级条目对齐，或修正上一行。',
  },
  afterValue: {
    en: 'YAML syntax error: {0} follows a complete value on the same line. Put it on its own line, or quote the whole value.',
    'zh-cn': 'YAML 语法错误：一个完整的值之后在同一行又出现了{0}。请把它放到单独的一行，或给整个值加上引号。',
  },
  unexpectedToken: {
    en: 'YAML syntax error: unexpected text here ({0}). Check the indentation and the `:` of the line, or quote the value.',
    'zh-cn': 'YAML 语法错误：此处出现了意外的内容（{0}）。请检查这一行的缩进和 `:`，或给值加上引号。',
  },
  badScalarStart: {
    en: 'YAML syntax error: an unquoted value cannot start with `{0}`. Quote the value.',
    'zh-cn': 'YAML 语法错误：未加引号的值不能以 `{0}` 开头。请给值加上引号。',
  },
  badDqEscape: {
    en: 'YAML syntax error: `{0}` is not an escape sequence in a double-quoted value. Write `\\\\` for a backslash, or use single quotes.',
    'zh-cn': 'YAML 语法错误：`{0}` 不是双引号值中的转义序列。反斜杠请写成 `\\\\`，或改用单引号。',
  },
  blockInFlow: {
    en: 'YAML syntax error: a block mapping or list cannot be inside `{ }` or `[ ]`. Write the whole value in block style or in flow style.',
    'zh-cn': 'YAML 语法错误：`{ }` 或 `[ ]` 中不能包含块格式的映射或列表。请将整个值统一写成块格式或流格式。',
  },
  badAlias: {
    en: 'YAML syntax error: this anchor or alias is not valid ({0}). Give it a name without a trailing `:`, or quote the value if `&`/`*` belongs to it.',
    'zh-cn': 'YAML 语法错误：此锚点或别名无效（{0}）。请使用不以 `:` 结尾的名称；如果 `&`/`*` 是值的一部分，请给值加上引号。',
  },
  aliasProps: {
    en: 'YAML syntax error: an alias (`*name`) cannot have a tag or an anchor. Remove them.',
    'zh-cn': 'YAML 语法错误：别名（`*名称`）不能带标签或锚点。请删除它们。',
  },
  badPropOrder: {
    en: 'YAML syntax error: an anchor or tag must come after the `-`, `?` or `:` indicator. Move it after the indicator.',
    'zh-cn': 'YAML 语法错误：锚点或标签必须写在 `-`、`?` 或 `:` 指示符之后。请把它移到指示符之后。',
  },
  multipleAnchors: {
    en: 'YAML syntax error: a value can have at most one anchor. Remove the extra `&name`.',
    'zh-cn': 'YAML 语法错误：一个值最多只能有一个锚点。请删除多余的 `&名称`。',
  },
  multipleTags: {
    en: 'YAML syntax error: a value can have at most one tag. Remove the extra `!tag`.',
    'zh-cn': 'YAML 语法错误：一个值最多只能有一个标签。请删除多余的 `!标签`。',
  },
  multipleDocs: {
    en: 'YAML syntax error: a flow file holds one YAML document, but `---` starts another. Remove the second document or move it to its own file.',
    'zh-cn': 'YAML 语法错误：流程文件只能包含一个 YAML 文档，但 `---` 开始了另一个文档。请删除第二个文档或把它移到单独的文件。',
  },
  badDirective: {
    en: 'YAML: this `%` directive is not understood ({0}). Remove it; flow files need no directives.',
    'zh-cn': 'YAML：无法识别此 `%` 指令（{0}）。请删除它；流程文件不需要指令。',
  },
  nonStringKey: {
    en: 'YAML syntax error: keys must be text. Quote the key.',
    'zh-cn': 'YAML 语法错误：键必须是文本。请给键加上引号。',
  },
  keyTooLong: {
    en: 'YAML syntax error: the `:` after an unquoted key must be within 1024 characters of its start. Shorten the key or use an explicit `? ` key.',
    'zh-cn': 'YAML 语法错误：未加引号的键与其后的 `:` 之间不能超过 1024 个字符。请缩短键或使用显式的 `? ` 键。',
  },
  collectionType: {
    en: 'YAML: this tag does not fit the value it is on ({0}). Remove the tag or change the value.',
    'zh-cn': 'YAML：此标签与所标注的值不匹配（{0}）。请删除标签或修改值。',
  },
  tooDeep: {
    en: 'YAML syntax error: the document is nested too deeply to read. Flatten the structure.',
    'zh-cn': 'YAML 语法错误：文档嵌套过深，无法读取。请减少嵌套层级。',
  },
  other: {
    en: 'YAML syntax error: {0}. Check the indentation and the `:` of the line, or quote the value.',
    'zh-cn': 'YAML 语法错误：{0}。请检查这一行的缩进和 `:`，或给值加上引号。',
  },
});

const FLOW_NAMES: Record<string, MessageText> = {
  'flow map': { en: 'flow mapping `{ }`', 'zh-cn': '流映射 `{ }`' },
  'flow sequence': { en: 'flow list `[ ]`', 'zh-cn': '流列表 `[ ]`' },
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
  scalar: { en: 'another value', 'zh-cn': '另一个值' },
  'double-quoted-scalar': { en: 'a quoted value', 'zh-cn': '带引号的值' },
  'single-quoted-scalar': { en: 'a quoted value', 'zh-cn': '带引号的值' },
  alias: { en: 'an alias `*`', 'zh-cn': '别名 `*`' },
  anchor: { en: 'an anchor `&`', 'zh-cn': '锚点 `&`' },
  tag: { en: 'a tag `!`', 'zh-cn': '标签 `!`' },
  'flow-seq-start': { en: '`[`', 'zh-cn': '`[`' },
  'flow-seq-end': { en: '`]`', 'zh-cn': '`]`' },
  'flow-map-start': { en: '`{`', 'zh-cn': '`{`' },
  'flow-map-end': { en: '`}`', 'zh-cn': '`}`' },
  'flow-error-end': { en: 'a closing bracket', 'zh-cn': '结尾括号' },
  'seq-item-ind': { en: '`-`', 'zh-cn': '`-`' },
  'map-value-ind': { en: '`:`', 'zh-cn': '`:`' },
  'explicit-key-ind': { en: '`?`', 'zh-cn': '`?`' },
  comma: { en: '`,`', 'zh-cn': '`,`' },
  '"': { en: 'double quote `"`', 'zh-cn': '双引号 `"`' },
  "'": { en: "single quote `'`", 'zh-cn': "单引号 `'`" },
};

function localiseArgument(a: string, locale: Locale): string {
  // Own entries only: the argument is text from the document (a token), `constructor` included.
  const lower = a.toLowerCase();
  const name = Object.hasOwn(FLOW_NAMES, lower) ? FLOW_NAMES[lower] : Object.hasOwn(TOKEN_NAMES, a) ? TOKEN_NAMES[a] : undefined;
  return name ? formatMessage(name, locale) : a;
}
