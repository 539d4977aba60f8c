import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger, SecretSet } from '@synap-etl/core';

export type LogFormat = 'pretty' | 'json';

/** A pino logger on stderr whose messages and string fields pass through the secret redactor. */
export function createLogger(options: { format: LogFormat; level: string; secrets: SecretSet }): Logger {
  const destination =
    options.format === 'pretty'
      ? pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' })
      : pino.destination({ dest: 2, sync: true });
  const base = pino({ level: options.level, base: undefined }, destination);
  const clean = (fields?: Record<string, unknown>) => (fields ? (redactFields(fields, options.secrets) as object) : {});
  return {
    debug: (msg, fields) => base.debug(clean(fields), options.secrets.redact(msg)),
    info: (msg, fields) => base.info(clean(fields), options.secrets.redact(msg)),
    warn: (msg, fields) => base.warn(clean(fields), options.secrets.redact(msg)),
    error: (msg, fields) => base.error(clean(fields), options.secrets.redact(msg)),
  };
}

function redactFields(value: unknown, secrets: SecretSet): unknown {
  if (typeof value === 'string') return secrets.redact(value);
  if (Array.isArray(value)) return value.map((v) => redactFields(v, secrets));
  if (value instanceof Error) return secrets.redact(value.message);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactFields(v, secrets)]));
  }
  return value;
}
