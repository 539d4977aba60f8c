import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { applyStages, rejectionReason, sourceItems } from '@synap-etl/core';
import type { Source, SourceRef, Position } from '@synap-etl/core';
import type { PipelineParts } from './pipeline-parts.js';

export type SampleEntry =
  | { kind: 'mapped'; sources: SourceRef[]; request: CreateMemoryRequest }
  | { kind: 'rejected' | 'filtered'; sources: SourceRef[]; reason: string; field?: string };

/** Reads the first `limit` documents (and whatever was rejected or filtered on the way), sending nothing. */
export async function sampleDocuments(source: Source, parts: PipelineParts, limit: number, after?: Position): Promise<SampleEntry[]> {
  const entries: SampleEntry[] = [];
  let mapped = 0;
  const stop = new AbortController();
  const items = applyStages(sourceItems(source, after === undefined ? { signal: stop.signal } : { after, signal: stop.signal }, () => undefined), parts.stages);
  for await (const item of items) {
    if (item.kind === 'settled') {
      entries.push({ kind: item.status, sources: item.sources, reason: item.reason, ...(item.field ? { field: item.field } : {}) });
    } else {
      const result = parts.mapper.map(item);
      if (result.ok) {
        const request = parts.documentTransform ? parts.documentTransform(result.request) : result.request;
        entries.push({ kind: 'mapped', sources: item.sources, request });
        mapped += 1;
      } else {
        entries.push({ kind: 'rejected', sources: item.sources, reason: rejectionReason(result.field, result.message), field: result.field });
        mapped += 1;
      }
    }
    if (mapped >= limit || entries.length >= Math.max(limit * 20, 1000)) {
      stop.abort();
      break;
    }
  }
  return entries;
}

export function describeRef(sources: SourceRef[]): string {
  const first = sources[0];
  if (!first) return 'record';
  const more = sources.length > 1 ? ` (+${sources.length - 1} more records)` : '';
  return `record ${first.key} at position ${JSON.stringify(first.position)}${more}`;
}
