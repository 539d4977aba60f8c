import { parseRetryAfter } from './backoff.js';
import { SynapAuthError, SynapCreditsError, SynapRequestError, scrubSecret } from './errors.js';
import type { SynapError } from './errors.js';
import type { HttpResponse } from './http-transport.js';

/** What one HTTP response means for the call that sent it (shared/synap-api.md, "Errors"). */
export type Verdict =
  | { kind: 'success' }
  /** 409: the document_id is already stored. Only single create treats it as an outcome. */
  | { kind: 'conflict'; detail: unknown }
  | { kind: 'retry'; reason: string; retryAfterMs?: number; rateLimited: boolean }
  | { kind: 'fail'; error: SynapError };

export interface VerdictContext {
  /** Names the call in messages, e.g. `POST /api/v1/memories/batch`. */
  operation: string;
  apiKey: string;
  correlationIds: readonly string[];
}

const MAX_DETAIL_CHARS = 500;

export function judgeResponse(response: HttpResponse, context: VerdictContext): Verdict {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'success' };
  const detail = detailOf(response.body);
  const text = describeDetail(detail, context.apiKey);
  const common = { status, correlationIds: context.correlationIds };
  const where = `${context.operation} returned ${status}`;

  if (status === 401 || status === 403) {
    return { kind: 'fail', error: new SynapAuthError(`${where}: the API key or instance id was refused (${text})`, common) };
  }
  if (status === 402) return { kind: 'fail', error: creditsError(where, detail, common) };
  if (status === 409) return { kind: 'conflict', detail };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    return { kind: 'retry', reason: `${where} (rate limited)`, rateLimited: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (status === 408 || status >= 500) return { kind: 'retry', reason: `${where}: ${text}`, rateLimited: false };
  return {
    kind: 'fail',
    error: new SynapRequestError(`${where}: ${text}`, scrubDetail(detail, context.apiKey), {
      ...common,
      ...(status === 404 ? { hint: 'check the Synap base URL and path prefix (SYNAP_BASE_URL, pathPrefix), or the id asked for' } : {}),
      ...(status === 413 ? { hint: 'the request body is too large: send fewer or smaller documents per batch' } : {}),
    }),
  };
}

function creditsError(where: string, detail: unknown, common: { status: number; correlationIds: readonly string[] }): SynapCreditsError {
  const record = typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : {};
  const balance = numberOrUndefined(record.balance_credits);
  const minimum = numberOrUndefined(record.minimum_required_credits);
  const balanceText = balance === undefined ? 'unknown balance' : `balance ${balance} credits`;
  const minimumText = minimum === undefined ? '' : `, at least ${minimum} required`;
  return new SynapCreditsError(
    `${where}: insufficient Synap credits (${balanceText}${minimumText})`,
    { ...(balance === undefined ? {} : { balanceCredits: balance }), ...(minimum === undefined ? {} : { minimumRequiredCredits: minimum }) },
    common,
  );
}

/** FastAPI-style `{"detail": ...}`; anything else is kept whole. */
export function detailOf(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'detail' in body) return (body as { detail: unknown }).detail;
  return body;
}

/** A short human text for a detail of any shape, without the API key. */
export function describeDetail(detail: unknown, apiKey: string): string {
  let text: string;
  if (detail === undefined || detail === null) text = 'no detail';
  else if (typeof detail === 'string') text = detail;
  else if (typeof detail === 'object' && typeof (detail as { message?: unknown }).message === 'string') {
    text = (detail as { message: string }).message;
  } else text = JSON.stringify(detail);
  const scrubbed = scrubSecret(text, apiKey);
  return scrubbed.length > MAX_DETAIL_CHARS ? `${scrubbed.slice(0, MAX_DETAIL_CHARS)}...` : scrubbed;
}

function scrubDetail(detail: unknown, apiKey: string): unknown {
  if (detail === undefined) return undefined;
  const json = JSON.stringify(detail);
  if (json === undefined) return undefined;
  const scrubbed = scrubSecret(json, apiKey);
  try {
    return JSON.parse(scrubbed) as unknown;
  } catch {
    return scrubbed;
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
