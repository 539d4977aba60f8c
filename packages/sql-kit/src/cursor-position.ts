import { ConfigError } from '@synap-etl/core';
import type { JsonValue, Position } from '@synap-etl/core';

/**
 * A position is the cursor values of a row, by column name: `{ "created_at": "2024-03-10T07:30:00.123456Z",
 * "id": "42" }`. Values are kept in the form the database compares exactly when bound back as parameters:
 * timestamps as ISO text with every fractional digit, bigints and numerics as strings.
 */
export type CursorValues = JsonValue[];

export function positionOf(cursor: readonly string[], values: CursorValues): Position {
  const position: Record<string, JsonValue> = {};
  cursor.forEach((column, index) => {
    position[column] = values[index] ?? null;
  });
  return position;
}

/** The cursor values of a stored position; refuses a position written for a different cursor. */
export function cursorValuesOf(position: Position, cursor: readonly string[]): CursorValues {
  const isRecord = typeof position === 'object' && position !== null && !Array.isArray(position);
  const names = isRecord ? Object.keys(position) : [];
  const matches = isRecord && names.length === cursor.length && cursor.every((column) => column in position);
  if (!matches) {
    throw new ConfigError(
      `the resume position ${JSON.stringify(position)} does not match the cursor [${cursor.join(', ')}]`,
      [{ path: 'source.cursor', message: 'differs from the cursor the checkpoint was written with' }],
      { hint: 'restore the previous `cursor` setting, or start over with --from-scratch' },
    );
  }
  return cursor.map((column) => (position as Record<string, JsonValue>)[column] ?? null);
}

/** Record identity: `id=42`, or `created_at=2024-...Z|id=42` for a composite cursor. */
export function keyOf(cursor: readonly string[], values: CursorValues): string {
  return cursor.map((column, index) => `${column}=${formatKeyValue(values[index] ?? null)}`).join('|');
}

function formatKeyValue(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
