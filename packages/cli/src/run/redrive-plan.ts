import type { LedgerEntry, Position } from '@synap-etl/core';

/**
 * A canonical text for a position, so equal positions compare equal whatever their key order (a PostgreSQL
 * jsonb column, for one, hands keys back in its own order).
 */
export function positionKey(position: Position): string {
  if (Array.isArray(position)) return `[${position.map(positionKey).join(',')}]`;
  if (position !== null && typeof position === 'object') {
    const keys = Object.keys(position).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${positionKey(position[k] as Position)}`).join(',')}}`;
  }
  return JSON.stringify(position);
}

/** A failed record that can be re-read: its ledger entry with the position a re-read starts after. */
export type Redrivable = LedgerEntry & { previous: Position };

export function isRedrivable(entry: LedgerEntry): entry is Redrivable {
  return entry.previous !== undefined;
}

/**
 * The failures of one window, indexed by where their re-read starts. A read started after P re-drives every
 * failure whose previous is P, and carries on past each checkpoint Q that is the start of further failures:
 * consecutive failures cost one read, not one each.
 */
export class RedrivePlan {
  readonly #byStart = new Map<string, { after: Position; entries: Redrivable[] }>();
  readonly #positions = new Set<string>();

  constructor(entries: readonly Redrivable[]) {
    for (const entry of entries) {
      const start = positionKey(entry.previous);
      const group = this.#byStart.get(start) ?? { after: entry.previous, entries: [] };
      group.entries.push(entry);
      this.#byStart.set(start, group);
      this.#positions.add(positionKey(entry.position));
    }
  }

  get empty(): boolean {
    return this.#byStart.size === 0;
  }

  /**
   * Takes the next place to start reading, preferring one that is not itself a failed record (the head of a
   * run of consecutive failures), so a run is read once from its start.
   */
  nextStart(): { after: Position; entries: Redrivable[] } | undefined {
    let fallback: string | undefined;
    for (const start of this.#byStart.keys()) {
      if (!this.#positions.has(start)) return this.#take(start);
      fallback ??= start;
    }
    return fallback === undefined ? undefined : this.#take(fallback);
  }

  /** The failures whose re-read starts right after `checkpoint`, if any are still waiting (a read continues). */
  takeAt(checkpoint: Position): Redrivable[] {
    return this.#take(positionKey(checkpoint))?.entries ?? [];
  }

  #take(start: string): { after: Position; entries: Redrivable[] } | undefined {
    const group = this.#byStart.get(start);
    this.#byStart.delete(start);
    return group;
  }
}
