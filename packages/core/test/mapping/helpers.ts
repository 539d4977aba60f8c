import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { MapResult, Mapper, MappingConfig, WorkItem } from '../../src/index.js';
import { compileMapping } from '../../src/index.js';

export function item(data: Record<string, unknown>, key = 'row:1'): WorkItem {
  return { kind: 'work', key, data, sources: [{ position: 1, key }] };
}

export function mapper(config: MappingConfig, scope?: 'b2c' | 'b2b'): Mapper {
  return compileMapping(config, { pipeline: 'chats', scope });
}

/** Maps one record and returns the request, failing the test with the rejection when there is one. */
export function mapOk(config: MappingConfig | Mapper, data: Record<string, unknown>, key?: string): CreateMemoryRequest {
  const result = ('map' in config ? config : mapper(config)).map(item(data, key));
  if (!result.ok) throw new Error(`expected the record to map, got rejection on ${result.field}: ${result.message}`);
  return result.request;
}

export function mapRejected(config: MappingConfig | Mapper, data: Record<string, unknown>): Extract<MapResult, { ok: false }> {
  const result = ('map' in config ? config : mapper(config)).map(item(data));
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.request)}`);
  return result;
}
