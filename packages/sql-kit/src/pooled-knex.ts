import knex from 'knex';
import type { Knex } from 'knex';
import type { KnexOptions } from './sql-dialect.js';

/** A read holds one connection and a count may run next to it; more would only load the server. */
const POOL_MAX = 2;

export interface PooledKnexSettings {
  /** The knex client: `pg`, `mysql2`. */
  client: string;
  /** Driver options, as the dialect builds them. */
  connection: Knex.StaticConnectionConfig;
  options: KnexOptions;
  /** Runs on every new driver connection before it is used (to pin the session time zone, say). */
  prepareSession(connection: unknown): Promise<unknown>;
}

/** The knex instance every SQL dialect uses: a small lazy pool, bounded acquisition, warnings to `options.log`. */
export function pooledKnex({ client, connection, options, prepareSession }: PooledKnexSettings): Knex {
  return knex({
    client,
    connection,
    pool: {
      min: 0,
      max: POOL_MAX,
      afterCreate(raw: unknown, done: (error: Error | null, connection: unknown) => void) {
        prepareSession(raw).then(
          () => done(null, raw),
          (error: Error) => done(error, raw),
        );
      },
    },
    acquireConnectionTimeout: options.connectTimeoutMs + 1000,
    log: { warn: options.log, error: options.log, deprecate: options.log, debug: options.log },
  });
}
