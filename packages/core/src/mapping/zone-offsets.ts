import { IANAZone } from 'luxon';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_CACHED_HOURS = 100_000;

export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/**
 * UTC offsets (minutes) of one IANA zone. Asking Intl costs microseconds per call and a naive timestamp needs
 * three lookups, so offsets are cached per UTC hour whenever the offset is the same at both ends of the hour.
 * This assumes no zone changes its offset twice within one hour (none does).
 */
export class ZoneOffsets {
  readonly #zone: IANAZone;
  readonly #byHour = new Map<number, number>();

  constructor(name: string) {
    this.#zone = IANAZone.create(name);
  }

  offsetAt(epochMs: number): number {
    const hour = Math.floor(epochMs / HOUR_MS);
    const cached = this.#byHour.get(hour);
    if (cached !== undefined) return cached;
    const start = this.#zone.offset(hour * HOUR_MS);
    const end = this.#zone.offset(hour * HOUR_MS + HOUR_MS - 1);
    if (start !== end) return this.#zone.offset(epochMs);
    if (this.#byHour.size >= MAX_CACHED_HOURS) this.#byHour.clear();
    this.#byHour.set(hour, start);
    return start;
  }

  /**
   * The instant of a local wall-clock time (given as if it were UTC milliseconds) in this zone.
   *
   * DST rules, the same as Temporal's and java.time's defaults:
   * - a time that does not exist (spring-forward gap, e.g. 02:30 on the night clocks jump from 02:00 to 03:00)
   *   is moved forward by the length of the gap: 02:30 becomes 03:30 in the new offset;
   * - a time that occurs twice (fall-back overlap, e.g. 02:30 on the night clocks go from 03:00 back to 02:00)
   *   resolves to the earlier of the two instants, the one still in the pre-transition (summer) offset.
   */
  localToEpoch(wallMs: number): number {
    const before = this.offsetAt(wallMs - DAY_MS);
    const after = this.offsetAt(wallMs + DAY_MS);
    let best: number | undefined;
    for (const offset of before === after ? [before] : [before, after]) {
      const candidate = wallMs - offset * 60_000;
      if (this.offsetAt(candidate) === offset && (best === undefined || candidate < best)) best = candidate;
    }
    return best ?? wallMs - before * 60_000;
  }
}

const zones = new Map<string, ZoneOffsets>();

/** One shared, cached offset table per zone name (the caller validated the name). */
export function zoneOffsets(name: string): ZoneOffsets {
  let zone = zones.get(name);
  if (!zone) {
    zone = new ZoneOffsets(name);
    zones.set(name, zone);
  }
  return zone;
}
