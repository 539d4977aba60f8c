import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli, withTempDir } from '../helpers/cli.js';

/** The bundled quickstart, run as a user runs it: a real process on a copy of config/ (so state stays in the copy). */
describe('quickstart (config/quickstart.yaml)', () => {
  it('delivers every bundled turn once, resumes to nothing, and re-sends as already present', async () => {
    await withTempDir(async (dir) => {
      await cp(path.join(REPO_ROOT, 'config/quickstart.yaml'), path.join(dir, 'config/quickstart.yaml'));
      await cp(path.join(REPO_ROOT, 'config/data/quickstart-conversations.csv'), path.join(dir, 'config/data/quickstart-conversations.csv'));
      const config = path.join(dir, 'config/quickstart.yaml');

      const first = await spawnCli(['run', config, '--json']);
      expect(first.code, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout) as { counts: Record<string, number>; status: string };
      expect(summary.status).toBe('completed');
      expect(summary.counts).toEqual({ read: 300, delivered: 300, already_present: 0, rejected: 0, filtered: 0, failed: 0 });

      // The embedded emulator journals accepted documents in the configured data_dir.
      const journal = await readFile(path.join(dir, '.emulator-data/quickstart/journal.jsonl'), 'utf8');
      const ids = journal
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { doc?: { document_id: string } })
        .flatMap((entry) => (entry.doc ? [entry.doc.document_id] : []));
      expect(ids).toHaveLength(300);
      expect(new Set(ids).size).toBe(300);
      expect(ids[0]).toMatch(/^backfill:[0-9a-f-]{36}:0$/);

      const second = await spawnCli(['run', config, '--json']);
      expect(second.code, second.stderr).toBe(0);
      expect((JSON.parse(second.stdout) as { counts: { read: number } }).counts.read).toBe(0);
      expect(second.stderr).toContain('resuming from checkpoint');

      const again = await spawnCli(['run', config, '--from-scratch', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ read: 300, delivered: 0, already_present: 300 });
    });
  });

  it('prints a human summary and periodic progress lines when not on a terminal', async () => {
    await withTempDir(async (dir) => {
      await cp(path.join(REPO_ROOT, 'config'), path.join(dir, 'config'), {
        recursive: true,
        filter: (src) => !src.includes('.etl-state'),
      });
      const result = await spawnCli(['run', path.join(dir, 'config/quickstart.yaml'), '--no-state']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/quickstart \(run [0-9a-f-]+\): completed/);
      for (const label of ['read', 'delivered', 'already present', 'rejected', 'filtered', 'failed', 'elapsed', 'documents/s']) {
        expect(result.stdout).toContain(label);
      }
      expect(result.stderr).toMatch(/backfilled \d+ of ~\d+ records/);
    });
  });
});
