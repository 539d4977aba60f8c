import type { SecretSet } from '@synap-etl/core';

const SECRET_KEY = /(pass(word)?|secret|token|api[_-]?key|salt|credential)/i;
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:([^@\s/]+)@/gi;

/**
 * Finds secret values in a config: values of secret-looking keys, and passwords inside connection URLs.
 * Values marked secret in connector schemas are caught by these rules too (passwords, keys, URIs).
 */
export function collectSecrets(value: unknown, secrets: SecretSet, key = ''): void {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key)) secrets.add(value);
    for (const match of value.matchAll(URL_PASSWORD)) {
      secrets.add(match[1]);
      try {
        secrets.add(decodeURIComponent(match[1] ?? ''));
      } catch {
        // not percent-encoded
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, secrets, key);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectSecrets(v, secrets, k);
  }
}
