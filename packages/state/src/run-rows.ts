import { randomUUID } from 'node:crypto';
import { emptyCounts } from '@synap-etl/core';
import type { EtlError, RunCounts, RunInfo } from '@synap-etl/core';
import { isoTime, parseJson } from './ledger-rows.js';
import { stateError } from './state-error.js';

/** The run history's rows, as both stores write and read them (`seq` is left to the database). */

export type RunRow = {
  id: string;
  pipeline: string;
  started_at: string;
  status: string;
  config_hash: string;
  mapping_hash: string;
  counts: string;
};

/** The columns a finished run updates. */
export type RunEndRow = {
  ended_at: string;
  status: string;
  counts: string;
};

export function newRun(pipeline: string, hashes: { configHash: string; mappingHash: string }): RunInfo {
  return {
    runId: randomUUID(),
    pipeline,
    startedAt: new Date().toISOString(),
    status: 'running',
    configHash: hashes.configHash,
    mappingHash: hashes.mappingHash,
    counts: emptyCounts(),
  };
}

export function toRunRow(run: RunInfo): RunRow {
  return {
    id: run.runId,
    pipeline: run.pipeline,
    started_at: run.startedAt,
    status: run.status,
    config_hash: run.configHash,
    mapping_hash: run.mappingHash,
    counts: JSON.stringify(run.counts),
  };
}

export function runEndRow(status: RunInfo['status'], counts: RunCounts): RunEndRow {
  return { ended_at: new Date().toISOString(), status, counts: JSON.stringify(counts) };
}

export function fromRunRow(row: Record<string, unknown>): RunInfo {
  const run: RunInfo = {
    runId: String(row.id),
    pipeline: String(row.pipeline),
    startedAt: isoTime(row.started_at),
    status: row.status as RunInfo['status'],
    configHash: String(row.config_hash),
    mappingHash: String(row.mapping_hash),
    counts: { ...emptyCounts(), ...parseJson<Partial<RunCounts>>(row.counts) },
  };
  if (row.ended_at != null) run.endedAt = isoTime(row.ended_at);
  return run;
}

/** finishRun() found no row to update. */
export function unknownRunError(runId: string): EtlError {
  return stateError(`no run ${runId} in the state store`, 'finish only runs started with startRun() (a runner bug)');
}
