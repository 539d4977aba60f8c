import Database from 'better-sqlite3';
import type { StateTable } from './state-store-suite.js';

const TABLES: readonly StateTable[] = ['runs', 'checkpoints', 'ledger'];

/** Every row of every state table, as JSON text, read through a separate connection. */
export function dumpSqlite(db: Database.Database): string {
  return TABLES.map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all())).join('\n');
}

export function sqliteColumns(db: Database.Database, table: StateTable): string[] {
  return db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name);
}

/** Opens the file read-only for one inspection. */
export function inspectSqliteFile<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
