import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { SourceConnectError, SourceReadError, errorMessage } from '@synap-etl/core';
import type { Position, ReadOptions, Source, SourceContext, SourceItem } from '@synap-etl/core';
import type { __PASCAL__Config } from './config.js';
import { readPage } from './read-page.js';
import type { PageEntry, PagePosition } from './read-page.js';

/**
 * The Source contract (packages/core/src/source.ts): open() checks access; read() yields records in a stable
 * order, resumes strictly after a position, stops promptly when its signal aborts; close() releases everything.
 */
export class __PASCAL__Source implements Source {
  readonly #config: __PASCAL__Config;
  readonly #file: string;
  readonly #closed = new AbortController();

  constructor(config: __PASCAL__Config, context: SourceContext) {
    this.#config = config;
    this.#file = path.resolve(context.baseDir, config.path);
  }

  async open(): Promise<void> {
    try {
      await access(this.#file, constants.R_OK);
    } catch (error) {
      throw new SourceConnectError(`__TYPE__: cannot read ${this.#file}: ${errorMessage(error)}`, {
        cause: error,
        hint: 'check source.path (relative to the config file)',
      });
    }
  }

  async *read(options: ReadOptions = {}): AsyncIterable<SourceItem> {
    const signal = options.signal ? AbortSignal.any([options.signal, this.#closed.signal]) : this.#closed.signal;
    let after = toPagePosition(options.after);
    while (!signal.aborted) {
      let page: PageEntry[];
      try {
        page = await readPage(this.#file, after, this.#config.page_size, signal);
      } catch (error) {
        if (signal.aborted) return;
        throw new SourceReadError(`__TYPE__: reading ${this.#file} failed: ${errorMessage(error)}`, after ?? null, { cause: error });
      }
      for (const entry of page) {
        if (signal.aborted) return;
        yield this.#toItem(entry);
        after = entry.position;
      }
      if (page.length < this.#config.page_size) return;
    }
  }

  async close(): Promise<void> {
    this.#closed.abort();
  }

  #toItem(entry: PageEntry): SourceItem {
    const position = { line: entry.position.line, offset: entry.position.offset };
    if ('error' in entry) return { position, key: `line:${position.line}`, invalid: { message: entry.error } };
    const id = entry.record[this.#config.id_field];
    const key = typeof id === 'string' || typeof id === 'number' ? String(id) : `line:${position.line}`;
    return { position, key, data: entry.record };
  }
}

function toPagePosition(position: Position | undefined): PagePosition | undefined {
  if (position === undefined || position === null) return undefined;
  const { line, offset } = position as Partial<PagePosition>;
  if (typeof line === 'number' && typeof offset === 'number') return { line, offset };
  throw new SourceReadError(`__TYPE__: cannot resume after ${JSON.stringify(position)}: not a position of this source`, null, {
    hint: 'the checkpoint was written by another source type; run with --from-scratch',
  });
}
