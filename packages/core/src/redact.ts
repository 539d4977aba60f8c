const REDACTED = '***';

/** Replaces the password of a connection URL (`postgres://user:secret@host/db`) wherever it appears in text. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s/]+)(@)/gi, `$1${REDACTED}$3`);
}

/** Removes every known secret value and every URL password from a text meant for humans or logs. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = redactUrlCredentials(text);
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A secret registry: values marked secret in config schemas (passwords, API keys) are added as they are parsed. */
export class SecretSet {
  readonly #values = new Set<string>();
  add(value: string | undefined): void {
    if (value && value.length >= 3) this.#values.add(value);
  }
  redact(text: string): string {
    return redact(text, this.#values);
  }
  values(): Iterable<string> {
    return this.#values;
  }
}
