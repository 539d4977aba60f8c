import { ConfigError } from '@synap-etl/core';
import type { SecretSet } from '@synap-etl/core';
import { redact } from '@synap-etl/core';
import { errorCode, errorHint } from './exit-codes.js';

/** Renders an error for a human: what happened, where (config paths), and what to do next. Secrets redacted. */
export function formatError(error: unknown, secrets?: SecretSet): string {
  const clean = (text: string) => (secrets ? secrets.redact(text) : redact(text));
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  const lines = [`error${code ? ` [${code}]` : ''}: ${clean(message)}`];
  if (error instanceof ConfigError) {
    for (const issue of error.issues) lines.push(`  - ${issue.path}: ${clean(issue.message)}`);
  }
  const hint = errorHint(error);
  if (hint) lines.push(`  hint: ${clean(hint)}`);
  return lines.join('\n');
}
