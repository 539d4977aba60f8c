import { API_PATHS } from '@synap-etl/synap-client';

export type Route =
  | { kind: 'memory'; name: 'batch' | 'create' }
  | { kind: 'memory'; name: 'status'; id: string }
  | { kind: 'not_found' }
  | { kind: 'method_not_allowed' };

const STATUS_PREFIX = API_PATHS.status('');

/** Maps a request to one of the memory endpoints under `prefix`. */
export function matchRoute(method: string, path: string, prefix: string): Route {
  if (!path.startsWith(`${prefix}/`)) return { kind: 'not_found' };
  const rest = path.slice(prefix.length);
  if (rest === API_PATHS.batch || rest === API_PATHS.create) {
    if (method !== 'POST') return { kind: 'method_not_allowed' };
    return { kind: 'memory', name: rest === API_PATHS.batch ? 'batch' : 'create' };
  }
  if (rest.startsWith(STATUS_PREFIX) && rest.length > STATUS_PREFIX.length && !rest.slice(STATUS_PREFIX.length).includes('/')) {
    if (method !== 'GET') return { kind: 'method_not_allowed' };
    const id = safeDecode(rest.slice(STATUS_PREFIX.length));
    return id === undefined ? { kind: 'not_found' } : { kind: 'memory', name: 'status', id };
  }
  return { kind: 'not_found' };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
