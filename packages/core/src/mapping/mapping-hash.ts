import { createHash } from 'node:crypto';
import { parseMapping } from './compile-mapping.js';
import type { MappingConfig } from './schema.js';

/**
 * A stable fingerprint of a mapping, to notice it changed between runs: sha256 (hex) of the parsed mapping as
 * canonical JSON (keys sorted at every level). Parsing first applies the defaults, so spelling out a default
 * (`mode: long-range`) or reordering keys does not change the hash. Throws `ConfigError` for an invalid mapping.
 */
export function mappingHash(config: MappingConfig): string {
  return createHash('sha256').update(canonicalJson(parseMapping(config))).digest('hex');
}

/** JSON with object keys sorted recursively; undefined object entries are dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
