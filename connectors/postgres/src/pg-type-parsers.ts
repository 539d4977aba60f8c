import pg from 'pg';

/**
 * Type parsers for this connector's connections only (never pg's global registry, which other code in
 * the process may rely on). Timestamps, dates and intervals stay as the server's text so no precision or
 * zone is lost to JS Dates; numeric arrays stay strings like numeric itself. Everything else keeps pg's
 * defaults: int8 and numeric as strings, json/jsonb parsed, uuid as string, bytea as Buffer.
 */
const OID = {
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  dateArray: 1182,
  timestampArray: 1115,
  timestamptzArray: 1185,
  intervalArray: 1187,
  numericArray: 1231,
  textArray: 1009,
} as const;

const asText = (value: string): string => value;
// text[]'s parser splits any array literal into its elements' raw text.
const parserFor = pg.types.getTypeParser as (oid: number, format: 'text' | 'binary') => (value: string) => unknown;
const asTextArray = parserFor(OID.textArray, 'text');

const overrides = new Map<number, (value: string) => unknown>([
  [OID.date, asText],
  [OID.timestamp, asText],
  [OID.timestamptz, asText],
  [OID.interval, asText],
  [OID.dateArray, asTextArray],
  [OID.timestampArray, asTextArray],
  [OID.timestamptzArray, asTextArray],
  [OID.intervalArray, asTextArray],
  [OID.numericArray, asTextArray],
]);

export const exactTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (format !== 'binary') {
      const override = overrides.get(oid);
      if (override) return override;
    }
    return parserFor(oid, format ?? 'text');
  },
};

export const INSTANT_OIDS: ReadonlySet<number> = new Set([OID.timestamptz, OID.timestamptzArray]);
export const NAIVE_TIMESTAMP_OIDS: ReadonlySet<number> = new Set([OID.timestamp, OID.timestampArray]);
