import { createHash } from 'node:crypto';

/**
 * The document_id used when the mapping sets none: `<pipeline>:<first 32 hex of sha256(record key)>`.
 * Stable across runs and machines (it depends on nothing else), distinct per record key, and free of record
 * content, since keys may hold ids that are not meant to leave the database verbatim.
 */
export function deriveDocumentId(pipeline: string, key: string): string {
  return `${pipeline}:${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32)}`;
}
