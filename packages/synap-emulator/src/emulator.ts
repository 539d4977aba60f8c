import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { API_PATHS, DEFAULT_PATH_PREFIX } from '@synap-etl/synap-client';
import { DocumentStore } from './document-store.js';
import type { DocumentStoreOptions } from './document-store.js';
import { EmulatorConfigError } from './errors.js';
import { FaultInjector } from './faults.js';
import type { FaultOptions } from './faults.js';
import { parseJson, readBody, sendJson } from './http-io.js';
import { MemoryApi } from './memory-api.js';
import type { ApiReply } from './memory-api.js';
import { matchRoute } from './routes.js';

export interface EmulatorOptions extends DocumentStoreOptions {
  /** Interface to listen on. Loopback by default: the emulator is not meant to be reachable from outside. */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** When set, memory endpoints demand `Authorization: Bearer <apiKey>` and answer 401 otherwise. */
  apiKey?: string;
  /** Behave as a B2B instance: `user_id` without `customer_id` is rejected. @default false */
  b2b?: boolean;
  /** Credit balance, one per accepted document; 402 once it cannot cover a request. Unlimited when unset. */
  credits?: number;
  faults?: FaultOptions;
  /** @default '/api/v1' */
  pathPrefix?: string;
  /** Larger request bodies get 413. @default 10 MiB */
  maxBodyBytes?: number;
  /** Called for every request as it arrives (tests use it to check headers). */
  onRequest?: (request: { method: string; path: string; headers: IncomingHttpHeaders }) => void;
}

export interface EmulatorStats {
  documents: number;
  /** Responses sent, by HTTP status; connections dropped by `dropAfterAccept` count under `dropped`. */
  requests: Record<string, number>;
  credits: number | null;
}

export interface RunningEmulator {
  /** Base URL to give the client, e.g. `http://127.0.0.1:41234` (the path prefix is not included). */
  url: string;
  port: number;
  store: DocumentStore;
  /** Replaces the fault configuration (and restarts its counters and random sequence). */
  setFaults(faults: FaultOptions): void;
  stats(): EmulatorStats;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Starts a local Synap-compatible HTTP server (shared/synap-api.md) for tests, demos and dry runs. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(maxBodyBytes > 0)) throw new EmulatorConfigError('maxBodyBytes must be > 0');
  if (options.credits !== undefined && !(options.credits >= 0)) throw new EmulatorConfigError('credits must be >= 0');
  let faults = new FaultInjector(options.faults);
  const store = new DocumentStore(options);
  const api = new MemoryApi(store, { b2b: options.b2b ?? false, credits: options.credits });
  const prefix = (options.pathPrefix ?? DEFAULT_PATH_PREFIX).replace(/\/+$/, '');
  const requests: Record<string, number> = {};
  let closing = false;

  const stats = (): EmulatorStats => ({ documents: store.count(), requests: { ...requests }, credits: api.credits ?? null });
  const respond = (res: ServerResponse, reply: Pick<ApiReply, 'status' | 'body'>, headers?: Record<string, string>): void => {
    requests[reply.status] = (requests[reply.status] ?? 0) + 1;
    sendJson(res, reply.status, reply.body, headers);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    options.onRequest?.({ method: req.method ?? 'GET', path, headers: req.headers });
    if (path === API_PATHS.health) return respond(res, { status: 200, body: { status: 'ok' } });
    if (path === '/_emulator/stats') return respond(res, { status: 200, body: stats() });
    const route = matchRoute(req.method ?? 'GET', path, prefix);
    if (route.kind === 'not_found') return respond(res, { status: 404, body: { detail: 'Not Found' } });
    if (route.kind === 'method_not_allowed') return respond(res, { status: 405, body: { detail: 'Method Not Allowed' } });

    // The body is read before any answer so that an early 401/429/5xx does not reset a client still sending.
    const body = route.name === 'status' ? undefined : await readBody(req, maxBodyBytes);
    const active = faults;
    if (active.latencyMs > 0) await delay(active.latencyMs);
    if (closing) return void req.socket.destroy();
    if (!authorized(req.headers.authorization, options.apiKey)) {
      return respond(res, { status: 401, body: { detail: 'Invalid or missing API key' } });
    }
    const limited = active.rateLimit();
    if (limited) {
      const headers = limited.retryAfterSeconds === null ? undefined : { 'retry-after': String(limited.retryAfterSeconds) };
      return respond(res, { status: 429, body: { detail: 'Rate limit exceeded' } }, headers);
    }
    const failure = active.serverError();
    if (failure !== undefined) return respond(res, { status: failure, body: { detail: 'emulated server error' } });

    let reply: ApiReply;
    if (route.name === 'status') reply = api.status(route.id);
    else if (body && !body.ok) {
      reply = { status: 413, body: { detail: `request body exceeds ${maxBodyBytes} bytes` }, accepted: false };
    } else {
      const json = parseJson(body?.text ?? '');
      if (!json.ok) reply = { status: 422, body: { detail: `invalid JSON body: ${json.message}` }, accepted: false };
      else reply = route.name === 'batch' ? api.batch(json.value) : api.create(json.value);
    }
    if (reply.accepted && active.dropAfterAccept()) {
      requests.dropped = (requests.dropped ?? 0) + 1;
      req.socket.destroy();
      return;
    }
    respond(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.destroyed || res.writableEnded) return; // the client went away mid-request
      respond(res, { status: 500, body: { detail: `emulator error: ${error instanceof Error ? error.message : String(error)}` } });
    });
  });
  try {
    await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store,
    setFaults(next: FaultOptions) {
      faults = new FaultInjector(next);
    },
    stats,
    async close() {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      store.close();
    },
  };
}

function authorized(header: string | undefined, apiKey: string | undefined): boolean {
  if (apiKey === undefined) return true;
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
