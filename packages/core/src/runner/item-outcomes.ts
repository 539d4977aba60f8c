import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { errorMessage } from '../errors.js';
import type { BatchResult, ItemResult, MapResult, SourceRef, StageItem, WorkItem } from '../pipeline-types.js';
import type { Position } from '../source.js';
import type { OutcomeLedger } from './outcome-ledger.js';
import type { RunOptions } from './types.js';

/** A mapped document waiting in a batch, with the records it covers and its checkpoint ticket. */
export interface BatchEntry {
  request: CreateMemoryRequest;
  sources: SourceRef[];
  ticket: number;
}

/** Maps one item and applies the document transform; a throwing mapper rejects the item instead of the run. */
export function mapItem(options: Pick<RunOptions, 'mapper' | 'documentTransform'>, item: WorkItem): MapResult {
  try {
    const mapped = options.mapper.map(item);
    if (!mapped.ok || !options.documentTransform) return mapped;
    return { ok: true, request: options.documentTransform(mapped.request) };
  } catch (error) {
    return { ok: false, field: 'mapping', message: `unexpected error: ${errorMessage(error)}` };
  }
}

/** Records what Synap said of one document for every source record it covers. */
export function settleDelivered(ledger: OutcomeLedger, entry: BatchEntry, item: ItemResult, result: BatchResult): void {
  const details = {
    ...(entry.request.document_id === undefined ? {} : { documentId: entry.request.document_id }),
    ...(result.batchId === undefined ? {} : { batchId: result.batchId }),
    attempts: result.attempts,
  };
  switch (item.status) {
    case 'delivered':
      ledger.settle(entry.sources, 'delivered', { ...details, ...(item.ingestionId ? { ingestionId: item.ingestionId } : {}) });
      break;
    case 'already_present':
      ledger.settle(entry.sources, 'already_present', details);
      break;
    default:
      ledger.settle(entry.sources, item.status, { ...details, reason: item.reason });
  }
}

/** Stamps each source with where a re-read of its item would start; sources already stamped keep theirs. */
export function withPrevious(item: StageItem, previous: Position | undefined): StageItem {
  if (previous === undefined || item.sources.every((ref) => ref.previous !== undefined)) return item;
  return { ...item, sources: item.sources.map((ref) => (ref.previous === undefined ? { ...ref, previous } : ref)) };
}

export function withField<T extends object>(details: T, field: string | undefined): T & { field?: string } {
  return field === undefined ? details : { ...details, field };
}
