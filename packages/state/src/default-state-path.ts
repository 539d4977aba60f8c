import { basename, dirname, extname, join, resolve } from 'node:path';

/** The directory, next to the config file, that holds its state when no path is configured. */
export const STATE_DIR_NAME = '.etl-state';

/**
 * Where the SQLite state of a config lives by default: `<config dir>/.etl-state/<config name>.sqlite`.
 * One file per config, holding every pipeline of that config (each keyed by its name).
 */
export function defaultStatePath(configPath: string): string {
  const absolute = resolve(configPath);
  const name = basename(absolute, extname(absolute)) || 'state';
  return join(dirname(absolute), STATE_DIR_NAME, `${name}.sqlite`);
}
