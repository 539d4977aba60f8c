import { DUPLICATE_MESSAGE } from './contract.js';
import type { CreateMemoryResponse } from './contract.js';

export type ItemClass = 'delivered' | 'already_present' | 'rejected';

const FAILED_STATUSES = new Set(['failed', 'error', 'rejected']);
const DUPLICATE_CODE = /duplicate|conflict|already[_ ]?exists/i;
const DUPLICATE_TEXT = /(duplicate|already (exists|ingested|stored|present)).*document[_ ]?id|document[_ ]?id.*(duplicate|already (exists|ingested|stored|present))/i;

/**
 * What one per-document result of a batch means for a backfill. A failed item that says its document_id
 * is a duplicate was ingested before (by an earlier run, or by an attempt whose response was lost), so it
 * is `already_present`; any other failed item is `rejected` (its `error_message` says why).
 */
export function classifyItem(result: CreateMemoryResponse): ItemClass {
  if (!isFailed(result)) return 'delivered';
  return isDuplicate(result) ? 'already_present' : 'rejected';
}

function isFailed(result: CreateMemoryResponse): boolean {
  if (FAILED_STATUSES.has(result.status.toLowerCase())) return true;
  // A result with neither an ingestion id nor a success status but an error is a failure whatever its label.
  return !result.ingestion_id && Boolean(result.error_message);
}

function isDuplicate(result: CreateMemoryResponse): boolean {
  const message = result.error_message ?? '';
  if (message.toLowerCase().includes(DUPLICATE_MESSAGE.toLowerCase())) return true;
  if (DUPLICATE_TEXT.test(message)) return true;
  return typeof result.error_code === 'string' && DUPLICATE_CODE.test(result.error_code);
}
