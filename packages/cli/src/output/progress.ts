import cliProgress from 'cli-progress';
import type { Logger, RunProgress } from '@synap-etl/core';

export interface ProgressReporter {
  update(progress: RunProgress): void;
  stop(): void;
}

/** A progress bar with rate and ETA on a terminal; otherwise a log line every `intervalMs`, like the seed's `backfilled N turns`. */
export function createProgressReporter(options: {
  total: number | undefined;
  tty: boolean;
  logger: Logger;
  intervalMs?: number;
}): ProgressReporter {
  return options.tty ? barReporter(options.total) : lineReporter(options.total, options.logger, options.intervalMs ?? 5000);
}

function settledCount(p: RunProgress): number {
  const c = p.counts;
  return c.delivered + c.already_present + c.rejected + c.filtered + c.failed;
}

function rate(p: RunProgress): number {
  return p.elapsedMs > 0 ? Math.round((settledCount(p) * 1000) / p.elapsedMs) : 0;
}

function barReporter(total: number | undefined): ProgressReporter {
  const format = total
    ? '{bar} {percentage}% | {value}/{total} records | {rate}/s | ETA {eta_formatted} | delivered {delivered} present {present} rejected {rejected}'
    : '{value} records | {rate}/s | delivered {delivered} present {present} rejected {rejected}';
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, etaBuffer: 50, fps: 5, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { rate: 0, delivered: 0, present: 0, rejected: 0 });
  let value = 0;
  return {
    update(p) {
      value = settledCount(p);
      if (total !== undefined && value > bar.getTotal()) bar.setTotal(value);
      bar.update(value, { rate: rate(p), delivered: p.counts.delivered, present: p.counts.already_present, rejected: p.counts.rejected + p.counts.failed });
    },
    stop() {
      // The total may have been an estimate: end at 100% of what was really read.
      if (total !== undefined) {
        bar.setTotal(value);
        bar.update(value);
      }
      bar.stop();
    },
  };
}

function lineReporter(total: number | undefined, logger: Logger, intervalMs: number): ProgressReporter {
  let last = 0;
  let latest: RunProgress | undefined;
  const print = (p: RunProgress) => {
    const c = p.counts;
    const of = total ? ` of ~${total}` : '';
    logger.info(
      `backfilled ${settledCount(p)}${of} records (delivered ${c.delivered}, already present ${c.already_present}, rejected ${c.rejected}, filtered ${c.filtered}, failed ${c.failed}) at ${rate(p)}/s`,
    );
  };
  return {
    update(p) {
      latest = p;
      const now = Date.now();
      if (now - last >= intervalMs) {
        last = now;
        print(p);
      }
    },
    stop() {
      void latest;
    },
  };
}
