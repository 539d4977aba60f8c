import { describe, expect, it } from 'vitest';
import { DUPLICATE_MESSAGE, classifyItem } from '../src/index.js';
import type { CreateMemoryResponse } from '../src/index.js';

const queued: CreateMemoryResponse = {
  ingestion_id: '6f1c1f0e-0000-4000-8000-000000000001',
  document_id: 'a',
  status: 'queued',
  queued_at: '2024-01-01T00:00:00.000Z',
  error_message: null,
};
const failed = (error_message: string | null, extra: Partial<CreateMemoryResponse> = {}): CreateMemoryResponse => ({
  ingestion_id: null,
  document_id: 'a',
  status: 'failed',
  queued_at: null,
  error_message,
  ...extra,
});

describe('classifyItem', () => {
  it('reports queued and processed items as delivered', () => {
    expect(classifyItem(queued)).toBe('delivered');
    expect(classifyItem({ ...queued, status: 'completed' })).toBe('delivered');
  });

  it('reports a duplicate document_id as already present, however it is worded', () => {
    expect(classifyItem(failed(`${DUPLICATE_MESSAGE}: a was already ingested`))).toBe('already_present');
    expect(classifyItem(failed('Document with document_id a already exists'))).toBe('already_present');
    expect(classifyItem(failed('conflict', { error_code: 'DUPLICATE_DOCUMENT_ID' }))).toBe('already_present');
  });

  it('reports any other failure as rejected', () => {
    expect(classifyItem(failed('document_created_at: Invalid ISO datetime'))).toBe('rejected');
    expect(classifyItem(failed('duplicate detection service unavailable'))).toBe('rejected');
    expect(classifyItem(failed(null))).toBe('rejected');
  });

  it('treats a result without ingestion id but with an error as failed whatever its status label', () => {
    expect(classifyItem({ ...queued, ingestion_id: null, status: 'unknown', error_message: 'bad input' })).toBe('rejected');
  });
});
