import type { RunCounts, RunSummary } from '@synap-etl/core';

/**
 * Records read but not settled in this run: in flight or in a half-read conversation when the run stopped.
 * The checkpoint stays before them, so the next run reads them again.
 */
export function unfinished(counts: RunCounts): number {
  return counts.read - (counts.delivered + counts.already_present + counts.rejected + counts.filtered + counts.failed);
}

export function summaryAsJson(summary: RunSummary, extra: Record<string, unknown> = {}): string {
  const { error, ...rest } = summary;
  return JSON.stringify(
    { ...rest, unfinished: unfinished(summary.counts), ...extra, ...(error ? { error: (error as Error).message ?? String(error) } : {}) },
    null,
    2,
  );
}

/** The closing report: every record read is in exactly one of the counted states. */
export function formatSummary(summary: RunSummary, label: string): string {
  const c = summary.counts;
  const seconds = summary.elapsedMs / 1000;
  const perSecond = seconds > 0 ? Math.round(summary.documentsSent / seconds) : summary.documentsSent;
  const rows: Array<[string, number | string]> = [
    ['read', c.read],
    ['delivered', c.delivered],
    ['already present', c.already_present],
    ['rejected', c.rejected],
    ['filtered', c.filtered],
    ['failed', c.failed],
  ];
  const open = unfinished(c);
  if (open > 0) rows.push(['not finished', `${open.toLocaleString('en-US')} (read again by the next run)`]);
  rows.push(['elapsed', `${seconds.toFixed(1)} s`], ['documents/s', perSecond]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`${label}: ${summary.status}`];
  for (const [k, v] of rows) lines.push(`  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
  return lines.join('\n');
}
