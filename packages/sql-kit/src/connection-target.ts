import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, errorMessage } from '@synap-etl/core';
import type { SqlSourceConfig } from './config-schema.js';

export type TlsOptions = false | { rejectUnauthorized: boolean; ca?: string };

/** Where a SQL source connects, resolved from either config form. Drivers get `url` plus field overrides. */
export interface ConnectionTarget {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** Undefined: leave TLS to the URL. */
  tls?: TlsOptions;
}

const ENDPOINT_FIELDS = ['host', 'port', 'user', 'password', 'database'] as const;
export type Endpoint = Pick<ConnectionTarget, (typeof ENDPOINT_FIELDS)[number]>;

/** Host, port, user, password and database, only those set: an unset field must not override a URL's. */
export function endpointFields(from: Endpoint): Endpoint {
  const fields: Record<string, unknown> = {};
  for (const name of ENDPOINT_FIELDS) if (from[name] !== undefined) fields[name] = from[name];
  return fields as Endpoint;
}

export function resolveConnectionTarget(config: SqlSourceConfig, baseDir: string): ConnectionTarget {
  const connection = config.connection;
  if (typeof connection === 'string') return { url: connection };
  const target: ConnectionTarget = endpointFields(connection);
  if (connection.url !== undefined) target.url = connection.url;
  if (connection.ssl !== undefined) target.tls = resolveTls(connection.ssl, baseDir);
  return target;
}

function resolveTls(ssl: NonNullable<Exclude<SqlSourceConfig['connection'], string>['ssl']>, baseDir: string): TlsOptions {
  if (typeof ssl === 'boolean') return ssl ? { rejectUnauthorized: true } : false;
  const tls: TlsOptions = { rejectUnauthorized: ssl.reject_unauthorized };
  if (ssl.ca !== undefined) tls.ca = ssl.ca;
  if (ssl.ca_file !== undefined) {
    const path = resolve(baseDir, ssl.ca_file);
    try {
      tls.ca = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `cannot read the CA file ${path}: ${errorMessage(error)}`,
        [{ path: 'source.connection.ssl.ca_file', message: 'file not readable' }],
        { hint: 'give a path relative to the config file, or put the PEM text in `ca`', cause: error },
      );
    }
  }
  return tls;
}

/** The fields a URL carries, read leniently: a URL the WHATWG parser rejects still gets a redacted description. */
function urlParts(url: string): Partial<Record<'host' | 'port' | 'user' | 'password' | 'database', string>> {
  try {
    const parsed = new URL(url);
    return {
      host: decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || undefined,
      port: parsed.port || undefined,
      user: decodeURIComponent(parsed.username) || undefined,
      password: decodeURIComponent(parsed.password) || undefined,
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined,
    };
  } catch {
    return {};
  }
}

/** Secrets to scrub from any text about this connection: the password and the whole URL. */
export function targetSecrets(target: ConnectionTarget): string[] {
  const secrets = [target.password, target.url ? urlParts(target.url).password : undefined];
  return secrets.filter((secret): secret is string => secret !== undefined && secret.length > 0);
}

/** `host:port/database as user "app"`, never the password. */
export function describeTarget(target: ConnectionTarget, defaultPort: number): string {
  const fromUrl = target.url ? urlParts(target.url) : {};
  const host = target.host ?? fromUrl.host ?? 'localhost';
  const port = target.port ?? fromUrl.port ?? defaultPort;
  const database = target.database ?? fromUrl.database;
  const user = target.user ?? fromUrl.user;
  const where = `${host}:${port}${database ? `/${database}` : ''}`;
  return user ? `${where} as user "${user}"` : where;
}
