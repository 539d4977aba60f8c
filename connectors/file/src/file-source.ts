import { EtlError } from '@synap-etl/core';
import type { Position, ReadOptions, RecordCount, Source, SourceContext, SourceItem } from '@synap-etl/core';
import type { FileSourceConfig } from './config.js';
import { estimateCount } from './count-estimate.js';
import { readCsv } from './csv-reader.js';
import { comparePaths, parsePosition } from './file-position.js';
import type { FileCursor } from './file-position.js';
import { readJsonl } from './jsonl-reader.js';
import { openInput } from './open-input.js';
import type { InputChain, InputOptions } from './open-input.js';
import { readFailure } from './read-failure.js';
import { resolveFiles } from './resolve-files.js';
import type { ResolvedFile } from './resolve-files.js';

/**
 * Reads CSV and JSON Lines files in sorted path order. `open()` resolves the paths and patterns once; each
 * `read()` streams the files one at a time and holds at most one open file (two while a CSV header is read).
 */
export class FileSource implements Source {
  #files: ResolvedFile[] | undefined;
  readonly #inputs = new Set<InputChain>();

  constructor(
    private readonly config: FileSourceConfig,
    private readonly context: SourceContext,
  ) {}

  async open(): Promise<void> {
    this.#files = await resolveFiles(this.config, this.context.baseDir);
    this.context.logger.debug('file source: files to read', { files: this.#files.map((file) => file.relative) });
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<SourceItem> {
    const files = this.#opened();
    const { signal } = options;
    const after = parsePosition(options.after);
    let lastPosition: Position | undefined = options.after;
    for (const file of files) {
      const order = after === undefined ? 1 : comparePaths(file.relative, after.file);
      if (order < 0) continue;
      if (signal?.aborted) return;
      const items = this.#readFile(file, order === 0 ? after : undefined, signal);
      try {
        for await (const item of items) {
          if (signal?.aborted) return;
          lastPosition = item.position;
          yield item;
        }
      } catch (error) {
        if (signal?.aborted) return;
        throw readFailure(error, file, lastPosition);
      }
    }
  }

  async count(options: { after?: Position } = {}): Promise<RecordCount | undefined> {
    return estimateCount(this.#opened(), parsePosition(options.after));
  }

  async close(): Promise<void> {
    const inputs = [...this.#inputs];
    this.#inputs.clear();
    await Promise.all(inputs.map((input) => input.dispose()));
  }

  #readFile(file: ResolvedFile, after: FileCursor | undefined, signal: AbortSignal | undefined): AsyncGenerator<SourceItem> {
    const open = (input: InputOptions): InputChain => this.#track(openInput(file, { ...input, ...(signal ? { signal } : {}) }));
    if (file.format === 'csv') {
      return readCsv({ file, csv: this.config.csv, encoding: this.config.encoding, after, open });
    }
    const encoding = this.config.encoding === 'latin1' ? 'latin1' : 'utf8';
    return readJsonl({ file, encoding, after, open: (start) => open({ start }) });
  }

  #track(input: InputChain): InputChain {
    this.#inputs.add(input);
    return {
      output: input.output,
      dispose: async () => {
        this.#inputs.delete(input);
        await input.dispose();
      },
    };
  }

  #opened(): ResolvedFile[] {
    if (this.#files === undefined) {
      throw new EtlError('INTERNAL', 'file source: read() or count() called before open()', {
        hint: 'call open() first (the pipeline runner does)',
      });
    }
    return this.#files;
  }
}
