import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { Journal } from './journal.js';
import type { JournalLocation } from './journal.js';

export interface StoredDocument {
  ingestionId: string;
  documentId: string | undefined;
  /** ISO-8601 time of acceptance. */
  queuedAt: string;
  /** The document as submitted; undefined when neither `dataDir` nor `retainDocuments` keeps it. */
  document: CreateMemoryRequest | undefined;
}

export interface DocumentStoreOptions {
  /** Persist accepted documents to `<dataDir>/journal.jsonl`, so dedupe survives restarts. */
  dataDir?: string;
  /** Without `dataDir`, also keep full documents in memory so `get`/`all` return them (tests). @default false */
  retainDocuments?: boolean;
}

const INDEX_HEX_DIGITS = 12;

/**
 * Accepted documents. Memory per document is its id plus a few numbers, so a million documents fit in
 * about 120 MB (measured); full texts live in the journal (with `dataDir`) or are kept only when asked.
 *
 * An ingestion id is a per-store UUID prefix followed by the document's index in hex, so a status lookup
 * needs no second map.
 */
export class DocumentStore {
  readonly #byDocumentId = new Map<string, number>();
  readonly #documentIds: Array<string | undefined> = [];
  readonly #queuedAt: number[] = [];
  // Two flat number arrays rather than one object per document: a third of the memory.
  readonly #offsets: number[] = [];
  readonly #lengths: number[] = [];
  readonly #retained: CreateMemoryRequest[] | undefined;
  readonly #journal: Journal | undefined;
  readonly #idPrefix: string;

  constructor(options: DocumentStoreOptions = {}) {
    const newPrefix = (): string => randomUUID().slice(0, 36 - INDEX_HEX_DIGITS);
    if (options.dataDir !== undefined) {
      mkdirSync(options.dataDir, { recursive: true });
      this.#journal = Journal.open(join(options.dataDir, 'journal.jsonl'), newPrefix, (entry, location) => {
        this.#index(entry.document.document_id, entry.queuedAt);
        this.#locate(location);
      });
      this.#idPrefix = this.#journal.idPrefix;
    } else {
      this.#idPrefix = newPrefix();
    }
    this.#retained = options.retainDocuments && !this.#journal ? [] : undefined;
  }

  count(): number {
    return this.#queuedAt.length;
  }

  has(documentId: string): boolean {
    return this.#byDocumentId.has(documentId);
  }

  get(documentId: string): StoredDocument | undefined {
    const index = this.#byDocumentId.get(documentId);
    return index === undefined ? undefined : this.#at(index);
  }

  getByIngestionId(ingestionId: string): StoredDocument | undefined {
    const prefixLength = this.#idPrefix.length;
    if (ingestionId.length !== prefixLength + INDEX_HEX_DIGITS || !ingestionId.startsWith(this.#idPrefix)) return undefined;
    const hex = ingestionId.slice(prefixLength);
    if (!/^[0-9a-f]+$/.test(hex)) return undefined;
    const index = Number.parseInt(hex, 16);
    return index < this.count() ? this.#at(index) : undefined;
  }

  /** Every stored document in acceptance order. */
  *all(): IterableIterator<StoredDocument> {
    for (let index = 0; index < this.count(); index++) yield this.#at(index);
  }

  /** Stores documents already checked to be valid and new; returns their records in the same order. */
  accept(documents: readonly CreateMemoryRequest[], now: number = Date.now()): StoredDocument[] {
    const locations = this.#journal?.append(documents.map((document) => ({ queuedAt: now, document })));
    return documents.map((document, i) => {
      const index = this.#index(document.document_id, now);
      const location = locations?.[i];
      if (location) this.#locate(location);
      this.#retained?.push(document);
      return this.#record(index, this.#journal || this.#retained ? document : undefined);
    });
  }

  close(): void {
    this.#journal?.close();
  }

  #index(documentId: string | undefined, queuedAt: number): number {
    const index = this.#queuedAt.length;
    this.#queuedAt.push(queuedAt);
    this.#documentIds.push(documentId);
    if (documentId !== undefined) this.#byDocumentId.set(documentId, index);
    return index;
  }

  #locate(location: JournalLocation): void {
    this.#offsets.push(location.offset);
    this.#lengths.push(location.length);
  }

  #at(index: number): StoredDocument {
    const offset = this.#offsets[index];
    const length = this.#lengths[index];
    const document =
      this.#journal && offset !== undefined && length !== undefined
        ? this.#journal.read({ offset, length }).document
        : this.#retained?.[index];
    return this.#record(index, document);
  }

  #record(index: number, document: CreateMemoryRequest | undefined): StoredDocument {
    return {
      ingestionId: this.#idPrefix + index.toString(16).padStart(INDEX_HEX_DIGITS, '0'),
      documentId: this.#documentIds[index],
      queuedAt: new Date(this.#queuedAt[index] ?? 0).toISOString(),
      document,
    };
  }
}
