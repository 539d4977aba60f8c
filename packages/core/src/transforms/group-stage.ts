import type { SettledItem, SourceRef, Stage, StageItem, WorkItem } from '../pipeline-types.js';
import type { Position } from '../source.js';
import { ClosedKeySet } from './closed-keys.js';
import type { GroupConfig } from './conversation-schema.js';
import { readField } from './field-path.js';
import { describeKey, readGroupKey } from './group-key.js';
import { settle } from './record-stage.js';
import { compareOrderValues } from './time-value.js';
import type { Turn } from './transcript.js';
import { readTurn, WindowBuilder, windowData } from './transcript.js';

/**
 * Groups consecutive records with the same key into transcripts (one document per window).
 *
 * Memory: only the open group's current window (its turns and refs) and the group's first record are held;
 * ended keys are kept as hashes (see ClosedKeySet). Pull-based: the stage reads the next record only when
 * asked for an item it does not have yet.
 *
 * Accounting: every input record ends in exactly one output item. Records of the group whose role is not
 * mapped, or whose text is blank, settle at once as `filtered` ("role 'system' not mapped"); all others are
 * in the `sources` of exactly one window document, in source order.
 *
 * Checkpoints (pipeline-types.ts): an item may carry position P only when every record at or before P is
 * emitted, and here also only at a group boundary: a resume reading after a P inside a group would start
 * that group over at window 0, and its ids would clash with windows already delivered (dedupe would drop the
 * new content). So while a group is open nothing emitted carries a checkpoint: not a window that fills up
 * before the group ends, not a filtered or rejected record passing meanwhile. The group's last window
 * carries the checkpoint of the last record read before the group ended. On resume an unfinished group is
 * re-read from its start and re-windowed into the same ids; Synap's document_id dedupe makes resending its
 * earlier windows harmless. A group all of whose records were filtered or rejected emits no document: its last
 * settled item, held back by one, carries the checkpoint instead.
 *
 * Ordering: a key seen again after its group ended means the source is not ordered by the key; its records are
 * rejected with the reason, never silently split into a second conversation with clashing ids. This holds
 * within one run: a resumed run does not know the keys of records before its checkpoint.
 */
export function groupStage(config: GroupConfig): Stage {
  const fields = Array.isArray(config.by) ? config.by : [config.by];
  return (input) => groupRecords(input, config, fields);
}

interface Entry {
  turn: Turn;
  sources: SourceRef[];
}

interface OpenGroup {
  key: string;
  base: Record<string, unknown>;
  window: WindowBuilder<Entry>;
  index: number;
  lastOrder: unknown;
}

async function* groupRecords(input: AsyncIterable<StageItem>, config: GroupConfig, fields: readonly string[]): AsyncGenerator<StageItem> {
  const closed = new ClosedKeySet();
  let group: OpenGroup | undefined;
  /** Checkpoint of the last item read: safe to hand out once no group is open. */
  let lastCheckpoint: Position | undefined;
  let ordinal = 0;

  const windowItem = (open: OpenGroup, checkpoint: Position | undefined): WorkItem => {
    const entries = open.window.take();
    const item: WorkItem = {
      kind: 'work',
      key: `${open.key}:${open.index}`,
      data: windowData(open.base, entries.map((e) => e.turn), open.index, config),
      sources: entries.flatMap((e) => e.sources),
    };
    if (checkpoint !== undefined) item.checkpoint = checkpoint;
    open.index++;
    return item;
  };

  /**
   * The last settled item let through while a group is open, held back by one item: should the group end with
   * no window to carry the checkpoint (all its records filtered or rejected), this item carries it instead, so
   * a run ending on such a group does not leave the checkpoint before records it already accounted.
   */
  let held: SettledItem | undefined;

  function* emit(item: StageItem): Generator<StageItem> {
    if (held) yield held;
    held = undefined;
    if (group !== undefined && item.kind === 'settled' && item.checkpoint === undefined) held = item;
    else yield item;
  }

  function* endGroup(endOrdinal: number): Generator<StageItem> {
    if (!group) return;
    if (group.window.size > 0) yield* emit(windowItem(group, lastCheckpoint));
    else if (held && lastCheckpoint !== undefined) held = { ...held, checkpoint: lastCheckpoint };
    if (held) yield held;
    held = undefined;
    closed.add(group.key, endOrdinal);
    group = undefined;
  }

  for await (const item of input) {
    ordinal++;
    const open = group !== undefined;
    if (item.kind === 'settled') {
      yield* emit(open ? settle(item, item, { keepCheckpoint: false }) : item);
    } else {
      const reading = readGroupKey(item.data, fields);
      if ('reason' in reading) {
        yield* emit(settle(item, { status: 'rejected', ...reading }, { keepCheckpoint: !open }));
      } else {
        if (group && group.key !== reading.key) yield* endGroup(ordinal - 1);
        const endedAt = group ? undefined : closed.get(reading.key);
        if (endedAt !== undefined) {
          const reason =
            `${describeKey(fields, reading.key)} appears again after its conversation ended at record #${endedAt} of this run: ` +
            `the source is not ordered by ${fields.join(', ')}; order it by the group key (e.g. ORDER BY ${fields.join(', ')})`;
          yield* emit(settle(item, { status: 'rejected', field: fields[0]!, reason }));
        } else {
          group ??= openGroup(reading.key, item.data, config);
          for (const out of addRecord(group, item, config, fields, (g) => windowItem(g, undefined))) yield* emit(out);
        }
      }
    }
    if (item.checkpoint !== undefined) lastCheckpoint = item.checkpoint;
  }
  yield* endGroup(ordinal);
}

function openGroup(key: string, first: Record<string, unknown>, config: GroupConfig): OpenGroup {
  const base = { ...first };
  // Role and text describe one message, not the conversation.
  delete base[config.role];
  delete base[config.text];
  return { key, base, window: new WindowBuilder<Entry>(config.window), index: 0, lastOrder: undefined };
}

/** Adds one record to the open group: rejected if it goes back in order, filtered if not a turn, else a turn. */
function* addRecord(
  group: OpenGroup,
  item: WorkItem,
  config: GroupConfig,
  fields: readonly string[],
  flush: (group: OpenGroup) => WorkItem,
): Generator<StageItem> {
  if (config.order_by !== undefined) {
    const value = readField(item.data, config.order_by);
    if ((compareOrderValues(value, group.lastOrder) ?? 0) < 0) {
      const reason =
        `${config.order_by} goes backwards within ${describeKey(fields, group.key)}: ` +
        `order the source by ${[...fields, config.order_by].join(', ')}`;
      yield settle(item, { status: 'rejected', field: config.order_by, reason }, { keepCheckpoint: false });
      return;
    }
    if (value !== undefined && value !== null) group.lastOrder = value;
  }
  const reading = readTurn(item.data, config);
  if ('skip' in reading) {
    yield settle(item, { status: 'filtered', reason: reading.skip }, { keepCheckpoint: false });
    return;
  }
  if (!group.window.fits(reading.turn)) yield flush(group);
  group.window.add({ turn: reading.turn, sources: item.sources });
}
