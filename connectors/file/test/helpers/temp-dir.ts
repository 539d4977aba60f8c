import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '@synap-etl/core';
import type { Source } from '@synap-etl/core';
import { fileConfigSchema, fileSource } from '../../src/index.js';

/** A scratch directory for one test file's fixtures, removed by `remove()`. */
export class TempDir {
  readonly root: string;

  constructor(label: string) {
    this.root = mkdtempSync(path.join(tmpdir(), `synap-etl-file-${label}-`));
  }

  /** Writes text or bytes at a path relative to the root (gzip-compressed with `gzip: true`); returns the absolute path. */
  write(relative: string, content: string | Buffer, options: { gzip?: boolean } = {}): string {
    const absolute = path.join(this.root, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeFileSync(absolute, options.gzip ? gzipSync(bytes) : bytes);
    return absolute;
  }

  /** An un-opened file source over this directory, options validated by the real schema. */
  source(options: Record<string, unknown>, baseDir = this.root): Source {
    return fileSource.create(fileConfigSchema.parse(options), { baseDir, logger: silentLogger });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function gzip(text: string): Buffer {
  return gzipSync(Buffer.from(text, 'utf8'));
}
