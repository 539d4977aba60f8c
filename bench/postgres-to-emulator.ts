// Benchmark: N rows of the seed's conversations table in PostgreSQL, read by the postgres source, mapped by
// the seed's mapping, delivered in batches of 100 through SynapClient to a Synap emulator (core's runner).
// Prints rows, seconds, documents/s, peak RSS, and RSS at 10/50/100% of the rows read, to show that memory
// does not grow with the row count.
//   node --import tsx bench/postgres-to-emulator.ts [rows]           (default 1000000; PG_URL as in the tests)
//   ... --in-process-emulator   run the emulator in this process. It keeps an index entry per accepted
//                               document (about 120 B), so its own memory grows with the rows and blurs
//                               the figure; by default it runs in a child process and is reported apart.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { postgresDialect, postgresSource } from '@synap-etl/connector-postgres';
import { SynapSink, compileMapping, runPipeline, silentLogger } from '@synap-etl/core';
import type { MappingConfig, ReadOptions, Source, SourceItem } from '@synap-etl/core';
import { SynapClient } from '@synap-etl/synap-client';
import { startEmulator } from '@synap-etl/synap-emulator';

const API_KEY = 'bench-key';
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const MAPPING = {
  document: 'User: {{ user_text }}\nAssistant: {{ assistant_text }}',
  document_type: 'ai-chat-conversation',
  document_id: 'backfill:{{ conversation_id }}:{{ message_index }}',
  document_created_at: '{{ created_at }}',
  user_id: '{{ user_id }}',
  customer_id: '{{ customer_id }}',
  mode: 'long-range',
  metadata: { conversation_id: '{{ conversation_id }}', source: 'backfill' },
} as unknown as MappingConfig;

const mib = (bytes: number) => bytes / 1024 / 1024;

function processRssMiB(pid: number): number | undefined {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : undefined;
}

/** `--emulator-child` mode: serve until killed, announce the URL on stdout. */
async function serveEmulator(): Promise<void> {
  const emulator = await startEmulator({ apiKey: API_KEY });
  console.log(`EMULATOR ${emulator.url}`);
}

async function startChildEmulator(): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--emulator-child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /EMULATOR (\S+)/.exec(buffered);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error('the emulator child process exited before announcing its URL')));
  });
  return { url, child };
}

interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function createDatabase(): Promise<BenchDatabase> {
  const name = `etl_bench_pg_${randomBytes(4).toString('hex')}`;
  const server = postgresDialect.createKnex({ url: PG_URL }, { connectTimeoutMs: 5000, log: () => {} });
  await server.raw(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await server.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.destroy();
    },
  };
}

async function fill(database: BenchDatabase, rows: number): Promise<void> {
  const db = postgresDialect.createKnex({ url: database.url }, { connectTimeoutMs: 5000, log: () => {} });
  const started = performance.now();
  try {
    // The seed's table; three rows share each created_at so the cursor's id column does real work.
    await db.raw(`
      CREATE TABLE conversations (
        id bigint PRIMARY KEY, conversation_id uuid NOT NULL, message_index int NOT NULL,
        user_id text NOT NULL, customer_id text NOT NULL, user_text text NOT NULL, assistant_text text NOT NULL,
        created_at timestamptz NOT NULL)`);
    await db.raw(
      `INSERT INTO conversations
       SELECT g, md5((g / 6)::text)::uuid, g % 6, 'u_' || (g % 997), 'cust_' || (g % 13),
              'I would like option ' || g || ', please, no extras 🙂',
              'Sure: option ' || g || ' is noted. Anything else for today.',
              timestamptz '2024-01-01 00:00:00.000001Z' + (g / 3) * interval '1.000001 second'
       FROM generate_series(1, ?::int) g`,
      [rows],
    );
    await db.raw('CREATE INDEX conversations_created_at_id ON conversations (created_at, id)');
    await db.raw('ANALYZE conversations');
  } finally {
    await db.destroy();
  }
  console.log(`filled ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Counts items as the runner pulls them and notes this process's RSS at 10%, 50% and 100% of `rows`. */
function measuredSource(source: Source, rows: number, marks: Map<number, number>): Source {
  const thresholds = [0.1, 0.5, 1].map((fraction) => Math.max(1, Math.round(rows * fraction)));
  return {
    open: () => source.open(),
    close: () => source.close(),
    async *read(options?: ReadOptions): AsyncIterable<SourceItem> {
      let pulled = 0;
      for await (const item of source.read(options)) {
        pulled += 1;
        if (thresholds.includes(pulled)) marks.set(pulled, mib(process.memoryUsage().rss));
        yield item;
      }
    },
  };
}

async function main(): Promise<void> {
  const rows = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
  const inProcess = process.argv.includes('--in-process-emulator');
  const database = await createDatabase();
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  let child: Awaited<ReturnType<typeof startChildEmulator>> | undefined;
  const marks = new Map<number, number>();
  try {
    await fill(database, rows);
    if (inProcess) emulator = await startEmulator({ apiKey: API_KEY });
    else child = await startChildEmulator();
    const baseUrl = emulator?.url ?? (child?.url as string);
    const config = postgresSource.configSchema.parse({
      connection: database.url,
      table: 'conversations',
      cursor: ['created_at', 'id'],
      page_size: 2000,
    });
    const source = measuredSource(postgresSource.create(config, { baseDir: process.cwd(), logger: silentLogger }), rows, marks);
    const client = new SynapClient({ baseUrl, apiKey: API_KEY, instanceId: 'inst_0123456789abcdef' });
    const mapper = compileMapping(MAPPING, { pipeline: 'bench-postgres' });

    let peak = mib(process.memoryUsage().rss);
    const sampler = setInterval(() => (peak = Math.max(peak, mib(process.memoryUsage().rss))), 250);
    const started = performance.now();
    await source.open();
    let summary;
    try {
      summary = await runPipeline({ source, mapper, sink: new SynapSink(client), batch: { size: 100, maxBytes: 4 * 1024 * 1024 }, concurrency: 4 });
    } finally {
      await source.close();
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, mib(process.memoryUsage().rss));
    if (summary.status !== 'completed' || summary.counts.read !== rows || summary.counts.delivered !== rows) {
      throw new Error(`run ${summary.status}: ${JSON.stringify(summary.counts)} for ${rows} rows`, { cause: summary.error });
    }
    const at = (fraction: number) => marks.get(Math.max(1, Math.round(rows * fraction)))?.toFixed(0) ?? '?';
    console.log('rows\tseconds\tdocs/s\tpeak RSS MiB\tRSS at 10% / 50% / 100% of rows (MiB)');
    console.log(`${rows}\t${seconds.toFixed(1)}\t${Math.round(rows / seconds)}\t${peak.toFixed(0)}\t${at(0.1)} / ${at(0.5)} / ${at(1)}`);
    if (child?.child.pid !== undefined) {
      console.log(`(emulator in a child process: ${processRssMiB(child.child.pid)?.toFixed(0)} MiB RSS holding ${rows} documents)`);
    }
  } finally {
    await emulator?.close();
    if (child) {
      child.child.kill('SIGTERM');
      await once(child.child, 'exit');
    }
    await database.drop();
  }
}

if (process.argv.includes('--emulator-child')) await serveEmulator();
else await main();
