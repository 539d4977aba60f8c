import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ConfigError, SourceConnectError, errorMessage } from '@synap-etl/core';
import type { FileFormat, FileSourceConfig } from './config.js';
import { formatFromName, hasGzipExtension } from './file-format.js';
import { comparePaths } from './file-position.js';
import { sniffFile } from './sniff-file.js';
import type { ByteOrderMark } from './sniff-file.js';

export interface ResolvedFile {
  absolute: string;
  /** Relative to the base dir with `/` separators: the name used in positions, keys and messages. */
  relative: string;
  format: FileFormat;
  gzip: boolean;
  size: number;
  /** A byte-order mark at the start of an uncompressed file. */
  bom: ByteOrderMark | undefined;
}

/** Expands the configured paths and patterns into the files to read, in the order they are read. */
export async function resolveFiles(config: FileSourceConfig, baseDir: string): Promise<ResolvedFile[]> {
  const patterns = Array.isArray(config.path) ? config.path : [config.path];
  const absolutes = new Set<string>();
  for (const pattern of patterns) {
    for (const file of await expand(pattern, baseDir)) absolutes.add(file);
  }
  const files = [...absolutes].map((absolute) => ({ absolute, relative: relativeName(absolute, baseDir) }));
  files.sort((a, b) => comparePaths(a.relative, b.relative));
  const resolved: ResolvedFile[] = [];
  for (const file of files) resolved.push(await describeFile(file.absolute, file.relative, config));
  return resolved;
}

async function expand(pattern: string, baseDir: string): Promise<string[]> {
  if (isDynamicPattern(pattern)) {
    const matches = await glob(pattern, { cwd: baseDir, absolute: true, onlyFiles: true, expandDirectories: false });
    if (matches.length === 0) {
      throw new SourceConnectError(`file source: pattern '${pattern}' matched no file (base dir ${baseDir})`, {
        hint: 'paths and patterns are relative to the config file; check the pattern and that the files exist',
      });
    }
    return matches.map((match) => path.resolve(match));
  }
  const absolute = path.resolve(baseDir, pattern);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw new SourceConnectError(`file source: cannot open '${pattern}' (looked for ${absolute}, base dir ${baseDir}): ${errorMessage(error)}`, {
      cause: error,
      hint: 'paths are relative to the config file; check the path and that the file exists and is readable',
    });
  }
  if (!info.isFile()) {
    throw new SourceConnectError(`file source: '${pattern}' is not a file (${absolute})`, {
      hint: `to read every file in a directory, use a pattern such as '${path.posix.join(pattern, '*.csv')}'`,
    });
  }
  return [absolute];
}

async function describeFile(absolute: string, relative: string, config: FileSourceConfig): Promise<ResolvedFile> {
  const format = config.format ?? formatFromName(relative);
  if (format === undefined) {
    throw new ConfigError(`file source: cannot tell the format of '${relative}' from its name`, [
      { path: 'source.format', message: 'set format: csv or format: jsonl' },
    ], { hint: 'set `format: csv` or `format: jsonl` in the source options' });
  }
  let head;
  let size;
  try {
    [head, { size }] = await Promise.all([sniffFile(absolute), stat(absolute)]);
  } catch (error) {
    throw new SourceConnectError(`file source: cannot read '${relative}' (${absolute}): ${errorMessage(error)}`, {
      cause: error,
      hint: 'check that the file is readable by the user running etl',
    });
  }
  const gzip = config.gzip === 'auto' ? hasGzipExtension(relative) || head.gzipMagic : config.gzip;
  const bom = gzip ? undefined : head.bom;
  if (format === 'jsonl' && (config.encoding === 'utf16le' || bom === 'utf16le')) {
    throw new ConfigError(`file source: '${relative}' is UTF-16; JSON Lines files must be UTF-8 (or latin1)`, [
      { path: 'source.encoding', message: 'JSON Lines supports utf8 and latin1' },
    ], { hint: 'convert the file to UTF-8 (e.g. iconv -f UTF-16LE -t UTF-8)' });
  }
  return { absolute, relative, format, gzip, size, bom };
}

function relativeName(absolute: string, baseDir: string): string {
  return path.relative(baseDir, absolute).split(path.sep).join('/');
}
