import type { FileFormat } from './config.js';

const FORMAT_BY_EXTENSION: Record<string, FileFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** The format named by a file's extension, looking through a trailing `.gz`; undefined when it names none. */
export function formatFromName(name: string): FileFormat | undefined {
  const lower = name.toLowerCase();
  const base = lower.endsWith('.gz') ? lower.slice(0, -3) : lower;
  const dot = base.lastIndexOf('.');
  return dot < 0 ? undefined : FORMAT_BY_EXTENSION[base.slice(dot)];
}

export function hasGzipExtension(name: string): boolean {
  return name.toLowerCase().endsWith('.gz');
}
