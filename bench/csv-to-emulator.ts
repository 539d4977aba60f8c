// Benchmark: a generated N-row CSV through the real CLI (`etl run`) into a Synap emulator.
// Prints rows, seconds, documents/s and peak RSS of the CLI process for each size, so memory growth is visible.
//   node --import tsx bench/csv-to-emulator.ts [rows ...]      (default: 10000 100000)
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@synap-etl/synap-emulator';
import { measure } from './measure-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const rowsList = sizes.length ? sizes : [10_000, 100_000];

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('conversation_id,message_index,user_id,user_text,assistant_text,created_at\n');
  const base = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; i < rows; i++) {
    const line = `c${Math.floor(i / 6)},${i % 6},u${i % 997},"I'd like option ${i}, please — no ""extras"" 🙂","Sure: option ${i} is noted.\nAnything else?",${new Date(base + i * 1000).toISOString()}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'synap-etl-bench-'));
const emulator = await startEmulator({ port: 0, apiKey: 'bench-key' });
console.log('rows\tseconds\tdocs/s\tpeak RSS MiB\tRSS at 25/50/75/100% of run (MiB)');
try {
  for (const rows of rowsList) {
    const csv = path.join(dir, `turns-${rows}.csv`);
    await writeCsv(csv, rows);
    const config = path.join(dir, `bench-${rows}.yaml`);
    await writeFile(
      config,
      [
        `pipeline: bench-${rows}`,
        `source: { type: file, path: ${path.basename(csv)} }`,
        'mapping:',
        '  document: "User: {{ user_text }}\\nAssistant: {{ assistant_text }}"',
        `  document_id: "bench-${rows}:{{ conversation_id }}:{{ message_index }}"`,
        '  document_created_at: "{{ created_at }}"',
        '  user_id: "{{ user_id }}"',
        '  metadata: { conversation_id: "{{ conversation_id }}", source: backfill }',
        'batch: { size: 100 }',
        'delivery: { concurrency: 4 }',
        `synap: { base_url: "${emulator.url}", api_key: bench-key }`,
        '',
      ].join('\n'),
    );
    const before = emulator.store.count();
    const figures = await measure(process.execPath, [path.join(ROOT, 'packages/cli/bin/etl.js'), 'run', config, '--json', '--log-level', 'warn'], { cwd: ROOT });
    if (figures.code !== 0) throw new Error(`run failed (${figures.code}): ${figures.stderr}`);
    const summary = JSON.parse(figures.stdout) as { counts: { read: number; delivered: number }; elapsedMs: number };
    const stored = emulator.store.count() - before;
    if (summary.counts.read !== rows || summary.counts.delivered !== rows || stored !== rows) {
      throw new Error(`accounting mismatch: read ${summary.counts.read}, delivered ${summary.counts.delivered}, stored ${stored}, expected ${rows}`);
    }
    const at = (q: number) => figures.samples[Math.min(figures.samples.length - 1, Math.floor(q * (figures.samples.length - 1)))]?.toFixed(0);
    const docsPerSecond = Math.round(rows / (summary.elapsedMs / 1000));
    console.log(`${rows}\t${figures.seconds.toFixed(1)}\t${docsPerSecond}\t${figures.peakRssMiB.toFixed(0)}\t${[0.25, 0.5, 0.75, 1].map(at).join(' / ')}`);
  }
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}
