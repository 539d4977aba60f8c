import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** File descriptors of this process open on files under `dir` (Linux /proc); what a file source must release. */
export function openFilesUnder(dir: string): Array<{ fd: string; target: string }> {
  const open: Array<{ fd: string; target: string }> = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed while listing
    }
    if (target.startsWith(dir)) open.push({ fd, target });
  }
  return open;
}

/** The read offset of the descriptor open on `file`: how far the source has read it. */
export function readOffsetOf(file: string): number | undefined {
  const entry = openFilesUnder(file).find((candidate) => candidate.target === file);
  if (entry === undefined) return undefined;
  const info = readFileSync(`/proc/self/fdinfo/${entry.fd}`, 'utf8');
  const match = /^pos:\s+(\d+)/m.exec(info);
  return match ? Number(match[1]) : undefined;
}

export const hasProcFs = process.platform === 'linux';
