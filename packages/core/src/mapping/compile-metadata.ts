import type { ConfigIssue } from '../errors.js';
import { ABSENT, compileField } from './compile-field.js';
import type { CompiledField } from './compile-field.js';
import type { MetadataValueSpec } from './schema.js';
import { VALUE_SELECTORS } from './schema.js';

type Evaluate = (data: Record<string, unknown>) => unknown;

/**
 * Compiles `mapping.metadata` into one function building the metadata object per record. Entries that come
 * out ABSENT are left out, and so are nested objects left empty; an empty result is ABSENT.
 */
export function compileMetadata(
  spec: Record<string, MetadataValueSpec>,
  setup: { timezone: string | undefined; issues: ConfigIssue[] },
  path = 'metadata',
): Evaluate {
  const entries: Array<[string, Evaluate]> = [];
  for (const [key, value] of Object.entries(spec)) {
    const childPath = `${path}.${key}`;
    if (isNestedMap(value)) {
      entries.push([key, compileMetadata(value, setup, childPath)]);
      continue;
    }
    const field: CompiledField | undefined = compileField(value, { ...setup, path: childPath, kind: 'metadata' });
    if (field) entries.push([key, (data) => field.evaluate(data)]);
  }
  return (data) => {
    const out: Record<string, unknown> = {};
    let empty = true;
    for (const [key, evaluate] of entries) {
      const value = evaluate(data);
      if (value !== ABSENT) {
        out[key] = value;
        empty = false;
      }
    }
    return empty ? ABSENT : out;
  };
}

/** The schema guarantees an object with a selector key is a spec, and any other object a nested map. */
function isNestedMap(value: MetadataValueSpec): value is Record<string, MetadataValueSpec> {
  return typeof value === 'object' && value !== null && !VALUE_SELECTORS.some((key) => key in value);
}
