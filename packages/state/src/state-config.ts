import { z } from 'zod';

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,29}$/, 'letters, digits and _ (up to 30), not starting with a digit');

export const sqliteStateConfigSchema = z
  .object({
    type: z.literal('sqlite').describe('An embedded SQLite file (the default).'),
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        'State file, relative to the config file. Default: .etl-state/<config name>.sqlite next to the config. ' +
          'Created readable by its owner only.',
      ),
  })
  .strict()
  .describe('Keep state in a SQLite file on this machine.');

export const postgresStateConfigSchema = z
  .object({
    type: z.literal('postgres').describe('A PostgreSQL database, to share state between machines.'),
    connection: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .describe(
        'Connection URL, e.g. postgres://etl:${STATE_DB_PASSWORD}@db.internal:5432/etl. ' +
          'Prefer an environment variable for the password; it is never stored or shown.',
      )
      .meta({ secret: true }),
    schema: identifier.optional().describe("PostgreSQL schema holding the state tables, created if absent. Default 'public'."),
    table_prefix: identifier
      .optional()
      .describe("Prefix of the state tables (<prefix>runs, <prefix>checkpoints, <prefix>ledger). Default 'synap_etl_'."),
  })
  .strict()
  .describe('Keep state in PostgreSQL; the tables are created if absent.');

export const memoryStateConfigSchema = z
  .object({
    type: z.literal('memory').describe('Keep state in memory only (tests, runs with --no-state).'),
  })
  .strict()
  .describe('Keep nothing after the run: every run starts from the beginning.');

export const stateConfigSchema = z
  .discriminatedUnion('type', [sqliteStateConfigSchema, postgresStateConfigSchema, memoryStateConfigSchema])
  .describe('Where run state (checkpoints, the record ledger, run history) is kept.');

export type StateConfig = z.output<typeof stateConfigSchema>;
