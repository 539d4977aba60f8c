import type { JsonValue, SourceItem } from '@synap-etl/core';
import { keyOf, positionOf } from './cursor-position.js';
import type { CursorValues } from './cursor-position.js';
import { instantTextToIso, naiveTextToIso, naiveTextToIsoLocal } from './temporal.js';

/**
 * How a column's driver value becomes plain data. Drivers hand timestamps over as text (see the dialects);
 * the kind says how to read that text.
 * - `instant`: text with an offset (timestamptz) → ISO UTC instant.
 * - `naive`: wall-clock text (timestamp, DATETIME) → ISO UTC instant read in the configured zone.
 * - `utc-naive`: wall-clock text already in UTC (MySQL TIMESTAMP under a `+00:00` session) → ISO UTC instant.
 * - `plain`: used as the driver gives it (strings for bigint/numeric/uuid, objects for json).
 */
export type ColumnKind = 'instant' | 'naive' | 'utc-naive' | 'plain';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  /** The database's type name, for messages. */
  typeName: string;
}

export type BinaryPolicy = 'reject' | 'base64' | 'hex';

export interface RowDecoderOptions {
  cursor: readonly string[];
  timezone: string;
  binary: BinaryPolicy;
}

class BinaryValueError extends Error {}

/** Turns driver rows into source items: exact plain data, a position and a key. */
export class RowDecoder {
  readonly #options: RowDecoderOptions;
  readonly #kinds: Map<string, ColumnInfo>;

  constructor(columns: readonly ColumnInfo[], options: RowDecoderOptions) {
    this.#options = options;
    this.#kinds = new Map(columns.map((column) => [column.name, column]));
  }

  cursorValues(row: Record<string, unknown>): CursorValues {
    return this.#options.cursor.map((column) => this.#positionValue(column, row[column]));
  }

  decode(row: Record<string, unknown>): SourceItem {
    const values = this.cursorValues(row);
    const position = positionOf(this.#options.cursor, values);
    const key = keyOf(this.#options.cursor, values);
    const data: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      try {
        data[name] = this.#dataValue(name, value);
      } catch (error) {
        if (!(error instanceof BinaryValueError)) throw error;
        const type = this.#kinds.get(name)?.typeName ?? 'binary';
        return {
          position,
          key,
          invalid: {
            field: name,
            message: `column "${name}" holds binary data (${type}); leave it out of \`columns\`, or set \`binary: base64\` or \`binary: hex\` to read it as text`,
          },
        };
      }
    }
    return { position, key, data };
  }

  #dataValue(name: string, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((element) => this.#dataValue(name, element));
    if (Buffer.isBuffer(value)) return this.#encodeBinary(value);
    if (value instanceof Date) return value.toISOString();
    if (typeof value !== 'string') return value;
    switch (this.#kinds.get(name)?.kind) {
      case 'instant':
        return instantTextToIso(value);
      case 'naive':
        return naiveTextToIso(value, this.#options.timezone);
      case 'utc-naive':
        return naiveTextToIso(value, 'UTC');
      default:
        return value;
    }
  }

  #encodeBinary(value: Buffer): string {
    if (this.#options.binary === 'reject') throw new BinaryValueError();
    return value.toString(this.#options.binary);
  }

  #positionValue(name: string, value: unknown): JsonValue {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Date) return value.toISOString();
    if (Buffer.isBuffer(value)) return value.toString('hex');
    if (typeof value !== 'string') return JSON.stringify(value);
    switch (this.#kinds.get(name)?.kind) {
      case 'instant':
        return instantTextToIso(value);
      case 'naive':
      case 'utc-naive':
        // Positions keep wall-clock text as the database stores it: converting through a zone would
        // make the two 01:30s of a fall-back night compare equal.
        return naiveTextToIsoLocal(value);
      default:
        return value;
    }
  }
}
