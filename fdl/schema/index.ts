/** The schema layer: the check run by `analyze` and the catalogue read by completion and hover. */
export { checkSchema } from './check-schema';
export { SCHEMA_CODES } from './schema-diagnostics';
export {
  enumValueDescription,
  enumValuesAt,
  schemaText,
  localizedSchemaText,
  propertiesAt,
  propertyAt,
  schemaAt,
  schemaCatalog,
  FDL_CATALOG,
  schemaForStepType,
  stepTypes,
  type DocumentPath,
  type EnumValueInfo,
  type LocalizedText,
  type PropertyInfo,
  type SchemaCatalog,
} from './schema-catalog';
export { FDL_SCHEMA, type JsonSchema } from './fdl-schema';
export { closestMatch } from './did-you-mean';
