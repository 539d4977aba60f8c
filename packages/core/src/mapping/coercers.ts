import { toUtcTimestamp } from './coerce-timestamp.js';
import { toBoolean, toId, toJson, toNumber, toText, toUuid } from './coerce-value.js';
import type { FieldType } from './schema.js';

/** What a mapped value becomes, by request field; each kind has a default type and the types it accepts. */
export type FieldKind = 'document' | 'choice' | 'id' | 'timestamp' | 'metadata';

export type Coercer = (value: unknown) => unknown;

const ALLOWED: Record<FieldKind, readonly FieldType[] | 'any'> = {
  document: ['string', 'json'],
  choice: ['string'],
  id: ['string', 'uuid'],
  timestamp: ['timestamp'],
  metadata: 'any',
};

export interface CoercerChoice {
  kind: FieldKind;
  type: FieldType | undefined;
  /**
   * True for a template with text around its expressions: its result is text. A single `{{ variable }}`, a field
   * path and a constant keep their value, so untyped metadata keeps numbers as numbers.
   */
  rendersText: boolean;
  /** IANA zone for naive timestamps (field-level, else mapping-level). */
  zone: string | undefined;
}

/** Returns the coercer, or a message when the type does not fit the field. */
export function chooseCoercer(choice: CoercerChoice): Coercer | string {
  const allowed = ALLOWED[choice.kind];
  if (choice.type !== undefined && allowed !== 'any' && !allowed.includes(choice.type)) {
    return `\`type: ${choice.type}\` does not fit this field (allowed: ${allowed.join(', ')})`;
  }
  switch (choice.type ?? defaultType(choice)) {
    case 'string':
      return choice.kind === 'document' || choice.kind === 'metadata' ? toText : toId;
    case 'number':
      return toNumber;
    case 'boolean':
      return toBoolean;
    case 'timestamp':
      return (value) => toUtcTimestamp(value, choice.zone);
    case 'uuid':
      return toUuid;
    case 'json':
      return (value) => toJson(value);
  }
}

function defaultType(choice: CoercerChoice): FieldType {
  if (choice.kind === 'timestamp') return 'timestamp';
  if (choice.kind === 'metadata' && !choice.rendersText) return 'json';
  return 'string';
}
