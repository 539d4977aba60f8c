import { createMemoryRequestSchema } from '@synap-etl/synap-client';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../errors.js';
import type { MapResult, Mapper, WorkItem } from '../pipeline-types.js';
import type { FieldKind } from './coercers.js';
import { ABSENT, compileField } from './compile-field.js';
import type { CompiledField } from './compile-field.js';
import { compileMetadata } from './compile-metadata.js';
import { deriveDocumentId } from './document-id.js';
import { FieldRejection } from './rejection.js';
import { mappingSchema, REQUEST_FIELDS } from './schema.js';
import type { MappingConfig, ParsedMapping, RequestField } from './schema.js';

export interface CompileMappingOptions {
  /** The pipeline name; part of derived document ids, so it must stay stable across runs. */
  pipeline: string;
  /** `b2b`: a request with user_id but no customer_id is rejected here, as B2B instances reject it. */
  scope?: 'b2c' | 'b2b';
}

const KINDS: Record<RequestField, FieldKind> = {
  document: 'document',
  document_type: 'choice',
  document_id: 'id',
  document_created_at: 'timestamp',
  user_id: 'id',
  customer_id: 'id',
  mode: 'choice',
};

const HINT = 'fix the `mapping` section of the pipeline config; `etl validate <config>` lists every problem';

/** Validates a mapping against `mappingSchema`; problems are reported with `mapping.<field>` paths. */
export function parseMapping(config: unknown): ParsedMapping {
  const result = mappingSchema.safeParse(config);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: ['mapping', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ConfigError(`mapping: ${count(issues.length)} in the config`, issues, { hint: HINT });
}

/**
 * Compiles a mapping once (templates parsed, constants coerced) into a `Mapper` whose `map` is synchronous and
 * never throws for bad data: a record that cannot become a valid CreateMemoryRequest comes back as
 * `{ ok: false, field, message }`, the field named as in the request (`document_created_at`, `metadata.turn`).
 * Throws `ConfigError` listing every problem of the mapping itself.
 */
export function compileMapping(config: MappingConfig, options: CompileMappingOptions): Mapper {
  const mapping = parseMapping(config);
  const issues: ConfigIssue[] = [];
  const fields: CompiledField[] = [];
  for (const name of REQUEST_FIELDS) {
    const spec = mapping[name];
    if (spec === undefined) continue;
    const field = compileField(spec, { path: name, kind: KINDS[name], timezone: mapping.timezone, issues });
    if (field) fields.push(field);
  }
  const metadata = mapping.metadata ? compileMetadata(mapping.metadata, { timezone: mapping.timezone, issues }) : undefined;
  if (issues.length > 0) throw new ConfigError(`mapping: ${count(issues.length)} in the config`, issues, { hint: HINT });

  const documentIdMapped = mapping.document_id !== undefined;
  const b2b = options.scope === 'b2b';
  const { pipeline } = options;

  function build(item: WorkItem): CreateMemoryRequest {
    const data = item.data;
    const request: Record<string, unknown> = {};
    for (const field of fields) {
      const value = field.evaluate(data);
      if (value !== ABSENT) request[field.path] = value;
    }
    if (request.document === undefined) {
      throw new FieldRejection('document', 'document is empty: the mapped value is null, missing or blank for this record');
    }
    if (request.document_id === undefined) {
      if (documentIdMapped) {
        throw new FieldRejection('document_id', 'document_id is empty for this record, so re-runs could not recognise it as already sent');
      }
      request.document_id = deriveDocumentId(pipeline, item.key);
    }
    if (metadata) {
      const value = metadata(data);
      if (value !== ABSENT) request.metadata = value;
    }
    if (b2b && request.user_id !== undefined && request.customer_id === undefined) {
      throw new FieldRejection('customer_id', 'customer_id is required with user_id on a B2B instance (Synap would answer 400); map customer_id');
    }
    const parsed = createMemoryRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'request';
      throw new FieldRejection(field, `${field}: ${issue?.message ?? 'invalid request'}`);
    }
    return parsed.data;
  }

  return {
    map(item: WorkItem): MapResult {
      try {
        return { ok: true, request: build(item) };
      } catch (error) {
        if (error instanceof FieldRejection) return { ok: false, field: error.field, message: error.message };
        throw error;
      }
    },
  };
}

function count(n: number): string {
  return `${n} problem${n === 1 ? '' : 's'}`;
}
