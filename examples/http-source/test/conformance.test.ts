import { afterAll, beforeAll } from 'vitest';
import { testSource } from '@synap-etl/connector-kit';
import { sampleMessages, startConversationApi } from '../demo/conversation-api.js';
import type { RunningConversationApi } from '../demo/conversation-api.js';
import { createSource } from './helpers.js';

// 44 messages and one record without an id (an invalid record the run goes on after), over pages of 7.
const records = [...sampleMessages(11)];
records.splice(17, 0, { conversation_id: 'no-id', text: 'a record without an id' });
const TOKEN = 'conformance-token';

let api: RunningConversationApi;
let failing: RunningConversationApi;
beforeAll(async () => {
  api = await startConversationApi({ records, token: TOKEN });
  failing = await startConversationApi({ records, token: TOKEN, faults: { failFromOffset: 21 } });
});
afterAll(async () => {
  await api.close();
  await failing.close();
});

const options = (url: string) => ({ url, token: TOKEN, page_size: 7, retries: 0 });

testSource({
  name: 'http-json (example plugin)',
  create: () => createSource(options(api.url)),
  expectedCount: 45,
  resourcesInUse: async () => api.openConnections(),
  createFailing: async () => ({
    // Pages at offsets 0, 7 and 14 answer; the page at 21 gets a 500: 21 items, then SourceReadError.
    source: createSource(options(failing.url)),
    failsAfter: 21,
    recovered: () => createSource(options(api.url)),
  }),
});

testSource({
  name: 'http-json, one record per page',
  create: () => createSource({ ...options(api.url), page_size: 1 }),
  expectedCount: 45,
  resourcesInUse: async () => api.openConnections(),
});
