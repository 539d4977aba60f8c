import type { AbstractCursor, Collection, Document } from 'mongodb';
import type { RecordCount } from '@synap-etl/core';
import { cursorFields, projectionWithCursor } from './config-schema.js';
import type { MongoSourceConfig } from './config-schema.js';
import { parseExtendedJson } from './extended-json.js';
import { keysetAfter, keysetSort } from './keyset.js';

/** What one read asks of the server, decoded once from the config. */
export interface ReadQuery {
  fields: string[];
  filter: Document;
  projection: Document | undefined;
  pipeline: Document[] | undefined;
  batchSize: number;
  count: 'estimate' | 'exact' | 'none';
}

export function readQuery(config: MongoSourceConfig): ReadQuery {
  const fields = cursorFields(config.cursor);
  const wholeCollection = !config.filter && !config.pipeline;
  return {
    fields,
    filter: config.filter ? parseExtendedJson(config.filter) : {},
    projection: projectionWithCursor(config.projection ? parseExtendedJson(config.projection) : undefined, fields),
    pipeline: config.pipeline ? parseExtendedJson(config.pipeline) : undefined,
    batchSize: config.batch_size,
    count: config.count ?? (wholeCollection ? 'estimate' : 'exact'),
  };
}

function withKeyset(filter: Document, keyset: Document | undefined): Document {
  if (!keyset) return filter;
  return Object.keys(filter).length === 0 ? keyset : { $and: [filter, keyset] };
}

function keysetFor(query: ReadQuery, after: unknown[] | undefined): Document | undefined {
  return after === undefined ? undefined : keysetAfter(query.fields, after);
}

/**
 * The cursor of one read pass, in cursor order, strictly after `after` (decoded cursor values) when given.
 * Longs stay Long (a plain number would lose digits beyond 2^53); the driver holds one batch at a time.
 */
export function openCursor(
  collection: Collection,
  query: ReadQuery,
  after: unknown[] | undefined,
  signal: AbortSignal | undefined,
): AbstractCursor<Document> {
  const keyset = keysetFor(query, after);
  const sort = keysetSort(query.fields);
  const common = { batchSize: query.batchSize, promoteLongs: false, ...(signal ? { signal } : {}) };
  if (query.pipeline) {
    const stages = [...query.pipeline, ...(keyset ? [{ $match: keyset }] : []), { $sort: sort }];
    // A sort after $unwind cannot use an index; allowDiskUse lets a large one spill instead of failing.
    return collection.aggregate(stages, { ...common, allowDiskUse: true });
  }
  return collection.find(withKeyset(query.filter, keyset), {
    ...common,
    sort,
    ...(query.projection ? { projection: query.projection } : {}),
  });
}

/**
 * Progress totals. `estimate` reads collection metadata (the whole collection, whatever the filter or resume point);
 * `exact` counts what a read from `after` would return.
 */
export async function countRecords(
  collection: Collection,
  query: ReadQuery,
  after: unknown[] | undefined,
): Promise<RecordCount | undefined> {
  if (query.count === 'none') return undefined;
  if (query.count === 'estimate') return { value: await collection.estimatedDocumentCount(), exact: false };
  const keyset = keysetFor(query, after);
  if (query.pipeline) {
    const stages = [...query.pipeline, ...(keyset ? [{ $match: keyset }] : []), { $count: 'n' }];
    const [result] = await collection.aggregate<{ n: number }>(stages, { allowDiskUse: true }).toArray();
    return { value: result?.n ?? 0, exact: true };
  }
  return { value: await collection.countDocuments(withKeyset(query.filter, keyset)), exact: true };
}
