import type { Position, Stage, StageItem, WorkItem, SettledItem } from '../../src/index.js';
import { transformsConfigSchema } from '../../src/transforms/index.js';
import type { TransformsConfig } from '../../src/transforms/index.js';

/** A parsed transforms config, as the CLI hands it to buildStages. */
export function config(input: Record<string, unknown>): TransformsConfig {
  return transformsConfigSchema.parse(input);
}

/** Records as the runner turns them into stage items: key `r<n>`, position n, checkpoint n. */
export function workItems(rows: Array<Record<string, unknown>>, firstPosition = 1): WorkItem[] {
  return rows.map((data, i) => {
    const position = firstPosition + i;
    return { kind: 'work', key: `r${position}`, data, sources: [{ position, key: `r${position}` }], checkpoint: position };
  });
}

export async function* stream<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export async function collect(items: AsyncIterable<StageItem>): Promise<StageItem[]> {
  const out: StageItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function runStages(stages: readonly Stage[], input: AsyncIterable<StageItem> | Iterable<StageItem>): AsyncIterable<StageItem> {
  const source = Symbol.asyncIterator in input ? input : stream(input);
  return stages.reduce<AsyncIterable<StageItem>>((s, stage) => stage(s), source);
}

export const works = (items: StageItem[]): WorkItem[] => items.filter((i): i is WorkItem => i.kind === 'work');
export const settled = (items: StageItem[]): SettledItem[] => items.filter((i): i is SettledItem => i.kind === 'settled');
export const positions = (item: StageItem): Position[] => item.sources.map((s) => s.position);

/**
 * Checks the checkpoint rule of pipeline-types.ts over an output sequence of numeric positions: when an item
 * carries checkpoint P, every input position <= P has been emitted by then. Returns the first violation.
 */
export function checkpointViolation(items: StageItem[], inputPositions: number[]): string | undefined {
  const emitted = new Set<number>();
  for (const [i, item] of items.entries()) {
    for (const p of positions(item)) emitted.add(p as number);
    if (item.checkpoint === undefined) continue;
    const missing = inputPositions.filter((p) => p <= (item.checkpoint as number) && !emitted.has(p));
    if (missing.length > 0) return `item #${i} carries checkpoint ${String(item.checkpoint)} but ${missing.join(', ')} not emitted yet`;
  }
  return undefined;
}
