import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Faults the API can inject, for tests of retries, failures and aborts. */
export interface ApiFaults {
  /** Pages whose first record is at or beyond this offset answer 500 (a backend that broke mid-read). */
  failFromOffset?: number;
  /** The next `count` requests answer `status` (with `Retry-After` when `retryAfter` is set), then all is well. */
  transient?: { status: number; count: number; retryAfter?: number };
  /** Delay before each answer. */
  delayMs?: number;
}

export interface ConversationApiOptions {
  records: readonly unknown[];
  /** When set, requests need `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** Path of the list endpoint. @default '/api/messages' */
  path?: string;
  faults?: ApiFaults;
  port?: number;
}

export interface RunningConversationApi {
  /** The list endpoint's URL. */
  url: string;
  /** Query strings and auth headers of the requests received, in order. */
  requests: Array<{ query: Record<string, string>; authorization: string | undefined }>;
  /** TCP connections open right now: a source that closes properly brings this back to its baseline. */
  openConnections(): number;
  setFaults(faults: ApiFaults): void;
  close(): Promise<void>;
}

const MAX_LIMIT = 100;

/**
 * A local JSON API paging with an opaque cursor: `GET /api/messages?limit=N&cursor=C` answers
 * `{ "data": [...], "next_cursor": "..." | null }`. Cursors are stable (they encode an offset), as the
 * http-json source requires.
 */
export async function startConversationApi(options: ConversationApiOptions): Promise<RunningConversationApi> {
  const endpoint = options.path ?? '/api/messages';
  let faults: ApiFaults = { ...options.faults };
  let open = 0;
  const requests: RunningConversationApi['requests'] = [];

  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://api');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ query, authorization: req.headers.authorization });
    if (faults.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    if (url.pathname !== endpoint) return answer(res, 404, { error: 'not found' });
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) return answer(res, 401, { error: 'unauthorized' });
    const transient = faults.transient;
    if (transient && transient.count > 0) {
      transient.count -= 1;
      const headers: Record<string, string> = transient.retryAfter === undefined ? {} : { 'retry-after': String(transient.retryAfter) };
      return answer(res, transient.status, { error: 'try again' }, headers);
    }
    const offset = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    const limit = Number(query.limit ?? 10);
    if (offset === undefined || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return answer(res, 400, { error: 'bad cursor or limit' });
    if (faults.failFromOffset !== undefined && offset >= faults.failFromOffset) return answer(res, 500, { error: 'backend unavailable' });
    const data = options.records.slice(offset, offset + limit);
    const next = offset + limit < options.records.length ? encodeCursor(offset + limit) : null;
    answer(res, 200, { data, next_cursor: next });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    open += 1;
    socket.on('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${endpoint}`,
    requests,
    openConnections: () => open,
    setFaults: (next) => {
      faults = { ...next };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** Support-desk messages: `conversations` conversations of 4 turns each, in conversation order. */
export function sampleMessages(conversations: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let c = 0; c < conversations; c++) {
    const conversationId = `6f1c${String(c).padStart(4, '0')}-0000-4000-8000-000000000000`;
    const turns = [
      ['user', `Hi, my order #${4100 + c} has not arrived yet.`],
      ['assistant', `Sorry about that. Order #${4100 + c} left the warehouse yesterday; it should arrive tomorrow.`],
      ['user', 'Thanks. Can you send tracking updates by email from now on?'],
      ['assistant', 'Done: you will get an email at every step.'],
    ] as const;
    turns.forEach(([role, text], t) => {
      const minute = String(t * 2).padStart(2, '0');
      out.push({
        id: `msg-${c * turns.length + t + 1}`,
        conversation_id: conversationId,
        user_id: `user-${(c % 7) + 1}`,
        role,
        text,
        sent_at: `2024-0${(c % 9) + 1}-1${c % 10}T09:${minute}:00Z`,
      });
    });
  }
  return out;
}
