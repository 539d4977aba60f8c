// A local conversation API for trying the worked example:
//   npx tsx examples/http-source/demo/serve.ts          (127.0.0.1:8080, token "demo-token"; PORT=... to change)
//   npm run etl -- run examples/http-source/pipeline.yaml
import { sampleMessages, startConversationApi } from './conversation-api.js';

const api = await startConversationApi({ records: sampleMessages(30), token: 'demo-token', port: Number(process.env.PORT ?? 8080) });
console.log(`conversation API with 120 messages at ${api.url} (Authorization: Bearer demo-token); Ctrl-C stops it`);
process.once('SIGINT', () => void api.close());
process.once('SIGTERM', () => void api.close());
