import { ObjectId } from 'mongodb';
import type { Db } from 'mongodb';
import { mongoSourceConfigSchema } from '../../src/config-schema.js';
import type { MongoSourceConfig } from '../../src/config-schema.js';

export interface MessageDoc {
  _id: ObjectId;
  created_at: Date;
  seq: number;
  user_id: string;
  text: string;
}

const START = Date.UTC(2024, 0, 1);

/**
 * `count` message documents whose created_at repeats in runs of 1 to 9 equal values, inserted in a shuffled order
 * so that _id order and created_at order disagree. Returned in insertion order.
 */
export async function seedMessages(db: Db, count: number, collection = 'messages'): Promise<MessageDoc[]> {
  const rows: Array<Omit<MessageDoc, '_id'>> = [];
  let second = 0;
  while (rows.length < count) {
    const run = 1 + (second % 9);
    for (let i = 0; i < run && rows.length < count; i++) {
      rows.push({ created_at: new Date(START + second * 1000), seq: rows.length, user_id: `u${second % 13}`, text: `message ${rows.length}` });
    }
    second++;
  }
  // Fisher-Yates with a fixed LCG, so failures reproduce.
  let state = 42;
  for (let i = rows.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  // ObjectIds made in insertion order increase, so _id order follows the shuffle, not created_at.
  const docs: MessageDoc[] = rows.map((row) => ({ _id: new ObjectId(), ...row }));
  for (let i = 0; i < docs.length; i += 1000) await db.collection(collection).insertMany(docs.slice(i, i + 1000));
  return docs;
}

export function byCreatedAtThenId(a: MessageDoc, b: MessageDoc): number {
  return a.created_at.getTime() - b.created_at.getTime() || a._id.toHexString().localeCompare(b._id.toHexString());
}

export function sourceConfig(uri: string, database: Db | string, options: Record<string, unknown> = {}): MongoSourceConfig {
  const name = typeof database === 'string' ? database : database.databaseName;
  return mongoSourceConfigSchema.parse({ uri, database: name, collection: 'messages', ...options });
}
