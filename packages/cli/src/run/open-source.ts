import { SourceConnectError, errorMessage } from '@synap-etl/core';
import type { Logger, SecretSet, Source } from '@synap-etl/core';
import type { LoadedConfig } from '../config/load-config.js';

/** Creates and opens the configured source; connection failures become SOURCE_CONNECT with secrets redacted. */
export async function openSource(loaded: LoadedConfig, logger: Logger, secrets: SecretSet): Promise<Source> {
  const { definition, options } = loaded.source;
  const source = definition.create(options, { baseDir: loaded.baseDir, logger });
  try {
    await source.open();
  } catch (error) {
    await source.close().catch(() => undefined);
    if (error instanceof SourceConnectError) {
      throw new SourceConnectError(secrets.redact(error.message), { cause: error, hint: error.hint ?? 'check the connection settings' });
    }
    throw new SourceConnectError(`${definition.type} source could not open: ${secrets.redact(errorMessage(error))}`, {
      cause: error,
      hint: 'check the source options and that the server or file is reachable',
    });
  }
  return source;
}
