import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { compileRedactor } from './text-redactor.js';
import { normalizeWhitespace, truncateText } from './text-normalize.js';
import type { TransformsConfig } from './config-schema.js';

export type DocumentTransform = (request: CreateMemoryRequest) => CreateMemoryRequest;

/**
 * The text transforms applied to each mapped request, or undefined when none is configured: redaction of the
 * document (every string in it, when it is a JSON object) and of string metadata values, then whitespace
 * normalisation and truncation of a string document, truncation last so the size limit holds on what is sent.
 * Requests are copied, never mutated.
 */
export function buildDocumentTransform(config: TransformsConfig): DocumentTransform | undefined {
  const redact = config.redact ? compileRedactor(config.redact) : undefined;
  const redactMetadata = redact !== undefined && config.redact?.metadata !== false;
  const normalize = config.normalize_whitespace === true;
  const truncate = config.truncate;
  if (!redact && !normalize && !truncate) return undefined;

  return (request) => {
    let document = request.document;
    if (typeof document === 'string') {
      if (redact) document = redact(document);
      if (normalize) document = normalizeWhitespace(document);
      if (truncate) document = truncateText(document, truncate.max_chars, truncate.marker);
    } else if (redact) {
      document = mapStrings(document, redact) as Record<string, unknown>;
    }
    const out: CreateMemoryRequest = { ...request, document };
    if (redactMetadata && request.metadata) out.metadata = mapStrings(request.metadata, redact) as Record<string, unknown>;
    return out;
  };
}

function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}
