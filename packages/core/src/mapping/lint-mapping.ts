import { ConfigError } from '../errors.js';
import { compileMapping, parseMapping } from './compile-mapping.js';
import type { FieldSpec, MappingConfig, MetadataValueSpec, ParsedMapping } from './schema.js';
import { VALUE_SELECTORS } from './schema.js';

export interface MappingFinding {
  level: 'warning' | 'error';
  /** Config path, e.g. `mapping.document_created_at`. */
  path: string;
  message: string;
}

const CREATED_AT_REASON =
  'document_created_at is not mapped, so Synap stamps every memory with the time of ingestion. In the words of ' +
  "Synap's replay-history guide: \"without it, every memory looks like it happened today, and recency-weighted " +
  'retrieval breaks." Map it to the original timestamp column.';

const FAST_MODE_REASON =
  '`mode: fast` skips most extraction (entity resolution, preferences, emotions, relationships): fine for live ' +
  'chat ingestion, wrong for a backfill, which is the one chance to build that graph. Use `mode: long-range`.';

const DERIVED_ID_NOTE =
  'document_id is not mapped: it is derived as `<pipeline>:<32 hex of sha256(record key)>`, stable across runs as ' +
  'long as the pipeline name and the source\'s record keys stay the same. Map it (e.g. ' +
  '`backfill:{{ conversation_id }}:{{ message_index }}`) to stay idempotent even if they change.';

const SPEC_OPTIONS = new Set(['type', 'default', 'timezone']);

/** Everything `etl validate` reports about a mapping: schema and compile errors, then advice. Never throws for bad config. */
export function lintMapping(config: MappingConfig | unknown, options: { scope?: 'b2c' | 'b2b' } = {}): MappingFinding[] {
  let mapping: ParsedMapping;
  try {
    mapping = parseMapping(config);
  } catch (error) {
    return errorsOf(error);
  }
  const findings = (() => {
    try {
      compileMapping(mapping, { pipeline: 'lint', scope: options.scope });
      return [];
    } catch (error) {
      return errorsOf(error);
    }
  })();

  if (mapping.document_created_at === undefined) {
    findings.push({ level: 'warning', path: 'mapping.document_created_at', message: CREATED_AT_REASON });
  }
  if (constantOf(mapping.mode) === 'fast') {
    findings.push({ level: 'warning', path: 'mapping.mode', message: FAST_MODE_REASON });
  }
  if (mapping.document_id === undefined) {
    findings.push({ level: 'warning', path: 'mapping.document_id', message: DERIVED_ID_NOTE });
  }
  if (options.scope === 'b2b' && mapping.user_id !== undefined && mapping.customer_id === undefined) {
    findings.push({
      level: 'error',
      path: 'mapping.customer_id',
      message: 'scope is b2b and user_id is mapped without customer_id: every record would be rejected',
    });
  }
  if (mapping.metadata) findings.push(...specLookalikes(mapping.metadata, 'mapping.metadata'));
  return findings;
}

function errorsOf(error: unknown): MappingFinding[] {
  if (!(error instanceof ConfigError)) throw error;
  if (error.issues.length === 0) return [{ level: 'error', path: 'mapping', message: error.message }];
  return error.issues.map((issue) => ({ level: 'error', path: issue.path, message: issue.message }));
}

function constantOf(spec: FieldSpec | undefined): unknown {
  if (typeof spec === 'object') return spec.value;
  return spec;
}

/** `{ type: number }` without field/template/value parses as a nested object of constants: almost surely a slip. */
function specLookalikes(map: Record<string, MetadataValueSpec>, path: string): MappingFinding[] {
  const found: MappingFinding[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'object' || value === null || VALUE_SELECTORS.some((k) => k in value)) continue;
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => SPEC_OPTIONS.has(k))) {
      found.push({
        level: 'warning',
        path: `${path}.${key}`,
        message: `looks like a field spec without \`field\`, \`template\` or \`value\`; it is sent as a constant object ${JSON.stringify(value)}`,
      });
    } else {
      found.push(...specLookalikes(value as Record<string, MetadataValueSpec>, `${path}.${key}`));
    }
  }
  return found;
}
