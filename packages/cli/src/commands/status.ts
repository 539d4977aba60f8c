import { errorMessage } from '@synap-etl/core';
import type { Logger, Position, RecordCount, RunCounts, RunInfo } from '@synap-etl/core';
import { describeConnection, sqliteStatePath } from '@synap-etl/state';
import type { LoadedConfig } from '../config/load-config.js';
import { EXIT } from '../output/exit-codes.js';
import { openSource } from '../run/open-source.js';
import { openState } from '../run/state.js';
import type { CommandIo, GlobalOptions } from './common.js';
import { loadWithLogger } from './common.js';
import { arg, globalOptions, withConfig } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface StatusCommandOptions extends GlobalOptions {
  config: string;
  json?: boolean;
  /** Runs listed, newest first. @default 10 */
  runs?: number;
  /** Ask the source how many records it holds (skipped when it takes longer than `countTimeoutMs`). @default true */
  count?: boolean;
  countTimeoutMs?: number;
}

type SourceCount = { total?: RecordCount; remaining?: RecordCount } | { error: string };

/** `etl status <config>`: checkpoint, ledger counts, recent runs, and the source's size when it is cheap to get. */
export async function statusCommand(options: StatusCommandOptions, io: CommandIo): Promise<number> {
  const { loaded, logger } = await loadWithLogger(options.config, io, options);
  const pipeline = loaded.config.pipeline;
  const state = await openState(loaded);
  let checkpoint: Position | undefined;
  let ledger: Omit<RunCounts, 'read'>;
  let runs: RunInfo[];
  try {
    checkpoint = await state.getCheckpoint(pipeline);
    ledger = await state.ledgerCounts(pipeline);
    runs = await state.runs(pipeline, options.runs ?? 10);
  } finally {
    await state.close();
  }
  const source = options.count === false ? undefined : await countSource(loaded, checkpoint, logger, options.countTimeoutMs ?? 5000);
  const status = { pipeline, state: describeState(loaded), checkpoint: checkpoint ?? null, ledger, source: source ?? null, runs };
  io.stdout(options.json ? JSON.stringify(status, null, 2) : loaded.secrets.redact(formatStatus(status, options.config)));
  return EXIT.ok;
}

function describeState(loaded: LoadedConfig): string {
  const state = loaded.config.state ?? { type: 'sqlite' as const };
  switch (state.type) {
    case 'memory':
      return 'memory (nothing is kept between runs)';
    case 'sqlite':
      return `sqlite ${sqliteStatePath(state, loaded.path)}`;
    case 'postgres':
      return `postgres ${describeConnection(state.connection)}`;
  }
}

/** The source's record count, total and after the checkpoint; given up on after `timeoutMs` (it is only a hint). */
async function countSource(loaded: LoadedConfig, checkpoint: Position | undefined, logger: Logger, timeoutMs: number): Promise<SourceCount | undefined> {
  const work = (async (): Promise<SourceCount | undefined> => {
    const source = await openSource(loaded, logger, loaded.secrets);
    try {
      if (!source.count) return undefined;
      const total = await source.count({});
      const remaining = checkpoint === undefined ? total : await source.count({ after: checkpoint });
      return { ...(total ? { total } : {}), ...(remaining ? { remaining } : {}) };
    } finally {
      await source.close().catch(() => undefined);
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SourceCount>((resolve) => {
    timer = setTimeout(() => resolve({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([work.catch((error: unknown): SourceCount => ({ error: loaded.secrets.redact(errorMessage(error)) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Status {
  pipeline: string;
  state: string;
  checkpoint: Position | null;
  ledger: Omit<RunCounts, 'read'>;
  source: SourceCount | null;
  runs: RunInfo[];
}

function formatStatus(status: Status, configPath: string): string {
  const l = status.ledger;
  const recorded = l.delivered + l.already_present + l.rejected + l.filtered + l.failed;
  const lines = [
    `pipeline ${status.pipeline}`,
    `  state       ${status.state}`,
    `  checkpoint  ${status.checkpoint === null ? 'none: the next run starts at the beginning of the source' : JSON.stringify(status.checkpoint)}`,
  ];
  if (status.source) lines.push(`  source      ${formatSourceCount(status.source)}`);
  lines.push(
    `  ledger      ${recorded.toLocaleString('en-US')} record(s): delivered ${l.delivered}, already present ${l.already_present}, ` +
      `rejected ${l.rejected}, filtered ${l.filtered}, failed ${l.failed}`,
  );
  if (l.rejected + l.failed > 0) {
    lines.push(`  ${l.rejected + l.failed} not delivered: \`etl failures ${configPath}\` shows why; after a fix, \`etl retry ${configPath}\` re-drives them`);
  }
  lines.push('', ...(status.runs.length === 0 ? ['no runs yet'] : ['runs, newest first:', ...formatRuns(status.runs)]));
  if (status.runs.some((run) => run.status === 'running')) {
    lines.push("  running: still going, or its process was killed; the next run of this pipeline marks it 'interrupted'");
  }
  return lines.join('\n');
}

function formatSourceCount(count: SourceCount): string {
  if ('error' in count) return `count unavailable (${count.error})`;
  const show = (c: RecordCount) => `${c.exact ? '' : '~'}${c.value.toLocaleString('en-US')}`;
  if (!count.total) return 'count unavailable (the source cannot tell cheaply)';
  const remaining = count.remaining ? `, ${show(count.remaining)} after the checkpoint` : '';
  return `${show(count.total)} record(s)${count.total.exact ? '' : ' (estimate)'}${remaining}`;
}

function formatRuns(runs: readonly RunInfo[]): string[] {
  const header = ['started', 'status', 'duration', 'read', 'delivered', 'present', 'rejected', 'filtered', 'failed', 'run'];
  const rows = runs.map((run) => [
    run.startedAt,
    run.status,
    run.endedAt === undefined ? '-' : `${((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`,
    ...[run.counts.read, run.counts.delivered, run.counts.already_present, run.counts.rejected, run.counts.filtered, run.counts.failed].map(String),
    run.runId,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  return [header, ...rows].map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}

export const statusCli: CliCommand = {
  command: 'status <config>',
  describe: 'Show progress: checkpoint, ledger counts, recent runs, and the source size when cheap',
  builder: (y) =>
    withConfig(y)
      .option('json', { type: 'boolean', describe: 'Print as JSON' })
      .option('runs', { type: 'number', default: 10, describe: 'Runs listed, newest first' })
      .option('count', { type: 'boolean', default: true, describe: 'Ask the source for its size (--no-count: do not connect)' }),
  run: (args, io) =>
    statusCommand(
      {
        ...globalOptions(args),
        config: arg.string(args, 'config'),
        json: arg.optionalFlag(args, 'json'),
        runs: arg.number(args, 'runs'),
        count: arg.flag(args, 'count'),
      },
      io,
    ),
};
