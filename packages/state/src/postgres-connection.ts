import type { Knex } from 'knex';
import { errorMessage, redactUrlCredentials } from '@synap-etl/core';
import type { Logger } from '@synap-etl/core';

export interface PostgresConnectionOptions {
  connection: string;
  maxConnections?: number;
  connectTimeoutMs?: number;
  logger: Logger;
}

/** Routes knex's own messages to our logger instead of the console, URL passwords masked. */
function knexLog(logger: Logger): Knex.Config['log'] {
  const text = (message: unknown): string => redactUrlCredentials(errorMessage(message));
  return {
    warn: (message: unknown) => logger.warn(`[state] ${text(message)}`),
    error: (message: unknown) => logger.warn(`[state] ${text(message)}`),
    deprecate: (method: string, alternative: string) => logger.debug(`[state] knex: ${method} is deprecated, use ${alternative}`),
    debug: (message: unknown) => logger.debug(`[state] ${text(message)}`),
  };
}

const JSON_OID = 114;
const JSONB_OID = 3802;

/** A pooled knex instance; knex is loaded here, so runs on SQLite never pay for loading it. */
export async function openKnex(options: PostgresConnectionOptions): Promise<Knex> {
  const { default: knex } = await import('knex');
  const { default: pg } = await import('pg');
  return knex({
    client: 'pg',
    connection: {
      connectionString: options.connection,
      // json/jsonb come back as text, so every stored value is parsed once, the same way as on SQLite
      // (a position that is a JSON string would otherwise reach JSON.parse already decoded).
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === JSON_OID || oid === JSONB_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as never,
      },
    },
    pool: { min: 0, max: options.maxConnections ?? 4 },
    acquireConnectionTimeout: options.connectTimeoutMs ?? 15_000,
    log: knexLog(options.logger),
  });
}

/** Host, port and database of a connection string, for messages: never its user, password or parameters. */
export function describeConnection(connection: string): string {
  try {
    const url = new URL(connection);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the configured connection string';
  }
}
