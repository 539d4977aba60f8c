import { afterEach } from 'vitest';
import { SynapClient } from '@synap-etl/synap-client';
import type { CreateMemoryRequest, SynapClientOptions, SynapError } from '@synap-etl/synap-client';
import { startEmulator } from '../src/index.js';
import type { EmulatorOptions, RunningEmulator } from '../src/index.js';

export const API_KEY = 'sk_test_Zq8vW2k9hidden';
export const INSTANCE_ID = 'inst_0123456789abcdef';

const opened: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  // Clients first: closing a pool waits for its requests, which need the server.
  for (const resource of opened.splice(0).reverse()) await resource.close();
});

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const running = await startEmulator({ apiKey: API_KEY, ...options });
  opened.unshift(running);
  return running;
}

/** A client whose backoff waits are recorded in `waits` instead of slept. */
export function client(
  running: { url: string },
  options: SynapClientOptions = {},
): { client: SynapClient; waits: number[] } {
  const waits: number[] = [];
  const synap = new SynapClient(
    {
      baseUrl: running.url,
      apiKey: API_KEY,
      instanceId: INSTANCE_ID,
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 },
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...options,
    },
    {},
  );
  opened.push(synap);
  return { client: synap, waits };
}

export function docs(count: number, prefix = 'doc'): CreateMemoryRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    document: `User: message ${i}\nAssistant: reply ${i}`,
    document_id: `${prefix}-${i}`,
    document_created_at: '2024-03-01T10:00:00Z',
    mode: 'long-range' as const,
  }));
}

export async function failure(promise: Promise<unknown>): Promise<SynapError> {
  try {
    await promise;
  } catch (error) {
    return error as SynapError;
  }
  throw new Error('expected the call to fail');
}
