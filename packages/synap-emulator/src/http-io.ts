import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyRead = { ok: true; text: string } | { ok: false; tooLarge: true; bytes: number };

/**
 * Reads a request body up to `limitBytes`. A larger body is drained and discarded (not buffered), so the
 * client finishes sending and can read the 413 instead of seeing a reset connection.
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    let tooLarge = Number.isFinite(declared) && declared > limitBytes;
    let bytes = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limitBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else chunks.length = 0;
    });
    let ended = false;
    request.on('close', () => {
      if (!ended) reject(new Error('the client disconnected before sending the whole body'));
    });
    request.on('end', () => {
      ended = true;
      resolve(tooLarge ? { ok: false, tooLarge: true, bytes } : { ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    request.on('error', reject);
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed || response.writableEnded) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** Parses JSON, or undefined with the parser's message. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
