import Database from 'better-sqlite3';
import { IN_MEMORY, SqliteStateStore } from '@synap-etl/state';
import { describeStateStore } from './state-store-suite.js';
import { dumpSqlite, sqliteColumns } from './sqlite-inspect.js';

describeStateStore('memory', { persistent: false, files: false }, async () => {
  // Injected so the suite can look inside; the store closes it.
  const db = new Database(IN_MEMORY);
  return {
    open: async () => {
      const store = new SqliteStateStore({ path: IN_MEMORY, database: db });
      await store.init();
      return store;
    },
    dump: async () => dumpSqlite(db),
    columns: async (table) => sqliteColumns(db, table),
    cleanup: async () => {
      if (db.open) db.close();
    },
  };
});
