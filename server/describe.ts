/** Markdown for a schema property or enum value, shared by completion documentation and hover. */
import { formatMessage, defineMessages, type Locale } from '../fdl/messages';
import { schemaText, type EnumValueInfo, type PropertyInfo } from '../fdl/schema/index';

const messages = defineMessages({
  allowed: 'Allowed values: {0}',
  default: 'Default: `{0}`',
  required: 'Required.',
});

export function describeProperty(p: PropertyInfo, locale: Locale): string {
  const parts: string[] = [];
  const text = schemaText(p.description, locale);
  if (text) parts.push(text);
  if (p.enumValues?.length) {
    parts.push(
      formatMessage(messages.allowed, locale, '') +
        '\n' +
        p.enumValues.map((v) => `- \`${String(v.value)}\`${v.description ? ' — ' + schemaText(v.description, locale) : ''}`).join('\n'),
    );
  }
  if (p.default !== undefined) parts.push(formatMessage(messages.default, locale, JSON.stringify(p.default).replace(/^"|"$/g, '')));
  if (p.required) parts.push(formatMessage(messages.required, locale));
  return parts.join('\n\n');
}

export function describeEnumValue(v: EnumValueInfo, locale: Locale): string {
  return schemaText(v.description, locale) ?? '';
}
