import { readField, scalarText } from './field-path.js';
import type { ConversationConfig } from './conversation-schema.js';

/** One message as it appears in a transcript. */
export interface Turn {
  role: string;
  speaker: string;
  text: string;
  time: unknown;
  /** `Speaker: text`, the transcript line. */
  line: string;
}

export type TurnReading = { turn: Turn } | { skip: string };

/** Reads one message; a message without a mapped role or without text is skipped with the reason. */
export function readTurn(message: Record<string, unknown>, config: ConversationConfig): TurnReading {
  const role = scalarText(readField(message, config.role));
  if (role === undefined || role === '') return { skip: `no role in field '${config.role}'` };
  const speaker = speakerFor(config.speakers, role);
  if (speaker === undefined) return { skip: `role '${role}' not mapped` };
  const text = messageText(readField(message, config.text))?.trim();
  if (!text) return { skip: `empty message (field '${config.text}')` };
  const time = config.time === undefined ? undefined : readField(message, config.time);
  return { turn: { role, speaker, text, time, line: `${speaker}: ${text}` } };
}

/** The label of a role; roles match exactly, else in lower case (`User` finds `user`). */
function speakerFor(speakers: Record<string, string>, role: string): string | undefined {
  if (Object.hasOwn(speakers, role)) return speakers[role];
  const lower = role.toLowerCase();
  return Object.hasOwn(speakers, lower) ? speakers[lower] : undefined;
}

/**
 * The text of a message: a string, or an array of parts (strings or `{ text }` objects, as chat APIs store
 * multi-part content) joined by newlines. Non-text parts (images, tool calls) are left out.
 */
export function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.map(partText).filter((part): part is string => part !== undefined && part.trim() !== '');
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  return partText(value);
}

function partText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const text = (value as Record<string, unknown>).text;
    return typeof text === 'string' ? text : undefined;
  }
  return scalarText(value);
}

/**
 * Collects the turns of one window. A turn that would push the window past `max_turns` or `max_chars` starts
 * the next window; a window always takes at least one turn, so one oversized message is a window of its own
 * (truncation, after mapping, deals with its size). Sizes count transcript characters, newlines included.
 */
export class WindowBuilder<T extends { turn: Turn }> {
  #entries: T[] = [];
  #chars = 0;

  constructor(private readonly limits: ConversationConfig['window']) {}

  fits(turn: Turn): boolean {
    if (this.#entries.length === 0) return true;
    const { max_turns, max_chars } = this.limits ?? {};
    if (max_turns !== undefined && this.#entries.length >= max_turns) return false;
    return max_chars === undefined || this.#chars + 1 + turn.line.length <= max_chars;
  }

  add(entry: T): void {
    this.#chars += (this.#entries.length > 0 ? 1 : 0) + entry.turn.line.length;
    this.#entries.push(entry);
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Hands over the collected entries and starts an empty window. */
  take(): T[] {
    const entries = this.#entries;
    this.#entries = [];
    this.#chars = 0;
    return entries;
  }
}

/**
 * The data of one transcript document: `base` (the conversation's first record, or the unwound record) plus
 * transcript, messages, window, message_count and, when `time` is configured, first_at, last_at and created_at.
 */
export function windowData(
  base: Record<string, unknown>,
  turns: readonly Turn[],
  window: number,
  config: ConversationConfig,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    ...base,
    transcript: turns.map((t) => t.line).join('\n'),
    messages: turns.map(({ role, speaker, text, time }) => ({ role, speaker, text, ...(time === undefined ? {} : { time }) })),
    window,
    message_count: turns.length,
  };
  if (config.time !== undefined) {
    const first = turns[0]?.time;
    const last = turns[turns.length - 1]?.time;
    data.first_at = first;
    data.last_at = last;
    data.created_at = config.created_at === 'last' ? last : first;
  }
  return data;
}
