export {
  mappingSchema,
  fieldSpecSchema,
  fieldSpecObjectSchema,
  metadataSpecSchema,
  FIELD_TYPES,
  REQUEST_FIELDS,
} from './schema.js';
export type { MappingConfig, ParsedMapping, FieldSpec, FieldSpecObject, FieldType, MetadataValueSpec, RequestField } from './schema.js';
export { compileMapping, parseMapping } from './compile-mapping.js';
export type { CompileMappingOptions } from './compile-mapping.js';
export { lintMapping } from './lint-mapping.js';
export type { MappingFinding } from './lint-mapping.js';
export { mappingHash } from './mapping-hash.js';
export { deriveDocumentId } from './document-id.js';
export { toUtcTimestamp, EPOCH_SECONDS_BELOW, EPOCH_MILLIS_BELOW } from './coerce-timestamp.js';
