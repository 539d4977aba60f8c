import type { RunSummary } from '@synap-etl/core';
import type { RedriveTally } from './redrive-items.js';

export interface RedriveReport {
  status: RunSummary['status'];
  runId: string;
  /** Rejected and failed records in the ledger before the re-drive. */
  failuresBefore: number;
  considered: number;
  redriven: number;
  delivered: number;
  already_present: number;
  still_rejected: number;
  still_failed: number;
  filtered: number;
  not_found: number;
  no_position: number;
  /** A few keys of records that were not found, or have no position to re-read from. */
  samples: { not_found: string[]; no_position: string[] };
  documentsSent: number;
  elapsedMs: number;
  error?: string;
}

export function redriveReport(summary: RunSummary, tally: RedriveTally, runId: string, failuresBefore: number): RedriveReport {
  const c = summary.counts;
  const report: RedriveReport = {
    status: summary.status,
    runId,
    failuresBefore,
    considered: tally.considered,
    redriven: c.read,
    delivered: c.delivered,
    already_present: c.already_present,
    still_rejected: c.rejected,
    still_failed: c.failed,
    filtered: c.filtered,
    not_found: tally.notFound,
    no_position: tally.noPosition,
    samples: { not_found: tally.samples.notFound, no_position: tally.samples.noPosition },
    documentsSent: summary.documentsSent,
    elapsedMs: summary.elapsedMs,
  };
  if (summary.error !== undefined) report.error = summary.error instanceof Error ? summary.error.message : String(summary.error);
  return report;
}

/** Records the re-drive left undelivered: still rejected or failed, or not re-driven at all. */
export function undelivered(report: RedriveReport): number {
  return report.still_rejected + report.still_failed + report.not_found + report.no_position;
}

export function formatRedriveReport(report: RedriveReport, label: string): string {
  const rows: Array<[string, number | string]> = [
    ['failures in the ledger', report.failuresBefore],
    ['re-driven', report.redriven],
    ['delivered', report.delivered],
    ['already present', report.already_present],
    ['still rejected', report.still_rejected],
    ['still failed', report.still_failed],
    ['filtered', report.filtered],
    ['not found', report.not_found],
    ['no position', report.no_position],
    ['elapsed', `${(report.elapsedMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`${label}: ${report.status}`];
  for (const [k, v] of rows) lines.push(`  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
  if (report.not_found > 0) {
    lines.push(
      `${report.not_found} record(s) were not found where they were read before (${report.samples.not_found.join(', ')}${more(report.not_found, report.samples.not_found)}): ` +
        'the source changed, or the stages now cut it differently; `etl run --from-scratch` re-reads everything',
    );
  }
  if (report.no_position > 0) {
    lines.push(
      `${report.no_position} record(s) have no recorded read position, so they cannot be re-read on their own ` +
        `(${report.samples.no_position.join(', ')}${more(report.no_position, report.samples.no_position)}): they were recorded by an ` +
        'older synap-etl; `etl run --from-scratch` re-reads everything (delivered documents come back as already present)',
    );
  }
  return lines.join('\n');
}

function more(total: number, shown: readonly string[]): string {
  return total > shown.length ? `, +${total - shown.length} more` : '';
}
