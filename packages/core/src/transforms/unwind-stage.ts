import type { Stage, StageItem, WorkItem } from '../pipeline-types.js';
import type { UnwindConfig } from './conversation-schema.js';
import { readField } from './field-path.js';
import { settle } from './record-stage.js';
import type { Turn } from './transcript.js';
import { readTurn, WindowBuilder, windowData } from './transcript.js';

/**
 * Unwinds the messages array of one record into transcript windows, like `group` does across records.
 *
 * Accounting: the record is the unit. Its windows are WorkItems keyed `<record key>:<window>`, each carrying
 * the record's refs with `part: { index, count }`; the record counts as delivered once all parts are settled.
 * Messages with unmapped roles or blank text are left out of the transcript (they are not records of their
 * own). A record with no usable message settles as filtered; one whose field is not an array is rejected.
 *
 * Checkpoints: only the last part carries the record's checkpoint, so a resume after a partial delivery
 * re-reads the record and re-sends the same ids. Memory: the record is already in memory; windows are
 * slices of it.
 */
export function unwindStage(config: UnwindConfig): Stage {
  return async function* (input: AsyncIterable<StageItem>): AsyncGenerator<StageItem> {
    for await (const item of input) {
      if (item.kind === 'work') yield* unwindRecord(item, config);
      else yield item;
    }
  };
}

function* unwindRecord(item: WorkItem, config: UnwindConfig): Generator<StageItem> {
  const messages = readField(item.data, config.field);
  if (!Array.isArray(messages)) {
    const what = messages === undefined || messages === null ? 'is missing' : 'is not an array';
    yield settle(item, { status: 'rejected', field: config.field, reason: `${config.field} ${what}; expected an array of messages` });
    return;
  }
  const windows = cutWindows(messages, config);
  if (windows.length === 0) {
    const reason = messages.length === 0 ? `${config.field} is empty` : `no message in ${config.field} has a mapped role and text`;
    yield settle(item, { status: 'filtered', field: config.field, reason });
    return;
  }
  const base = { ...item.data };
  delete base[config.field];
  for (const [index, turns] of windows.entries()) {
    const last = index === windows.length - 1;
    const work: WorkItem = {
      kind: 'work',
      key: `${item.key}:${index}`,
      data: windowData(base, turns, index, config),
      sources: item.sources.map((ref) => ({ ...ref, part: { index, count: windows.length } })),
    };
    if (last && item.checkpoint !== undefined) work.checkpoint = item.checkpoint;
    yield work;
  }
}

function cutWindows(messages: readonly unknown[], config: UnwindConfig): Turn[][] {
  const windows: Turn[][] = [];
  const builder = new WindowBuilder<{ turn: Turn }>(config.window);
  for (const message of messages) {
    if (message === null || typeof message !== 'object' || Array.isArray(message)) continue;
    const reading = readTurn(message as Record<string, unknown>, config);
    if ('skip' in reading) continue;
    if (!builder.fits(reading.turn)) windows.push(builder.take().map((e) => e.turn));
    builder.add({ turn: reading.turn });
  }
  if (builder.size > 0) windows.push(builder.take().map((e) => e.turn));
  return windows;
}
