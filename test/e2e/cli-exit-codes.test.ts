import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';
import { runCli, withTempDir } from '../helpers/cli.js';

const CSV = [
  'id,user_text,assistant_text,created_at,user_id',
  '1,Hi,Hello,2024-03-01T10:00:00Z,u1',
  '2,"Quote ""me""","Line one\nline two",2024-03-01 11:00:00,u2',
  '3,I like tea,Noted,1709290800,u3',
  '4,,Empty user text,2024-03-01T13:00:00Z,u4',
].join('\n');

const MAPPING = `
mapping:
  document: "User: {{ user_text }}\\nAssistant: {{ assistant_text }}"
  document_id: "t:{{ id }}"
  document_created_at: "{{ created_at }}"
  user_id: "{{ user_id }}"
`;

async function writeConfig(dir: string, body: string): Promise<string> {
  await writeFile(path.join(dir, 'turns.csv'), CSV);
  const file = path.join(dir, 'pipeline.yaml');
  await writeFile(file, body);
  return file;
}

describe('etl validate', () => {
  it('passes a good pipeline and sends nothing', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(
        dir,
        `pipeline: ok\nsource: { type: file, path: turns.csv }\n${MAPPING}  timezone: Europe/Berlin\nsynap: { emulator: true }\nstate: { type: memory }\n`,
      );
      const result = await runCli(['validate', config]);
      expect(result.stdout).toContain('source: connected');
      expect(result.stdout).toContain('mapping: 4 of the first 4 items mapped without error');
      expect(result.stdout).toContain('valid: nothing was sent');
      expect(result.code).toBe(0);
    });
  });

  it('catches a bad mapping with a message naming the record, its position and the field', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(
        dir,
        `pipeline: bad\nsource: { type: file, path: turns.csv }\n${MAPPING.replace('{{ assistant_text }}', '{{ assistant_txt }}')}\nsynap: { emulator: true }\n`,
      );
      const result = await runCli(['validate', config, '-n', '2']);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/error: record turns\.csv:1 at position \{"file":"turns\.csv","record":1[^}]*\}: document: .*undefined variable: assistant_txt/);
      expect(result.stdout).toContain('(record fields: id, user_text, assistant_text, created_at, user_id)');
      expect(result.stdout).toContain('nothing was sent');
    });
  });

  it('refuses naive timestamps without a configured timezone, naming the field', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(dir, `pipeline: naive\nsource: { type: file, path: turns.csv }\n${MAPPING}\nsynap: { emulator: true }\n`);
      const result = await runCli(['validate', config]);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/record turns\.csv:2 .*document_created_at: .*mapping\.timezone/);
    });
  });

  it('warns when document_created_at is not mapped', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(
        dir,
        `pipeline: nodate\nsource: { type: file, path: turns.csv }\nmapping:\n  document: "{{ user_text }} {{ assistant_text }}"\nsynap: { emulator: true }\n`,
      );
      const result = await runCli(['validate', config]);
      expect(result.stdout).toMatch(/warning: mapping\.document_created_at: .*today/);
    });
  });

  it('reports every schema problem at once, with its path (exit 2)', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(
        dir,
        'pipeline: "bad name!"\nsource: { type: file, path: turns.csv, delimitr: ";" }\nmapping:\n  document: x\nbatch: { size: 500 }\n',
      );
      const result = await runCli(['validate', config]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('3 problems in the config');
      expect(result.stderr).toContain('- pipeline:');
      expect(result.stderr).toContain('- batch.size: Too big');
      expect(result.stderr).toMatch(/- source\.delimitr: unknown option.*`csv\.delimiter`/);
    });
  });

  it('fails fast on an unreachable database with the host named and the password redacted (exit 4)', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(
        dir,
        `pipeline: pg\nsource:\n  type: postgres\n  connection: postgres://app:Sup3rSecretPw@127.0.0.1:1/chat\n  table: conversations\n  cursor: [id]\n${MAPPING}\nsynap: { emulator: true }\n`,
      );
      const started = Date.now();
      const result = await runCli(['validate', config]);
      expect(result.code).toBe(4);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.stderr).toContain('127.0.0.1:1');
      expect(result.stdout + result.stderr).not.toContain('Sup3rSecretPw');
    });
  });
});

describe('etl run exit codes', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, apiKey: 'sk_test_right_key_123' });
  });
  afterAll(async () => {
    await emulator.close();
  });

  const target = (key: string) => `synap:\n  base_url: ${emulator.url}\n  api_key: ${key}\n  retry: { attempts: 2, base_delay_ms: 10 }\nstate: { type: memory }\n`;

  it('exits 3 when the run finished with rejected records, and names them', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(dir, `pipeline: partial\nsource: { type: file, path: turns.csv }\n${MAPPING}\n${target('sk_test_right_key_123')}`);
      const result = await runCli(['run', config, '--json']);
      expect(result.code).toBe(3);
      const summary = JSON.parse(result.stdout) as { counts: Record<string, number> };
      // Row 2 is a naive timestamp without a timezone: rejected; the others are delivered.
      expect(summary.counts).toEqual({ read: 4, delivered: 3, already_present: 0, rejected: 1, filtered: 0, failed: 0 });
      expect(result.stderr).toContain('etl failures');
    });
  });

  it('exits 4 with a helpful message and no key in the output when Synap refuses the API key', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(dir, `pipeline: badkey\nsource: { type: file, path: turns.csv }\n${MAPPING}\n  timezone: UTC\n${target('sk_test_WRONG_key_456')}`);
      const result = await runCli(['run', config]);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('SYNAP_AUTH');
      expect(result.stdout + result.stderr).not.toContain('sk_test_WRONG_key_456');
    });
  });

  it('exits 0 when everything was delivered, and 2 for a missing config or an unknown source type', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(dir, `pipeline: fine\nsource: { type: file, path: turns.csv }\n${MAPPING}  timezone: UTC\n${target('sk_test_right_key_123')}`);
      expect((await runCli(['run', config])).code).toBe(0);
      const missing = await runCli(['run', path.join(dir, 'nope.yaml')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('CONFIG_NOT_FOUND');
      const unknownType = await writeConfig(dir, `pipeline: x\nsource: { type: sqlserver }\nmapping: { document: x }\n`);
      const unknown = await runCli(['run', unknownType]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown source type 'sqlserver'/);
    });
  });

  it('exits 2 for an unset environment variable, naming it and where it is used', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(dir, `pipeline: env\nsource:\n  type: file\n  path: \${TURNS_FILE}\n${MAPPING}\nsynap: { emulator: true }\n`);
      const result = await runCli(['run', config], { TURNS_FILE: '' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('TURNS_FILE');
      expect(result.stderr).toContain('source.path');
    });
  });
});

describe('etl run against an unreachable Synap', () => {
  it('says why the records failed, not only that they did (exit 3 for a small source)', async () => {
    await withTempDir(async (dir) => {
      const config = await writeConfig(
        dir,
        `pipeline: down\nsource: { type: file, path: turns.csv }\n${MAPPING}  timezone: UTC\nsynap:\n  base_url: http://127.0.0.1:9\n  api_key: sk_test_unreachable_1\n  retry: { attempts: 2, base_delay_ms: 1, max_delay_ms: 2 }\nstate: { type: memory }\n`,
      );
      const result = await runCli(['run', config, '--json']);
      expect(result.code).toBe(3);
      expect((JSON.parse(result.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ read: 4, failed: 4 });
      expect(result.stderr).toMatch(/delivery failed after retries: .*(ECONNREFUSED|unavailable|connect)/i);
      expect(result.stdout + result.stderr).not.toContain('sk_test_unreachable_1');
    });
  });
});

describe('etl run --limit', () => {
  it('reads at most N records, and the next run continues from there', async () => {
    const emulator = await startEmulator({ port: 0, apiKey: 'sk_test_limit_key_1' });
    try {
      await withTempDir(async (dir) => {
        const config = await writeConfig(
          dir,
          `pipeline: limited\nsource: { type: file, path: turns.csv }\n${MAPPING}  timezone: UTC\nsynap:\n  base_url: ${emulator.url}\n  api_key: sk_test_limit_key_1\n`,
        );
        const first = await runCli(['run', config, '--limit', '3', '--json']);
        expect(first.code).toBe(0);
        expect((JSON.parse(first.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ read: 3, delivered: 3 });
        const second = await runCli(['run', config, '--json']);
        expect((JSON.parse(second.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ read: 1, delivered: 1 });
        expect(emulator.store.count()).toBe(4);
        expect((await runCli(['run', config, '--limit', '0'])).code).toBe(2);
      });
    } finally {
      await emulator.close();
    }
  });
});
