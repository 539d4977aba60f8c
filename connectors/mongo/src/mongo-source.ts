import type { AbstractCursor, Collection, Document, MongoClient } from 'mongodb';
import { EtlError, SourceReadError, errorMessage, silentLogger } from '@synap-etl/core';
import type { Logger, Position, ReadOptions, RecordCount, Source, SourceItem } from '@synap-etl/core';
import { PlainConversionError, documentToPlain } from './bson-to-plain.js';
import type { MongoSourceConfig } from './config-schema.js';
import { connectMongo, defaultClientFactory } from './connect.js';
import type { MongoClientFactory } from './connect.js';
import { adviseOnRead, redactMongo } from './mongo-errors.js';
import { CursorValueError, cursorValues, decodePosition, encodePosition, recordKey } from './position.js';
import { countRecords, openCursor, readQuery } from './read-query.js';
import type { ReadQuery } from './read-query.js';

export interface MongoSourceOptions {
  logger?: Logger;
  createClient?: MongoClientFactory;
}

/**
 * Reads one collection (or aggregation) in cursor order with keyset pagination: every read is one server cursor,
 * sorted on the cursor fields and, when resuming, filtered to "strictly after" the saved values, so a resume never
 * skips or repeats a record whatever happened to the collection in between.
 */
export class MongoSource implements Source {
  readonly #config: MongoSourceConfig;
  readonly #query: ReadQuery;
  readonly #logger: Logger;
  readonly #createClient: MongoClientFactory;
  #client: MongoClient | undefined;

  constructor(config: MongoSourceConfig, options: MongoSourceOptions = {}) {
    this.#config = config;
    this.#query = readQuery(config);
    this.#logger = options.logger ?? silentLogger;
    this.#createClient = options.createClient ?? defaultClientFactory;
  }

  async open(): Promise<void> {
    if (this.#client) return;
    this.#client = await connectMongo(
      {
        uri: this.#config.uri,
        database: this.#config.database,
        collection: this.#config.collection,
        readPreference: this.#config.read_preference,
      },
      this.#createClient,
    );
    this.#logger.debug('mongo source connected', { database: this.#config.database, collection: this.#config.collection });
  }

  async *read(options: ReadOptions = {}): AsyncIterable<SourceItem> {
    const { signal } = options;
    const collection = this.#collection();
    const after = options.after === undefined ? undefined : decodePosition(options.after, this.#query.fields);
    if (signal?.aborted) return;

    let cursor: AbstractCursor<Document> | undefined;
    let last: Position | undefined = options.after;
    let lastText = last === undefined ? undefined : JSON.stringify(last);
    try {
      cursor = openCursor(collection, this.#query, after, signal);
      for (;;) {
        let doc: Document | null;
        try {
          doc = await cursor.next();
        } catch (error) {
          if (signal?.aborted) return;
          throw this.#readError(error, last);
        }
        if (doc === null || signal?.aborted) return;

        const item = this.#toItem(doc, last);
        const text = JSON.stringify(item.position);
        if (text === lastText) throw this.#duplicatePosition(item.key, last);
        last = item.position;
        lastText = text;
        yield item;
      }
    } finally {
      await cursor?.close().catch(() => undefined);
    }
  }

  async count(options: { after?: Position } = {}): Promise<RecordCount | undefined> {
    const after = options.after === undefined ? undefined : decodePosition(options.after, this.#query.fields);
    try {
      return await countRecords(this.#collection(), this.#query, after);
    } catch (error) {
      // Progress totals are a nicety: a failing count must not stop the run.
      this.#logger.warn('mongo source could not count records', { error: redactMongo(errorMessage(error), this.#config.uri) });
      return undefined;
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }

  #collection(): Collection {
    if (!this.#client) {
      throw new EtlError('INTERNAL', 'mongo source used before open() or after close()', {
        hint: 'this is a bug in the caller; please report it',
      });
    }
    return this.#client.db(this.#config.database).collection(this.#config.collection);
  }

  #toItem(doc: Document, last: Position | undefined): SourceItem {
    let values: unknown[];
    try {
      values = cursorValues(doc, this.#query.fields);
    } catch (error) {
      if (!(error instanceof CursorValueError)) throw error;
      throw new SourceReadError(`mongo: ${error.message}, so it cannot order the read`, last, {
        hint: 'choose cursor fields that hold single values in every document (e.g. [created_at, _id])',
      });
    }
    const position = encodePosition(values);
    const key = recordKey(values);
    try {
      return { position, key, data: documentToPlain(doc) };
    } catch (error) {
      if (!(error instanceof PlainConversionError)) throw error;
      return { position, key, invalid: { message: error.message, field: error.field } };
    }
  }

  #readError(error: unknown, last: Position | undefined): SourceReadError {
    const advice = adviseOnRead(error);
    const where = `${this.#config.database}.${this.#config.collection}`;
    return new SourceReadError(
      redactMongo(`mongo read of ${where} stopped: ${advice.reason} (${errorMessage(error)})`, this.#config.uri),
      last,
      { hint: advice.hint, cause: error },
    );
  }

  #duplicatePosition(key: string, last: Position | undefined): SourceReadError {
    return new SourceReadError(`mongo: two records share the cursor value ${key}, so a resume could skip one`, last, {
      hint: 'end the cursor with a field unique per record: _id for documents, [_id, <includeArrayIndex field>] after an $unwind',
    });
  }
}
