import { SecretSet } from '@synap-etl/core';
import type { Logger } from '@synap-etl/core';
import type { LoadedConfig } from '../config/load-config.js';
import { loadConfig } from '../config/load-config.js';
import type { SourceRegistry } from '../config/source-registry.js';
import { defaultRegistry } from '../builtins.js';
import { createLogger } from '../output/logger.js';
import type { LogFormat } from '../output/logger.js';

export interface GlobalOptions {
  logFormat?: LogFormat;
  logLevel?: string;
}

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  registry: SourceRegistry;
  /** Secrets found so far (config values, env keys); every error printed is redacted with them. */
  secrets: SecretSet;
}

export function defaultIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    registry: defaultRegistry(),
    secrets: new SecretSet(),
  };
}

export async function loadWithLogger(
  configPath: string,
  io: CommandIo,
  options: GlobalOptions,
): Promise<{ loaded: LoadedConfig; logger: Logger }> {
  const loaded = await loadConfig(configPath, io.registry, io.env);
  for (const secret of loaded.secrets.values()) io.secrets.add(secret);
  io.secrets.add(io.env.SYNAP_API_KEY);
  loaded.secrets.add(io.env.SYNAP_API_KEY);
  const logger = makeLogger(options, loaded.secrets);
  return { loaded, logger };
}

export function makeLogger(options: GlobalOptions, secrets = new SecretSet()): Logger {
  const format = options.logFormat ?? 'pretty';
  return createLogger({ format, level: options.logLevel ?? 'info', secrets });
}
