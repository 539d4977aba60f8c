import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIR = 0o700;

/** SQLite's companion files: the write-ahead log and its shared-memory index. */
export function sqliteCompanionFiles(path: string): string[] {
  return [`${path}-wal`, `${path}-shm`, `${path}-journal`];
}

/**
 * Creates the database file (and a missing parent directory) readable by its owner only, before SQLite
 * opens it: SQLite then gives its -wal/-shm files the same mode. An existing file is tightened too, in
 * case it was copied in with looser permissions.
 */
export function preparePrivateFile(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  closeSync(openSync(path, 'a', OWNER_ONLY_FILE));
  chmodSync(path, OWNER_ONLY_FILE);
}

/** Re-applies owner-only mode to the companion files that exist (they may predate this process). */
export function tightenCompanionFiles(path: string): void {
  for (const file of sqliteCompanionFiles(path)) {
    if (existsSync(file)) chmodSync(file, OWNER_ONLY_FILE);
  }
}
