import { sourceItems, applyStages } from '@synap-etl/core';
import type { Position, Source, Stage, StageItem } from '@synap-etl/core';

export function runStagesForSample(source: Source, stages: readonly Stage[], signal: AbortSignal, after?: Position): AsyncIterable<StageItem> {
  return applyStages(sourceItems(source, after === undefined ? { signal } : { after, signal }, () => undefined), stages);
}
