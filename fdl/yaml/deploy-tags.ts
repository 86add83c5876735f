/**
 * Deploy-time tags (`!Ref`, `!Sub`, … from Funcraft / ROS templates) that published flows carry.
 * Both YAML readers resolve them to their untagged content so such flows parse; rules may flag
 * the placeholders.
 */
export const DEPLOY_TAGS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'Base64',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Replace',
] as const;

/** `!Ref` … as written in the text. */
export const DEPLOY_TAG_NAMES: ReadonlySet<string> = new Set(DEPLOY_TAGS.map((t) => `!${t}`));
