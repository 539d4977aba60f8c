import path from 'node:path';
import { SynapSink } from '@synap-etl/core';
import type { Logger, SecretSet, Sink } from '@synap-etl/core';
import { SynapClient } from '@synap-etl/synap-client';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { PipelineConfig } from '../config/pipeline-schema.js';

export interface SynapTarget {
  sink: Sink;
  /** Where documents go, for the log (never includes credentials). */
  description: string;
  close(): Promise<void>;
}

const EMULATOR_KEY = 'emulator-local-key';

/** The real Synap API, or an embedded emulator when `synap.emulator` is set. */
export async function openSynapTarget(
  config: PipelineConfig,
  baseDir: string,
  secrets: SecretSet,
  logger: Logger,
): Promise<SynapTarget> {
  const synap = config.synap;
  const retry = {
    ...(synap.retry?.attempts === undefined ? { attempts: 5 } : { attempts: synap.retry.attempts }),
    ...(synap.retry?.base_delay_ms === undefined ? {} : { baseDelayMs: synap.retry.base_delay_ms }),
    ...(synap.retry?.max_delay_ms === undefined ? {} : { maxDelayMs: synap.retry.max_delay_ms }),
  };
  const connections = Math.max(config.delivery.concurrency, 1);

  if (synap.emulator) {
    const options = typeof synap.emulator === 'object' ? synap.emulator : {};
    const apiKey = options.api_key ?? EMULATOR_KEY;
    const emulator = await startEmulator({
      host: '127.0.0.1',
      port: 0,
      apiKey,
      ...(options.data_dir ? { dataDir: path.resolve(baseDir, options.data_dir) } : {}),
      ...(options.latency_ms ? { faults: { latencyMs: options.latency_ms } } : {}),
    });
    const client = new SynapClient({ baseUrl: emulator.url, apiKey, instanceId: 'inst_0000000000000000', retry, connections });
    logger.info(`delivering to the embedded Synap emulator at ${emulator.url}`);
    return {
      sink: new SynapSink(client),
      description: `embedded emulator (${emulator.url})`,
      close: async () => {
        await client.close();
        await emulator.close();
      },
    };
  }

  const client = new SynapClient({
    ...(synap.base_url ? { baseUrl: synap.base_url } : {}),
    ...(synap.api_key ? { apiKey: synap.api_key } : {}),
    ...(synap.instance_id ? { instanceId: synap.instance_id } : {}),
    ...(synap.client_id ? { clientId: synap.client_id } : {}),
    ...(synap.path_prefix ? { pathPrefix: synap.path_prefix } : {}),
    ...(synap.timeout_ms ? { timeoutMs: synap.timeout_ms } : {}),
    retry,
    connections,
  });
  secrets.add(process.env.SYNAP_API_KEY);
  return { sink: new SynapSink(client), description: client.baseUrl, close: () => client.close() };
}
